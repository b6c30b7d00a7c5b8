// SPDX-License-Identifier: GPL-3.0-or-later
// The visualization views on the seed page's scenarios (resources/scenarios): what the
// topology scene holds, the rules tree of a service, the discovery panel, the live updates
// and the PNG/SVG export. Sandbox seed 1, so cluster IPs and node ports are repeatable.
#include "cluster/sandbox_backend.h"
#include "discovery_panel.h"
#include "proxy/iptables_plan.h"
#include "rules_view.h"
#include "snapshot_watcher.h"
#include "topology_scene.h"
#include "topology_view.h"
#include "service_list_model.h"
#include "traffic_path_view.h"
#include "visualization_docks.h"
#include "visualization_test_support.h"

#include <QFile>
#include <QDockWidget>
#include <QImage>
#include <QMainWindow>
#include <QSortFilterProxyModel>
#include <QMap>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::views;

namespace {

using State = PodTileData::State;

TEST(TopologyScene, ShowsServiceSelectorEndpointsPodsAndNodes)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    TopologyScene scene;
    scene.rebuild(snap, {"prod", "frontend"});
    ASSERT_NE(scene.serviceItem(), nullptr);
    EXPECT_EQ(scene.serviceItem()->title(), QStringLiteral("Service prod/frontend"));
    EXPECT_TRUE(scene.serviceItem()->lineTexts().contains(QStringLiteral("Type: LoadBalancer")));
    EXPECT_TRUE(scene.serviceItem()->lineTexts().contains(QStringLiteral("Load balancer: 203.0.113.10")));
    EXPECT_TRUE(scene.serviceItem()->lineTexts().contains(QStringLiteral("External traffic policy: Local")));

    ASSERT_NE(scene.selectorItem(), nullptr);
    const QStringList sel = scene.selectorItem()->lineTexts();
    EXPECT_TRUE(sel.contains(QStringLiteral("app=shop")));
    EXPECT_TRUE(sel.contains(QStringLiteral("tier=frontend")));
    // (Plural forms come from the English translation, which a test does not load.)
    EXPECT_TRUE(sel.last().startsWith(QStringLiteral("Matches 3 of 7 pod"))) << sel.join(QLatin1Char('|')).toStdString();

    // Every pod of the namespace, none of the others.
    EXPECT_EQ(scene.podItems().size(), 7u);
    EXPECT_EQ(scene.podItem(QStringLiteral("web-0")), nullptr);
    auto state = [&](const char *pod) {
        TopologyPodItem *p = scene.podItem(QString::fromLatin1(pod));
        EXPECT_NE(p, nullptr) << pod;
        return p ? p->data().state : State::NotSelected;
    };
    EXPECT_EQ(state("frontend-6f7c9-0"), State::Ready);
    EXPECT_EQ(state("frontend-6f7c9-1"), State::Ready);
    EXPECT_EQ(state("frontend-6f7c9-2"), State::NotReady);
    EXPECT_EQ(state("api-5d8b7-0"), State::NotSelected);
    EXPECT_EQ(state("db-1"), State::NotSelected);

    // The ports an endpoint resolves to (targetPort "http" -> 8080), and the failing label.
    EXPECT_EQ(scene.podItem(QStringLiteral("frontend-6f7c9-0"))->data().detailLine,
              QStringLiteral("endpoint → 8080/TCP (http)"));
    const PodTileData &api = scene.podItem(QStringLiteral("api-5d8b7-0"))->data();
    EXPECT_EQ(api.failingKey, QStringLiteral("tier"));
    EXPECT_EQ(api.detailLine, QStringLiteral("tier=api, wants frontend"));

    // The endpoints box lists ready and not-ready addresses with their ports and nodes.
    const QStringList eps = scene.endpointsItem()->lineTexts();
    EXPECT_EQ(eps.value(0), QStringLiteral("2 ready, 1 not ready"));
    EXPECT_TRUE(eps.contains(QStringLiteral("● ready 10.244.1.10 → 8080/TCP (http) · pod frontend-6f7c9-0, on node-1")))
        << eps.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(eps.contains(QStringLiteral("○ not ready 10.244.3.10 → 8080/TCP (http) · pod frontend-6f7c9-2, on node-3")));

