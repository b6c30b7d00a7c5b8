// SPDX-License-Identifier: GPL-3.0-or-later
// Watches against the real apiserver: order of events, a watch that lives through an
// apiserver restart (linked last, since it restarts the apiserver), and 410 Gone.
#include "e2e_support.h"

#include <QElapsedTimer>

#include <cstdio>

using namespace studio;
using namespace studio::test;

namespace {

Service simpleService(const std::string &name, const std::string &ns)
{
    Service s;
    s.metadata.name = name;
    s.metadata.namespace_ = ns;
    ServicePort p;
    p.port = 80;
    s.spec.ports = {p};
    return s;
}

const char *typeName(WatchEvent::Type t)
{
    switch (t) {
    case WatchEvent::Type::Added:
        return "ADDED";
    case WatchEvent::Type::Modified:
        return "MODIFIED";
    case WatchEvent::Type::Deleted:
        return "DELETED";
    case WatchEvent::Type::Bookmark:
        return "BOOKMARK";
    case WatchEvent::Type::Error:
        return "ERROR";
    }
    return "?";
}

std::string describe(const WatchEvent &e)
{
    if (e.type == WatchEvent::Type::Error)
        return std::string("ERROR ") + std::to_string(e.error.status);
    const ObjectMeta *m = objectMeta(e.object);
    return std::string(typeName(e.type)) + " " + (m ? m->name : "-");
}

std::string describe(const RawWatchEvent &e)
{
    if (e.type == WatchEvent::Type::Error)
        return std::string("ERROR ") + std::to_string(e.error.status);
    const Node *m = e.object.find("metadata");
    return std::string(typeName(e.type)) + " " + (m ? m->find("name")->text() : "-");
}

std::string join(const std::vector<std::string> &v)
{
    std::string s;
    for (const auto &x : v)
        s += "\n    " + x;
    return s;
}

bool g_restarted = false; // WatchAcrossRestart ran

bool hasNoDuplicates(const std::vector<std::string> &v)
{
    return std::set<std::string>(v.begin(), v.end()).size() == v.size();
}

// Creates, with retries while a just-restarted apiserver settles.
ApiResult<KubeObject> createRetrying(ApiServerBackend &be, const KubeObject &o)
{
    ApiResult<KubeObject> r = apiClientTimeout("not tried");
    for (int i = 0; i < 20; ++i) {
        r = await<KubeObject>([&](auto cb) { be.create(o, false, cb); });
        if (r || (r.error().status != 0 && r.error().status < 500 && r.error().status != 429))
            return r;
        spin(500);
    }
    return r;
}

} // namespace

TEST(Watch, ListThenEventsInOrder)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    const std::string ns = "e2e-watch";
    ASSERT_TRUE(createNamespace(*be, ns, false));
    ASSERT_TRUE(
        await<KubeObject>([&](auto cb) { be->create(simpleService("pre", ns), false, cb); }).ok());

    std::vector<std::string> events;
    auto w = be->watch(ResourceKind::Service, ns, "", [&](const WatchEvent &e) {
        if (e.type != WatchEvent::Type::Bookmark)
            events.push_back(describe(e));
    });
    ASSERT_TRUE(waitFor([&] { return events.size() == 1; })) << join(events);
    auto a = await<KubeObject>([&](auto cb) { be->create(simpleService("a", ns), false, cb); });
    ASSERT_TRUE(a.ok());
    Service changed = std::get<Service>(*a);
    changed.metadata.labels["x"] = "y";
    ASSERT_TRUE(await<KubeObject>([&](auto cb) { be->replace(changed, false, cb); }).ok());
    ASSERT_TRUE(await<bool>([&](auto cb) { be->remove(ResourceKind::Service, ns, "a", cb); }).ok());
    ASSERT_TRUE(waitFor([&] { return events.size() >= 4; })) << join(events);
    spin(500);
    EXPECT_EQ(events,
              (std::vector<std::string>{"ADDED pre", "ADDED a", "MODIFIED a", "DELETED a"}));

    // Nothing after stop().
    w->stop();
    ASSERT_TRUE(await<KubeObject>([&](auto cb) {
                    be->create(simpleService("after", ns), false, cb);
                }).ok());
    spin(500);
    EXPECT_EQ(events.size(), 4u);
}

