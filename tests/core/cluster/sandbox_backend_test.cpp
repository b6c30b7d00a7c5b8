// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/sandbox_backend.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {

SandboxOptions fixedOptions()
{
    SandboxOptions o;
    o.seed = 1234;
    o.clock = [] { return std::string("2021-02-03T04:05:06Z"); };
    return o;
}

ServicePort port(const char *name, int32_t p, std::optional<IntOrString> target = std::nullopt)
{
    ServicePort sp;
    sp.name = name;
    sp.port = p;
    sp.targetPort = std::move(target);
    return sp;
}

Service service(const char *name, std::optional<Labels> selector = Labels{{"app", "web"}},
                const char *ns = "default")
{
    Service s;
    s.metadata.name = name;
    s.metadata.namespace_ = ns;
    s.spec.selector = std::move(selector);
    s.spec.ports = {port("", 80, IntOrString::fromInt(8080))};
    return s;
}

Pod pod(const char *name, const char *ip, bool ready = true, Labels labels = {{"app", "web"}})
{
    Pod p;
    p.metadata.name = name;
    p.metadata.namespace_ = "default";
    p.metadata.labels = std::move(labels);
    p.nodeName = "node-1";
    p.phase = "Running";
    p.podIP = ip;
    p.conditions = {{"Ready", ready ? "True" : "False"}};
    return p;
}

class Sandbox : public ::testing::Test
{
protected:
    Service created(Service s)
    {
        auto r = sb.createNow(s);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString());
        return r.ok() ? *std::get_if<Service>(&*r) : Service{};
    }
    ApiError refused(const KubeObject &o, bool dryRun = false)
    {
        auto r = sb.createNow(o, dryRun);
        EXPECT_FALSE(r.ok());
        return r.ok() ? ApiError{} : r.error();
    }
    const Endpoints *endpoints(const char *name, const char *ns = "default")
    {
        snap = sb.snapshot();
        return snap.endpoints(ns, name);
    }
    SandboxBackend sb{fixedOptions()};
    ClusterSnapshot snap;
};

TEST_F(Sandbox, BootstrapLikeARealCluster)
{
    snap = sb.snapshot();
    for (const char *ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        ASSERT_TRUE(snap.namespace_(ns)) << ns;
        EXPECT_EQ(snap.namespace_(ns)->phase, "Active");
    }
    const Service *k = snap.service("default", "kubernetes");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->spec.clusterIP, "10.96.0.1");
    EXPECT_EQ(k->spec.clusterIPs, (std::vector<std::string>{"10.96.0.1"}));
    ASSERT_EQ(k->spec.ports.size(), 1u);
    EXPECT_EQ(k->spec.ports[0].port, 443);
    const Endpoints *e = snap.endpoints("default", "kubernetes");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->subsets.at(0).addresses.at(0).ip, "172.18.0.2");
    EXPECT_EQ(e->subsets.at(0).ports.at(0).port, 6443);
    EXPECT_TRUE(sb.clusterIpAllocator().has(*IpAddress::parse("10.96.0.1")));
}

TEST_F(Sandbox, CreateDefaultsAllocatesAndStamps)
{
    const std::string before = sb.resourceVersion();
    const Service s = created(service("web"));
    EXPECT_EQ(s.spec.type, "ClusterIP");
    EXPECT_EQ(s.spec.sessionAffinity, "None");
    EXPECT_EQ(s.spec.ports[0].protocol, "TCP");
    const auto ip = IpAddress::parse(s.spec.clusterIP);
    ASSERT_TRUE(ip);
    EXPECT_TRUE(sb.clusterIpAllocator().contains(*ip));
    EXPECT_TRUE(sb.clusterIpAllocator().has(*ip));
    EXPECT_EQ(s.spec.clusterIPs, (std::vector<std::string>{s.spec.clusterIP}));
    EXPECT_EQ(s.metadata.uid.size(), 36u);
    EXPECT_EQ(s.metadata.creationTimestamp, "2021-02-03T04:05:06Z");
    EXPECT_GT(std::stoull(s.metadata.resourceVersion), std::stoull(before));
    // Defaults the stored object also has, as a get shows.
    auto got = sb.getNow(ResourceKind::Service, "default", "web");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*std::get_if<Service>(&*got), s);
}

