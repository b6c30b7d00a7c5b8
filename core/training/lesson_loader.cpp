// SPDX-License-Identifier: GPL-3.0-or-later
#include "training/lesson.h"

#include "manifest/yaml_reader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>

namespace studio::training {

const char *diagramName(Diagram d)
{
    switch (d) {
    case Diagram::None:
        return "none";
    case Diagram::Topology:
        return "topology";
    case Diagram::TrafficPath:
        return "traffic-path";
    case Diagram::Discovery:
        return "discovery";
    case Diagram::Rules:
        return "rules";
    }
    return "none";
}

namespace {

// A format error at a node of the file: the trainer sees "file:line:column: what".
struct FormatError
{
    std::string message;
    Mark mark;
};

class Reader
{
public:
    explicit Reader(std::vector<FormatError> &errors)
        : m_errors(errors)
    {}

    void fail(const Node &at, std::string message)
    {
        m_errors.push_back({std::move(message), at.mark()});
    }

    // A map whose keys must all be among `allowed` (a typo is an error, not silently ignored).
    bool
    expectMap(const Node &n, std::string_view what, std::initializer_list<std::string_view> allowed)
    {
        if (!n.isMap()) {
            fail(n, std::string(what) + " must be a map, not " + n.typeName());
            return false;
        }
        for (const Node::Entry &e : n.entries())
            if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
                std::string list;
                for (std::string_view a : allowed)
                    list += (list.empty() ? "" : ", ") + std::string(a);
                m_errors.push_back({"unknown key \"" + e.key + "\" in " + std::string(what)
                                        + " (known: " + list + ")",
                                    e.keyMark});
            }
        return true;
    }

    // map[key] into `out` when the key is there.
    void optionalScalar(const Node &map, const char *key, std::string &out)
    {
        if (const Node *v = map.find(key))
            out = scalar(*v, key);
    }

    std::string scalar(const Node &n, std::string_view what)
    {
        if (!n.isScalar() || n.isNull()) {
            fail(n, std::string(what) + " must be a single value, not " + n.typeName());
            return {};
        }
        return n.text();
    }

    int integer(const Node &n, std::string_view what, int min, int max)
    {
        if (!n.isInt() || n.intValue() < min || n.intValue() > max) {
            fail(n,
                 std::string(what) + " must be a whole number from " + std::to_string(min) + " to "
                     + std::to_string(max));
            return 0;
        }
        return int(n.intValue());
    }

    bool boolean(const Node &n, std::string_view what)
    {
        if (!n.isBool()) {
            fail(n, std::string(what) + " must be true or false");
            return false;
        }
        return n.boolValue();
    }

