// SPDX-License-Identifier: GPL-3.0-or-later
// The editor e2e test binary: one real cluster for all tests (started once, stopped at the
// end by PID, also when a test fails or the binary dies) and a QApplication on the offscreen
// platform for the widgets.
//
//   editor_e2e_test [gtest flags]
// Environment: KUBE_BIN_DIR (skip build-kube.sh), STUDIO_E2E_KEEP=1 (keep the cluster
// directory with its logs), everything start-cluster.sh reads.
#include "../apiserver/e2e_support.h"

#include <QApplication>
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
        std::fprintf(stderr, "# editor e2e: starting a real cluster...\n");
        TestCluster::Options o;
        o.keepDir = std::getenv("STUDIO_E2E_KEEP") != nullptr;
        std::string error;
        if (!g_cluster->start(o, error)) {
            std::fprintf(stderr, "\n*** editor e2e: CLUSTER SETUP FAILED: %s\n\n", error.c_str());
            g_cluster->stop(true);
            FAIL() << "cluster setup failed: " << error;
        }
        std::fprintf(stderr, "# editor e2e: cluster up at %s in %.1f s\n",
                     g_cluster->env("APISERVER_URL").c_str(), g_cluster->startSeconds());
    }
    void TearDown() override
    {
        const bool failed = ::testing::UnitTest::GetInstance()->Failed();
        if (!g_cluster->stop(failed))
            std::fprintf(stderr, "*** editor e2e: stop-cluster.sh failed\n");
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
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ServiceStudioTest"));
    ::testing::InitGoogleTest(&argc, argv);
    studio::test::TestCluster cluster;
    studio::test::g_cluster = &cluster;
    ::testing::AddGlobalTestEnvironment(new studio::test::ClusterEnvironment);
    const int rc = RUN_ALL_TESTS();
    cluster.stop(rc != 0);
    return rc;
}