TEST_F(Sandbox, GenerateName)
{
    Service s = service("");
    s.metadata.generateName = "web-";
    const Service c = created(s);
    EXPECT_EQ(c.metadata.name.size(), 9u);
    EXPECT_EQ(c.metadata.name.rfind("web-", 0), 0u);
}

TEST_F(Sandbox, InvalidServiceIs422WithCauses)
{
    Service s = service("web");
    s.spec.ports = {port("Web_1", 80), port("b", 81)};
    const ApiError e = refused(s);
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.reason, "Invalid");
    EXPECT_EQ(e.message.rfind("Service \"web\" is invalid: spec.ports[0].name: Invalid value: "
                              "\"Web_1\": ",
                              0),
              0u)
        << e.message;
    ASSERT_FALSE(e.causes.empty());
    EXPECT_EQ(e.causes[0].field, "spec.ports[0].name");
    EXPECT_FALSE(sb.snapshot().service("default", "web"));
}

TEST_F(Sandbox, AlreadyExists)
{
    created(service("web"));
    const ApiError e = refused(service("web"));
    EXPECT_EQ(e.status, 409);
    EXPECT_EQ(e.reason, "AlreadyExists");
    EXPECT_EQ(e.message, "services \"web\" already exists");
    EXPECT_EQ(e.toString(), "Error from server (AlreadyExists): services \"web\" already exists");
    EXPECT_EQ(sb.clusterIpAllocator().used(), 2u); // kubernetes + web: nothing leaked
}

struct IpCase
{
    const char *ip;
    const char *message;
};

void PrintTo(const IpCase &c, std::ostream *os) { *os << c.ip; }

class RequestedClusterIp : public Sandbox, public ::testing::WithParamInterface<IpCase>
{};

TEST_P(RequestedClusterIp, Refused)
{
    Service first = service("first");
    first.spec.clusterIP = "10.96.0.50";
    created(first);
    Service s = service("b");
    s.spec.clusterIP = GetParam().ip;
    const ApiError e = refused(s);
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.message, GetParam().message);
    ASSERT_EQ(e.causes.size(), 1u);
    EXPECT_EQ(e.causes[0].field, "spec.clusterIPs");
}

INSTANTIATE_TEST_SUITE_P(
    Messages,
    RequestedClusterIp,
    ::testing::Values(
        IpCase{"10.96.0.50", "Service \"b\" is invalid: spec.clusterIPs: Invalid value: "
                             "[]string{\"10.96.0.50\"}: failed to allocated ip:10.96.0.50 with "
                             "error:provided IP is already allocated"},
        IpCase{"10.96.0.1", "Service \"b\" is invalid: spec.clusterIPs: Invalid value: "
                            "[]string{\"10.96.0.1\"}: failed to allocated ip:10.96.0.1 with "
                            "error:provided IP is already allocated"},
        IpCase{"10.0.0.11", "Service \"b\" is invalid: spec.clusterIPs: Invalid value: "
                            "[]string{\"10.0.0.11\"}: failed to allocated ip:10.0.0.11 with "
                            "error:provided IP is not in the valid range. The range of valid IPs "
                            "is 10.96.0.0/12"}));

TEST_F(Sandbox, RequestedClusterIpHonoured)
{
    Service s = service("own");
    s.spec.clusterIP = "10.96.100.100";
    EXPECT_EQ(created(s).spec.clusterIP, "10.96.100.100");
    EXPECT_TRUE(sb.clusterIpAllocator().has(*IpAddress::parse("10.96.100.100")));
}

TEST_F(Sandbox, MissingNamespaceAndObject)
{
    const ApiError e = refused(service("web", Labels{{"a", "b"}}, "nope"));
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.reason, "NotFound");
    EXPECT_EQ(e.message, "namespaces \"nope\" not found");
    auto g = sb.getNow(ResourceKind::Service, "default", "x");
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.error().status, 404);
    EXPECT_EQ(g.error().message, "services \"x\" not found");
    auto d = sb.removeNow(ResourceKind::Service, "default", "x");
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().message, "services \"x\" not found");
    auto r = sb.replaceNow(service("x"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 404);
}

