// SPDX-License-Identifier: GPL-3.0-or-later
// The traffic path view on the seed page's scenarios: the hops it lists, the endpoints with
// their probabilities and source addresses, the explanations in words (translated by code),
// the diagram and its animation, the live re-trace and the export.
#include "cluster/sandbox_backend.h"
#include "snapshot_watcher.h"
#include "traffic_path_view.h"
#include "visualization_test_support.h"

#include <QFile>
#include <QGraphicsEllipseItem>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QVariantAnimation>

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::views;
using Kind = trace::Hop::Kind;

namespace {

std::vector<Kind> kinds(const trace::TraceResult &r)
{
    std::vector<Kind> out;
    for (const trace::Hop &h : r.hops)
        out.push_back(h.kind);
    return out;
}

QStringList codes(const trace::TraceResult &r)
{
    QStringList out;
    for (const trace::Explanation &e : r.explanations)
        out << QString::fromStdString(e.code);
    return out;
}

QStringList listTexts(const QListWidget *list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->text();
    return out;
}

// A view on a scenario, traced once.
struct Traced
{
    explicit Traced(const std::string &scenario) : snapshot(vistest::loadScenario(scenario))
    {
        view.resize(1200, 800);
        view.setSnapshot(snapshot);
    }
    const trace::TraceResult &run(const QString &from, const QString &to, const QString &via = {})
    {
        view.setClient(from);
        view.setDestination(to);
        view.setViaNode(via);
        EXPECT_TRUE(view.trace()) << view.errorText().toStdString();
        static const trace::TraceResult none;
        return view.result() ? *view.result() : none;
    }
    ClusterSnapshot snapshot;
    TrafficPathView view;
};

QString destinationStartingWith(const ClusterSnapshot &snap, const std::string &ns, const std::string &name,
                                const QString &prefix)
{
    const Service *s = snap.service(ns, name);
    if (!s)
        return {};
    for (const QString &d : TrafficPathView::destinationsFor(snap, *s))
        if (d.startsWith(prefix))
            return d;
    return {};
}

TEST(TrafficPath, PodToClusterIpByDnsName)
{
    Traced t("default");
    const trace::TraceResult &r = t.run(QStringLiteral("pod/web-0.dev"), QStringLiteral("frontend.prod:80"));
    ASSERT_TRUE(r.reachable);
    EXPECT_EQ(kinds(r), (std::vector<Kind>{Kind::Client, Kind::Dns, Kind::Service, Kind::NodeRules, Kind::Translation,
                                            Kind::Translation}));
    ASSERT_EQ(r.endpoints.size(), 2u);
    EXPECT_DOUBLE_EQ(r.endpoints[0].probability, 0.5);

    // The hop list: one row per hop, the node's rules as children.
    QTreeWidget *hops = t.view.hops();
    ASSERT_EQ(hops->topLevelItemCount(), 6);
    EXPECT_EQ(hops->topLevelItem(0)->text(0), QStringLiteral("1. Client"));
    EXPECT_EQ(hops->topLevelItem(1)->text(0), QStringLiteral("2. DNS"));
    EXPECT_EQ(hops->topLevelItem(3)->text(0), QStringLiteral("4. Node rules"));
    EXPECT_GT(hops->topLevelItem(3)->childCount(), 3);
    EXPECT_TRUE(hops->topLevelItem(3)->child(1)->text(2).contains(QStringLiteral("KUBE-SVC-")));

    // Endpoints with probability, pod, node and the address the pod sees.
    QTreeWidget *eps = t.view.endpoints();
    ASSERT_EQ(eps->topLevelItemCount(), 2);
    EXPECT_EQ(eps->topLevelItem(0)->text(0), QStringLiteral("10.244.1.10:8080"));
    EXPECT_EQ(eps->topLevelItem(0)->text(1), QStringLiteral("prod/frontend-6f7c9-0"));
    EXPECT_EQ(eps->topLevelItem(0)->text(3), QStringLiteral("50 %"));
    EXPECT_EQ(eps->topLevelItem(0)->text(4), QStringLiteral("sees the client 10.244.1.20"));

    // The explanations, in the view's words.
    EXPECT_EQ(codes(r), (QStringList{QStringLiteral("pod-not-ready"), QStringLiteral("client-address-kept")}));
    EXPECT_EQ(listTexts(t.view.explanations()),
              (QStringList{QStringLiteral("Pod frontend-6f7c9-2 is not ready: it is listed under notReadyAddresses and gets no traffic."),
                           QStringLiteral("The source is not masqueraded: the pod sees the client's own address 10.244.1.20.")}));

    // The diagram: the four hops in sequence, the two DNATs side by side, each to its pod.
    EXPECT_EQ(t.view.scene()->hopBoxCount(), 6);
    EXPECT_EQ(t.view.scene()->endpointBoxCount(), 2);
    EXPECT_EQ(t.view.scene()->path().size(), 6);
}

TEST(TrafficPath, NodePortFromOutsideIsMasqueraded)
{
    Traced t("nodeport");
    const QString to = destinationStartingWith(t.snapshot, "default", "web-fixed", QStringLiteral("192.168.49.11:"));
    ASSERT_FALSE(to.isEmpty());
    const trace::TraceResult &r = t.run(QStringLiteral("203.0.113.50"), to);
    ASSERT_TRUE(r.reachable);
    ASSERT_EQ(r.endpoints.size(), 3u);
    for (const trace::EndpointChoice &e : r.endpoints) {
        EXPECT_TRUE(e.masqueraded);
        EXPECT_EQ(e.sourceSeen, "192.168.49.11");
        EXPECT_NEAR(e.probability, 1.0 / 3, 1e-6);
    }
    EXPECT_TRUE(listTexts(t.view.explanations())
                    .contains(QStringLiteral("The source is masqueraded: the pod sees the address of node node-1, not the client's 203.0.113.50.")))
        << listTexts(t.view.explanations()).join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(t.view.endpoints()->topLevelItem(0)->text(4), QStringLiteral("masqueraded: sees 192.168.49.11"));
    EXPECT_EQ(t.view.endpoints()->topLevelItem(0)->text(3), QStringLiteral("33.3 %"));
}

TEST(TrafficPath, PolicyLocalWithoutLocalEndpointIsDropped)
{
    Traced t("default");
    // node-3 runs only the frontend pod that is not ready.
    const QString to = destinationStartingWith(t.snapshot, "prod", "frontend", QStringLiteral("192.168.49.13:"));
    ASSERT_FALSE(to.isEmpty());
    const trace::TraceResult &r = t.run(QStringLiteral("198.51.100.7"), to);
    EXPECT_FALSE(r.reachable);
    EXPECT_EQ(r.hops.back().kind, Kind::Failure);
    ASSERT_TRUE(codes(r).contains(QStringLiteral("no-local-endpoints")));
    const QString text = QStringLiteral(
        "externalTrafficPolicy of prod/frontend is Local and node node-3 runs no ready endpoint of it: the packet is dropped.");
    EXPECT_TRUE(listTexts(t.view.explanations()).contains(text));
    // The blocking explanation is the verdict, and stands out in the list.
    bool bold = false;
    for (int i = 0; i < t.view.explanations()->count(); ++i)
        if (t.view.explanations()->item(i)->text() == text)
            bold = t.view.explanations()->item(i)->font().bold();
    EXPECT_TRUE(bold);
    EXPECT_EQ(t.view.endpoints()->topLevelItemCount(), 0);

    // Through node-1 (a ready local endpoint) the same service answers and keeps the client address.
    const QString via1 = destinationStartingWith(t.snapshot, "prod", "frontend", QStringLiteral("192.168.49.11:"));
    const trace::TraceResult &r1 = t.run(QStringLiteral("198.51.100.7"), via1);
    EXPECT_TRUE(r1.reachable);
    ASSERT_EQ(r1.endpoints.size(), 1u);
    EXPECT_FALSE(r1.endpoints[0].masqueraded);
    EXPECT_EQ(r1.endpoints[0].sourceSeen, "198.51.100.7");
}

TEST(TrafficPath, LoadBalancerIpEntersAtTheChosenNode)
{
    Traced t("default");
    const trace::TraceResult &r = t.run(QStringLiteral("203.0.113.50"), QStringLiteral("203.0.113.10:80"), QStringLiteral("node-2"));
    EXPECT_EQ(r.entryNode, "node-2");
    ASSERT_TRUE(r.reachable);
    ASSERT_EQ(r.endpoints.size(), 1u);
    EXPECT_EQ(r.endpoints[0].node, "node-2");
}

TEST(TrafficPath, ExternalNameAndHeadless)
{
    Traced t("default");
    const trace::TraceResult &r = t.run(QStringLiteral("pod/web-0.dev"), QStringLiteral("payments.prod"));
    EXPECT_TRUE(r.reachable);
    EXPECT_EQ(kinds(r), (std::vector<Kind>{Kind::Client, Kind::Dns, Kind::Endpoint}));
    EXPECT_EQ(listTexts(t.view.explanations()).value(0),
              QStringLiteral("prod/payments is an ExternalName service: DNS answers with a CNAME to api.payments.example.com and no proxy is involved; the client connects to that host itself."));
    EXPECT_EQ(t.view.scene()->endpointBoxCount(), 0); // the host is the last hop

    const trace::TraceResult &h = t.run(QStringLiteral("pod/web-0.dev"), QStringLiteral("db.prod:5432"));
    EXPECT_TRUE(h.reachable);
    EXPECT_EQ(h.endpoints.size(), 2u);
    EXPECT_TRUE(codes(h).contains(QStringLiteral("headless")));
    EXPECT_EQ(t.view.scene()->endpointBoxCount(), 2); // DNS answers the pods directly
}

TEST(TrafficPath, SeedExamples)
{
    {
        Traced t("image-processing-backend");
        const trace::TraceResult &r = t.run(QStringLiteral("node/node-1"), QStringLiteral("my-service.default:80"));
        ASSERT_TRUE(r.reachable);
        ASSERT_EQ(r.endpoints.size(), 3u);
        for (const trace::EndpointChoice &e : r.endpoints)
            EXPECT_TRUE(QString::fromStdString(e.endpoint).endsWith(QStringLiteral(":9376")));
    }
    {
        Traced t("service-without-selector");
        // No nodes in this scenario: an outside client whose packet the first (anonymous) node handles.
        const trace::TraceResult &r = t.run(QStringLiteral("203.0.113.50"), QStringLiteral("my-service.default:80"));
        ASSERT_TRUE(r.reachable);
        ASSERT_EQ(r.endpoints.size(), 1u);
        EXPECT_EQ(r.endpoints[0].endpoint, "1.2.3.4:9376");
        EXPECT_EQ(t.view.endpoints()->topLevelItem(0)->text(1), QStringLiteral("(not a pod)"));
    }
    {
        Traced t("my-service-own-ip");
        const trace::TraceResult &r = t.run(QStringLiteral("node/node-1"), QStringLiteral("10.96.100.100:80"));
        EXPECT_TRUE(r.reachable);
        EXPECT_EQ(r.destination, "10.96.100.100:80");
    }
    {
        Traced t("external-ips");
        const trace::TraceResult &r = t.run(QStringLiteral("203.0.113.50"), QStringLiteral("80.11.12.10:80"));
        EXPECT_TRUE(r.reachable);
        EXPECT_FALSE(r.endpoints.empty());
    }
    {
        Traced t("load-balancer");
        const trace::TraceResult &r = t.run(QStringLiteral("203.0.113.50"), QStringLiteral("146.148.47.155:80"));
        EXPECT_TRUE(r.reachable);
    }
}

TEST(TrafficPath, SelectorThatMatchesNoPodExplainsTheLabel)
{
    SandboxBackend sandbox;
    vistest::loadScenarioInto(sandbox, "default");
    Service typo;
    typo.metadata.name = "shop-typo";
    typo.metadata.namespace_ = "prod";
    typo.spec.selector = Labels{{"app", "shop"}, {"tier", "fronted"}};
    typo.spec.ports.push_back({"http", "TCP", {}, 80, IntOrString::fromInt(8080), 0});
    ASSERT_TRUE(sandbox.createNow(KubeObject(typo)).ok());
    SnapshotWatcher watcher;
    watcher.setBackend(&sandbox);
    watcher.flush();
    TrafficPathView view;
    view.setWatcher(&watcher);
    view.setService({"prod", "shop-typo"});
    view.setClient(QStringLiteral("pod/web-0.dev"));
    view.setDestination(QStringLiteral("shop-typo.prod:80"));
    ASSERT_TRUE(view.trace());
    EXPECT_FALSE(view.result()->reachable);
    const QStringList texts = listTexts(view.explanations());
    EXPECT_TRUE(texts.contains(QStringLiteral("The selector of prod/shop-typo (app=shop,tier=fronted) matches no pod in namespace prod.")))
        << texts.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(texts.contains(QStringLiteral("The closest pod, frontend-6f7c9-0, has tier=\"frontend\", but the selector wants \"fronted\".")))
        << texts.join(QLatin1Char('\n')).toStdString();

    // Live: fix the selector and the same question is asked again on the new state (off the
    // GUI thread).
    QSignalSpy traced(&view, &TrafficPathView::traced);
    typo.spec.selector = Labels{{"app", "shop"}, {"tier", "frontend"}};
    ASSERT_TRUE(sandbox.applyNow(KubeObject(typo)).ok());
    watcher.flush();
    ASSERT_TRUE(traced.wait(10000));
    ASSERT_TRUE(view.result().has_value());
    EXPECT_TRUE(view.result()->reachable);
    EXPECT_EQ(view.result()->endpoints.size(), 2u);
}

TEST(TrafficPath, ModesAndRequestErrors)
{
    Traced t("default");
    // The same question in each proxy mode: the same two ready pods answer.
    for (trace::ProxyMode mode : {trace::ProxyMode::Ipvs, trace::ProxyMode::Userspace, trace::ProxyMode::Nftables}) {
        t.view.setMode(mode);
        const trace::TraceResult &r = t.run(QStringLiteral("pod/web-0.dev"), QStringLiteral("frontend.prod:80"));
        EXPECT_TRUE(r.reachable) << trace::proxyModeName(mode);
        EXPECT_EQ(r.endpoints.size(), 2u) << trace::proxyModeName(mode);
    }
    trace::Explanation na{"mode-not-available", "english", {{"mode", "ipvs"}}, true};
    EXPECT_EQ(explanationText(na), QStringLiteral("Tracing in ipvs mode is not available yet."));

    t.view.setMode(trace::ProxyMode::Iptables);
    t.view.setClient(QStringLiteral("pod/nope.dev"));
    EXPECT_FALSE(t.view.trace());
    EXPECT_TRUE(t.view.errorText().startsWith(QStringLiteral("Cannot trace this request: "))) << t.view.errorText().toStdString();
    EXPECT_EQ(t.view.hops()->topLevelItemCount(), 0);
}

TEST(TrafficPath, BackgroundTraceGivesTheSameAnswer)
{
    Traced t("default");
    t.view.setClient(QStringLiteral("pod/web-0.dev"));
    t.view.setDestination(QStringLiteral("frontend.prod:80"));
    QSignalSpy traced(&t.view, &TrafficPathView::traced);
    t.view.traceInBackground();
    t.view.traceInBackground(); // a newer request: the first answer is dropped
    ASSERT_TRUE(traced.wait(10000));
    EXPECT_EQ(traced.count(), 1);
    ASSERT_TRUE(t.view.result().has_value());
    EXPECT_TRUE(t.view.result()->reachable);
    EXPECT_EQ(t.view.hops()->topLevelItemCount(), 6);
}

TEST(TrafficPath, ExplanationsFallBackToCoreEnglish)
{
    trace::Explanation e{"something-new", "a new reason", {}, false};
    EXPECT_EQ(explanationText(e), QStringLiteral("a new reason"));
    e = {"no-local-endpoints", "english", {{"node", "node-1"}}, true}; // "service" missing
    EXPECT_EQ(explanationText(e), QStringLiteral("english"));
    e = {"pod-not-ready", "english", {{"pod", "p"}, {"reason", "no-ip"}}, false};
    EXPECT_EQ(explanationText(e), QStringLiteral("Pod p has no IP address yet, so it cannot be an endpoint."));
}

TEST(TrafficPath, DestinationsOfAService)
{
    const ClusterSnapshot snap = vistest::loadScenario("default");
    const Service *frontend = snap.service("prod", "frontend");
    ASSERT_NE(frontend, nullptr);
    const QStringList d = TrafficPathView::destinationsFor(snap, *frontend);
    EXPECT_EQ(d.value(0), QStringLiteral("frontend.prod:80"));
    EXPECT_TRUE(d.contains(QString::fromStdString(frontend->spec.clusterIP) + QStringLiteral(":80")));
    EXPECT_TRUE(d.contains(QStringLiteral("203.0.113.10:80")));
    EXPECT_EQ(d.filter(QStringLiteral("192.168.49.")).size(), 3); // the node port on each node
    EXPECT_EQ(TrafficPathView::destinationsFor(snap, *snap.service("prod", "payments")),
              QStringList{QStringLiteral("payments.prod")});
}

TEST(TrafficPath, AnimationMovesTheMarkerAlongThePath)
{
    Traced t("default");
    t.run(QStringLiteral("pod/web-0.dev"), QStringLiteral("frontend.prod:80"));
    TrafficPathScene *scene = t.view.scene();
    ASSERT_NE(scene->marker(), nullptr);
    EXPECT_FALSE(scene->marker()->isVisible());
    t.view.play();
    QVariantAnimation *anim = t.view.animation();
    EXPECT_EQ(anim->state(), QAbstractAnimation::Running);
    EXPECT_EQ(anim->duration(), 700 * (int(scene->path().size()) - 1));
    anim->setCurrentTime(0);
    const QPointF start = scene->marker()->pos();
    EXPECT_EQ(start, scene->path().front());
    anim->setCurrentTime(anim->duration());
    EXPECT_EQ(scene->marker()->pos(), scene->path().back());
    EXPECT_TRUE(scene->marker()->isVisible());
    anim->stop();
}

TEST(TrafficPath, ExportsPngAndSvg)
{
    Traced t("default");
    t.run(QStringLiteral("pod/web-0.dev"), QStringLiteral("frontend.prod:80"));
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("trace.png"));
    const QString svg = dir.filePath(QStringLiteral("trace.svg"));
    ASSERT_TRUE(t.view.exportTo(png));
    ASSERT_TRUE(t.view.exportTo(svg));
    EXPECT_GT(QImage(png).width(), 500);
    QFile f(svg);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    EXPECT_TRUE(content.contains("<svg"));
    EXPECT_TRUE(content.contains("10.244.1.10:8080"));
}

} // namespace
