// SPDX-License-Identifier: GPL-3.0-or-later
// Every scenario under resources/scenarios loads into the sandbox without a refused object,
// and each shows what its seed example is about.
#include "cluster/sandbox_backend.h"
#include "discovery/dns_records.h"
#include "discovery/service_env.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace studio;

namespace {

std::string scenario(const char *name) { return std::string(STUDIO_SCENARIOS_DIR) + "/" + name; }

std::vector<std::string> scenarioFiles()
{
    std::vector<std::string> out;
    for (const auto &e : std::filesystem::directory_iterator(STUDIO_SCENARIOS_DIR))
        if (e.path().extension() == ".yaml")
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

SandboxOptions options()
{
    SandboxOptions o;
    o.seed = 99;
    o.clock = [] { return std::string("2021-06-01T00:00:00Z"); };
    return o;
}

class EveryScenario : public ::testing::TestWithParam<std::string>
{};

TEST_P(EveryScenario, LoadsWithoutErrors)
{
    SandboxBackend sb(options());
    auto r = sb.loadScenarioFile(scenario(GetParam().c_str()));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    for (const auto &p : r->problems)
        ADD_FAILURE() << p.file << ":" << p.line << ": " << p.kind << " " << p.name << ": "
                      << p.message;
    EXPECT_GT(r->loaded, 0);
    EXPECT_FALSE(r->title.empty());
    // Whatever a scenario does, the allocators agree with the services.
    EXPECT_TRUE(sb.repairClusterIps().clean());
    EXPECT_TRUE(sb.repairNodePorts().clean());
}

INSTANTIATE_TEST_SUITE_P(Files, EveryScenario, ::testing::ValuesIn(scenarioFiles()),
                         [](const auto &p) {
                             std::string n = p.param.substr(0, p.param.size() - 5);
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(Scenarios, AllSeedExamplesHaveOne)
{
    const auto files = scenarioFiles();
    for (const char *f : {"default.yaml", "image-processing-backend.yaml", "my-service-multi-port.yaml",
                          "my-service-own-ip.yaml", "redis-master-env.yaml",
                          "service-without-selector.yaml", "external-name.yaml", "headless.yaml",
                          "nodeport.yaml", "load-balancer.yaml", "external-ips.yaml"})
        EXPECT_NE(std::find(files.begin(), files.end(), f), files.end()) << f;
}

class Loaded : public ::testing::Test
{
protected:
    void load(const char *name)
    {
        auto r = sb.loadScenarioFile(scenario(name));
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(r->ok());
        snap = sb.snapshot();
    }
    SandboxBackend sb{options()};
    ClusterSnapshot snap;
};

TEST_F(Loaded, ImageProcessingBackend)
{
    load("image-processing-backend.yaml");
    const Endpoints *e = snap.endpoints("default", "my-service");
    ASSERT_TRUE(e);
    ASSERT_EQ(e->subsets.size(), 1u);
    EXPECT_EQ(e->subsets[0].addresses.size(), 3u);
    EXPECT_EQ(e->subsets[0].ports.at(0).port, 9376);
}

TEST_F(Loaded, MultiPort)
{
    load("my-service-multi-port.yaml");
    const Endpoints *e = snap.endpoints("default", "my-service");
    ASSERT_TRUE(e);
    ASSERT_EQ(e->subsets.size(), 1u);
    ASSERT_EQ(e->subsets[0].ports.size(), 2u);
    EXPECT_EQ(e->subsets[0].ports[0].name, "http");
    EXPECT_EQ(e->subsets[0].ports[1].name, "https");
}

TEST_F(Loaded, OwnIp)
{
    load("my-service-own-ip.yaml");
    EXPECT_EQ(snap.service("default", "my-service")->spec.clusterIP, "10.96.100.100");
}

TEST_F(Loaded, RedisMasterEnvironmentAndOrdering)
{
    load("redis-master-env.yaml");
    EXPECT_EQ(sb.settings().serviceClusterIpRange.toString(), "10.0.0.0/16");
    EXPECT_EQ(snap.service("default", "kubernetes")->spec.clusterIP, "10.0.0.1");
    const Pod *fresh = snap.pod("default", "frontend-new");
    const Pod *old = snap.pod("default", "frontend-old");
    ASSERT_TRUE(fresh && old);
    std::vector<std::string> lines;
    for (const auto &e : podServiceEnvironment(*fresh, snap))
        if (e.name.rfind("REDIS_MASTER_", 0) == 0)
            lines.push_back(e.name + "=" + e.value);
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "REDIS_MASTER_SERVICE_HOST=10.0.0.11",
                         "REDIS_MASTER_SERVICE_PORT=6379",
                         "REDIS_MASTER_PORT=tcp://10.0.0.11:6379",
                         "REDIS_MASTER_PORT_6379_TCP=tcp://10.0.0.11:6379",
                         "REDIS_MASTER_PORT_6379_TCP_PROTO=tcp",
                         "REDIS_MASTER_PORT_6379_TCP_PORT=6379",
                         "REDIS_MASTER_PORT_6379_TCP_ADDR=10.0.0.11",
                     }));
    // frontend-old predates redis-master: only the master service's variables.
    const auto oldEnv = podServiceEnvironment(*old, snap);
    ASSERT_FALSE(oldEnv.empty());
    for (const auto &e : oldEnv)
        EXPECT_EQ(e.name.rfind("KUBERNETES_", 0), 0u) << e.name;
}

TEST_F(Loaded, ServiceWithoutSelector)
{
    load("service-without-selector.yaml");
    const Endpoints *e = snap.endpoints("default", "my-service");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->subsets.at(0).addresses.at(0).ip, "1.2.3.4");
    EXPECT_EQ(e->subsets.at(0).ports.at(0).port, 9376);
}

