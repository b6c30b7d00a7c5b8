// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery/service_env.h"

#include "cluster/cluster_snapshot.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {

Service svc(const char *ns, const char *name, const char *ip, std::vector<ServicePort> ports,
            const char *created = "")
{
    Service s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    s.metadata.creationTimestamp = created;
    s.spec.clusterIP = ip;
    s.spec.ports = std::move(ports);
    return s;
}

ServicePort tcp(int32_t port, const char *name = "", const char *proto = "TCP")
{
    ServicePort p;
    p.name = name;
    p.port = port;
    p.protocol = proto;
    return p;
}

Pod pod(const char *ns, const char *created = "")
{
    Pod p;
    p.metadata.namespace_ = ns;
    p.metadata.name = "client";
    p.metadata.creationTimestamp = created;
    return p;
}

std::vector<std::string> lines(const std::vector<EnvVar> &env)
{
    std::vector<std::string> out;
    for (const auto &e : env)
        out.push_back(e.name + "=" + e.value);
    return out;
}

// The seed's example, to the letter.
TEST(ServiceEnv, SeedRedisMaster)
{
    const Service redis = svc("default", "redis-master", "10.0.0.11", {tcp(6379)});
    const std::vector<std::string> want{
        "REDIS_MASTER_SERVICE_HOST=10.0.0.11",
        "REDIS_MASTER_SERVICE_PORT=6379",
        "REDIS_MASTER_PORT=tcp://10.0.0.11:6379",
        "REDIS_MASTER_PORT_6379_TCP=tcp://10.0.0.11:6379",
        "REDIS_MASTER_PORT_6379_TCP_PROTO=tcp",
        "REDIS_MASTER_PORT_6379_TCP_PORT=6379",
        "REDIS_MASTER_PORT_6379_TCP_ADDR=10.0.0.11",
    };
    EXPECT_EQ(lines(envVarsFromServices({&redis})), want);
    EXPECT_EQ(lines(podServiceEnvironment(pod("default"), {&redis})), want);
}

TEST(ServiceEnv, NamedPortsAndProtocols)
{
    const Service s = svc("default", "my-service", "10.96.0.20",
                          {tcp(80, "http"), tcp(443, "https"), tcp(53, "dns-udp", "UDP")});
    const std::vector<std::string> want{
        "MY_SERVICE_SERVICE_HOST=10.96.0.20",
        "MY_SERVICE_SERVICE_PORT=80",
        "MY_SERVICE_SERVICE_PORT_HTTP=80",
        "MY_SERVICE_SERVICE_PORT_HTTPS=443",
        "MY_SERVICE_SERVICE_PORT_DNS_UDP=53",
        "MY_SERVICE_PORT=tcp://10.96.0.20:80",
        "MY_SERVICE_PORT_80_TCP=tcp://10.96.0.20:80",
        "MY_SERVICE_PORT_80_TCP_PROTO=tcp",
        "MY_SERVICE_PORT_80_TCP_PORT=80",
        "MY_SERVICE_PORT_80_TCP_ADDR=10.96.0.20",
        "MY_SERVICE_PORT_443_TCP=tcp://10.96.0.20:443",
        "MY_SERVICE_PORT_443_TCP_PROTO=tcp",
        "MY_SERVICE_PORT_443_TCP_PORT=443",
        "MY_SERVICE_PORT_443_TCP_ADDR=10.96.0.20",
        "MY_SERVICE_PORT_53_UDP=udp://10.96.0.20:53",
        "MY_SERVICE_PORT_53_UDP_PROTO=udp",
        "MY_SERVICE_PORT_53_UDP_PORT=53",
        "MY_SERVICE_PORT_53_UDP_ADDR=10.96.0.20",
    };
    EXPECT_EQ(lines(envVarsFromServices({&s})), want);
}

TEST(ServiceEnv, Ipv6AddressInBrackets)
{
    const Service s = svc("default", "v6", "fd00::10", {tcp(80)});
    const auto env = envVarsFromServices({&s});
    ASSERT_GE(env.size(), 3u);
    EXPECT_EQ(env[2], (EnvVar{"V6_PORT", "tcp://[fd00::10]:80"}));
}

struct VisibilityCase
{
    const char *name;
    Service service;
    bool visible;
};

void PrintTo(const VisibilityCase &c, std::ostream *os) { *os << c.name; }

class Visibility : public ::testing::TestWithParam<VisibilityCase>
{};

TEST_P(Visibility, WhichServicesAPodSees)
{
    const auto &c = GetParam();
    const Pod p = pod("prod", "2021-03-01T10:00:00Z");
    const auto chosen = servicesForPodEnvironment(p, {&c.service});
    EXPECT_EQ(chosen.size(), c.visible ? 1u : 0u) << c.name;
}