    // Nodes with their counts, and an arrow from the Endpoints to each node with an endpoint.
    ASSERT_EQ(scene.nodeItems().size(), 3u);
    const NodeTileData &n3 = scene.nodeItem(QStringLiteral("node-3"))->data();
    EXPECT_EQ(n3.address, QStringLiteral("192.168.49.13"));
    EXPECT_EQ(n3.pods, 3); // frontend-2, api-1, db-1
    EXPECT_EQ(n3.selected, 1);
    EXPECT_EQ(n3.ready, 0);
    EXPECT_EQ(n3.notReady, 1);
    int nodeEdges = 0;
    for (TopologyEdgeItem *e : scene.edgeItems())
        if (e->label().endsWith(QStringLiteral("not ready")))
            ++nodeEdges;
    EXPECT_EQ(nodeEdges, 3);
    // Pods sit inside their node's tile.
    TopologyPodItem *f2 = scene.podItem(QStringLiteral("frontend-6f7c9-2"));
    EXPECT_TRUE(scene.nodeItem(QStringLiteral("node-3"))->sceneBoundingRect().contains(f2->sceneBoundingRect()));
}

TEST(TopologyScene, SelectedPodWithoutAddressAndServiceWithoutSelector)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    TopologyScene scene;
    scene.rebuild(snap, {"dev", "web"});
    EXPECT_EQ(scene.podItem(QStringLiteral("web-0"))->data().state, State::Ready);
    EXPECT_EQ(scene.podItem(QStringLiteral("web-1"))->data().state, State::SelectedNoEndpoint);
    EXPECT_EQ(scene.podItem(QStringLiteral("web-1"))->data().detailLine, QStringLiteral("selected, no IP yet"));

    scene.rebuild(snap, {"dev", "legacy-db"});
    EXPECT_TRUE(scene.selectorItem()->lineTexts().contains(QStringLiteral("No selector: the Endpoints are written by hand")));
    EXPECT_TRUE(scene.endpointsItem()->lineTexts().contains(
        QStringLiteral("● ready 192.168.50.20 → 3306/TCP · outside the cluster")))
        << scene.endpointsItem()->lineTexts().join(QLatin1Char('|')).toStdString();
    for (TopologyPodItem *p : scene.podItems())
        EXPECT_EQ(p->data().state, State::NotSelected);

    scene.rebuild(snap, {"prod", "payments"});
    EXPECT_TRUE(scene.serviceItem()->lineTexts().contains(QStringLiteral("External name: api.payments.example.com")));
    EXPECT_TRUE(scene.selectorItem()->lineTexts().contains(QStringLiteral("No selector: an ExternalName service selects no pods")));
    for (TopologyPodItem *p : scene.podItems())
        EXPECT_EQ(p->data().state, State::NotSelected);

    scene.rebuild(snap, {"prod", "nope"});
    EXPECT_EQ(scene.serviceItem(), nullptr);
    EXPECT_EQ(scene.podItems().size(), 0u);
    EXPECT_FALSE(scene.items().isEmpty()); // the hint
}

TEST(TopologyScene, SeedExampleThreeReplicas)
{
    const ClusterSnapshot snap = vistest::loadScenario("image-processing-backend");
    TopologyScene scene;
    scene.rebuild(snap, {"default", "my-service"});
    int ready = 0;
    for (TopologyPodItem *p : scene.podItems())
        if (p->data().state == State::Ready) {
            ++ready;
            EXPECT_TRUE(p->data().detailLine.contains(QStringLiteral("9376"))) << p->data().detailLine.toStdString();
        }
    EXPECT_EQ(ready, 3);
    EXPECT_TRUE(scene.serviceItem()->lineTexts().contains(QStringLiteral("Port 80/TCP → target 9376")))
        << scene.serviceItem()->lineTexts().join(QLatin1Char('|')).toStdString();
}

TEST(TopologyScene, FarDetailHidesPodsBehindCountTiles)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    TopologyScene scene;
    scene.rebuild(snap, {"prod", "frontend"});
    TopologyPodItem *pod = scene.podItem(QStringLiteral("frontend-6f7c9-0"));
    EXPECT_TRUE(pod->isVisible());
    scene.setDetail(TopologyScene::Detail::Far);
    EXPECT_FALSE(pod->isVisible());
    EXPECT_TRUE(scene.nodeItem(QStringLiteral("node-1"))->isVisible());
    EXPECT_FALSE(scene.nodeItem(QStringLiteral("node-1"))->data().countsLine.isEmpty());
    // A rebuild while far stays far.
    scene.rebuild(snap, {"prod", "frontend"});
    EXPECT_FALSE(scene.podItem(QStringLiteral("frontend-6f7c9-0"))->isVisible());
    scene.setDetail(TopologyScene::Detail::Near);
    EXPECT_TRUE(scene.podItem(QStringLiteral("frontend-6f7c9-0"))->isVisible());
}