TEST_F(Loaded, ExternalName)
{
    load("external-name.yaml");
    const Service *s = snap.service("prod", "my-service");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->spec.clusterIP, "");
    EXPECT_FALSE(snap.endpoints("prod", "my-service"));
    DnsResolver dns(snap);
    const auto a = dns.resolve("my-service", DnsRecord::Type::A, "prod");
    ASSERT_TRUE(a.found());
    EXPECT_EQ(a.answers.at(0).toString(),
              "my-service.prod.svc.cluster.local. 5 IN CNAME my.database.example.com.");
}

TEST_F(Loaded, Headless)
{
    load("headless.yaml");
    const Endpoints *db = snap.endpoints("default", "db");
    ASSERT_TRUE(db);
    ASSERT_EQ(db->subsets.size(), 1u);
    EXPECT_EQ(db->subsets[0].addresses.size(), 2u);
    EXPECT_EQ(db->subsets[0].notReadyAddresses.size(), 1u);
    EXPECT_EQ(db->subsets[0].addresses[0].hostname, "db-0");
    EXPECT_EQ(db->metadata.labels.count("service.kubernetes.io/headless"), 1u);
    DnsResolver dns(snap);
    EXPECT_EQ(dns.resolve("db", DnsRecord::Type::A, "default").answers.size(), 2u);
    const auto pet = dns.resolve("db-1.db", DnsRecord::Type::A, "default");
    ASSERT_TRUE(pet.found());
    EXPECT_EQ(pet.answers[0].data, "10.244.2.41");
    EXPECT_EQ(dns.resolve("_postgres._tcp.db", DnsRecord::Type::SRV, "default").answers.size(), 2u);
    EXPECT_EQ(dns.resolve("legacy", DnsRecord::Type::A, "default").answers.size(), 2u);
}

TEST_F(Loaded, NodePort)
{
    load("nodeport.yaml");
    const Service *web = snap.service("default", "web");
    const int np = web->spec.ports.at(0).nodePort;
    EXPECT_GE(np, 30000);
    EXPECT_LE(np, 32767);
    EXPECT_EQ(snap.service("default", "web-fixed")->spec.ports.at(0).nodePort, 30080);
}

TEST_F(Loaded, LoadBalancerKeepsStatusAndRequestedIps)
{
    load("load-balancer.yaml");
    const Service *s = snap.service("default", "my-service");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->spec.clusterIP, "10.0.171.239");
    EXPECT_EQ(s->spec.loadBalancerIP, "78.11.24.19");
    ASSERT_EQ(s->status.loadBalancerIngress.size(), 1u);
    EXPECT_EQ(s->status.loadBalancerIngress[0].ip, "146.148.47.155");
    EXPECT_NE(s->spec.ports.at(0).nodePort, 0);
}

TEST_F(Loaded, ExternalIps)
{
    load("external-ips.yaml");
    EXPECT_EQ(snap.service("default", "my-service")->spec.externalIPs,
              (std::vector<std::string>{"80.11.12.10"}));
}

TEST_F(Loaded, Default)
{
    load("default.yaml");
    EXPECT_EQ(snap.nodes().size(), 3u);
    EXPECT_EQ(snap.service("kube-system", "kube-dns")->spec.clusterIP, "10.96.0.10");
    const Service *fe = snap.service("prod", "frontend");
    EXPECT_NE(fe->spec.healthCheckNodePort, 0);
    const Endpoints *api = snap.endpoints("prod", "api");
    ASSERT_TRUE(api);
    EXPECT_EQ(api->subsets.size(), 3u); // metrics on 9090 and 9091, http shared
    const Endpoints *web = snap.endpoints("dev", "web");
    ASSERT_TRUE(web);
    EXPECT_EQ(web->subsets.at(0).addresses.size(), 1u); // web-1 has no IP yet
    EXPECT_TRUE(web->subsets.at(0).notReadyAddresses.empty());
    EXPECT_EQ(snap.endpoints("dev", "legacy-db")->subsets.at(0).addresses.at(0).ip, "192.168.50.20");
}

TEST_F(Loaded, ReloadReplacesTheCluster)
{
    load("default.yaml");
    load("external-name.yaml");
    EXPECT_FALSE(snap.namespace_("dev"));
    EXPECT_EQ(snap.services().size(), 2u); // kubernetes + prod/my-service
}

TEST(ScenarioErrors, RefusedObjectsAreReported)
{
    SandboxBackend sb(options());
    auto r = sb.loadScenarioText("apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n"
                                 "spec:\n  ports:\n  - port: 80\n---\napiVersion: apps/v1\n"
                                 "kind: Deployment\nmetadata:\n  name: x\n---\napiVersion: v1\n"
                                 "kind: Service\nmetadata:\n  name: good\n  namespace: missing\n"
                                 "spec:\n  ports:\n  - port: 80\n",
                                 "inline.yaml");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->problems.size(), 3u);
    EXPECT_EQ(r->problems[0].line, 1);
    EXPECT_NE(r->problems[0].message.find("Service \"Bad_Name\" is invalid"), std::string::npos);
    EXPECT_NE(r->problems[1].message.find("namespaces \"missing\" not found"), std::string::npos);
    EXPECT_EQ(r->problems[2].kind, "Deployment");
    EXPECT_EQ(r->loaded, 0);
}

} // namespace