TEST_F(Sandbox, StaleResourceVersionIsConflict)
{
    Service s = created(service("web"));
    Service update = s;
    update.metadata.labels["v"] = "2";
    auto ok = sb.replaceNow(update);
    ASSERT_TRUE(ok.ok()) << ok.error().toString();
    const std::string newRv = objectMeta(*ok)->resourceVersion;
    EXPECT_NE(newRv, s.metadata.resourceVersion);
    update.metadata.labels["v"] = "3"; // still the old resourceVersion
    auto stale = sb.replaceNow(update);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().status, 409);
    EXPECT_EQ(stale.error().reason, "Conflict");
    EXPECT_EQ(stale.error().message,
              "Operation cannot be fulfilled on services \"web\": the object has been modified; "
              "please apply your changes to the latest version and try again");
}

TEST_F(Sandbox, ReplaceKeepsClusterIpAndRefusesToUnsetIt)
{
    const Service s = created(service("web"));
    Service noIp = s;
    noIp.metadata.resourceVersion.clear();
    noIp.spec.clusterIP.clear();
    noIp.spec.clusterIPs.clear();
    auto r = sb.replaceNow(noIp);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: "
                                 "[]string(nil): primary clusterIP can not be unset");
    Service other = s;
    other.spec.clusterIP = "10.96.0.99";
    other.spec.clusterIPs = {"10.96.0.99"};
    auto changed = sb.replaceNow(other);
    ASSERT_FALSE(changed.ok());
    EXPECT_NE(changed.error().message.find("spec.clusterIPs[0]: Invalid value: "
                                           "[]string{\"10.96.0.99\"}: may not change once set"),
              std::string::npos)
        << changed.error().message;
    // apply keeps what the server filled in, as a merge patch does.
    auto applied = sb.applyNow(noIp);
    ASSERT_TRUE(applied.ok()) << applied.error().toString();
    EXPECT_EQ(std::get_if<Service>(&*applied)->spec.clusterIP, s.spec.clusterIP);
}

TEST_F(Sandbox, UnchangedReplaceWritesNothing)
{
    const Service s = created(service("web"));
    const std::string rv = sb.resourceVersion();
    auto r = sb.replaceNow(s);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(sb.resourceVersion(), rv);
}

TEST_F(Sandbox, DeleteReleasesAndRemovesEndpoints)
{
    const Service s = created(service("web"));
    ASSERT_TRUE(sb.createNow(pod("p1", "10.244.1.5")).ok());
    ASSERT_TRUE(endpoints("web"));
    auto d = sb.removeNow(ResourceKind::Service, "default", "web");
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(sb.clusterIpAllocator().has(*IpAddress::parse(s.spec.clusterIP)));
    EXPECT_FALSE(endpoints("web"));
    EXPECT_TRUE(sb.repairClusterIps().clean());
}

TEST_F(Sandbox, NodePortsAllocatedRequestedAndRefused)
{
    Service np = service("np");
    np.spec.type = "NodePort";
    np.spec.ports = {port("tcp", 53), port("udp", 53), port("http", 80)};
    np.spec.ports[1].protocol = "UDP";
    const Service c = created(np);
    EXPECT_GE(c.spec.ports[0].nodePort, 30000);
    EXPECT_LE(c.spec.ports[0].nodePort, 32767);
    EXPECT_EQ(c.spec.ports[0].nodePort, c.spec.ports[1].nodePort); // same port number: shared
    EXPECT_NE(c.spec.ports[2].nodePort, c.spec.ports[0].nodePort);
    EXPECT_EQ(c.spec.externalTrafficPolicy, "Cluster");

    Service fixed = service("fixed");
    fixed.spec.type = "NodePort";
    fixed.spec.ports = {port("", 80)};
    fixed.spec.ports[0].nodePort = 30080;
    EXPECT_EQ(created(fixed).spec.ports[0].nodePort, 30080);
    EXPECT_TRUE(sb.nodePortAllocator().has(30080));

    fixed.metadata.name = "again";
    const ApiError dup = refused(fixed);
    EXPECT_EQ(dup.message, "Service \"again\" is invalid: spec.ports[0].nodePort: Invalid value: "
                           "30080: provided port is already allocated");
    fixed.spec.ports[0].nodePort = 40000;
    const ApiError range = refused(fixed);
    EXPECT_EQ(range.message, "Service \"again\" is invalid: spec.ports[0].nodePort: Invalid value: "
                             "40000: provided port is not in the valid range. The range of valid "
                             "ports is 30000-32767");
    EXPECT_TRUE(sb.repairNodePorts().clean());
}