TEST(TopologyView, FollowsWatchesLive)
{
    SandboxBackend sandbox;
    vistest::loadScenarioInto(sandbox, "default");
    SnapshotWatcher watcher;
    watcher.setBackend(&sandbox);
    watcher.flush();
    TopologyView view;
    view.resize(800, 600);
    view.setWatcher(&watcher);
    view.setService({"prod", "frontend"});
    EXPECT_EQ(view.scene()->podItems().size(), 7u);

    // A new ready frontend pod: the controller writes Endpoints, the scene follows.
    Pod pod;
    pod.metadata.name = QStringLiteral("frontend-6f7c9-3").toStdString();
    pod.metadata.namespace_ = "prod";
    pod.metadata.labels = {{"app", "shop"}, {"tier", "frontend"}};
    pod.nodeName = "node-2";
    pod.containers.push_back({"main", "example/app:1.0", {{"http", 8080, "TCP", 0}}});
    pod.phase = "Running";
    pod.podIP = "10.244.2.99";
    pod.conditions = {{"Ready", "True"}};
    ASSERT_TRUE(sandbox.createNow(KubeObject(pod)).ok());
    watcher.flush();
    EXPECT_EQ(view.scene()->podItems().size(), 8u);
    ASSERT_NE(view.scene()->podItem(QStringLiteral("frontend-6f7c9-3")), nullptr);
    EXPECT_EQ(view.scene()->podItem(QStringLiteral("frontend-6f7c9-3"))->data().state, State::Ready);
    EXPECT_EQ(view.scene()->endpointsItem()->lineTexts().value(0), QStringLiteral("3 ready, 1 not ready"));

    ASSERT_TRUE(sandbox.removeNow(ResourceKind::Pod, "prod", "frontend-6f7c9-0").ok());
    watcher.flush();
    EXPECT_EQ(view.scene()->podItem(QStringLiteral("frontend-6f7c9-0")), nullptr);
    EXPECT_EQ(view.scene()->endpointsItem()->lineTexts().value(0), QStringLiteral("2 ready, 1 not ready"));
}

TEST(TopologyView, ZoomPicksTheLevelOfDetail)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    TopologyView view;
    view.resize(800, 600);
    view.scene()->rebuild(snap, {"prod", "frontend"});
    TopologyGraphicsView *gv = view.graphicsView();
    gv->setTransform(QTransform());
    gv->updateDetail();
    EXPECT_EQ(view.scene()->detail(), TopologyScene::Detail::Near);
    gv->zoomBy(0.5);
    EXPECT_EQ(view.scene()->detail(), TopologyScene::Detail::Medium);
    gv->zoomBy(0.4);
    EXPECT_EQ(view.scene()->detail(), TopologyScene::Detail::Far);
}

// ---- rules -------------------------------------------------------------------------------

