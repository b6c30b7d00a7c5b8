// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The agent's log: one concise English line per event on stderr,
// "2026-12-01T21:50:47.123Z info  sync done: full, 12 rules, ...". Levels as --log-level.
// Thread-safe (one mutex around the write); cheap when the level is off.

#include <string>
#include <string_view>

namespace studio::agent {

enum class LogLevel { Error = 0, Warning = 1, Info = 2, Debug = 3 };

// "error", "warning", "info", "debug"; nothing for anything else.
bool parseLogLevel(std::string_view text, LogLevel *out);
const char *logLevelName(LogLevel level);

void setLogLevel(LogLevel level);
LogLevel logLevel();
bool logEnabled(LogLevel level);
void logLine(LogLevel level, std::string_view message);

inline void logError(std::string_view m)
{
    logLine(LogLevel::Error, m);
}
inline void logWarning(std::string_view m)
{
    logLine(LogLevel::Warning, m);
}
inline void logInfo(std::string_view m)
{
    logLine(LogLevel::Info, m);
}
inline void logDebug(std::string_view m)
{
    logLine(LogLevel::Debug, m);
}

// For tests: lines go to this function instead of stderr (nullptr restores stderr).
using LogSink = void (*)(LogLevel, std::string_view line);
void setLogSink(LogSink sink);

} // namespace studio::agent
