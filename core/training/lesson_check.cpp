// SPDX-License-Identifier: GPL-3.0-or-later
#include "training/lesson_check.h"

#include "trace/path_tracer.h"

#include <set>
#include <variant>

namespace studio::training {

namespace {

std::string scenarioName(const Lesson &lesson)
{
    return lesson.scenario.empty() ? lesson.id + " (scenario)" : lesson.scenario;
}

// Objects without a namespace go to "default", as kubectl does without -n.
void defaultNamespace(KubeObject &object)
{
    std::visit(
        [](auto &o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<
                              T,
                              Service> || std::is_same_v<T, Endpoints> || std::is_same_v<T, Pod>) {
                if (o.metadata.namespace_.empty())
                    o.metadata.namespace_ = "default";
            }
        },
        object);
}

std::string selectorText(const std::optional<Labels> &selector)
{
    if (!selector)
        return "(none)";
    std::string s;
    for (const auto &[k, v] : *selector)
        s += (s.empty() ? "" : ",") + k + "=" + v;
    return s.empty() ? "(empty)" : s;
}

std::string portText(int port,
                     const std::string &targetPort,
                     int nodePort,
                     const std::string &name,
                     const std::string &protocol)
{
    std::string s;
    auto add = [&s](const std::string &part) { s += (s.empty() ? "" : " ") + part; };
    if (!name.empty())
        add("name " + name);
    if (port)
        add("port " + std::to_string(port));
    if (!targetPort.empty())
        add("targetPort " + targetPort);
    if (nodePort)
        add("nodePort " + std::to_string(nodePort));
    if (!protocol.empty())
        add(protocol);
    return s;
}

std::string effectiveTargetPort(const ServicePort &p)
{
    return p.targetPort ? p.targetPort->toString() : std::to_string(p.port);
}

bool portMatches(const ServicePort &p, const ServiceCondition::Port &want)
{
    const std::string protocol = p.protocol.empty() ? "TCP" : p.protocol;
    return (!want.port || p.port == want.port)
           && (want.targetPort.empty() || effectiveTargetPort(p) == want.targetPort)
           && (!want.nodePort || p.nodePort == want.nodePort)
           && (want.name.empty() || p.name == want.name)
           && (want.protocol.empty() || protocol == want.protocol);
}

class Failures
{
public:
    void add(std::string code,
             std::string field,
             std::string expected,
             std::string actual,
             std::string message)
    {
        m_list.push_back({std::move(code),
                          std::move(field),
                          std::move(expected),
                          std::move(actual),
                          std::move(message)});
    }
    void field(const std::string &field, const std::string &expected, const std::string &actual)
    {
        if (expected.empty() || expected == actual)
            return;
        add("field-mismatch",
            field,
            expected,
            actual,
            field + " is \"" + actual + "\", expected \"" + expected + "\"");
    }
    std::vector<CheckFailure> take() { return std::move(m_list); }

private:
    std::vector<CheckFailure> m_list;
};

void checkService(const ServiceCondition &c, const Attempt &a, Failures &out)
{
    if (!a.manifest) {
        out.add("manifest-unreadable",
                {},
                {},
                a.parseError.toString(),
                "the manifest does not read: " + a.parseError.toString());
        return;
    }
    int index = -1;
    for (size_t i = 0; i < a.manifest->objects.size(); ++i) {
        const ManifestObject &o = a.manifest->objects[i];
        if (o.kind == "Service" && (c.name.empty() || o.name == c.name)) {
            index = int(i);
            break;
        }
    }
    if (index < 0) {
        out.add("no-service",
                "metadata.name",
                c.name,
                {},
                c.name.empty() ? "the manifest has no Service"
                               : "the manifest has no Service named " + c.name);
        return;
    }
    if (auto r = a.refused.find(index); r != a.refused.end()) {
        out.add(
            "service-refused", {}, {}, r->second, "the cluster refused the Service: " + r->second);
        return;
    }
    // The stored object: defaulted and allocated as the apiserver would.
    const auto stored = a.stored.find(index);
    const Service *s = stored != a.stored.end() ? std::get_if<Service>(&stored->second) : nullptr;
    if (!s)
        s = a.manifest->objects[size_t(index)].as<Service>();
    if (!s) {
        out.add("service-refused", {}, {}, "does not decode", "the Service does not decode");
        return;
    }
    const ServiceSpec &spec = s->spec;
    for (const auto &[key, value] : c.selector) {
        const bool has
            = spec.selector && spec.selector->count(key) && spec.selector->at(key) == value;
        if (!has)
            out.add("selector-missing",
                    "spec.selector",
                    key + "=" + value,
                    selectorText(spec.selector),
                    "spec.selector lacks " + key + "=" + value);
    }
    if (c.noSelector && spec.selector && !spec.selector->empty())
        out.add("selector-present",
                "spec.selector",
                "(none)",
                selectorText(spec.selector),
                "the Service has a selector; it must have none");
    for (const ServiceCondition::Port &want : c.ports) {
        bool found = false;
        std::string actual;
        for (const ServicePort &p : spec.ports) {
            found = found || portMatches(p, want);
            actual += (actual.empty() ? "" : "; ")
                      + portText(p.port,
                                 effectiveTargetPort(p),
                                 p.nodePort,
                                 p.name,
                                 p.protocol.empty() ? "TCP" : p.protocol);
        }
        if (!found) {
            const std::string expected
                = portText(want.port, want.targetPort, want.nodePort, want.name, want.protocol);
            out.add("port-missing",
                    "spec.ports",
                    expected,
                    actual.empty() ? "(none)" : actual,
                    "no port with " + expected);
        }
    }
    if (c.portCount && int(spec.ports.size()) != c.portCount)
        out.add("port-count",
                "spec.ports",
                std::to_string(c.portCount),
                std::to_string(spec.ports.size()),
                "the Service has the wrong number of ports");
    out.field("spec.type", c.type, s->effectiveType());
    out.field("spec.sessionAffinity",
              c.sessionAffinity,
              spec.sessionAffinity.empty() ? "None" : spec.sessionAffinity);
    if (c.timeoutSeconds) {
        int timeout = 0;
        if (spec.sessionAffinityConfig && spec.sessionAffinityConfig->clientIP
            && spec.sessionAffinityConfig->clientIP->timeoutSeconds)
            timeout = *spec.sessionAffinityConfig->clientIP->timeoutSeconds;
        else if (spec.sessionAffinity == "ClientIP")
            timeout = 10800; // the apiserver's default
        out.field("spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                  std::to_string(c.timeoutSeconds),
                  timeout ? std::to_string(timeout) : std::string("(unset)"));
    }
    out.field("spec.clusterIP", c.clusterIP, spec.clusterIP);
    out.field("spec.externalName", c.externalName, spec.externalName);
    out.field("spec.loadBalancerIP", c.loadBalancerIP, spec.loadBalancerIP);
    if (!c.externalTrafficPolicy.empty())
        out.field("spec.externalTrafficPolicy",
                  c.externalTrafficPolicy,
                  spec.externalTrafficPolicy.empty() ? "Cluster" : spec.externalTrafficPolicy);
    for (const std::string &ip : c.externalIPs) {
        std::string actual;
        bool found = false;
        for (const std::string &have : spec.externalIPs) {
            found = found || have == ip;
            actual += (actual.empty() ? "" : ",") + have;
        }
        if (!found)
            out.add("field-mismatch",
                    "spec.externalIPs",
                    ip,
                    actual.empty() ? "(none)" : actual,
                    "spec.externalIPs does not list " + ip);
    }
}

void checkEndpoints(const EndpointsCondition &c, const Attempt &a, Failures &out)
{
    const auto slash = c.service.find('/');
    const Endpoints *ep
        = a.cluster.endpoints(c.service.substr(0, slash), c.service.substr(slash + 1));
    std::set<std::string> ready;
    if (ep)
        for (const EndpointSubset &s : ep->subsets)
            for (const EndpointAddress &addr : s.addresses)
                ready.insert(addr.ip);
    const int n = int(ready.size());
    using E = EndpointsCondition::Expect;
    if (c.expect == E::NonEmpty && n == 0)
        out.add("endpoints-empty",
                c.service,
                {},
                "0",
                "the Endpoints of " + c.service + " have no ready address");
    else if (c.expect == E::Empty && n > 0)
        out.add("endpoints-not-empty",
                c.service,
                "0",
                std::to_string(n),
                "the Endpoints of " + c.service + " have " + std::to_string(n) + " addresses");
    else if (c.expect == E::Count && n != c.count)
        out.add("endpoints-count",
                c.service,
                std::to_string(c.count),
                std::to_string(n),
                "the Endpoints of " + c.service + " have " + std::to_string(n)
                    + " addresses, expected " + std::to_string(c.count));
}

void checkTrace(const TraceCondition &c, const Attempt &a, Failures &out)
{
    trace::TraceRequest req;
    req.from = c.from;
    req.to = c.to;
    if (!c.mode.empty())
        trace::parseProxyMode(c.mode, req.mode);
    auto r = trace::tracePath(a.cluster, req);
    const std::string what = c.from + " -> " + c.to;
    if (!r) {
        out.add("trace-error",
                what,
                {},
                r.error().message,
                "cannot trace " + what + ": " + r.error().message);
        return;
    }
    if (r->reachable != c.reachable) {
        std::string reason;
        for (const trace::Explanation &e : r->explanations)
            if (e.blocking)
                reason = e.message;
        out.add(c.reachable ? "unreachable" : "reachable",
                what,
                {},
                reason,
                c.reachable ? what + " does not reach a pod: " + reason
                            : what + " still reaches a pod");
        return;
    }
    if (!c.pod.empty()) {
        std::string actual;
        bool only = !r->endpoints.empty();
        for (const trace::EndpointChoice &e : r->endpoints) {
            only = only && e.pod == c.pod;
            actual += (actual.empty() ? "" : ",") + (e.pod.empty() ? e.endpoint : e.pod);
        }
        if (!only)
            out.add("wrong-pod",
                    what,
                    c.pod,
                    actual,
                    what + " reaches " + actual + ", not only " + c.pod);
    }
    if (!c.sourceSeen.empty() && !r->endpoints.empty()) {
        const std::string expected = c.sourceSeen == "client" ? r->clientAddress : c.sourceSeen;
        const std::string &seen = r->endpoints.front().sourceSeen;
        if (seen != expected)
            out.add("source-mismatch",
                    what,
                    expected,
                    seen,
                    "the pod sees " + seen + " as the client, expected " + expected);
    }
}

} // namespace