TEST(RulesView, TreeOfChainsWithTheServiceHighlighted)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    RulesView view;
    view.resize(900, 600);
    view.setSnapshot(snap);
    view.setNode(QStringLiteral("node-1"));
    view.setService({"prod", "frontend"});
    RulesTreeModel *m = view.model();

    // The service's own chains (KUBE-SVC / KUBE-XLB / KUBE-FW / KUBE-SEP) are highlighted.
    const QStringList chains = m->highlightedChains();
    EXPECT_TRUE(chains.contains(QStringLiteral("KUBE-SVC-PUUHDVHA445BVGDQ"))) << chains.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(chains.contains(QStringLiteral("KUBE-XLB-PUUHDVHA445BVGDQ")));
    EXPECT_TRUE(chains.contains(QStringLiteral("KUBE-FW-PUUHDVHA445BVGDQ")));
    for (const QString &c : chains)
        EXPECT_TRUE(c.startsWith(QStringLiteral("KUBE-"))) << c.toStdString();

    // In KUBE-SERVICES, exactly the rules whose comment names prod/frontend.
    const QModelIndex services = m->chainIndex(QStringLiteral("nat"), QStringLiteral("KUBE-SERVICES"));
    ASSERT_TRUE(services.isValid());
    int highlighted = 0;
    for (int r = 0; r < m->rowCount(services); ++r) {
        const QModelIndex rule = m->index(r, 0, services);
        const bool mine = rule.data(RulesTreeModel::HighlightRole).toBool();
        EXPECT_EQ(mine, rule.data().toString().contains(QStringLiteral("\"prod/frontend:"))) << rule.data().toString().toStdString();
        highlighted += mine;
    }
    EXPECT_EQ(highlighted, 3); // cluster IP: mark + jump; load-balancer IP: jump to KUBE-FW
    EXPECT_GT(m->highlightedRuleCount(), highlighted);

    // The PREROUTING hook jumps to KUBE-SERVICES and expands into its rules on demand.
    const QModelIndex prerouting = m->chainIndex(QStringLiteral("nat"), QStringLiteral("PREROUTING"));
    ASSERT_TRUE(prerouting.isValid());
    const QModelIndex hook = m->index(0, 0, prerouting);
    EXPECT_EQ(hook.data(RulesTreeModel::JumpRole).toString(), QStringLiteral("KUBE-SERVICES"));
    EXPECT_TRUE(m->hasChildren(hook));
    EXPECT_TRUE(m->canFetchMore(hook));
    view.tree()->expand(hook); // the view asks the model to fetch
    if (m->canFetchMore(hook))
        m->fetchMore(hook);
    EXPECT_EQ(m->rowCount(hook), m->rowCount(services));
    EXPECT_EQ(m->index(0, 0, hook).data(RulesTreeModel::DepthRole).toInt(), 1);
    // And one level further: KUBE-SERVICES -> KUBE-SVC-... of the service.
    QModelIndex toSvc;
    for (int r = 0; r < m->rowCount(hook); ++r)
        if (m->index(r, 0, hook).data(RulesTreeModel::JumpRole).toString() == QStringLiteral("KUBE-SVC-PUUHDVHA445BVGDQ"))
            toSvc = m->index(r, 0, hook);
    ASSERT_TRUE(toSvc.isValid());
    m->fetchMore(toSvc);
    EXPECT_GT(m->rowCount(toSvc), 0);
    EXPECT_TRUE(m->index(0, 0, toSvc).data(RulesTreeModel::HighlightRole).toBool());
}

TEST(RulesView, IpvsAndUserspaceTablesOfTheNode)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    RulesView view;
    view.setSnapshot(snap);
    view.setNode(QStringLiteral("node-1"));
    view.setService({"prod", "frontend"});
    const Service *frontend = snap.service("prod", "frontend");
    const QString clusterIp = QString::fromStdString(frontend->spec.clusterIP);
    QTreeWidgetItem *vs = nullptr;
    for (int i = 0; i < view.ipvsTable()->topLevelItemCount(); ++i)
        if (view.ipvsTable()->topLevelItem(i)->text(0) == QStringLiteral("TCP ") + clusterIp + QStringLiteral(":80"))
            vs = view.ipvsTable()->topLevelItem(i);
    ASSERT_NE(vs, nullptr);
    EXPECT_EQ(vs->text(3), QStringLiteral("prod/frontend"));
    EXPECT_EQ(vs->childCount(), 2); // the two ready pods
    EXPECT_TRUE(vs->font(0).bold());
    bool proxied = false;
    for (int i = 0; i < view.userspaceTable()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *p = view.userspaceTable()->topLevelItem(i);
        if (p->text(0) == QStringLiteral("prod/frontend:http/TCP")) {
            proxied = true;
            EXPECT_EQ(p->text(1), clusterIp + QStringLiteral(":80"));
            EXPECT_TRUE(p->text(2).startsWith(QStringLiteral("0.0.0.0:")));
            EXPECT_TRUE(p->text(3).contains(QStringLiteral("10.244.1.10:8080")));
        }
    }
    EXPECT_TRUE(proxied);
}

