// SPDX-License-Identifier: GPL-3.0-or-later
#include "test_support.h"

using namespace studio;
using namespace studio::test;

namespace {

TEST(DefaultService, FillsWhatSetDefaultsServiceFills)
{
    Service s;
    s.metadata.name = "my-service";
    s.spec.ports = {port(80),
                    port(443, IntOrString::fromString("")),
                    port(53, IntOrString::fromInt(0), {}, "UDP"),
                    port(8080, IntOrString::fromString("http"))};
    defaultService(s);
    EXPECT_EQ(s.spec.type, "ClusterIP");
    EXPECT_EQ(s.spec.sessionAffinity, "None");
    EXPECT_FALSE(s.spec.sessionAffinityConfig);
    EXPECT_EQ(s.spec.externalTrafficPolicy, ""); // only NodePort and LoadBalancer get one
    EXPECT_EQ(s.spec.ports[0].protocol, "TCP");
    EXPECT_EQ(s.spec.ports[0].targetPort, IntOrString::fromInt(80));
    EXPECT_EQ(s.spec.ports[1].targetPort, IntOrString::fromInt(443));
    EXPECT_EQ(s.spec.ports[2].protocol, "UDP");
    EXPECT_EQ(s.spec.ports[2].targetPort, IntOrString::fromInt(53));
    EXPECT_EQ(s.spec.ports[3].targetPort, IntOrString::fromString("http"));
    // Dual-stack and LB node-port control are alpha in v1.20: nothing defaulted for them.
    EXPECT_FALSE(s.spec.ipFamilyPolicy);
    EXPECT_TRUE(s.spec.ipFamilies.empty());
    EXPECT_FALSE(s.spec.allocateLoadBalancerNodePorts);
    EXPECT_TRUE(s.spec.clusterIP.empty());
}

TEST(DefaultService, ClientIpGetsTheDefaultTimeout)
{
    Service s = myService();
    s.spec.sessionAffinity = "ClientIP";
    defaultService(s);
    ASSERT_TRUE(s.spec.sessionAffinityConfig && s.spec.sessionAffinityConfig->clientIP);
    EXPECT_EQ(s.spec.sessionAffinityConfig->clientIP->timeoutSeconds, 10800);

    s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{60}};
    defaultService(s);
    EXPECT_EQ(s.spec.sessionAffinityConfig->clientIP->timeoutSeconds, 60);

    s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{}};
    defaultService(s);
    EXPECT_EQ(s.spec.sessionAffinityConfig->clientIP->timeoutSeconds, 10800);
}

TEST(DefaultService, NoneAffinityDropsTheConfig)
{
    Service s = myService();
    s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{60}};
    defaultService(s);
    EXPECT_EQ(s.spec.sessionAffinity, "None");
    EXPECT_FALSE(s.spec.sessionAffinityConfig);
}

TEST(DefaultService, ExternalTrafficPolicyClusterForNodePortAndLoadBalancer)
{
    for (const char *type : {"NodePort", "LoadBalancer"}) {
        Service s = myService();
        s.spec.type = type;
        defaultService(s);
        EXPECT_EQ(s.spec.externalTrafficPolicy, "Cluster") << type;
    }
    Service s = myService();
    s.spec.type = "LoadBalancer";
    s.spec.externalTrafficPolicy = "Local";
    defaultService(s);
    EXPECT_EQ(s.spec.externalTrafficPolicy, "Local");
    s = myService();
    s.spec.type = "ExternalName";
    defaultService(s);
    EXPECT_EQ(s.spec.externalTrafficPolicy, "");
}

TEST(DefaultService, IsIdempotent)
{
    Service s = myService();
    s.spec.type = "LoadBalancer";
    s.spec.sessionAffinity = "ClientIP";
    defaultService(s);
    Service again = s;
    defaultService(again);
    EXPECT_EQ(s, again);
}

TEST(DefaultEndpoints, PortProtocolTcp)
{
    Endpoints e;
    e.subsets = {
        EndpointSubset{{}, {}, {EndpointPort{"a", 80, {}, {}}, EndpointPort{"b", 53, "UDP", {}}}}};
    defaultEndpoints(e);
    EXPECT_EQ(e.subsets[0].ports[0].protocol, "TCP");
    EXPECT_EQ(e.subsets[0].ports[1].protocol, "UDP");
}

TEST(DefaultNamespace, PhaseActive)
{
    Namespace n;
    defaultNamespace(n);
    EXPECT_EQ(n.phase, "Active");
}

} // namespace