Result<ScenarioReport> loadLessonScenario(SandboxBackend &sandbox, const Lesson &lesson)
{
    if (lesson.scenarioText.empty()) {
        SandboxOptions o;
        o.seed = 1;
        sandbox.reset(o);
        ScenarioReport empty;
        empty.title = lesson.title.en;
        return empty;
    }
    return sandbox.loadScenarioText(lesson.scenarioText, scenarioName(lesson));
}

Attempt applyAttempt(SandboxBackend &sandbox, const Lesson &lesson, std::string_view manifestText)
{
    Attempt a;
    auto loaded = loadLessonScenario(sandbox, lesson);
    if (!loaded)
        a.scenarioError = loaded.error().toString();
    else if (!loaded->ok())
        a.scenarioError = loaded->problems.front().message;
    auto file = loadManifestText(manifestText, "lesson.yaml");
    if (!file) {
        a.parseError = file.error();
    } else {
        a.manifest = std::move(file).value();
        sandbox.beginBatch();
        for (size_t i = 0; i < a.manifest->objects.size(); ++i) {
            const ManifestObject &o = a.manifest->objects[i];
            if (std::holds_alternative<std::monostate>(o.object) || !o.errors.empty()) {
                a.refused[int(i)]
                    = o.errors.empty() ? "unknown kind " + o.kind : o.errors.front().message();
                continue;
            }
            KubeObject object = o.object;
            defaultNamespace(object);
            auto r = sandbox.applyNow(object);
            if (r)
                a.stored[int(i)] = std::move(r).value();
            else
                a.refused[int(i)] = r.error().message;
        }
        sandbox.endBatch();
    }
    a.cluster = sandbox.snapshot();
    return a;
}

CheckResult checkTask(const Task &task, const Attempt &attempt, int choice)
{
    Failures out;
    if (!attempt.scenarioError.empty())
        out.add("scenario",
                {},
                {},
                attempt.scenarioError,
                "the lesson's scenario does not load: " + attempt.scenarioError);
    if (task.isChoice()) {
        if (choice < 0)
            out.add("no-answer", {}, {}, {}, "no option chosen");
        else if (choice != task.answer)
            out.add("wrong-answer",
                    {},
                    std::to_string(task.answer + 1),
                    std::to_string(choice + 1),
                    "option " + std::to_string(choice + 1) + " is not the right one");
    }
    for (const ServiceCondition &c : task.services)
        checkService(c, attempt, out);
    for (const EndpointsCondition &c : task.endpoints)
        checkEndpoints(c, attempt, out);
    for (const TraceCondition &c : task.traces)
        checkTrace(c, attempt, out);
    CheckResult r;
    r.failures = out.take();
    r.passed = r.failures.empty();
    return r;
}

} // namespace studio::training
