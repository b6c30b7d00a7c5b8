// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli_support.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace studio::app {

bool takeOption(const std::vector<std::string> &args, size_t &i, const char *name,
                std::string &value)
{
    const std::string &a = args[i];
    const std::string n = name;
    if (a == n) {
        if (i + 1 >= args.size()) {
            value.clear();
            return true; // an empty value: the caller's check reports it
        }
        value = args[++i];
        return true;
    }
    if (a.size() > n.size() + 1 && a.compare(0, n.size(), n) == 0 && a[n.size()] == '=') {
        value = a.substr(n.size() + 1);
        return true;
    }
    return false;
}

bool parsePortRange(const std::string &text, int &lo, int &hi)
{
    const size_t dash = text.find('-');
    if (dash == std::string::npos)
        return false;
    auto num = [](std::string_view s, int &out) {
        auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
    };
    std::string_view t(text);
    if (!num(t.substr(0, dash), lo) || !num(t.substr(dash + 1), hi))
        return false;
    return lo >= 1 && hi <= 65535 && lo <= hi;
}

LoadedManifests loadManifests(const std::vector<std::string> &paths)
{
    LoadedManifests out;
    std::vector<std::string> expanded;
    for (const auto &p : paths) {
        std::error_code ec;
        if (p != "-" && std::filesystem::is_directory(p, ec)) {
            std::vector<std::string> inDir;
            for (const auto &entry : std::filesystem::directory_iterator(p, ec)) {
                const auto ext = entry.path().extension().string();
                if (ext == ".yaml" || ext == ".yml" || ext == ".json")
                    inDir.push_back(entry.path().string());
            }
            std::sort(inDir.begin(), inDir.end());
            expanded.insert(expanded.end(), inDir.begin(), inDir.end());
        } else {
            expanded.push_back(p);
        }
    }
    for (const auto &p : expanded) {
        auto f = loadManifestFile(p);
        if (f)
            out.files.push_back(std::move(*f));
        else {
            Error e = f.error();
            e.file = p;
            out.unreadable.push_back(std::move(e));
        }
    }
    return out;
}

} // namespace studio::app
