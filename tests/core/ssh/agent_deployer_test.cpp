// SPDX-License-Identifier: GPL-3.0-or-later
// The pure parts of the deployer and the agent identity: bundle checks, the kubeconfig and
// RBAC manifests we write, and the node-side scripts (syntax-checked by the shell). The
// remote behaviour itself is tested against real sshd in tests/e2e/ssh.
#include "apiserver/kubeconfig.h"
#include "manifest/writer.h"
#include "ssh/agent_deployer.h"
#include "ssh/agent_identity.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>

using namespace studio;

namespace {

int shellCheck(const std::string &script)
{
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/s.sh";
    std::ofstream(path) << script;
    return std::system(("sh -n '" + path + "' 2>&1").c_str());
}

std::string makeBundle(const QTemporaryDir &dir, const std::string &version, bool corrupt)
{
    const std::string d = dir.path().toStdString() + "/b-" + version;
    std::string cmd = "set -e; mkdir -p " + d + "/s/bin && printf '#!/bin/sh\\n' > " + d
                      + "/s/bin/service-agent && tar -czf " + d + "/service-agent-" + version
                      + ".tar.gz -C " + d + "/s bin && cd " + d + " && echo " + version
                      + " > VERSION && sha256sum service-agent-" + version + ".tar.gz > SHA256SUMS";
    if (corrupt)
        cmd += " && echo x >> service-agent-" + version + ".tar.gz";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return d;
}

} // namespace

TEST(AgentBundle, LoadsAndVerifies)
{
    QTemporaryDir dir;
    auto b = loadAgentBundle(makeBundle(dir, "0.3.1", false));
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(b->version, "0.3.1");
    EXPECT_EQ(b->tarballName, "service-agent-0.3.1.tar.gz");
    EXPECT_EQ(b->sha256.size(), 64u);
    EXPECT_GT(b->size, 0u);

    auto bad = loadAgentBundle(makeBundle(dir, "0.3.2", true));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "bundle-checksum-mismatch");

    auto missing = loadAgentBundle(dir.path().toStdString() + "/nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "bundle-invalid");

    // A VERSION that could break out of the remote scripts is refused.
    const std::string d = makeBundle(dir, "0.3.3", false);
    std::ofstream(d + "/VERSION") << "1.0; rm -rf /\n";
    auto evil = loadAgentBundle(d);
    ASSERT_FALSE(evil.ok());
    EXPECT_EQ(evil.error().code, "bundle-invalid");
}

TEST(AgentKubeconfig, ReadsBackAsKubectlWould)
{
    AgentConnection c{"https://10.0.0.1:6443",
                      "tok.en-123",
                      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                      false};
    const std::string text = renderAgentKubeconfig(c);
    auto kc = parseKubeconfig(text, "");
    ASSERT_TRUE(kc.ok()) << kc.error().message;
    auto rest = kc->resolve();
    ASSERT_TRUE(rest.ok()) << rest.error().message;
    EXPECT_EQ(rest->server, "https://10.0.0.1:6443");
    EXPECT_EQ(rest->bearerToken, "tok.en-123");
    EXPECT_EQ(rest->caPem, c.caPem);
    EXPECT_FALSE(rest->insecureSkipTlsVerify);
}

TEST(AgentIdentity, LeastPrivilege)
{
    auto objs = agentIdentityManifests({"kube-system", "service-studio-agent"});
    ASSERT_EQ(objs.size(), 4u);
    EXPECT_EQ(objs[0].find("kind")->text(), "ServiceAccount");
    EXPECT_EQ(objs[1].find("kind")->text(), "ClusterRole");
    EXPECT_EQ(objs[2].find("kind")->text(), "ClusterRoleBinding");
    EXPECT_EQ(objs[3].find("kind")->text(), "Secret");
    EXPECT_EQ(objs[3].find("type")->text(), "kubernetes.io/service-account-token");

    // Exactly get/list/watch on services, endpoints, nodes (core) and endpointslices.
    std::set<std::string> granted;
    for (const Node &rule : objs[1].find("rules")->items()) {
        std::vector<std::string> verbs;
        for (const Node &v : rule.find("verbs")->items())
            verbs.push_back(v.text());
        EXPECT_EQ(verbs, (std::vector<std::string>{"get", "list", "watch"}));
        for (const Node &g : rule.find("apiGroups")->items())
            for (const Node &r : rule.find("resources")->items())
                granted.insert(g.text() + "/" + r.text());
    }
    EXPECT_EQ(granted,
              (std::set<std::string>{
                  "/services", "/endpoints", "/nodes", "discovery.k8s.io/endpointslices"}));
    const Node *subject = &objs[2].find("subjects")->items().at(0);
    EXPECT_EQ(subject->find("name")->text(), "service-studio-agent");
    EXPECT_EQ(subject->find("namespace")->text(), "kube-system");
    EXPECT_EQ(objs[2].find("roleRef")->find("name")->text(), "service-studio-agent");
    const std::string yaml = agentIdentityYaml();
    EXPECT_NE(yaml.find("kubernetes.io/service-account.name: service-studio-agent"),
              std::string::npos)
        << yaml;
}

TEST(AgentScripts, ShellSyntaxAndQuoting)
{
    DeployOptions o;
    o.prefix = "/opt/it's here";
    o.unitName = "service-studio-agent";
    EXPECT_EQ(shellCheck(AgentDeployer::controlScript(o) + "\nagentctl_main status\n"), 0);
    EXPECT_EQ(shellCheck(AgentDeployer::supervisorScript(o.prefix)), 0);
    EXPECT_NE(AgentDeployer::controlScript(o).find("P='/opt/it'\\''s here'"), std::string::npos);
    const std::string unit = AgentDeployer::systemdUnit(o);
    EXPECT_NE(unit.find("ExecStart=/opt/it's here/etc/run-agent"), std::string::npos);
    EXPECT_NE(unit.find("Restart=always"), std::string::npos);
}

TEST(AgentScripts, StatusOfAnEmptyPrefixSaysNotInstalled)
{
    // The control script runs locally as well: nothing installed under a fresh prefix.
    QTemporaryDir dir;
    DeployOptions o;
    o.prefix = dir.path().toStdString() + "/none";
    const std::string script = AgentDeployer::controlScript(o) + "\nagentctl_main status\n";
    const std::string path = dir.path().toStdString() + "/s.sh";
    std::ofstream(path) << script;
    FILE *p = popen(("sh '" + path + "'").c_str(), "r");
    ASSERT_TRUE(p);
    std::string out;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    EXPECT_NE(out.find("installed=no"), std::string::npos) << out;
    EXPECT_NE(out.find("running=no"), std::string::npos) << out;
}
