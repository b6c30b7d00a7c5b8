// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's least-privilege identity (core/ssh/agent_identity.h) against a real
// kube-apiserver + kube-controller-manager v1.20.2 (tests/cluster, started by this binary):
// created, idempotent, its token may list and watch what the agent needs and nothing else,
// and the kubeconfig we write for the agent works with it.
#include "../../support/event_loop_wait.h"
#include "apiserver/api_client.h"
#include "apiserver/kubeconfig.h"
#include "ssh/agent_deployer.h"
#include "ssh/agent_identity.h"
#include "test_cluster.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <optional>

using namespace studio;
using studio::test::runEventLoopUntil;

namespace {

studio::test::TestCluster *g_cluster = nullptr;

template<typename T>
ApiResult<T> await(const std::function<void(std::function<void(ApiResult<T>)>)> &start)
{
    std::optional<ApiResult<T>> r;
    start([&r](ApiResult<T> v) { r.emplace(std::move(v)); });
    runEventLoopUntil([&] { return r.has_value(); }, 60'000);
    if (!r)
        return apiClientTimeout("the test gave up waiting");
    return std::move(*r);
}

std::unique_ptr<ApiClient> clientFromKubeconfigText(const std::string &text)
{
    auto kc = parseKubeconfig(text, "");
    EXPECT_TRUE(kc.ok()) << (kc ? "" : kc.error().message);
    auto rc = kc->resolve();
    EXPECT_TRUE(rc.ok());
    auto c = ApiClient::fromConfig(rc.value());
    EXPECT_TRUE(c.ok());
    return std::move(c).value();
}

} // namespace

TEST(AgentIdentityE2e, CreatesLeastPrivilegeIdentityAndToken)
{
    KubeconfigLoadOptions load;
    load.explicitPath = g_cluster->env("ADMIN_KUBECONFIG");
    auto kc = loadKubeconfig(load);
    ASSERT_TRUE(kc.ok()) << kc.error().message;
    auto rc = kc->resolve();
    ASSERT_TRUE(rc.ok());
    auto admin = ApiClient::fromConfig(rc.value());
    ASSERT_TRUE(admin.ok());

    std::optional<Result<AgentCredentials>> got;
    ensureAgentIdentity(
        *admin.value(), {}, [&](Result<AgentCredentials> r) { got = std::move(r); });
    ASSERT_TRUE(runEventLoopUntil([&] { return got.has_value(); }, 90'000));
    ASSERT_TRUE(got->ok()) << got->error().code << ": " << got->error().message;
    const AgentCredentials creds = got->value();
    EXPECT_FALSE(creds.token.empty());
    EXPECT_NE(creds.caPem.find("BEGIN CERTIFICATE"), std::string::npos);

    // Idempotent: a second run finds everything and gives the same token.
    got.reset();
    ensureAgentIdentity(
        *admin.value(), {}, [&](Result<AgentCredentials> r) { got = std::move(r); });
    ASSERT_TRUE(runEventLoopUntil([&] { return got.has_value(); }, 90'000));
    ASSERT_TRUE(got->ok()) << got->error().message;
    EXPECT_EQ(got->value().token, creds.token);

    // The agent's kubeconfig as the deployer writes it, with that token.
    auto agent = clientFromKubeconfigText(
        renderAgentKubeconfig({rc->server, creds.token, creds.caPem, false}));
    ASSERT_TRUE(agent);
    for (ResourceKind k : {ResourceKind::Service, ResourceKind::Endpoints, ResourceKind::Node}) {
        auto list
            = await<ListPage>([&](auto cb) { agent->listPage(ResourceRef::of(k), "", {}, cb); });
        EXPECT_TRUE(list.ok()) << list.error().toString();
    }
    ResourceRef slices{"discovery.k8s.io", "v1beta1", "endpointslices", true};
    auto sl = await<ListPage>([&](auto cb) { agent->listPage(slices, "", {}, cb); });
    EXPECT_TRUE(sl.ok()) << sl.error().toString();
    // ...and nothing else: no pods, no secrets, no writes.
    auto pods = await<ListPage>(
        [&](auto cb) { agent->listPage(ResourceRef::of(ResourceKind::Pod), "", {}, cb); });
    ASSERT_FALSE(pods.ok());
    EXPECT_EQ(pods.error().status, 403);
    ResourceRef secrets{"", "v1", "secrets", true};
    auto sec = await<ListPage>([&](auto cb) { agent->listPage(secrets, "kube-system", {}, cb); });
    ASSERT_FALSE(sec.ok());
    EXPECT_EQ(sec.error().status, 403);
    auto del = await<Node>([&](auto cb) {
        agent->remove(ResourceRef::of(ResourceKind::Service), "default", "kubernetes", {}, cb);
    });
    ASSERT_FALSE(del.ok());
    EXPECT_EQ(del.error().status, 403);

    std::optional<Result<void>> removed;
    removeAgentIdentity(*admin.value(), {}, [&](Result<void> r) { removed = std::move(r); });
    ASSERT_TRUE(runEventLoopUntil([&] { return removed.has_value(); }, 60'000));
    EXPECT_TRUE(removed->ok()) << removed->error().message;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    studio::test::TestCluster cluster;
    std::string error;
    if (!cluster.start({}, error)) {
        std::fprintf(stderr, "cannot start the test cluster: %s\n", error.c_str());
        return 1;
    }
    g_cluster = &cluster;
    const int rc = RUN_ALL_TESTS();
    cluster.stop(rc != 0);
    return rc;
}
