// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Training lessons: the model of one lesson file (resources/lessons/NN-slug.yaml, format in
// resources/lessons/README.md) and its loader. Lessons are data read at run time, so a trainer
// edits or adds them without rebuilding. Pure (Qt Core only for file access); any thread.

#include "util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace studio::training {

// A text in both languages of the app. Both are required in a lesson file.
struct Text
{
    std::string ja;
    std::string en;
    // The text for a language code ("ja"; anything else: English).
    const std::string &in(std::string_view language) const { return language == "ja" ? ja : en; }
    bool empty() const { return ja.empty() && en.empty(); }
};

// The app's own view a step shows.
enum class Diagram { None, Topology, TrafficPath, Discovery, Rules };
const char *diagramName(Diagram d);

struct Step
{
    Text text;
    Diagram diagram = Diagram::None;
    std::string service; // "namespace/name" the diagram follows
    std::string from;    // traffic path: the client ("pod/NAME.NS", "node/NAME", an address)
    std::string to;      // traffic path: the destination ("NAME.NS:PORT", "IP:PORT")
    std::string mode;    // traffic path / rules: iptables, ipvs, userspace, nftables
};

// Conditions on a Service of the student's manifest. Unset fields are not checked.
struct ServiceCondition
{
    std::string name; // empty: the first Service of the manifest
    std::vector<std::pair<std::string, std::string>> selector; // each must be in the selector
    bool noSelector = false;                                   // the selector must be absent
    // A port with every given field (0 / empty: any).
    struct Port
    {
        int port = 0;
        std::string targetPort; // number or name
        int nodePort = 0;
        std::string name;
        std::string protocol;
    };
    std::vector<Port> ports; // each must be matched by some port of the Service
    int portCount = 0;       // 0: any
    std::string type;        // effective type (unset means ClusterIP)
    std::string sessionAffinity;
    int timeoutSeconds = 0; // sessionAffinityConfig.clientIP.timeoutSeconds (after defaulting)
    std::string clusterIP;  // "None" for headless, or an address
    std::string externalName;
    std::vector<std::string> externalIPs; // each must be listed
    std::string loadBalancerIP;
    std::string externalTrafficPolicy;
};

struct EndpointsCondition
{
    std::string service; // "namespace/name"
    enum class Expect { NonEmpty, Empty, Count } expect = Expect::NonEmpty;
    int count = 0; // ready addresses, with Expect::Count
};

struct TraceCondition
{
    std::string from;
    std::string to;
    std::string mode; // empty: iptables
    bool reachable = true;
    std::string pod;        // "namespace/name": the only endpoint the path may reach
    std::string sourceSeen; // the client address the pod must see ("client" = unchanged)
};

struct Task
{
    std::string id;
    Text text;
    Text hint; // shown when a check fails
    int line = 0;
    // What "passed" means: every condition given holds.
    std::vector<ServiceCondition> services;
    std::vector<EndpointsCondition> endpoints;
    std::vector<TraceCondition> traces;
    // A multiple-choice question ("explain why ..."): the options and the right one.
    std::vector<Text> options;
    int answer = -1;
    bool isChoice() const { return !options.empty(); }
};

struct Lesson
{
    std::string id;   // the file name without .yaml
    std::string file; // path read
    Text title;
    Text summary;
    std::string scenario;     // file name in the scenarios directory (or empty)
    std::string scenarioPath; // resolved path (may be a Qt resource ":/scenarios/...")
    std::string scenarioText; // the scenario, read (or inline)
    std::string start;        // the manifest the editor opens with
    std::vector<Step> steps;
    std::vector<Task> tasks;
};

// Parses one lesson file's text. Errors (code "lesson-format", or the YAML reader's) name the
// file and the line. `scenarioDirs` are searched in order for a `scenario:` file name.
Result<Lesson> parseLesson(std::string_view text,
                           const std::string &fileName,
                           const std::vector<std::string> &scenarioDirs = {});

struct LessonSet
{
    std::string directory;
    std::vector<Lesson> lessons; // ordered by file name
    std::vector<Error> errors;   // one per file that could not be loaded
};

// Loads every *.yaml of `directory` (ordered by name). A malformed file is reported in
// `errors` and the others still load. A missing directory gives no lessons and one error.
LessonSet loadLessonDirectory(const std::string &directory,
                              const std::vector<std::string> &scenarioDirs = {});

// Where lessons are read from, first existing directory wins: `option` (the --lessons DIR
// command-line option), $STUDIO_LESSONS_DIR, the installed data directory
// (<prefix>/share/service-studio/lessons next to the executable), the source tree's
// resources/lessons.
std::vector<std::string> lessonSearchPath(const std::string &option = {});
std::string findLessonDirectory(const std::string &option = {});
// Where scenario files named by lessons are looked up for `lessonDir`: its sibling
// scenarios/ directory, the installed or source tree's, and the app's resources.
std::vector<std::string> scenarioSearchPath(const std::string &lessonDir);

} // namespace studio::training