TEST_F(Sandbox, HealthCheckNodePortForLocalLoadBalancer)
{
    Service lb = service("lb");
    lb.spec.type = "LoadBalancer";
    lb.spec.externalTrafficPolicy = "Local";
    const Service c = created(lb);
    EXPECT_GE(c.spec.healthCheckNodePort, 30000);
    EXPECT_TRUE(sb.nodePortAllocator().has(c.spec.healthCheckNodePort));
    EXPECT_NE(c.spec.healthCheckNodePort, c.spec.ports[0].nodePort);

    Service change = c;
    change.spec.healthCheckNodePort = c.spec.healthCheckNodePort == 32000 ? 32001 : 32000;
    auto r = sb.replaceNow(change);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "Service \"lb\" is invalid: spec.healthCheckNodePort: Invalid value: "
                  + std::to_string(change.spec.healthCheckNodePort)
                  + ": cannot change healthCheckNodePort on loadBalancer service with "
                    "externalTraffic=Local during update");

    // Switching to Cluster releases the health-check port.
    Service cluster = c;
    cluster.spec.externalTrafficPolicy = "Cluster";
    auto ok = sb.replaceNow(cluster);
    ASSERT_TRUE(ok.ok()) << ok.error().toString();
    EXPECT_EQ(std::get_if<Service>(&*ok)->spec.healthCheckNodePort, 0);
    EXPECT_FALSE(sb.nodePortAllocator().has(c.spec.healthCheckNodePort));

    auto del = sb.removeNow(ResourceKind::Service, "default", "lb");
    ASSERT_TRUE(del.ok());
    EXPECT_EQ(sb.nodePortAllocator().used(), 0u);
}

TEST_F(Sandbox, TypeChangeToClusterIpReleasesNodePorts)
{
    Service np = service("np");
    np.spec.type = "NodePort";
    const Service c = created(np);
    Service back = c;
    back.spec.type = "ClusterIP";
    auto r = sb.replaceNow(back);
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const Service &s = *std::get_if<Service>(&*r);
    EXPECT_EQ(s.spec.ports[0].nodePort, 0);
    EXPECT_EQ(s.spec.externalTrafficPolicy, "");
    EXPECT_FALSE(sb.nodePortAllocator().has(c.spec.ports[0].nodePort));
}

TEST_F(Sandbox, DryRunAllocatesAndStoresNothing)
{
    const std::string rv = sb.resourceVersion();
    const uint64_t ips = sb.clusterIpAllocator().used();
    Service np = service("np");
    np.spec.type = "NodePort";
    np.spec.ports = {port("a", 80), port("b", 81)};
    auto r = sb.createNow(np, true);
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const Service &s = *std::get_if<Service>(&*r);
    EXPECT_EQ(s.spec.clusterIP, "");           // v1.20 skips the allocation on dry runs
    EXPECT_EQ(s.spec.ports[0].nodePort, 32769); // placeholders, as PortAllocationOperation gives
    EXPECT_EQ(s.spec.ports[1].nodePort, 32770);
    EXPECT_EQ(s.metadata.resourceVersion, "");
    EXPECT_EQ(sb.resourceVersion(), rv);
    EXPECT_EQ(sb.clusterIpAllocator().used(), ips);
    EXPECT_EQ(sb.nodePortAllocator().used(), 0u);
    EXPECT_FALSE(sb.snapshot().service("default", "np"));
    // A requested address is echoed, not checked against what is allocated (v1.20.2 does so).
    Service taken = service("taken");
    taken.spec.clusterIP = "10.96.0.1";
    auto echoed = sb.createNow(taken, true);
    ASSERT_TRUE(echoed.ok()) << echoed.error().toString();
    EXPECT_EQ(std::get_if<Service>(&*echoed)->spec.clusterIP, "10.96.0.1");
    // An existing name is still refused, and so is an invalid object.
    EXPECT_EQ(refused(service("kubernetes", std::nullopt), true).status, 409);
    Service bad = service("Bad");
    EXPECT_EQ(refused(bad, true).status, 422);
    // A dry-run replace stores nothing either.
    const Service real = created(service("web"));
    Service change = real;
    change.metadata.labels["x"] = "y";
    const std::string rv2 = sb.resourceVersion();
    ASSERT_TRUE(sb.replaceNow(change, true).ok());
    EXPECT_EQ(sb.resourceVersion(), rv2);
    EXPECT_TRUE(sb.snapshot().service("default", "web")->metadata.labels.empty());
}

