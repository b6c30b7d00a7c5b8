// SPDX-License-Identifier: GPL-3.0-or-later
// The reflector logic of ApiServerSource over the in-process sandbox (same ClusterBackend
// interface, same watch and 410 semantics as the real apiserver backend).
#include "apiserver_source.h"

#include "cluster/sandbox_backend.h"
#include "support/event_loop_wait.h"

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::agent;

namespace {
KubeObject service(const std::string &name)
{
    Service s;
    s.metadata.namespace_ = "default";
    s.metadata.name = name;
    ServicePort p;
    p.port = 80;
    s.spec.ports.push_back(p);
    s.spec.selector = Labels{{"app", name}};
    return s;
}
} // namespace

TEST(ApiServerSource, ListsWatchesAndRelistsAfterExpiry)
{
    SandboxOptions o;
    o.seed = 7;
    auto owned = std::make_unique<SandboxBackend>(o);
    SandboxBackend *sandbox = owned.get();
    ASSERT_TRUE(sandbox->createNow(service("a")));

    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    ApiServerSource source(state, std::move(owned));
    source.start();
    ASSERT_TRUE(studio::test::runEventLoopUntil([&] { return source.synced(); }, 5000));
    EXPECT_NE(state.snapshot().service("default", "a"), nullptr);
    EXPECT_NE(state.snapshot().service("default", "kubernetes"), nullptr);
    tracker.take();

    // Watch events.
    ASSERT_TRUE(sandbox->createNow(service("b")));
    ASSERT_TRUE(studio::test::runEventLoopUntil(
        [&] { return state.snapshot().service("default", "b"); }, 5000));
    ASSERT_TRUE(sandbox->removeNow(ResourceKind::Service, "default", "a"));
    ASSERT_TRUE(studio::test::runEventLoopUntil(
        [&] { return !state.snapshot().service("default", "a"); }, 5000));
    EXPECT_TRUE(tracker.pending().services.count("default/a"));
    EXPECT_TRUE(tracker.pending().services.count("default/b"));

    // A scenario load ends the watches with 410 and replaces everything: the relist must
    // delete what is gone (b) and add what is new.
    auto loaded = sandbox->loadScenarioText("apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n "
                                            " namespace: default\nspec:\n  ports:\n  - port: 80\n",
                                            "c.yaml");
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(studio::test::runEventLoopUntil(
        [&] {
            return state.snapshot().service("default", "c")
                   && !state.snapshot().service("default", "b");
        },
        10000));
}