    // {ja: ..., en: ...}, both required.
    Text text(const Node &n, std::string_view what)
    {
        Text t;
        if (!expectMap(n, what, {"ja", "en"}))
            return t;
        const Node *ja = n.find("ja");
        const Node *en = n.find("en");
        if (!ja || !en) {
            fail(n, std::string(what) + " needs both \"ja\" and \"en\"");
            return t;
        }
        t.ja = scalar(*ja, std::string(what) + ".ja");
        t.en = scalar(*en, std::string(what) + ".en");
        return t;
    }

private:
    std::vector<FormatError> &m_errors;
};

Diagram parseDiagram(Reader &r, const Node &n)
{
    const std::string s = r.scalar(n, "diagram");
    if (s == "none")
        return Diagram::None;
    if (s == "topology")
        return Diagram::Topology;
    if (s == "traffic-path")
        return Diagram::TrafficPath;
    if (s == "discovery")
        return Diagram::Discovery;
    if (s == "rules")
        return Diagram::Rules;
    r.fail(n,
           "diagram must be one of none, topology, traffic-path, discovery, rules; not \"" + s
               + "\"");
    return Diagram::None;
}

bool validMode(const std::string &m)
{
    return m.empty() || m == "iptables" || m == "ipvs" || m == "userspace" || m == "nftables";
}

Step parseStep(Reader &r, const Node &n)
{
    Step s;
    if (!r.expectMap(n, "a step", {"text", "diagram", "service", "from", "to", "mode"}))
        return s;
    if (const Node *t = n.find("text"))
        s.text = r.text(*t, "text");
    else
        r.fail(n, "a step needs a \"text\"");
    if (const Node *d = n.find("diagram"))
        s.diagram = parseDiagram(r, *d);
    r.optionalScalar(n, "service", s.service);
    r.optionalScalar(n, "from", s.from);
    r.optionalScalar(n, "to", s.to);
    if (const Node *v = n.find("mode")) {
        s.mode = r.scalar(*v, "mode");
        if (!validMode(s.mode))
            r.fail(*v, "mode must be iptables, ipvs, userspace or nftables");
    }
    if (s.diagram == Diagram::TrafficPath && (s.from.empty() || s.to.empty()))
        r.fail(n, "a traffic-path step needs \"from\" and \"to\"");
    return s;
}

ServiceCondition parseServiceCondition(Reader &r, const Node &n)
{
    ServiceCondition c;
    if (!r.expectMap(n,
                     "check.service",
                     {"name",
                      "selector",
                      "noSelector",
                      "port",
                      "ports",
                      "portCount",
                      "type",
                      "sessionAffinity",
                      "timeoutSeconds",
                      "clusterIP",
                      "externalName",
                      "externalIPs",
                      "loadBalancerIP",
                      "externalTrafficPolicy"}))
        return c;
    auto str = [&](const char *key, std::string &out) { r.optionalScalar(n, key, out); };
    str("name", c.name);
    str("type", c.type);
    str("sessionAffinity", c.sessionAffinity);
    str("clusterIP", c.clusterIP);
    str("externalName", c.externalName);
    str("loadBalancerIP", c.loadBalancerIP);
    str("externalTrafficPolicy", c.externalTrafficPolicy);
    if (const Node *v = n.find("selector")) {
        if (!v->isMap() || v->size() == 0)
            r.fail(*v, "selector must be a map of labels");
        else
            for (const Node::Entry &e : v->entries())
                c.selector.emplace_back(e.key, r.scalar(e.value, "selector." + e.key));
    }
    if (const Node *v = n.find("noSelector"))
        c.noSelector = r.boolean(*v, "noSelector");
    auto port = [&](const Node &p) {
        ServiceCondition::Port out;
        if (!r.expectMap(p, "a port", {"port", "targetPort", "nodePort", "name", "protocol"}))
            return out;
        if (const Node *x = p.find("port"))
            out.port = r.integer(*x, "port", 1, 65535);
        if (const Node *x = p.find("targetPort"))
            out.targetPort = r.scalar(*x, "targetPort");
        if (const Node *x = p.find("nodePort"))
            out.nodePort = r.integer(*x, "nodePort", 1, 65535);
        if (const Node *x = p.find("name"))
            out.name = r.scalar(*x, "name");
        if (const Node *x = p.find("protocol"))
            out.protocol = r.scalar(*x, "protocol");
        return out;
    };
    if (const Node *v = n.find("port"))
        c.ports.push_back(port(*v));
    if (const Node *v = n.find("ports")) {
        if (!v->isSequence())
            r.fail(*v, "ports must be a list of ports");
        else
            for (const Node &p : v->items())
                c.ports.push_back(port(p));
    }
    if (const Node *v = n.find("portCount"))
        c.portCount = r.integer(*v, "portCount", 1, 100);
    if (const Node *v = n.find("timeoutSeconds"))
        c.timeoutSeconds = r.integer(*v, "timeoutSeconds", 1, 86400);
    if (const Node *v = n.find("externalIPs")) {
        if (!v->isSequence())
            r.fail(*v, "externalIPs must be a list");
        else
            for (const Node &ip : v->items())
                c.externalIPs.push_back(r.scalar(ip, "externalIPs[]"));
    }
    return c;
}

EndpointsCondition parseEndpointsCondition(Reader &r, const Node &n)
{
    EndpointsCondition c;
    if (!r.expectMap(n, "check.endpoints", {"service", "empty", "count"}))
        return c;
    if (const Node *v = n.find("service"))
        c.service = r.scalar(*v, "service");
    if (c.service.find('/') == std::string::npos)
        r.fail(n, "check.endpoints needs \"service: namespace/name\"");
    if (const Node *v = n.find("empty"))
        c.expect = r.boolean(*v, "empty") ? EndpointsCondition::Expect::Empty
                                          : EndpointsCondition::Expect::NonEmpty;
    if (const Node *v = n.find("count")) {
        c.expect = EndpointsCondition::Expect::Count;
        c.count = r.integer(*v, "count", 0, 100000);
    }
    return c;
}

TraceCondition parseTraceCondition(Reader &r, const Node &n)
{
    TraceCondition c;
    if (!r.expectMap(n, "check.trace", {"from", "to", "mode", "reachable", "pod", "sourceSeen"}))
        return c;
    auto str = [&](const char *key, std::string &out) { r.optionalScalar(n, key, out); };
    str("from", c.from);
    str("to", c.to);
    str("mode", c.mode);
    str("pod", c.pod);
    str("sourceSeen", c.sourceSeen);
    if (c.from.empty() || c.to.empty())
        r.fail(n, "check.trace needs \"from\" and \"to\"");
    if (!validMode(c.mode))
        r.fail(n, "mode must be iptables, ipvs, userspace or nftables");
    if (const Node *v = n.find("reachable"))
        c.reachable = r.boolean(*v, "reachable");
    return c;
}

Task parseTask(Reader &r, const Node &n, int index)
{
    Task t;
    t.line = n.mark().line;
    if (!r.expectMap(n, "a task", {"id", "text", "hint", "check", "options", "answer"}))
        return t;
    t.id = std::to_string(index + 1);
    if (const Node *v = n.find("id"))
        t.id = r.scalar(*v, "id");
    if (const Node *v = n.find("text"))
        t.text = r.text(*v, "text");
    else
        r.fail(n, "a task needs a \"text\"");
    if (const Node *v = n.find("hint"))
        t.hint = r.text(*v, "hint");
    else
        r.fail(n, "a task needs a \"hint\" (shown when its check fails)");
    if (const Node *v = n.find("options")) {
        if (!v->isSequence() || v->items().size() < 2)
            r.fail(*v, "options must be a list of at least two answers");
        else
            for (const Node &o : v->items())
                t.options.push_back(r.text(o, "an option"));
    }
    if (const Node *v = n.find("answer"))
        t.answer = r.integer(*v, "answer", 1, 100) - 1; // 1-based in the file
    if (t.isChoice() && (t.answer < 0 || t.answer >= int(t.options.size())))
        r.fail(n,
               "a multiple-choice task needs \"answer\": the number (from 1) of the right option");
    const Node *check = n.find("check");
    if (!check && !t.isChoice())
        r.fail(n, "a task needs a \"check\" (or \"options\" and \"answer\")");
    if (check && r.expectMap(*check, "check", {"service", "endpoints", "trace"})) {
        auto each = [&](const char *key, auto parse) {
            const Node *v = check->find(key);
            if (!v)
                return;
            if (v->isSequence())
                for (const Node &item : v->items())
                    parse(item);
            else
                parse(*v);
        };
        each("service", [&](const Node &x) { t.services.push_back(parseServiceCondition(r, x)); });
        each("endpoints",
             [&](const Node &x) { t.endpoints.push_back(parseEndpointsCondition(r, x)); });
        each("trace", [&](const Node &x) { t.traces.push_back(parseTraceCondition(r, x)); });
        if (check->size() == 0)
            r.fail(*check, "check is empty");
    }
    return t;
}

Result<std::string> readText(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return Error{
            "unreadable", "cannot read " + path + ": " + f.errorString().toStdString(), path};
    if (f.size() > 4 * 1024 * 1024)
        return Error{"file-too-large", path + " is larger than 4 MiB", path};
    const QByteArray data = f.readAll();
    return std::string(data.constData(), size_t(data.size()));
}

std::string stem(const std::string &fileName)
{
    QFileInfo fi(QString::fromStdString(fileName));
    return fi.completeBaseName().toStdString();
}

} // namespace

