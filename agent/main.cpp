// SPDX-License-Identifier: GPL-3.0-or-later
// service-agent: a kube-proxy compatible node agent. Exit status: 0 done (or stopped by
// SIGTERM/SIGINT), 1 could not start or --cleanup failed, 2 bad command line.
#include "agent.h"
#include "agent_options.h"
#include "logger.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace studio::agent;

namespace {
int g_signalPipe[2] = {-1, -1};

void onSignal(int sig)
{
    const char c = char(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &c, 1); // async-signal-safe
}
} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = parseCommandLine(args);
    if (!parsed) {
        std::fprintf(stderr,
                     "service-agent: %s\nRun 'service-agent --help' for usage.\n",
                     parsed.error().message.c_str());
        return 2;
    }
    switch (parsed->action) {
    case ParsedCommandLine::Action::Help:
        std::fputs(usageText().c_str(), stdout);
        return 0;
    case ParsedCommandLine::Action::Version:
        std::printf("%s\n", versionText().c_str());
        return 0;
    default:
        break;
    }
    setLogLevel(parsed->options.logLevel);

    QCoreApplication app(argc, argv);
    if (parsed->action == ParsedCommandLine::Action::Cleanup)
        return runCleanup(parsed->options);

    // SIGTERM/SIGINT end the event loop; the rules stay (the dataplane keeps working while
    // the agent is stopped, and the next agent adopts them).
    if (::pipe(g_signalPipe) != 0) {
        logError("cannot create the signal pipe");
        return 1;
    }
    struct sigaction sa
    {
    };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&]() {
        char c = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[0], &c, 1);
        logInfo(std::string("received ") + (c == SIGINT ? "SIGINT" : "SIGTERM")
                + ", exiting (rules stay in place)");
        app.quit();
    });

    Agent agent(parsed->options);
    if (auto started = agent.start(); !started) {
        logError("cannot start: " + started.error().message);
        return 1;
    }
    return app.exec();
}
