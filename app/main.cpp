// SPDX-License-Identifier: GPL-3.0-or-later
// service-studio: the desktop app (no arguments) and its headless subcommands.

#include "cli/cli_main.h"
#include "gui_main.h"

#include <string>
#include <vector>

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (studio::app::isCliCommand(args))
        return studio::app::runCli(argc, argv, args);
    return studio::app::runGui(argc, argv);
}
