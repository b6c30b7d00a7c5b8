// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli_main.h"

#include "cli/cluster_commands.h"
#include "cli/deploy_command.h"
#include "cli/validate_command.h"

#include <QCoreApplication>

#include <cstring>
#include <iostream>

namespace studio::app {

namespace {

struct Command
{
    const char *name;
    int (*run)(const std::vector<std::string> &);
    const char *summary;
};

const Command kCommands[] = {
    {"validate", runValidate, "validate manifests like kube-apiserver v1.20"},
    {"endpoints", runEndpoints, "print the Endpoints the controller computes, as YAML"},
    {"env", runEnv, "print the service environment variables a pod sees"},
    {"dns", runDns, "print the DNS records of the services"},
    {"plan", runPlan, "print the rules service-agent would program on a node"},
    {"trace", runTrace, "print the path a connection takes, hop by hop"},
    {"deploy-agent", runDeployAgent, "install, upgrade or remove the node agent over SSH"},
};

void printUsage(std::ostream &out)
{
    out << "Usage: service-studio [--lang ja|en] [--lessons DIR]  open the desktop app\n"
           "       service-studio COMMAND [OPTIONS] FILE...\n\nCommands:\n";
    for (const Command &c : kCommands)
        out << "  " << c.name << std::string(14 - std::strlen(c.name), ' ') << c.summary << "\n";
    out << "\nRun 'service-studio COMMAND --help' for a command's options.\n";
}

} // namespace

bool isCliCommand(const std::vector<std::string> &args)
{
    if (args.empty())
        return false;
    const std::string &a = args[0];
    if (a == "--help" || a == "-h" || a == "--version" || a == "help")
        return true;
    for (const Command &c : kCommands)
        if (a == c.name)
            return true;
    // An unknown word that is not an option is a mistyped command, not a GUI argument.
    return !a.empty() && a[0] != '-';
}

int runCli(int argc, char **argv, const std::vector<std::string> &args)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("service-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STUDIO_VERSION));
    const std::string &a = args[0];
    if (a == "--help" || a == "-h" || a == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (a == "--version") {
        std::cout << "service-studio " << STUDIO_VERSION << "\n";
        return 0;
    }
    for (const Command &c : kCommands)
        if (a == c.name)
            return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    std::cerr << "service-studio: unknown command \"" << a << "\"\n\n";
    printUsage(std::cerr);
    return 2;
}

} // namespace studio::app