TEST_F(Sandbox, ExhaustedRangeIsInternalError)
{
    SandboxOptions o = fixedOptions();
    o.settings.serviceClusterIpRange = *IpNetwork::parse("10.0.0.0/29"); // .1 - .6
    SandboxBackend small(o);
    for (int i = 0; i < 5; ++i) {
        Service s = service(("s" + std::to_string(i)).c_str());
        ASSERT_TRUE(small.createNow(s).ok()) << i;
    }
    auto r = small.createNow(service("full"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 500);
    EXPECT_EQ(r.error().reason, "InternalError");
    EXPECT_EQ(r.error().message, "Internal error occurred: failed to allocate a serviceIP: range "
                                 "is full");
}

TEST_F(Sandbox, SystemNamespacesCannotBeDeleted)
{
    auto r = sb.removeNow(ResourceKind::Namespace, "", "default");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 403);
    EXPECT_EQ(r.error().message, "namespaces \"default\" is forbidden: this namespace may not be "
                                 "deleted");
    Namespace ns;
    ns.metadata.name = "tmp";
    ASSERT_TRUE(sb.createNow(ns).ok());
    created(service("s", Labels{{"a", "b"}}, "tmp"));
    ASSERT_TRUE(sb.removeNow(ResourceKind::Namespace, "", "tmp").ok());
    snap = sb.snapshot();
    EXPECT_FALSE(snap.namespace_("tmp"));
    EXPECT_TRUE(snap.services("tmp").empty());
    EXPECT_EQ(sb.clusterIpAllocator().used(), 1u);
}

TEST_F(Sandbox, EndpointsControllerRunsOnEveryChange)
{
    created(service("web"));
    ASSERT_TRUE(endpoints("web"));
    EXPECT_TRUE(endpoints("web")->subsets.empty());
    ASSERT_TRUE(sb.createNow(pod("p1", "10.244.1.5")).ok());
    ASSERT_TRUE(sb.createNow(pod("p2", "10.244.2.6", false)).ok());
    const Endpoints *e = endpoints("web");
    ASSERT_EQ(e->subsets.size(), 1u);
    EXPECT_EQ(e->subsets[0].addresses.size(), 1u);
    EXPECT_EQ(e->subsets[0].notReadyAddresses.size(), 1u);
    EXPECT_EQ(e->subsets[0].ports[0].port, 8080);

    // p2 becomes ready.
    Pod p2 = *std::get_if<Pod>(&*sb.getNow(ResourceKind::Pod, "default", "p2"));
    p2.conditions = {{"Ready", "True"}};
    ASSERT_TRUE(sb.replaceNow(p2).ok());
    e = endpoints("web");
    EXPECT_EQ(e->subsets[0].addresses.size(), 2u);
    EXPECT_TRUE(e->subsets[0].notReadyAddresses.empty());
    ASSERT_TRUE(e->subsets[0].addresses[1].targetRef);
    EXPECT_EQ(e->subsets[0].addresses[1].targetRef->resourceVersion, objectMeta(*sb.getNow(ResourceKind::Pod, "default", "p2"))->resourceVersion);

    ASSERT_TRUE(sb.removeNow(ResourceKind::Pod, "default", "p1").ok());
    EXPECT_EQ(endpoints("web")->subsets[0].addresses.size(), 1u);
}

TEST_F(Sandbox, SelectorlessServiceKeepsHandWrittenEndpoints)
{
    created(service("manual", std::nullopt));
    EXPECT_FALSE(endpoints("manual"));
    Endpoints e;
    e.metadata.name = "manual";
    e.subsets = {{{{"1.2.3.4", "", std::nullopt, std::nullopt}}, {}, {{"", 9376, "", {}}}}};
    auto r = sb.createNow(e);
    ASSERT_TRUE(r.ok()) << r.error().toString();
    EXPECT_EQ(std::get_if<Endpoints>(&*r)->subsets[0].ports[0].protocol, "TCP"); // defaulted
    ASSERT_TRUE(sb.createNow(pod("p1", "10.244.1.5")).ok());
    const Endpoints *now = endpoints("manual");
    ASSERT_TRUE(now);
    EXPECT_EQ(now->subsets.at(0).addresses.at(0).ip, "1.2.3.4");
}

