// SPDX-License-Identifier: GPL-3.0-or-later
#include "state_file_source.h"

#include "support/event_loop_wait.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::agent;

namespace {

std::string serviceYaml(const std::string &name, const std::string &ip, int port)
{
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name
           + "\n  namespace: default\nspec:\n"
             "  clusterIP: "
           + ip + "\n  selector:\n    app: " + name
           + "\n  ports:\n  - port: " + std::to_string(port) + "\n    targetPort: 8080\n";
}

std::string podYaml(const std::string &name, const std::string &app, const std::string &ip)
{
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name
           + "\n  namespace: default\n  labels:\n    app: " + app
           + "\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: echo\n    "
             "ports:\n"
             "    - containerPort: 8080\nstatus:\n  phase: Running\n  podIP: "
           + ip + "\n  conditions:\n  - type: Ready\n    status: \"True\"\n";
}

void writeFile(const QString &path, const std::string &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.data(), qint64(text.size()));
}

// Editors write a new file and rename it over the old one.
void replaceFile(const QString &path, const std::string &text)
{
    const QString tmp = path + ".tmp";
    writeFile(tmp, text);
    QFile::remove(path);
    ASSERT_TRUE(QFile::rename(tmp, path));
}

size_t endpointCount(const ClusterSnapshot &s, const std::string &name)
{
    const Endpoints *e = s.endpoints("default", name);
    size_t n = 0;
    if (e)
        for (const auto &subset : e->subsets)
            n += subset.addresses.size();
    return n;
}

} // namespace

TEST(StateFileSource, LoadsComputesEndpointsAndFollowsChanges)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath("state.yaml");
    writeFile(path,
              serviceYaml("web", "10.96.0.50", 80) + "---\n"
                  + podYaml("web-1", "web", "10.244.1.5"));

    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    StateFileSource source(state, path.toStdString(), 100);
    int changes = 0;
    QObject::connect(&source, &ClusterSource::changed, [&]() { ++changes; });
    source.start();
    ASSERT_TRUE(source.synced());
    EXPECT_EQ(changes, 1);
    ASSERT_NE(state.snapshot().service("default", "web"), nullptr);
    EXPECT_EQ(endpointCount(state.snapshot(), "web"), 1u); // computed from the pod
    EXPECT_NE(state.snapshot().service("default", "kubernetes"), nullptr);
    tracker.take();

    // A second pod, written in place.
    writeFile(path,
              serviceYaml("web", "10.96.0.50", 80) + "---\n" + podYaml("web-1", "web", "10.244.1.5")
                  + "---\n" + podYaml("web-2", "web", "10.244.1.6"));
    ASSERT_TRUE(studio::test::runEventLoopUntil(
        [&] { return endpointCount(state.snapshot(), "web") == 2; }, 5000));
    EXPECT_EQ(tracker.take().services, std::set<std::string>{"default/web"});

    // Replaced by rename (a new inode): still followed.
    replaceFile(path,
                serviceYaml("web", "10.96.0.50", 80) + "---\n"
                    + podYaml("web-2", "web", "10.244.1.6"));
    ASSERT_TRUE(studio::test::runEventLoopUntil(
        [&] { return endpointCount(state.snapshot(), "web") == 1; }, 5000));
    tracker.take();

    // A broken file keeps the state.
    const int before = changes;
    replaceFile(path, "kind: Service\nmetadata: [unclosed\n");
    studio::test::runEventLoopUntil([] { return false; }, 400);
    EXPECT_EQ(changes, before);
    EXPECT_NE(state.snapshot().service("default", "web"), nullptr);
    EXPECT_TRUE(tracker.empty());

    // And a good one is read again.
    replaceFile(path, serviceYaml("web", "10.96.0.50", 81));
    ASSERT_TRUE(studio::test::runEventLoopUntil(
        [&] {
            const Service *s = state.snapshot().service("default", "web");
            return s && s->spec.ports[0].port == 81;
        },
        5000));
}

TEST(StateFileSource, MissingFileIsNotSynced)
{
    ChangeTracker tracker;
    ClusterState state(tracker, "node-1");
    StateFileSource source(state, "/nonexistent/dir/state.yaml", 100);
    source.start();
    EXPECT_FALSE(source.synced());
}
