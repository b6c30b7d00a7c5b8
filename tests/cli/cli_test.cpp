// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/yaml_reader.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

using namespace studio;

namespace {

struct CliRun
{
    int exitCode = -1;
    std::string out;
};

CliRun run(const std::string &args)
{
    CliRun r;
    const std::string cmd = std::string("env -u DISPLAY ") + STUDIO_APP + " " + args + " 2>&1";
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string writeTemp(const std::string &name, const std::string &text)
{
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path) << text;
    return path;
}

const std::string kScenarios = std::string(STUDIO_SOURCE_DIR) + "/resources/scenarios/";

} // namespace

TEST(CliValidate, ValidFileExitsZero)
{
    CliRun r = run("validate " + std::string(STUDIO_SOURCE_DIR) + "/resources/samples/my-service.yaml");
    EXPECT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("service/my-service is valid"), std::string::npos) << r.out;
}

TEST(CliValidate, InvalidFileReadsLikeKubectlAndExitsOne)
{
    const std::string f = writeTemp("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n"
                                                "  name: web\nspec:\n  ports:\n"
                                                "  - name: 123_abc\n    port: 80\n");
    CliRun r = run("validate " + f);
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_NE(r.out.find(f + ":7:11: The Service \"web\" is invalid: spec.ports[0].name: "
                             "Invalid value: \"123_abc\": "),
              std::string::npos)
        << r.out;
}

TEST(CliValidate, JsonHasTheDocumentedFields)
{
    const std::string f = writeTemp(
        "two.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: ok\nspec:\n  ports:\n"
                    "  - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                    "spec:\n  type: ClusterIP\n  ports:\n  - port: 80\n    nodePort: 30080\n");
    CliRun r = run("validate --output json " + f);
    EXPECT_EQ(r.exitCode, 1) << r.out;
    auto docs = parseYaml(r.out);
    ASSERT_TRUE(docs.ok()) << r.out;
    const Node &arr = (*docs)[0].root;
    ASSERT_TRUE(arr.isSequence());
    ASSERT_EQ(arr.items().size(), 1u) << r.out;
    const Node &e = arr.items()[0];
    EXPECT_EQ(e.find("file")->text(), f);
    EXPECT_EQ(e.find("document")->intValue(), 1);
    EXPECT_EQ(e.find("kind")->text(), "Service");
    EXPECT_EQ(e.find("name")->text(), "web");
    EXPECT_EQ(e.find("field")->text(), "spec.ports[0].nodePort");
    EXPECT_EQ(e.find("type")->text(), "FieldValueForbidden");
    EXPECT_FALSE(e.find("detail")->text().empty());
    EXPECT_EQ(e.find("line")->intValue(), 17);
    EXPECT_GT(e.find("column")->intValue(), 0);
}

TEST(CliValidate, UnreadableAndMalformedExitTwo)
{
    CliRun missing = run("validate /nonexistent/x.yaml");
    EXPECT_EQ(missing.exitCode, 2) << missing.out;
    const std::string f = writeTemp("broken.yaml", "a: [1, 2\n");
    CliRun broken = run("validate --output json " + f);
    EXPECT_EQ(broken.exitCode, 2) << broken.out;
    EXPECT_NE(broken.out.find("YAMLSyntaxError"), std::string::npos) << broken.out;
    CliRun usage = run("validate --output xml " + f);
    EXPECT_EQ(usage.exitCode, 2);
}

TEST(CliValidate, ServiceRangeFlag)
{
    const std::string f = writeTemp("ip.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n"
                                               "  name: redis-master\nspec:\n"
                                               "  clusterIP: 10.0.0.11\n  ports:\n"
                                               "  - port: 6379\n");
    EXPECT_EQ(run("validate " + f).exitCode, 1);
    EXPECT_EQ(run("validate --service-cluster-ip-range 10.0.0.0/16 " + f).exitCode, 0);
}

TEST(CliValidate, EveryScenarioIsValid)
{
    // Scenario headers may set other ranges: those files are checked with their own range.
    for (const char *s : {"image-processing-backend.yaml", "my-service-multi-port.yaml",
                          "service-without-selector.yaml", "external-name.yaml", "headless.yaml",
                          "nodeport.yaml", "external-ips.yaml", "default.yaml"}) {
        CliRun r = run("validate " + kScenarios + s);
        EXPECT_EQ(r.exitCode, 0) << s << "\n" << r.out;
    }
}

TEST(CliEndpoints, ComputesTheSeedBackend)
{
    CliRun r = run("endpoints " + kScenarios + "image-processing-backend.yaml");
    EXPECT_EQ(r.exitCode, 0) << r.out;
    auto docs = parseYaml(r.out);
    ASSERT_TRUE(docs.ok()) << r.out;
    bool found = false;
    for (const auto &d : *docs) {
        const Node *name = d.root.find("metadata")->find("name");
        if (name->text() != "my-service")
            continue;
        found = true;
        const Node &subset = d.root.find("subsets")->items().at(0);
        EXPECT_EQ(subset.find("addresses")->items().size(), 3u) << r.out;
        EXPECT_EQ(subset.find("ports")->items()[0].find("port")->intValue(), 9376);
    }
    EXPECT_TRUE(found) << r.out;
}

TEST(CliEnv, RedisMasterExampleOfTheSeed)
{
    CliRun r = run("env --namespace default " + kScenarios + "redis-master-env.yaml");
    EXPECT_EQ(r.exitCode, 0) << r.out;
    for (const char *line :
         {"REDIS_MASTER_SERVICE_HOST=10.0.0.11\n", "REDIS_MASTER_SERVICE_PORT=6379\n",
          "REDIS_MASTER_PORT=tcp://10.0.0.11:6379\n",
          "REDIS_MASTER_PORT_6379_TCP=tcp://10.0.0.11:6379\n",
          "REDIS_MASTER_PORT_6379_TCP_PROTO=tcp\n", "REDIS_MASTER_PORT_6379_TCP_PORT=6379\n",
          "REDIS_MASTER_PORT_6379_TCP_ADDR=10.0.0.11\n"})
        EXPECT_NE(r.out.find(line), std::string::npos) << line << r.out;
}

TEST(CliDns, ExternalNameIsACname)
{
    CliRun r = run("dns " + kScenarios + "external-name.yaml");
    EXPECT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("my-service.prod.svc.cluster.local. 5 IN CNAME my.database.example.com."),
              std::string::npos)
        << r.out;
}