TEST_F(Sandbox, ExternalNameGetsNoClusterIpNorEndpoints)
{
    Service ext = service("db", std::nullopt);
    ext.spec.type = "ExternalName";
    ext.spec.externalName = "my.database.example.com";
    ext.spec.ports.clear();
    const uint64_t used = sb.clusterIpAllocator().used();
    const Service c = created(ext);
    EXPECT_EQ(c.spec.clusterIP, "");
    EXPECT_TRUE(c.spec.clusterIPs.empty());
    EXPECT_EQ(sb.clusterIpAllocator().used(), used);
    EXPECT_FALSE(endpoints("db"));
}

TEST_F(Sandbox, HeadlessGetsNoClusterIp)
{
    Service h = service("h");
    h.spec.clusterIP = "None";
    const Service c = created(h);
    EXPECT_EQ(c.spec.clusterIP, "None");
    EXPECT_EQ(c.spec.clusterIPs, (std::vector<std::string>{"None"}));
    ASSERT_TRUE(sb.createNow(pod("p1", "10.244.1.5")).ok());
    const Endpoints *e = endpoints("h");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->metadata.labels.at("service.kubernetes.io/headless"), "");
}

TEST_F(Sandbox, EmptySelectorIsStoredAsNone)
{
    const Service c = created(service("all", Labels{}));
    EXPECT_FALSE(c.spec.selector.has_value());
    ASSERT_TRUE(sb.createNow(pod("p1", "10.244.1.5")).ok());
    EXPECT_FALSE(endpoints("all"));
}

TEST_F(Sandbox, InvalidEndpointsRefused)
{
    Endpoints e;
    e.metadata.name = "bad";
    e.subsets = {{{{"not-an-ip", "", std::nullopt, std::nullopt}}, {}, {{"", 80, "TCP", {}}}}};
    const ApiError err = refused(e);
    EXPECT_EQ(err.status, 422);
    EXPECT_EQ(err.message.rfind("Endpoints \"bad\" is invalid: ", 0), 0u) << err.message;
}

TEST_F(Sandbox, WatchFromResourceVersion)
{
    const std::string start = sb.resourceVersion();
    std::vector<std::string> seen;
    auto handle = sb.watch(ResourceKind::Service, "default", start, [&](const WatchEvent &ev) {
        const char *t = ev.type == WatchEvent::Type::Added      ? "ADDED"
                        : ev.type == WatchEvent::Type::Modified ? "MODIFIED"
                        : ev.type == WatchEvent::Type::Deleted  ? "DELETED"
                                                                : "OTHER";
        seen.push_back(std::string(t) + " " + objectMeta(ev.object)->name + " @"
                       + ev.resourceVersion);
    });
    Service s = created(service("web"));
    s.metadata.labels["v"] = "2";
    ASSERT_TRUE(sb.replaceNow(s).ok());
    ASSERT_TRUE(sb.removeNow(ResourceKind::Service, "default", "web").ok());
    created(service("other", Labels{{"a", "b"}}, "kube-system")); // other namespace: not seen
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].rfind("ADDED web @", 0), 0u);
    EXPECT_EQ(seen[1].rfind("MODIFIED web @", 0), 0u);
    EXPECT_EQ(seen[2].rfind("DELETED web @", 0), 0u);

    // A second watch from the same point replays the same events.
    std::vector<std::string> replay;
    auto again = sb.watch(ResourceKind::Service, "default", start, [&](const WatchEvent &ev) {
        replay.push_back(objectMeta(ev.object)->name + " @" + ev.resourceVersion);
    });
    EXPECT_EQ(replay.size(), 3u);

    handle->stop();
    created(service("after"));
    EXPECT_EQ(seen.size(), 3u); // nothing after stop()
    EXPECT_EQ(replay.size(), 4u);
}