TEST(RulesView, RuleOwnershipByComment)
{
    proxy::IptablesRule r;
    r.comment = "prod/api:http cluster IP";
    EXPECT_TRUE(RulesTreeModel::ruleBelongsTo(nullptr, r, "prod/api"));
    EXPECT_FALSE(RulesTreeModel::ruleBelongsTo(nullptr, r, "prod/ap"));
    r.comment = "prod/api2:http cluster IP";
    EXPECT_FALSE(RulesTreeModel::ruleBelongsTo(nullptr, r, "prod/api"));
    r.comment = "prod/api";
    EXPECT_TRUE(RulesTreeModel::ruleBelongsTo(nullptr, r, "prod/api"));
    EXPECT_FALSE(RulesTreeModel::ruleBelongsTo(nullptr, r, ""));
}

TEST(RulesView, AppliedRulesComparedWithThePlan)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    RulesView view;
    view.setSnapshot(snap);
    view.setNode(QStringLiteral("node-2"));
    const proxy::IptablesPlan &plan = view.model()->plan();
    const std::string listing = proxy::renderListing(plan);
    RulesDifference diff;
    QString error;
    ASSERT_TRUE(compareWithSave(plan, QString::fromStdString(listing), diff, &error)) << error.toStdString();
    EXPECT_TRUE(diff.same()) << diff.missingRules.join(QLatin1Char('\n')).toStdString()
                             << diff.extraRules.join(QLatin1Char('\n')).toStdString();

    // Drop one service rule and add a stale chain: both are reported.
    QStringList lines = QString::fromStdString(listing).split(QLatin1Char('\n'));
    const int i = int(lines.indexOf(QRegularExpression(QStringLiteral("^-A KUBE-SVC-.*"))));
    ASSERT_GE(i, 0);
    const QString dropped = lines.takeAt(i);
    const int nat = int(lines.indexOf(QStringLiteral("*nat")));
    ASSERT_GE(nat, 0);
    lines.insert(nat + 1, QStringLiteral(":KUBE-SVC-STALESTALESTALE1 - [0:0]"));
    view.setAppliedRules(lines.join(QLatin1Char('\n')));
    const QString text = view.differenceText();
    EXPECT_TRUE(text.contains(dropped.mid(3))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("KUBE-SVC-STALESTALESTALE1"))) << text.toStdString();

    view.setAppliedRules(QStringLiteral("*nat\n-A NOPE -j\nCOMMIT\n"));
    EXPECT_TRUE(view.differenceText().startsWith(QStringLiteral("The applied rules could not be read")));
}

// ---- discovery ---------------------------------------------------------------------------

TEST(DiscoveryPanel, EnvironmentAndDnsOfTheSeedRedisExample)
{
    const ClusterSnapshot snap = vistest::loadScenario("redis-master-env");
    DiscoveryPanel panel;
    panel.setSnapshot(snap);
    const Service *redis = nullptr;
    for (const Service *s : snap.services())
        if (s->metadata.name == "redis-master")
            redis = s;
    ASSERT_NE(redis, nullptr);
    panel.setService({redis->metadata.namespace_, "redis-master"});
    QMap<QString, QString> env;
    for (int i = 0; i < panel.environment()->topLevelItemCount(); ++i)
        env[panel.environment()->topLevelItem(i)->text(0)] = panel.environment()->topLevelItem(i)->text(1);
    EXPECT_EQ(env.value(QStringLiteral("REDIS_MASTER_SERVICE_HOST")), QStringLiteral("10.0.0.11"));
    EXPECT_EQ(env.value(QStringLiteral("REDIS_MASTER_SERVICE_PORT")), QStringLiteral("6379"));
    EXPECT_EQ(env.value(QStringLiteral("REDIS_MASTER_PORT_6379_TCP")), QStringLiteral("tcp://10.0.0.11:6379"));
    bool a = false;
    for (int i = 0; i < panel.dnsRecords()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *r = panel.dnsRecords()->topLevelItem(i);
        if (r->text(1) == QStringLiteral("A"))
            a = r->text(0).startsWith(QStringLiteral("redis-master.")) && r->text(3) == QStringLiteral("10.0.0.11");
    }
    EXPECT_TRUE(a);
}

