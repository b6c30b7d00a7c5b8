// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/endpoints_controller.h"

#include "manifest/manifest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

using namespace studio;

namespace {

struct PodSpec
{
    const char *name;
    const char *ip;
    bool ready = true;
    Labels labels = {{"app", "MyApp"}};
    std::vector<ContainerPort> ports = {};
    const char *node = "node-1";
    const char *phase = "Running";
    const char *deletion = "";
    const char *hostname = "";
    const char *subdomain = "";
    const char *ns = "default";
};

Pod makePod(const PodSpec &s)
{
    Pod p;
    p.metadata.name = s.name;
    p.metadata.namespace_ = s.ns;
    p.metadata.uid = std::string("uid-") + s.name;
    p.metadata.resourceVersion = "10";
    p.metadata.labels = s.labels;
    p.metadata.deletionTimestamp = s.deletion;
    p.nodeName = s.node;
    p.podIP = s.ip;
    p.phase = s.phase;
    p.hostname = s.hostname;
    p.subdomain = s.subdomain;
    p.conditions = {{"Ready", s.ready ? "True" : "False"}};
    p.containers = {{"main", "image", s.ports}};
    return p;
}

Service makeService(const char *name, std::vector<ServicePort> ports,
                    std::optional<Labels> selector = Labels{{"app", "MyApp"}})
{
    Service s;
    s.metadata.name = name;
    s.metadata.namespace_ = "default";
    s.metadata.labels = {{"team", "a"}};
    s.spec.selector = std::move(selector);
    s.spec.ports = std::move(ports);
    s.spec.clusterIP = "10.96.0.20";
    s.spec.type = service_type::ClusterIP;
    return s;
}

ServicePort port(const char *name, int32_t port, IntOrString target, const char *proto = "TCP")
{
    ServicePort p;
    p.name = name;
    p.port = port;
    p.targetPort = std::move(target);
    p.protocol = proto;
    return p;
}

std::vector<const Pod *> ptrs(const std::vector<Pod> &pods)
{
    std::vector<const Pod *> out;
    for (const auto &p : pods)
        out.push_back(&p);
    return out;
}

// A compact rendering: "[ready ips | notready ips | ports]" per subset.
std::string render(const std::vector<EndpointSubset> &subsets)
{
    std::string out;
    for (const auto &ss : subsets) {
        out += "[";
        for (const auto &a : ss.addresses)
            out += a.ip + (a.hostname.empty() ? "" : "(" + a.hostname + ")") + " ";
        out += "|";
        for (const auto &a : ss.notReadyAddresses)
            out += " " + a.ip;
        out += " |";
        for (const auto &p : ss.ports)
            out += " " + p.name + ":" + std::to_string(p.port) + "/" + p.protocol;
        out += "]";
    }
    return out;
}

const std::vector<ContainerPort> kNamedHttp9376 = {{"http", 9376, "TCP", 0}};

struct Case
{
    const char *name;
    Service service;
    std::vector<Pod> pods;
    const char *expected;
};

void PrintTo(const Case &c, std::ostream *os) { *os << c.name; }

class ControllerCases : public ::testing::TestWithParam<Case>
{};

TEST_P(ControllerCases, Subsets)
{
    const auto &c = GetParam();
    EXPECT_EQ(render(computeEndpointSubsets(c.service, ptrs(c.pods))), c.expected) << c.name;
}

Service withPublishNotReady(Service s)
{
    s.spec.publishNotReadyAddresses = true;
    return s;
}

Service withAnnotation(Service s, const char *value)
{
    s.metadata.annotations[kTolerateUnreadyEndpointsAnnotation] = value;
    return s;
}

Service headless(Service s)
{
    s.spec.clusterIP = "None";
    return s;
}

const Service kMyService = makeService("my-service", {port("", 80, IntOrString::fromInt(9376))});
const Service kNamed = makeService("my-service", {port("web", 80, IntOrString::fromString("http"))});

INSTANTIATE_TEST_SUITE_P(
    Table,
    ControllerCases,
    ::testing::Values(
        // The seed's image-processing backend: three ready replicas behind port 80 -> 9376.
        Case{"three replicas", kMyService,
             {makePod({"p3", "10.244.2.5"}), makePod({"p1", "10.244.1.7"}),
              makePod({"p2", "10.244.1.12"})},
             "[10.244.1.12 10.244.1.7 10.244.2.5 | | :9376/TCP]"}, // sorted as strings
        Case{"unready in notReadyAddresses", kMyService,
             {makePod({"p1", "10.0.0.1"}), makePod({"p2", "10.0.0.2", false})},
             "[10.0.0.1 | 10.0.0.2 | :9376/TCP]"},
        Case{"publishNotReadyAddresses", withPublishNotReady(kMyService),
             {makePod({"p1", "10.0.0.1"}), makePod({"p2", "10.0.0.2", false})},
             "[10.0.0.1 10.0.0.2 | | :9376/TCP]"},
        Case{"tolerate annotation", withAnnotation(kMyService, "true"),
             {makePod({"p2", "10.0.0.2", false})}, "[10.0.0.2 | | :9376/TCP]"},
        Case{"annotation false wins", withAnnotation(withPublishNotReady(kMyService), "False"),
             {makePod({"p2", "10.0.0.2", false})}, "[| 10.0.0.2 | :9376/TCP]"},
        Case{"unparsable annotation ignored", withAnnotation(kMyService, "yes"),
             {makePod({"p2", "10.0.0.2", false})}, "[| 10.0.0.2 | :9376/TCP]"},
        Case{"no IP left out", kMyService,
             {makePod({"p1", "10.0.0.1"}), makePod({"pending", "", false, {{"app", "MyApp"}}, {},
                                                     "", "Pending"})},
             "[10.0.0.1 | | :9376/TCP]"},
        Case{"terminating left out", kMyService,
             {makePod({"p1", "10.0.0.1"}),
              makePod({"old", "10.0.0.9", true, {{"app", "MyApp"}}, {}, "node-1", "Running",
                       "2021-01-01T00:00:00Z"})},
             "[10.0.0.1 | | :9376/TCP]"},
        Case{"terminating kept when tolerated", withPublishNotReady(kMyService),
             {makePod({"old", "10.0.0.9", true, {{"app", "MyApp"}}, {}, "node-1", "Running",
                       "2021-01-01T00:00:00Z"})},
             "[10.0.0.9 | | :9376/TCP]"},
        Case{"succeeded and failed left out", kMyService,
             {makePod({"p1", "10.0.0.1"}),
              makePod({"done", "10.0.0.7", false, {{"app", "MyApp"}}, {}, "node-1", "Succeeded"}),
              makePod({"dead", "10.0.0.8", false, {{"app", "MyApp"}}, {}, "node-1", "Failed"})},
             "[10.0.0.1 | | :9376/TCP]"},
        Case{"other labels and namespaces left out", kMyService,
             {makePod({"p1", "10.0.0.1"}), makePod({"x", "10.0.0.2", true, {{"app", "Other"}}}),
              makePod({"y", "10.0.0.3", true, {{"app", "MyApp"}}, {}, "node-1", "Running", "", "",
                       "", "prod"})},
             "[10.0.0.1 | | :9376/TCP]"},
        Case{"named port resolved per pod", kNamed,
             {makePod({"a", "10.0.0.1", true, {{"app", "MyApp"}}, {{"http", 8080, "TCP", 0}}}),
              makePod({"b", "10.0.0.2", true, {{"app", "MyApp"}}, {{"http", 9090, "TCP", 0}}}),
              makePod({"c", "10.0.0.3", true, {{"app", "MyApp"}}, {{"http", 8080, "", 0}}})},
             // Two numbers, two subsets; ordered by the md5 of their %#v form (checked
             // against v1.20.2's RepackSubsets).
             "[10.0.0.1 10.0.0.3 | | web:8080/TCP][10.0.0.2 | | web:9090/TCP]"},
        Case{"named port needs the same protocol", kNamed,
             {makePod({"a", "10.0.0.1", true, {{"app", "MyApp"}}, {{"http", 8080, "UDP", 0}}}),
              makePod({"b", "10.0.0.2", true, {{"app", "MyApp"}}, {}})},
             ""},
        // The seed's multi-port service: both ports offered by the same pods, one subset.
        Case{"multi-port",
             makeService("my-service", {port("http", 80, IntOrString::fromInt(9376)),
                                        port("https", 443, IntOrString::fromInt(9377))}),
             {makePod({"p1", "10.0.0.1"}), makePod({"p2", "10.0.0.2", false})},
             "[10.0.0.1 | 10.0.0.2 | http:9376/TCP https:9377/TCP]"},
        Case{"hostname only with matching subdomain", headless(kMyService),
             {makePod({"a", "10.0.0.1", true, {{"app", "MyApp"}}, {}, "node-1", "Running", "",
                       "web-0", "my-service"}),
              makePod({"b", "10.0.0.2", true, {{"app", "MyApp"}}, {}, "node-1", "Running", "",
                       "web-1", "other"})},
             "[10.0.0.1(web-0) 10.0.0.2 | | :9376/TCP]"},
        Case{"headless without ports", headless(makeService("h", {})),
             {makePod({"a", "10.0.0.1"}), makePod({"b", "10.0.0.2", false})},
             "[10.0.0.1 | 10.0.0.2 |]"},
        Case{"non-headless without ports gets nothing", makeService("h", {}),
             {makePod({"a", "10.0.0.1"})}, ""},
        Case{"no selector", makeService("manual", {port("", 80, IntOrString::fromInt(9376))},
                                        std::nullopt),
             {makePod({"a", "10.0.0.1"})}, ""},
        Case{"empty selector is no selector",
             makeService("all", {port("", 80, IntOrString::fromInt(9376))}, Labels{}),
             {makePod({"a", "10.0.0.1"})}, ""}));

TEST(EndpointsController, AddressFields)
{
    const Pod p = makePod({"web-0", "10.244.1.5", true, {{"app", "MyApp"}}, {}, "node-2"});
    const auto subsets = computeEndpointSubsets(kMyService, {&p});
    ASSERT_EQ(subsets.size(), 1u);
    ASSERT_EQ(subsets[0].addresses.size(), 1u);
    const auto &a = subsets[0].addresses[0];
    EXPECT_EQ(a.ip, "10.244.1.5");
    ASSERT_TRUE(a.nodeName);
    EXPECT_EQ(*a.nodeName, "node-2");
    ASSERT_TRUE(a.targetRef);
    EXPECT_EQ(*a.targetRef, (ObjectReference{"Pod", "default", "web-0", "uid-web-0", "10"}));
    ASSERT_EQ(subsets[0].ports.size(), 1u);
    EXPECT_EQ(subsets[0].ports[0], (EndpointPort{"", 9376, "TCP", std::nullopt}));
}

TEST(EndpointsController, EndpointPortCarriesServicePortNameProtocolAndAppProtocol)
{
    Service s = makeService("dns", {port("dns", 53, IntOrString::fromInt(5353), "UDP")});
    s.spec.ports[0].appProtocol = "dns";
    const Pod p = makePod({"a", "10.0.0.1"});
    const auto subsets = computeEndpointSubsets(s, {&p});
    ASSERT_EQ(subsets.size(), 1u);
    EXPECT_EQ(subsets[0].ports[0], (EndpointPort{"dns", 5353, "UDP", "dns"}));
}

TEST(EndpointsController, ObjectLabels)
{
    const Endpoints e = computeEndpoints(kMyService, {});
    EXPECT_EQ(e.metadata.name, "my-service");
    EXPECT_EQ(e.metadata.namespace_, "default");
    EXPECT_EQ(e.metadata.labels, (Labels{{"team", "a"}}));
    EXPECT_TRUE(e.subsets.empty());
    const Endpoints h = computeEndpoints(headless(kMyService), {});
    EXPECT_EQ(h.metadata.labels, (Labels{{"service.kubernetes.io/headless", ""}, {"team", "a"}}));
}

TEST(EndpointsController, ExternalName)
{
    // The seed's ExternalName service has no selector: no Endpoints.
    Service ext = makeService("my-service", {}, std::nullopt);
    ext.spec.type = service_type::ExternalName;
    ext.spec.externalName = "my.database.example.com";
    ext.spec.clusterIP.clear();
    EXPECT_FALSE(endpointsControllerManages(ext));
    // With a selector, v1.20 still computes them (only v1.23 stopped, kubernetes#105986).
    Service withSelector = ext;
    withSelector.spec.selector = Labels{{"app", "MyApp"}};
    withSelector.spec.ports = {port("", 80, IntOrString::fromInt(9376))};
    const Pod p = makePod({"a", "10.0.0.1"});
    EXPECT_TRUE(endpointsControllerManages(withSelector));
    EXPECT_EQ(render(computeEndpointSubsets(withSelector, {&p})), "[10.0.0.1 | | :9376/TCP]");
    EXPECT_EQ(computeEndpoints(withSelector, {&p}).metadata.labels.count(kHeadlessServiceLabel), 1u);
}

TEST(EndpointsController, FindPort)
{
    const Pod p = makePod({"a", "10.0.0.1", true, {}, {{"http", 8080, "", 0}, {"dns", 53, "UDP", 0}}});
    EXPECT_EQ(findPort(p, port("", 80, IntOrString::fromString("http"))), 8080);
    EXPECT_EQ(findPort(p, port("", 80, IntOrString::fromString("dns"))), std::nullopt);
    EXPECT_EQ(findPort(p, port("", 53, IntOrString::fromString("dns"), "UDP")), 53);
    EXPECT_EQ(findPort(p, port("", 80, IntOrString::fromInt(1234))), 1234);
    ServicePort unset;
    unset.port = 443;
    EXPECT_EQ(findPort(p, unset), 443); // targetPort defaults to port
}

// ---- RepackSubsets against the real v1.20.2 code --------------------------------------------

TEST(RepackSubsets, MatchesKubernetesGolden)
{
    auto file = loadManifestFile(std::string(STUDIO_CLUSTER_GOLDEN_DIR) + "/repack_golden.yaml");
    ASSERT_TRUE(file.ok()) << file.error().toString();
    const auto &objs = file->objects;
    ASSERT_EQ(objs.size() % 2, 0u);
    ASSERT_GE(objs.size(), 100u);
    for (size_t i = 0; i < objs.size(); i += 2) {
        const Endpoints *in = objs[i].as<Endpoints>();
        const Endpoints *want = objs[i + 1].as<Endpoints>();
        ASSERT_TRUE(in && want) << objs[i].name;
        const auto got = repackSubsets(in->subsets);
        EXPECT_EQ(got, want->subsets) << objs[i].name << "\n got: " << render(got)
                                      << "\nwant: " << render(want->subsets);
    }
}

// Pods and services from a real v1.20.2 cluster, and the Endpoints its controller wrote:
// named ports resolving to different numbers, a UDP named port, unready, pending (no IP),
// Succeeded and Failed (restartPolicy Never), terminating, hostname/subdomain,
// publishNotReadyAddresses, the tolerate annotation, headless without ports, ExternalName
// with a selector.
TEST(EndpointsController, MatchesRealControllerGolden)
{
    auto file = loadManifestFile(std::string(STUDIO_CLUSTER_GOLDEN_DIR) + "/controller_golden.yaml");
    ASSERT_TRUE(file.ok()) << file.error().toString();
    std::vector<const Pod *> pods;
    std::vector<const Service *> services;
    std::map<std::string, const Endpoints *> real;
    for (const auto &o : file->objects) {
        ASSERT_TRUE(o.errors.empty()) << o.name << ": " << o.errors.front().message();
        if (const Pod *p = o.as<Pod>())
            pods.push_back(p);
        else if (const Service *s = o.as<Service>())
            services.push_back(s);
        else if (const Endpoints *e = o.as<Endpoints>())
            real[e->metadata.name] = e;
    }
    ASSERT_EQ(pods.size(), 8u);
    ASSERT_EQ(services.size(), 5u);
    for (const Service *s : services) {
        ASSERT_TRUE(real.count(s->metadata.name)) << s->metadata.name;
        const Endpoints *want = real[s->metadata.name];
        const Endpoints got = computeEndpoints(*s, pods);
        EXPECT_EQ(got.subsets, want->subsets) << s->metadata.name << "\n got: " << render(got.subsets)
                                              << "\nwant: " << render(want->subsets);
        EXPECT_EQ(got.metadata.labels, want->metadata.labels) << s->metadata.name;
    }
}

TEST(RepackSubsets, NotReadyTrumpsReady)
{
    EndpointAddress a{"10.0.0.1", "", std::nullopt, std::nullopt};
    const std::vector<EndpointSubset> in{{{a}, {}, {{"", 80, "TCP", {}}}},
                                         {{}, {a}, {{"", 80, "TCP", {}}}}};
    EXPECT_EQ(render(repackSubsets(in)), "[| 10.0.0.1 | :80/TCP]");
}

// ---- incremental controller -----------------------------------------------------------------

class IncrementalController : public ::testing::Test
{
protected:
    // Every update gets a new resourceVersion, as the apiserver gives it.
    std::shared_ptr<const Pod> pod(const PodSpec &s, std::string rv = {})
    {
        auto p = std::make_shared<Pod>(makePod(s));
        p->metadata.resourceVersion = rv.empty() ? std::to_string(++m_rv) : rv;
        return p;
    }
    std::shared_ptr<const Service> svc(Service s) { return std::make_shared<Service>(std::move(s)); }
    std::string endpointsOf(const char *name)
    {
        const auto r = c.sync({"default", name});
        EXPECT_EQ(r.action, EndpointsController::SyncResult::Action::Write);
        return render(r.endpoints.subsets);
    }
    EndpointsController c;
    int m_rv = 100;
};

TEST_F(IncrementalController, PodChangesSyncOnlyServicesThatSelectThem)
{
    c.setService(svc(makeService("a", {port("", 80, IntOrString::fromInt(80))}, Labels{{"app", "a"}})));
    c.setService(svc(makeService("b", {port("", 80, IntOrString::fromInt(80))},
                                 Labels{{"app", "b"}, {"tier", "web"}})));
    c.setService(svc(makeService("manual", {port("", 80, IntOrString::fromInt(80))}, std::nullopt)));

    using Keys = std::vector<ObjectKey>;
    EXPECT_EQ(c.setPod(pod({"p1", "10.0.0.1", true, {{"app", "a"}}})), (Keys{{"default", "a"}}));
    EXPECT_EQ(c.setPod(pod({"p2", "10.0.0.2", true, {{"app", "b"}}})), Keys{}); // lacks tier
    EXPECT_EQ(c.setPod(pod({"p3", "10.0.0.3", true, {{"app", "b"}, {"tier", "web"}}})),
              (Keys{{"default", "b"}}));
    EXPECT_EQ(endpointsOf("a"), "[10.0.0.1 | | :80/TCP]");
    EXPECT_EQ(endpointsOf("b"), "[10.0.0.3 | | :80/TCP]");

    // Readiness flips: the service it belongs to.
    EXPECT_EQ(c.setPod(pod({"p1", "10.0.0.1", false, {{"app", "a"}}})), (Keys{{"default", "a"}}));
    EXPECT_EQ(endpointsOf("a"), "[| 10.0.0.1 | :80/TCP]");

    // Same resourceVersion: a resync, nothing to do.
    EXPECT_EQ(c.setPod(pod({"p1", "10.0.0.1", false, {{"app", "a"}}}, std::to_string(m_rv))),
              Keys{});

    // A change the Endpoints do not show (phase only, new resourceVersion): nothing.
    auto quiet = std::make_shared<Pod>(makePod({"p1", "10.0.0.1", false, {{"app", "a"}}}));
    quiet->metadata.resourceVersion = std::to_string(++m_rv);
    quiet->phase = "Pending";
    EXPECT_EQ(c.setPod(quiet), Keys{});

    // Relabel from a to b+web: leaves a, joins b.
    EXPECT_EQ(c.setPod(pod({"p1", "10.0.0.1", false, {{"app", "b"}, {"tier", "web"}}})),
              (Keys{{"default", "a"}, {"default", "b"}}));
    EXPECT_EQ(endpointsOf("a"), "");
    EXPECT_EQ(endpointsOf("b"), "[10.0.0.3 | 10.0.0.1 | :80/TCP]");

    EXPECT_EQ(c.removePod({"default", "p3"}), (Keys{{"default", "b"}}));
    EXPECT_EQ(endpointsOf("b"), "[| 10.0.0.1 | :80/TCP]");
    EXPECT_EQ(c.podCount(), 2u);

    // Selectorless: the controller leaves its Endpoints alone; a deleted service: delete.
    EXPECT_EQ(c.sync({"default", "manual"}).action, EndpointsController::SyncResult::Action::Leave);
    EXPECT_EQ(c.removeService({"default", "a"}), (Keys{{"default", "a"}}));
    EXPECT_EQ(c.sync({"default", "a"}).action, EndpointsController::SyncResult::Action::Delete);
    EXPECT_EQ(c.managedServices(), (Keys{{"default", "b"}}));
}

TEST_F(IncrementalController, SelectorChangeMovesServiceInIndex)
{
    c.setPod(pod({"p1", "10.0.0.1", true, {{"app", "a"}}}));
    c.setPod(pod({"p2", "10.0.0.2", true, {{"app", "b"}}}));
    c.setService(svc(makeService("s", {port("", 80, IntOrString::fromInt(80))}, Labels{{"app", "a"}})));
    EXPECT_EQ(endpointsOf("s"), "[10.0.0.1 | | :80/TCP]");
    c.setService(svc(makeService("s", {port("", 80, IntOrString::fromInt(80))}, Labels{{"app", "b"}})));
    EXPECT_EQ(endpointsOf("s"), "[10.0.0.2 | | :80/TCP]");
    using Keys = std::vector<ObjectKey>;
    EXPECT_EQ(c.setPod(pod({"p3", "10.0.0.3", true, {{"app", "a"}}})), Keys{});
    EXPECT_EQ(c.setPod(pod({"p4", "10.0.0.4", true, {{"app", "b"}}})), (Keys{{"default", "s"}}));
}

// Random churn: the incremental state always equals a full recomputation.
TEST_F(IncrementalController, RandomChurnMatchesFullRecompute)
{
    std::mt19937 rng(7);
    const std::vector<std::string> apps{"a", "b", "c", "d"};
    const std::vector<std::string> tiers{"web", "db"};
    for (int i = 0; i < 8; ++i) {
        Labels sel{{"app", apps[size_t(i) % apps.size()]}};
        if (i % 2)
            sel["tier"] = tiers[size_t(i / 2) % tiers.size()];
        c.setService(svc(makeService(("s" + std::to_string(i)).c_str(),
                                     {port("p", 80, IntOrString::fromString("http"))}, sel)));
    }
    std::vector<Pod> truth(60);
    std::vector<bool> present(60, false);
    for (int step = 0; step < 2000; ++step) {
        const size_t i = size_t(rng() % truth.size());
        if (present[i] && rng() % 5 == 0) {
            c.removePod({"default", "p" + std::to_string(i)});
            present[i] = false;
            continue;
        }
        Labels l{{"app", apps[rng() % apps.size()]}};
        if (rng() % 2)
            l["tier"] = tiers[rng() % tiers.size()];
        const std::string name = "p" + std::to_string(i);
        const std::string ip = "10.0." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1);
        Pod p = makePod({name.c_str(), ip.c_str(), rng() % 3 != 0, l,
                         {{"http", int32_t(8000 + rng() % 2), "TCP", 0}}});
        p.metadata.resourceVersion = std::to_string(step + 100);
        truth[i] = p;
        present[i] = true;
        c.setPod(std::make_shared<Pod>(p));
    }
    std::vector<const Pod *> all;
    for (size_t i = 0; i < truth.size(); ++i)
        if (present[i])
            all.push_back(&truth[i]);
    for (const auto &key : c.managedServices()) {
        const Service *s = c.service(key);
        ASSERT_TRUE(s);
        EXPECT_EQ(c.sync(key).endpoints.subsets, computeEndpointSubsets(*s, all)) << key.toString();
    }
}

} // namespace
