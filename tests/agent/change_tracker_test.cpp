// SPDX-License-Identifier: GPL-3.0-or-later
#include "change_tracker.h"

#include "cluster/sandbox_backend.h"

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::agent;
using namespace std::chrono_literals;

namespace {

Service
service(const std::string &ns, const std::string &name, const std::string &ip, int port = 80)
{
    Service s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    s.metadata.resourceVersion = "1";
    s.spec.clusterIP = ip;
    ServicePort p;
    p.port = port;
    p.protocol = "TCP";
    s.spec.ports.push_back(p);
    return s;
}

Endpoints
endpoints(const std::string &ns, const std::string &name, const std::vector<std::string> &ips)
{
    Endpoints e;
    e.metadata.namespace_ = ns;
    e.metadata.name = name;
    EndpointSubset subset;
    for (const std::string &ip : ips) {
        EndpointAddress a;
        a.ip = ip;
        subset.addresses.push_back(a);
    }
    EndpointPort port;
    port.port = 8080;
    subset.ports.push_back(port);
    e.subsets.push_back(subset);
    return e;
}

KubeNode node(const std::string &name, const std::string &zone)
{
    KubeNode n;
    n.metadata.name = name;
    n.metadata.labels["topology.kubernetes.io/zone"] = zone;
    return n;
}

struct FakeClock
{
    SteadyClock::time_point now = SteadyClock::time_point(1000s);
};

} // namespace

TEST(ChangeTracker, RecordsAndTakes)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    EXPECT_TRUE(tracker.empty());
    state.upsert(service("default", "web", "10.96.0.10"));
    state.upsert(endpoints("prod", "api", {"10.244.1.1"}));
    PendingChanges p = tracker.pending();
    EXPECT_TRUE(p.any());
    EXPECT_EQ(p.services, (std::set<std::string>{"default/web", "prod/api"}));
    EXPECT_FALSE(p.nodeChanged);
    p = tracker.take();
    EXPECT_EQ(p.services.size(), 2u);
    EXPECT_TRUE(tracker.empty());
    EXPECT_FALSE(tracker.pending().any());
    // The state keeps the objects.
    EXPECT_NE(state.snapshot().service("default", "web"), nullptr);
}

TEST(ChangeTracker, CreateThenDeleteBeforeSyncCollapses)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    state.upsert(service("default", "web", "10.96.0.10"));
    state.remove(service("default", "web", "10.96.0.10"));
    EXPECT_TRUE(tracker.empty());
    EXPECT_FALSE(tracker.pending().any());
}

TEST(ChangeTracker, ChangeAndRevertCollapses)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    state.upsert(endpoints("default", "web", {"10.244.1.1"}));
    tracker.take(); // synced
    state.upsert(endpoints("default", "web", {"10.244.1.1", "10.244.1.2"}));
    EXPECT_EQ(tracker.pending().services, std::set<std::string>{"default/web"});
    state.upsert(endpoints("default", "web", {"10.244.1.1"}));
    EXPECT_TRUE(tracker.empty()); // previous == current again
}

TEST(ChangeTracker, MetadataNoiseIsNoChange)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    Service s = service("default", "web", "10.96.0.10");
    state.upsert(s);
    Endpoints e = endpoints("kube-system", "kube-scheduler", {});
    state.upsert(e);
    tracker.take();
    s.metadata.resourceVersion = "2";
    s.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{}";
    state.upsert(s);
    // The leader-election annotation that kube-controller-manager rewrites every 2 s.
    e.metadata.resourceVersion = "77";
    e.metadata.annotations["control-plane.alpha.kubernetes.io/leader"]
        = "{\"holderIdentity\":\"x\"}";
    state.upsert(e);
    EXPECT_TRUE(tracker.empty());
    // A pod's uid and resourceVersion in targetRef are noise too; its name is not.
    Endpoints withRef = endpoints("default", "web", {"10.244.1.1"});
    withRef.subsets[0].addresses[0].targetRef
        = ObjectReference{"Pod", "default", "web-1", "uid-1", "5"};
    state.upsert(withRef);
    tracker.take();
    withRef.subsets[0].addresses[0].targetRef->uid = "uid-2";
    withRef.subsets[0].addresses[0].targetRef->resourceVersion = "9";
    state.upsert(withRef);
    EXPECT_TRUE(tracker.empty());
    withRef.subsets[0].addresses[0].targetRef->name = "web-2";
    state.upsert(withRef);
    EXPECT_FALSE(tracker.empty());
    tracker.take();
    // A real change is seen.
    s.spec.ports[0].port = 81;
    state.upsert(s);
    EXPECT_EQ(tracker.pending().services, std::set<std::string>{"default/web"});
    // Labels matter (service-proxy-name).
    tracker.take();
    s.metadata.labels["service.kubernetes.io/service-proxy-name"] = "other";
    state.upsert(s);
    EXPECT_FALSE(tracker.empty());
}