TEST(DiscoveryPanel, HeadlessAndExternalName)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    DiscoveryPanel panel;
    panel.setSnapshot(snap);
    panel.setService({"prod", "db"});
    EXPECT_EQ(panel.environment()->topLevelItemCount(), 0);
    EXPECT_TRUE(panel.environmentNote().contains(QStringLiteral("headless")));
    int a = 0;
    for (int i = 0; i < panel.dnsRecords()->topLevelItemCount(); ++i)
        if (panel.dnsRecords()->topLevelItem(i)->text(0) == QStringLiteral("db.prod.svc.cluster.local.")
            && panel.dnsRecords()->topLevelItem(i)->text(1) == QStringLiteral("A"))
            ++a;
    EXPECT_EQ(a, 2); // one per ready pod
    panel.setService({"prod", "payments"});
    ASSERT_EQ(panel.dnsRecords()->topLevelItemCount(), 1);
    EXPECT_EQ(panel.dnsRecords()->topLevelItem(0)->text(1), QStringLiteral("CNAME"));
}

// ---- export ------------------------------------------------------------------------------

void expectImageFiles(const std::function<bool(const QString &)> &exporter, const QString &base)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString png = dir.filePath(base + QStringLiteral(".png"));
    const QString svg = dir.filePath(base + QStringLiteral(".svg"));
    ASSERT_TRUE(exporter(png));
    ASSERT_TRUE(exporter(svg));
    QImage image(png);
    EXPECT_FALSE(image.isNull());
    EXPECT_GT(image.width(), 100);
    QFile f(svg);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    EXPECT_TRUE(content.contains("<svg"));
    EXPECT_GT(content.size(), 1000);
}

TEST(Export, EveryViewWritesPngAndSvg)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    TopologyView topo;
    topo.resize(800, 600);
    topo.scene()->rebuild(snap, {"prod", "frontend"});
    expectImageFiles([&](const QString &p) { return topo.exportTo(p); }, QStringLiteral("topology"));

    RulesView rules;
    rules.resize(800, 600);
    rules.setSnapshot(snap);
    rules.setService({"prod", "frontend"});
    expectImageFiles([&](const QString &p) { return rules.exportTo(p); }, QStringLiteral("rules"));

    DiscoveryPanel disc;
    disc.resize(600, 500);
    disc.setSnapshot(snap);
    disc.setService({"prod", "api"});
    expectImageFiles([&](const QString &p) { return disc.exportTo(p); }, QStringLiteral("discovery"));

    QTemporaryDir dir;
    EXPECT_FALSE(topo.exportTo(dir.filePath(QStringLiteral("no/such/dir/x.png"))));
}

// ---- the main window's entry point -------------------------------------------------------

TEST(VisualizationDocks, FollowTheServiceListSelection)
{
    SandboxBackend sandbox;
    vistest::loadScenarioInto(sandbox, "default");
    QMainWindow window;
    ServiceListModel services;
    services.setBackend(&sandbox);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&services);
    QTreeView list;
    list.setModel(&proxy);

    auto *docks = new VisualizationDocks(&window, &sandbox);
    docks->followSelection(list.selectionModel());
    docks->watcher()->flush();
    ASSERT_EQ(docks->docks().size(), 4);
    EXPECT_EQ(docks->toggleViewActions().size(), 4);
    EXPECT_EQ(docks->docks()[0]->windowTitle(), QStringLiteral("Topology"));
    EXPECT_EQ(docks->docks()[1]->objectName(), QStringLiteral("trafficPathDock"));

    int row = -1;
    for (int r = 0; r < proxy.rowCount(); ++r)
        if (proxy.index(r, ServiceListModel::NameColumn).data().toString() == QStringLiteral("frontend"))
            row = r;
    ASSERT_GE(row, 0);
    list.selectionModel()->setCurrentIndex(proxy.index(row, 0), QItemSelectionModel::ClearAndSelect);
    EXPECT_EQ(docks->selectedService(), (ObjectKey{"prod", "frontend"}));
    EXPECT_EQ(docks->topology()->scene()->podItems().size(), 7u);
    EXPECT_EQ(docks->topology()->scene()->serviceItem()->title(), QStringLiteral("Service prod/frontend"));
    EXPECT_FALSE(docks->rules()->model()->highlightedChains().isEmpty());
    EXPECT_GT(docks->discovery()->dnsRecords()->topLevelItemCount(), 0);

    // Another cluster (here: none) empties the views.
    docks->setBackend(nullptr);
    docks->watcher()->flush();
    EXPECT_EQ(docks->topology()->scene()->podItems().size(), 0u);
}

} // namespace