Result<Lesson> parseLesson(std::string_view text,
                           const std::string &fileName,
                           const std::vector<std::string> &scenarioDirs)
{
    auto docs = parseYaml(text);
    if (!docs) {
        Error e = docs.error();
        e.file = fileName;
        return e;
    }
    if (docs->size() != 1 || !docs->front().root.isMap())
        return Error{"lesson-format",
                     "a lesson file is one YAML document with a map at the top",
                     fileName,
                     docs->empty() ? 1 : std::max(1, docs->front().start.line)};
    const Node &root = docs->front().root;
    std::vector<FormatError> errors;
    Reader r(errors);
    Lesson lesson;
    lesson.file = fileName;
    lesson.id = stem(fileName);
    r.expectMap(root,
                "the lesson",
                {"title", "summary", "scenario", "scenarioText", "start", "steps", "tasks"});
    if (const Node *v = root.find("title"))
        lesson.title = r.text(*v, "title");
    else
        r.fail(root, "a lesson needs a \"title\"");
    if (const Node *v = root.find("summary"))
        lesson.summary = r.text(*v, "summary");
    if (const Node *v = root.find("start"))
        lesson.start = r.scalar(*v, "start");
    if (const Node *v = root.find("scenarioText"))
        lesson.scenarioText = r.scalar(*v, "scenarioText");
    if (const Node *v = root.find("scenario")) {
        lesson.scenario = r.scalar(*v, "scenario");
        bool found = false;
        for (const std::string &dir : scenarioDirs) {
            const std::string path = dir + "/" + lesson.scenario;
            if (!QFileInfo::exists(QString::fromStdString(path)))
                continue;
            auto t = readText(path);
            if (!t) {
                r.fail(*v, t.error().message);
            } else {
                lesson.scenarioPath = path;
                lesson.scenarioText = *t;
            }
            found = true;
            break;
        }
        if (!found)
            r.fail(*v, "scenario \"" + lesson.scenario + "\" is not in the scenarios directory");
    }
    if (const Node *v = root.find("steps"); v && v->isSequence() && !v->items().empty()) {
        for (const Node &s : v->items())
            lesson.steps.push_back(parseStep(r, s));
    } else {
        r.fail(v ? *v : root, "a lesson needs \"steps\": a list of at least one step");
    }
    if (const Node *v = root.find("tasks")) {
        if (!v->isSequence())
            r.fail(*v, "tasks must be a list");
        else
            for (const Node &t : v->items())
                lesson.tasks.push_back(parseTask(r, t, int(lesson.tasks.size())));
    }
    if (!errors.empty()) {
        // The first error, with how many more: the trainer fixes them top down.
        const FormatError &first = errors.front();
        std::string message = first.message;
        if (errors.size() > 1)
            message += " (and " + std::to_string(errors.size() - 1) + " more)";
        return Error{"lesson-format", message, fileName, first.mark.line, first.mark.column};
    }
    return lesson;
}