TEST(Cli, UnknownCommandAndHelp)
{
    EXPECT_EQ(run("frobnicate").exitCode, 2);
    CliRun h = run("--help");
    EXPECT_EQ(h.exitCode, 0);
    EXPECT_NE(h.out.find("validate"), std::string::npos);
}

TEST(CliPlan, PrintsTheGoldenRestorePayload)
{
    // The same text the planner's golden test reviewed (tests/core/proxy/golden).
    const auto r = run("plan --mode iptables --node node-1 " + kScenarios + "load-balancer.yaml");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    std::ifstream golden(std::string(STUDIO_SOURCE_DIR) + "/tests/core/proxy/golden/load-balancer.iptables");
    const std::string expected((std::istreambuf_iterator<char>(golden)), std::istreambuf_iterator<char>());
    EXPECT_EQ(r.out, expected);
}

TEST(CliPlan, FlagsAndErrors)
{
    const auto masq = run("plan --node node-1 --masquerade-all " + kScenarios + "nodeport.yaml");
    ASSERT_EQ(masq.exitCode, 0) << masq.out;
    EXPECT_EQ(masq.out.find("! -s 10.244.0.0/16"), std::string::npos) << "masquerade-all marks every source";
    const auto limited = run("plan --node node-1 --nodeport-addresses 192.168.49.0/24 " + kScenarios + "nodeport.yaml");
    ASSERT_EQ(limited.exitCode, 0) << limited.out;
    EXPECT_NE(limited.out.find("-d 192.168.49.11/32 -j KUBE-NODEPORTS"), std::string::npos) << limited.out;
    const auto noNode = run("plan --node nowhere " + kScenarios + "nodeport.yaml");
    EXPECT_EQ(noNode.exitCode, 1);
    EXPECT_NE(noNode.out.find("node-1"), std::string::npos) << "lists the nodes there are: " << noNode.out;
    EXPECT_EQ(run("plan " + kScenarios + "nodeport.yaml").exitCode, 2);
    EXPECT_EQ(run("plan --node node-1 --mode bogus " + kScenarios + "nodeport.yaml").exitCode, 2);
    EXPECT_EQ(run("plan --node node-1 --cluster-cidr nonsense " + kScenarios + "nodeport.yaml").exitCode, 2);
}