TEST(ChangeTracker, OnlyOwnNode)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    state.upsert(node("node-2", "a"));
    EXPECT_TRUE(tracker.empty());
    EXPECT_EQ(state.snapshot().node("node-2"), nullptr);
    state.upsert(node("node-1", "a"));
    EXPECT_TRUE(tracker.pending().nodeChanged);
    EXPECT_TRUE(tracker.pending().services.empty());
    tracker.take();
    state.upsert(node("node-1", "a"));
    EXPECT_TRUE(tracker.empty());
    state.upsert(node("node-1", "b"));
    EXPECT_TRUE(tracker.pending().nodeChanged);
}

TEST(ChangeTracker, FirstChangeIsTheOldest)
{
    FakeClock clock;
    ChangeTracker tracker([&] { return clock.now; });
    ClusterState state(tracker, "node-1");
    const auto t0 = clock.now;
    state.upsert(service("default", "a", "10.96.0.10"));
    clock.now += 5s;
    state.upsert(service("default", "b", "10.96.0.11"));
    clock.now += 5s;
    state.upsert(service("default", "a", "10.96.0.12")); // a again: keeps its first time
    const PendingChanges p = tracker.pending();
    ASSERT_TRUE(p.firstChange);
    EXPECT_EQ(*p.firstChange, t0);
    tracker.take();
    clock.now += 1s;
    state.upsert(service("default", "b", "10.96.0.13"));
    EXPECT_EQ(*tracker.pending().firstChange, clock.now);
}

TEST(ChangeTracker, ReplaceKindDeletesWhatIsGone)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    state.upsert(service("default", "a", "10.96.0.10"));
    state.upsert(service("default", "b", "10.96.0.11"));
    state.upsert(endpoints("default", "a", {"10.244.0.5"}));
    tracker.take();
    // A relist after a 410: b is gone, a unchanged, c new.
    state.replaceKind(ResourceKind::Service,
                      {KubeObject(service("default", "a", "10.96.0.10")),
                       KubeObject(service("default", "c", "10.96.0.12"))});
    EXPECT_EQ(tracker.pending().services, (std::set<std::string>{"default/b", "default/c"}));
    EXPECT_EQ(state.snapshot().service("default", "b"), nullptr);
    EXPECT_NE(state.snapshot().endpoints("default", "a"), nullptr); // other kinds untouched
}

TEST(ChangeTracker, ReplaceAllFromSandbox)
{
    SandboxOptions o;
    o.seed = 1;
    SandboxBackend sandbox(o);
    auto loaded = sandbox.loadScenarioFile(std::string(STUDIO_SCENARIOS_DIR) + "/default.yaml");
    ASSERT_TRUE(loaded);
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    state.replaceAll(sandbox.snapshot());
    const size_t services = state.snapshot().serviceMap().size();
    EXPECT_GT(services, 3u);
    EXPECT_EQ(state.snapshot().serviceMap().size(), sandbox.snapshot().serviceMap().size());
    EXPECT_LE(state.snapshot().nodeMap().size(), 1u);
    EXPECT_TRUE(state.snapshot().podMap().empty()); // pods stay in the sandbox
    tracker.take();
    state.replaceAll(sandbox.snapshot()); // the same again: nothing
    EXPECT_TRUE(tracker.empty());
    // A snapshot without one service: exactly that one changes.
    ClusterSnapshot smaller = sandbox.snapshot();
    const ObjectKey first = smaller.serviceMap().begin()->first;
    smaller.remove(ResourceKind::Service, first);
    state.replaceAll(smaller);
    EXPECT_EQ(tracker.pending().services,
              std::set<std::string>{first.namespace_ + "/" + first.name});
}
