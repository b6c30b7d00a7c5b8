// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/cluster_snapshot.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {

Service svc(const char *ns, const char *name, const char *ip, std::optional<Labels> sel = {})
{
    Service s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    s.spec.clusterIP = ip;
    s.spec.selector = std::move(sel);
    return s;
}

Pod pod(const char *ns, const char *name, Labels labels, const char *node)
{
    Pod p;
    p.metadata.namespace_ = ns;
    p.metadata.name = name;
    p.metadata.labels = std::move(labels);
    p.nodeName = node;
    return p;
}

TEST(ClusterSnapshot, ListsAndLookups)
{
    Namespace ns;
    ns.metadata.name = "prod";
    KubeNode n;
    n.metadata.name = "node-1";
    const ClusterSnapshot s = ClusterSnapshot::fromObjects(
        {svc("prod", "b", "10.96.0.3"), svc("prod", "a", "10.96.0.2", Labels{{"app", "a"}}),
         svc("default", "z", "10.96.0.4"), pod("prod", "p1", {{"app", "a"}}, "node-1"),
         pod("prod", "p2", {{"app", "b"}}, "node-2"), pod("dev", "p3", {{"app", "a"}}, "node-1"),
         ns, n, std::monostate{}});
    EXPECT_EQ(s.objectCount(), 8u);
    const auto prod = s.services("prod");
    ASSERT_EQ(prod.size(), 2u);
    EXPECT_EQ(prod[0]->metadata.name, "a"); // ordered by name within the namespace
    EXPECT_EQ(s.services().size(), 3u);
    EXPECT_EQ(s.services().front()->metadata.namespace_, "default");
    EXPECT_TRUE(s.service("prod", "a"));
    EXPECT_FALSE(s.service("dev", "a"));
    EXPECT_TRUE(s.node("node-1"));
    EXPECT_TRUE(s.namespace_("prod"));
    const auto selected = s.podsSelectedBy(*s.service("prod", "a"));
    ASSERT_EQ(selected.size(), 1u); // not the dev pod with the same label
    EXPECT_EQ(selected[0]->metadata.name, "p1");
    EXPECT_TRUE(s.podsSelectedBy(*s.service("prod", "b")).empty()); // no selector
    EXPECT_EQ(s.podsOnNode("node-1").size(), 2u);
    ASSERT_TRUE(s.serviceByClusterIp("10.96.0.4"));
    EXPECT_EQ(s.serviceByClusterIp("10.96.0.4")->metadata.name, "z");
    EXPECT_FALSE(s.serviceByClusterIp("10.96.9.9"));
}

TEST(ClusterSnapshot, CopiesShareObjects)
{
    ClusterSnapshot a;
    a.add(std::make_shared<const Service>(svc("default", "x", "10.96.0.9")));
    ClusterSnapshot b = a;
    b.remove(ResourceKind::Service, {"default", "x"});
    EXPECT_TRUE(a.service("default", "x"));
    EXPECT_FALSE(b.service("default", "x"));
    ClusterSnapshot c = a;
    EXPECT_EQ(c.service("default", "x"), a.service("default", "x")); // same object, no copy
}

TEST(ClusterSnapshot, Settings)
{
    ClusterSettings st;
    st.clusterDomain = "corp.example";
    ClusterSnapshot s(st);
    EXPECT_EQ(s.settings().clusterDomain, "corp.example");
    EXPECT_EQ(s.settings().serviceClusterIpRange.toString(), "10.96.0.0/12");
}

} // namespace