TEST(WatchAcrossRestart, NoEventLostOrDeliveredTwice)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    const std::string ns = "e2e-restart";
    ASSERT_TRUE(createNamespace(*be, ns, false));
    ASSERT_TRUE(await<KubeObject>([&](auto cb) {
                    be->create(simpleService("before", ns), false, cb);
                }).ok());
    auto listed = await<ObjectList>([&](auto cb) { be->list(ResourceKind::Service, ns, cb); });
    ASSERT_TRUE(listed.ok());

    // Two watchers: the backend's (list + watch, relists on 410), and the raw client's watch
    // from the list's resourceVersion (resumes from the last version it saw).
    std::vector<std::string> backendEvents, rawEvents;
    std::vector<bool> connection;
    QObject::connect(be.get(), &ClusterBackend::connectionChanged, [&](bool c, const QString &) {
        connection.push_back(c);
    });
    auto handle = be->watch(ResourceKind::Service, ns, "", [&](const WatchEvent &e) {
        if (e.type != WatchEvent::Type::Bookmark)
            backendEvents.push_back(describe(e));
    });
    auto rawClient = clientFrom("ADMIN_KUBECONFIG");
    WatchOptions wo;
    wo.resourceVersion = listed->resourceVersion;
    auto raw = rawClient->watch(
        ResourceRef::of(ResourceKind::Service), ns, wo, [&](const RawWatchEvent &e) {
            if (e.type != WatchEvent::Type::Bookmark)
                rawEvents.push_back(describe(e));
        });
    ASSERT_TRUE(waitFor([&] { return backendEvents.size() == 1; })) << join(backendEvents);
    auto a = await<KubeObject>([&](auto cb) { be->create(simpleService("a", ns), false, cb); });
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(waitFor([&] { return backendEvents.size() == 2 && rawEvents.size() == 1; }))
        << join(backendEvents) << join(rawEvents);

    // ---- stop the apiserver ----
    std::string error;
    QElapsedTimer down;
    down.start();
    ASSERT_TRUE(cluster().stopApiserver(error)) << error;
    g_restarted = true;
    const double stopSeconds = double(down.elapsed()) / 1000.0;
    EXPECT_TRUE(waitFor([&] { return !connection.empty() && !connection.back(); }, 30'000))
        << "connectionChanged(false) not emitted";
    auto whileDown
        = await<KubeObject>([&](auto cb) { be->create(simpleService("never", ns), false, cb); });
    ASSERT_FALSE(whileDown.ok());
    EXPECT_EQ(whileDown.error().reason, "Unreachable") << whileDown.error().toString();
    spin(2000); // let the watches back off a few times

    // ---- start it again, same flags and port ----
    const double ready = cluster().startApiserver(error);
    ASSERT_GE(ready, 0) << error;
    std::fprintf(stderr,
                 "# apiserver stopped in %.1f s, restarted: ready %.1f s after start, %.1f s of "
                 "downtime\n",
                 stopSeconds,
                 ready,
                 double(down.elapsed()) / 1000.0);
    ASSERT_TRUE(waitFor([&] { return !connection.empty() && connection.back(); }, 60'000))
        << "connectionChanged(true) not emitted after the restart";
    // A marker proves the backend watch is live again before the real changes.
    ASSERT_TRUE(createRetrying(*be, simpleService("marker", ns)).ok());
    ASSERT_TRUE(waitFor([&] { return backendEvents.size() >= 3; }, 60'000)) << join(backendEvents);

    ASSERT_TRUE(createRetrying(*be, simpleService("b", ns)).ok());
    auto liveA = await<KubeObject>([&](auto cb) { be->get(ResourceKind::Service, ns, "a", cb); });
    ASSERT_TRUE(liveA.ok());
    Service changed = std::get<Service>(*liveA);
    changed.metadata.labels["after"] = "restart";
    ASSERT_TRUE(await<KubeObject>([&](auto cb) { be->replace(changed, false, cb); }).ok());
    ASSERT_TRUE(await<bool>([&](auto cb) { be->remove(ResourceKind::Service, ns, "a", cb); }).ok());

    const std::vector<std::string> want
        = {"ADDED before", "ADDED a", "ADDED marker", "ADDED b", "MODIFIED a", "DELETED a"};
    EXPECT_TRUE(waitFor([&] { return backendEvents.size() >= want.size(); }, 60'000))
        << join(backendEvents);
    spin(3000); // duplicates, if any, would arrive now
    EXPECT_EQ(backendEvents, want) << join(backendEvents);
    EXPECT_TRUE(hasNoDuplicates(backendEvents)) << join(backendEvents);

    // The raw watch either resumed from its last version (no 410), or the restarted
    // apiserver's watch cache no longer reached back that far and it got the relist signal.
    const bool gone = !rawEvents.empty() && rawEvents.back() == "ERROR 410";
    std::fprintf(stderr,
                 "# raw watch across the restart: %s (reconnects %d, dropped duplicates %llu)\n",
                 gone ? "410 Gone -> relist signal" : "resumed from its resourceVersion",
                 raw->connects(),
                 static_cast<unsigned long long>(raw->duplicatesDropped()));
    if (gone) {
        EXPECT_EQ(rawEvents, (std::vector<std::string>{"ADDED a", "ERROR 410"}));
        EXPECT_TRUE(raw->stopped());
    } else {
        EXPECT_EQ(rawEvents,
                  (std::vector<std::string>{
                      "ADDED a", "ADDED marker", "ADDED b", "MODIFIED a", "DELETED a"}));
        EXPECT_GE(raw->connects(), 2);
    }
}

// After a restart the apiserver's watch cache starts at the current version, so a version
// from before is "too old" (on a young, never restarted cluster even resourceVersion 1 may
// still be served from the cache). Runs after the restart test; restarts itself if alone.
TEST(WatchAcrossRestart, VersionFromBeforeTheRestartIs410)
{
    if (!g_restarted) {
        std::string error;
        ASSERT_TRUE(cluster().stopApiserver(error)) << error;
        ASSERT_GE(cluster().startApiserver(error), 0) << error;
    }
    auto c = clientFrom("ADMIN_KUBECONFIG");
    ASSERT_TRUE(c);
    std::vector<RawWatchEvent> events;
    WatchOptions wo;
    wo.resourceVersion = "1";
    auto w = c->watch(ResourceRef::of(ResourceKind::Service), "", wo, [&](const RawWatchEvent &e) {
        events.push_back(e);
    });
    ASSERT_TRUE(waitFor([&] { return !events.empty(); }));
    EXPECT_EQ(events[0].type, WatchEvent::Type::Error) << describe(events[0]);
    EXPECT_EQ(events[0].error.status, 410);
    EXPECT_NE(events[0].error.message.find("too old resource version"), std::string::npos)
        << events[0].error.message;
    EXPECT_TRUE(w->stopped());
    // Through the backend with an explicit version: the same signal (the caller relists).
    auto be = adminBackend();
    std::vector<WatchEvent> bev;
    auto h
        = be->watch(ResourceKind::Service, "", "1", [&](const WatchEvent &e) { bev.push_back(e); });
    ASSERT_TRUE(waitFor([&] { return !bev.empty(); }));
    EXPECT_EQ(bev[0].type, WatchEvent::Type::Error) << describe(bev[0]);
    EXPECT_EQ(bev[0].error.status, 410);
    // With no version the backend lists and watches: no 410 there.
    std::vector<WatchEvent> fresh;
    auto f = be->watch(
        ResourceKind::Service, "default", "", [&](const WatchEvent &e) { fresh.push_back(e); });
    ASSERT_TRUE(waitFor([&] { return !fresh.empty(); }));
    bool sawKubernetes = false;
    for (const auto &e : fresh) {
        EXPECT_EQ(e.type, WatchEvent::Type::Added) << describe(e);
        sawKubernetes = sawKubernetes || describe(e) == "ADDED kubernetes";
    }
    EXPECT_TRUE(sawKubernetes);
}