LessonSet loadLessonDirectory(const std::string &directory,
                              const std::vector<std::string> &scenarioDirs)
{
    LessonSet set;
    set.directory = directory;
    QDir dir(QString::fromStdString(directory));
    if (directory.empty() || !dir.exists()) {
        set.errors.push_back({"no-lessons", "no lesson directory " + directory, directory});
        return set;
    }
    const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        const std::string path = dir.filePath(f).toStdString();
        auto text = readText(path);
        if (!text) {
            set.errors.push_back(text.error());
            continue;
        }
        auto lesson = parseLesson(*text, path, scenarioDirs);
        if (lesson)
            set.lessons.push_back(std::move(lesson).value());
        else
            set.errors.push_back(lesson.error());
    }
    return set;
}

std::vector<std::string> lessonSearchPath(const std::string &option)
{
    std::vector<std::string> path;
    if (!option.empty())
        path.push_back(option);
    if (const char *env = std::getenv("STUDIO_LESSONS_DIR"); env && *env)
        path.push_back(env);
    if (QCoreApplication::instance())
        path.push_back(QDir(QCoreApplication::applicationDirPath())
                           .filePath(QStringLiteral("../share/service-studio/lessons"))
                           .toStdString());
#ifdef STUDIO_SOURCE_LESSONS_DIR
    path.push_back(STUDIO_SOURCE_LESSONS_DIR);
#endif
    return path;
}

std::string findLessonDirectory(const std::string &option)
{
    // An explicit choice that does not exist is reported as such, not replaced silently.
    if (!option.empty())
        return option;
    for (const std::string &d : lessonSearchPath())
        if (QFileInfo(QString::fromStdString(d)).isDir())
            return QDir::cleanPath(QString::fromStdString(d)).toStdString();
    return {};
}

std::vector<std::string> scenarioSearchPath(const std::string &lessonDir)
{
    std::vector<std::string> path;
    if (!lessonDir.empty()) {
        path.push_back(lessonDir + "/scenarios"); // a trainer's own, next to the lessons
        path.push_back(lessonDir + "/../scenarios");
    }
#ifdef STUDIO_SOURCE_SCENARIOS_DIR
    path.push_back(STUDIO_SOURCE_SCENARIOS_DIR);
#endif
    path.push_back(":/scenarios"); // the app's resources
    return path;
}

} // namespace studio::training
