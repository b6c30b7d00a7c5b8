// SPDX-License-Identifier: GPL-3.0-or-later
// The apiserver e2e test binary: one real cluster for all tests (started once, stopped at the
// end, by PID, also when a test fails or the binary dies), a QCoreApplication for the client.
//
//   apiserver_e2e_test [gtest flags]
// Environment: KUBE_BIN_DIR (skip build-kube.sh), STUDIO_E2E_KEEP=1 (keep the cluster
// directory with its logs), everything start-cluster.sh reads.
#include "e2e_support.h"

#include "manifest/manifest.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace studio::test {

namespace {

TestCluster *g_cluster = nullptr;

class ClusterEnvironment : public ::testing::Environment
{
public:
    void SetUp() override
    {
        std::fprintf(stderr,
                     "# apiserver e2e: starting a real cluster (build-kube.sh + "
                     "start-cluster.sh)...\n");
        TestCluster::Options o;
        o.keepDir = std::getenv("STUDIO_E2E_KEEP") != nullptr;
        std::string error;
        if (!g_cluster->start(o, error)) {
            std::fprintf(
                stderr, "\n*** apiserver e2e: CLUSTER SETUP FAILED: %s\n\n", error.c_str());
            g_cluster->stop(true);
            FAIL() << "cluster setup failed: " << error;
        }
        std::fprintf(stderr,
                     "# apiserver e2e: cluster %s up at %s in %.1f s (dir %s)\n",
                     g_cluster->env("KUBE_VERSION").c_str(),
                     g_cluster->env("APISERVER_URL").c_str(),
                     g_cluster->startSeconds(),
                     g_cluster->dir().c_str());
    }
    void TearDown() override
    {
        const bool failed = ::testing::UnitTest::GetInstance()->Failed();
        if (!g_cluster->stop(failed))
            std::fprintf(stderr, "*** apiserver e2e: stop-cluster.sh failed\n");
    }
};

// A last line that cannot be missed in a long log.
class Summary : public ::testing::EmptyTestEventListener
{
    void OnTestProgramEnd(const ::testing::UnitTest &u) override
    {
        std::fprintf(stderr,
                     "\n%s apiserver e2e: %d passed, %d failed, %d skipped (%.1f s)\n",
                     u.Passed() ? "===" : "*** FAILED ***",
                     u.successful_test_count(),
                     u.failed_test_count(),
                     u.skipped_test_count(),
                     double(u.elapsed_time()) / 1000.0);
    }
};

} // namespace

TestCluster &cluster()
{
    return *g_cluster;
}

} // namespace studio::test

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    studio::test::TestCluster cluster;
    studio::test::g_cluster = &cluster;
    ::testing::AddGlobalTestEnvironment(new studio::test::ClusterEnvironment);
    ::testing::UnitTest::GetInstance()->listeners().Append(new studio::test::Summary);
    const int rc = RUN_ALL_TESTS();
    cluster.stop(rc != 0); // normally done by the environment already
    return rc;
}