Service headless()
{
    Service s = svc("prod", "h", "None", {tcp(80)});
    return s;
}

Service externalName()
{
    Service s = svc("prod", "db", "", {});
    s.spec.type = service_type::ExternalName;
    s.spec.externalName = "my.database.example.com";
    return s;
}

INSTANTIATE_TEST_SUITE_P(
    Table,
    Visibility,
    ::testing::Values(
        VisibilityCase{"same namespace, older", svc("prod", "a", "10.96.0.5", {tcp(80)},
                                                    "2021-03-01T09:00:00Z"),
                       true},
        VisibilityCase{"same second", svc("prod", "a", "10.96.0.5", {tcp(80)},
                                          "2021-03-01T10:00:00Z"),
                       true},
        VisibilityCase{"created after the pod", svc("prod", "a", "10.96.0.5", {tcp(80)},
                                                    "2021-03-01T10:00:01Z"),
                       false},
        VisibilityCase{"no timestamp", svc("prod", "a", "10.96.0.5", {tcp(80)}), true},
        VisibilityCase{"other namespace", svc("dev", "a", "10.96.0.5", {tcp(80)}), false},
        VisibilityCase{"master service", svc("default", "kubernetes", "10.96.0.1", {tcp(443, "https")}),
                       true},
        VisibilityCase{"default namespace, not master", svc("default", "web", "10.96.0.9", {tcp(80)}),
                       false},
        VisibilityCase{"headless", headless(), false},
        VisibilityCase{"ExternalName", externalName(), false},
        VisibilityCase{"not allocated yet", svc("prod", "a", "", {tcp(80)}), false}));

TEST(ServiceEnv, OrderingCanBeIgnored)
{
    const Service late = svc("prod", "late", "10.96.0.7", {tcp(80)}, "2021-03-02T00:00:00Z");
    const Pod p = pod("prod", "2021-03-01T00:00:00Z");
    EXPECT_TRUE(podServiceEnvironment(p, {&late}).empty());
    ServiceEnvOptions o;
    o.ordering = ServiceOrdering::AllServices;
    EXPECT_EQ(podServiceEnvironment(p, {&late}, o).size(), 7u);
}

TEST(ServiceEnv, EnableServiceLinksFalseKeepsMasterOnly)
{
    const Service k = svc("default", "kubernetes", "10.96.0.1", {tcp(443, "https")});
    const Service a = svc("prod", "a", "10.96.0.5", {tcp(80)});
    ServiceEnvOptions o;
    o.enableServiceLinks = false;
    const auto chosen = servicesForPodEnvironment(pod("prod"), {&a, &k}, o);
    ASSERT_EQ(chosen.size(), 1u);
    EXPECT_EQ(chosen[0]->metadata.name, "kubernetes");
}

TEST(ServiceEnv, LocalKubernetesServiceWinsInEitherOrder)
{
    const Service master = svc("default", "kubernetes", "10.96.0.1", {tcp(443)});
    const Service local = svc("prod", "kubernetes", "10.96.0.77", {tcp(443)});
    for (auto order : {std::vector<const Service *>{&master, &local},
                       std::vector<const Service *>{&local, &master}}) {
        const auto chosen = servicesForPodEnvironment(pod("prod"), order);
        ASSERT_EQ(chosen.size(), 1u);
        EXPECT_EQ(chosen[0]->spec.clusterIP, "10.96.0.77");
    }
}

TEST(ServiceEnv, SortedByServiceNameFromSnapshot)
{
    ClusterSnapshot snap;
    snap.add(std::make_shared<Service>(svc("default", "kubernetes", "10.96.0.1", {tcp(443, "https")})));
    snap.add(std::make_shared<Service>(svc("prod", "zeta", "10.96.0.30", {tcp(80)})));
    snap.add(std::make_shared<Service>(svc("prod", "alpha", "10.96.0.31", {tcp(80)})));
    snap.add(std::make_shared<Service>(svc("dev", "other", "10.96.0.32", {tcp(80)})));
    const auto env = namespaceServiceEnvironment("prod", snap);
    ASSERT_EQ(env.size(), 7u * 2 + 8u);
    EXPECT_EQ(env[0].name, "ALPHA_SERVICE_HOST");
    EXPECT_EQ(env[7].name, "KUBERNETES_SERVICE_HOST");
    EXPECT_EQ(env[9].name, "KUBERNETES_SERVICE_PORT_HTTPS");
    EXPECT_EQ(env.back().name, "ZETA_PORT_80_TCP_ADDR");
}

TEST(ServiceEnv, VariableName)
{
    EXPECT_EQ(envVariableName("redis-master"), "REDIS_MASTER");
    EXPECT_EQ(envVariableName("a-b-c"), "A_B_C");
}

} // namespace