TEST_F(Sandbox, WatchWithoutVersionListsFirst)
{
    std::vector<std::string> names;
    auto h = sb.watch(ResourceKind::Namespace, "", "", [&](const WatchEvent &ev) {
        EXPECT_EQ(ev.type, WatchEvent::Type::Added);
        names.push_back(objectMeta(ev.object)->name);
    });
    EXPECT_EQ(names, (std::vector<std::string>{"default", "kube-node-lease", "kube-public",
                                               "kube-system"}));
}

TEST_F(Sandbox, WatchTooOldIsGone)
{
    SandboxOptions o = fixedOptions();
    o.historyLimit = 5;
    SandboxBackend small(o);
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(small.createNow(service(("s" + std::to_string(i)).c_str())).ok());
    std::vector<WatchEvent> events;
    auto h = small.watch(ResourceKind::Service, "", "1", [&](const WatchEvent &ev) { events.push_back(ev); });
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, WatchEvent::Type::Error);
    EXPECT_EQ(events[0].error.status, 410);
    EXPECT_EQ(events[0].error.message.rfind("too old resource version: 1 (", 0), 0u);
}

TEST_F(Sandbox, EndpointsWatchSeesControllerWrites)
{
    created(service("web"));
    std::vector<WatchEvent::Type> types;
    auto h = sb.watch(ResourceKind::Endpoints, "default", sb.resourceVersion(),
                      [&](const WatchEvent &ev) { types.push_back(ev.type); });
    ASSERT_TRUE(sb.createNow(pod("p1", "10.244.1.5")).ok());
    ASSERT_EQ(types.size(), 1u);
    EXPECT_EQ(types[0], WatchEvent::Type::Modified);
}

TEST_F(Sandbox, CallbacksRunBeforeReturn)
{
    bool called = false;
    sb.create(service("web"), false, [&](ApiResult<KubeObject> r) {
        called = true;
        EXPECT_TRUE(r.ok());
    });
    EXPECT_TRUE(called);
    int listed = 0;
    sb.list(ResourceKind::Service, "", [&](ApiResult<ObjectList> r) {
        ASSERT_TRUE(r.ok());
        listed = int(r->items.size());
        EXPECT_EQ(r->resourceVersion, sb.resourceVersion());
    });
    EXPECT_EQ(listed, 2);
}

TEST_F(Sandbox, ChangedSignalOncePerCall)
{
    int count = 0;
    QObject::connect(&sb, &SandboxBackend::changed, [&] { ++count; });
    created(service("web"));
    EXPECT_EQ(count, 1); // the service and its Endpoints in one go
}

TEST_F(Sandbox, BatchCoalescesControllerWork)
{
    created(service("web"));
    sb.beginBatch();
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(sb.createNow(pod(("p" + std::to_string(i)).c_str(),
                                     ("10.244.1." + std::to_string(i + 2)).c_str()))
                        .ok());
    EXPECT_TRUE(endpoints("web")->subsets.empty()); // not yet
    sb.endBatch();
    EXPECT_EQ(endpoints("web")->subsets.at(0).addresses.size(), 20u);
    EXPECT_EQ(sb.resyncAllEndpoints(), 0u); // nothing left to do
}

TEST(ScenarioHeader, Parses)
{
    std::string title;
    auto s = parseScenarioHeader("# @title: Demo\n# some words\n#\n# @service-cluster-ip-range: "
                                 "10.0.0.0/16\n# @service-node-port-range: 20000-20100\n"
                                 "# @cluster-domain: Corp.Example\napiVersion: v1\n# @bogus: x\n",
                                 &title);
    ASSERT_TRUE(s.ok()) << s.error().toString();
    EXPECT_EQ(title, "Demo");
    EXPECT_EQ(s->serviceClusterIpRange.toString(), "10.0.0.0/16");
    EXPECT_EQ(s->nodePortMin, 20000);
    EXPECT_EQ(s->nodePortMax, 20100);
    EXPECT_EQ(s->clusterDomain, "corp.example");
    EXPECT_FALSE(parseScenarioHeader("# @bogus: x\n").ok());
    EXPECT_FALSE(parseScenarioHeader("# @service-cluster-ip-range: 10.0.0/33\n").ok());
    EXPECT_FALSE(parseScenarioHeader("# @service-node-port-range: 200-100\n").ok());
}

} // namespace