TEST(CliTrace, ReachableExitsZeroWithProbabilities)
{
    const auto r = run("trace --from 203.0.113.7 --to 146.148.47.155:80 " + kScenarios + "load-balancer.yaml");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("33.3%"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(":9376"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("masqueraded"), std::string::npos) << r.out;
    const auto json = run("trace --output json --from 203.0.113.7 --to 146.148.47.155:80 " + kScenarios
                          + "load-balancer.yaml");
    ASSERT_EQ(json.exitCode, 0);
    EXPECT_NE(json.out.find("\"reachable\": true"), std::string::npos) << json.out;
}

TEST(CliTrace, UnreachableExitsOneAndSaysWhy)
{
    const std::string file = writeTemp("typo.yaml", R"(apiVersion: v1
kind: Service
metadata: {name: typo}
spec:
  selector: {app: MyAp}
  ports: [{port: 80, targetPort: 9376}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, labels: {app: MyApp}}
spec:
  containers: [{name: c, image: nginx}]
status:
  podIP: 10.244.1.5
  conditions: [{type: Ready, status: "True"}]
)");
    const auto r = run("trace --from pod/web-0 --to typo.default:80 " + file);
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_NE(r.out.find("matches no pod"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MyAp"), std::string::npos) << r.out;
    EXPECT_EQ(run("trace --to typo.default " + file).exitCode, 2);
    EXPECT_EQ(run("trace --from pod/nobody --to typo.default " + file).exitCode, 2);
}

TEST(CliPlan, NftablesText)
{
    const auto r = run("plan --mode nftables --node node-1 " + kScenarios + "load-balancer.yaml");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    std::ifstream golden(std::string(STUDIO_SOURCE_DIR) + "/tests/core/proxy/golden/load-balancer.nft");
    const std::string expected((std::istreambuf_iterator<char>(golden)), std::istreambuf_iterator<char>());
    EXPECT_EQ(r.out, expected);
}

TEST(CliPlan, IpvsAndUserspace)
{
    const auto ipvs = run("plan --mode ipvs --ipvs-scheduler sh --node node-1 " + kScenarios + "load-balancer.yaml");
    ASSERT_EQ(ipvs.exitCode, 0) << ipvs.out;
    EXPECT_NE(ipvs.out.find("TCP  146.148.47.155:80 sh"), std::string::npos) << ipvs.out;
    EXPECT_NE(ipvs.out.find("Masq"), std::string::npos);
    const auto us = run("plan --mode userspace --node node-1 " + kScenarios + "load-balancer.yaml");
    ASSERT_EQ(us.exitCode, 0) << us.out;
    EXPECT_NE(us.out.find("REDIRECT --to-ports"), std::string::npos) << us.out;
    EXPECT_EQ(run("plan --mode ipvs --ipvs-scheduler wrr9 --node node-1 " + kScenarios + "load-balancer.yaml").exitCode, 2);
    const auto tr = run("trace --mode userspace --from 203.0.113.7 --to 146.148.47.155:80 " + kScenarios + "load-balancer.yaml");
    EXPECT_EQ(tr.exitCode, 0) << tr.out;
    EXPECT_NE(tr.out.find("userspace proxy on port"), std::string::npos) << tr.out;
}
