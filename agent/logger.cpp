// SPDX-License-Identifier: GPL-3.0-or-later
#include "logger.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace studio::agent {

namespace {
std::atomic<int> g_level{int(LogLevel::Info)};
std::atomic<LogSink> g_sink{nullptr};
std::mutex g_mutex;

std::string timestamp()
{
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t t = system_clock::to_time_t(now);
    const int millis = int(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  tm.tm_year + 1900,
                  tm.tm_mon + 1,
                  tm.tm_mday,
                  tm.tm_hour,
                  tm.tm_min,
                  tm.tm_sec,
                  millis);
    return buf;
}
} // namespace

bool parseLogLevel(std::string_view text, LogLevel *out)
{
    static constexpr std::pair<std::string_view, LogLevel> names[]
        = {{"error", LogLevel::Error},
           {"warning", LogLevel::Warning},
           {"info", LogLevel::Info},
           {"debug", LogLevel::Debug}};
    for (const auto &[name, level] : names)
        if (text == name) {
            *out = level;
            return true;
        }
    return false;
}

const char *logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Error:
        return "error";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Info:
        return "info";
    case LogLevel::Debug:
        return "debug";
    }
    return "info";
}

void setLogLevel(LogLevel level)
{
    g_level = int(level);
}
LogLevel logLevel()
{
    return LogLevel(g_level.load());
}
bool logEnabled(LogLevel level)
{
    return int(level) <= g_level.load();
}
void setLogSink(LogSink sink)
{
    g_sink = sink;
}

void logLine(LogLevel level, std::string_view message)
{
    if (!logEnabled(level))
        return;
    std::string line = timestamp();
    line += ' ';
    line += logLevelName(level);
    line.append(8 - std::string_view(logLevelName(level)).size(), ' ');
    line += message;
    std::lock_guard lock(g_mutex);
    if (LogSink sink = g_sink.load()) {
        sink(level, line);
        return;
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace studio::agent
