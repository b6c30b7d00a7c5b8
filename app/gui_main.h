// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace studio::app {

// Opens the desktop app. Arguments: [--lang ja|en] [FILE...].
int runGui(int argc, char **argv);

} // namespace studio::app
