// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic_path_view.h"

#include "cluster/cluster_snapshot.h"
#include "discovery/dns_records.h"
#include "snapshot_watcher.h"
#include "view_export.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QEvent>
#include <QFormLayout>
#include <QGraphicsEllipseItem>
#include <QGraphicsRectItem>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineF>
#include <QListWidget>
#include <QPen>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QVariantAnimation>
#include <QtMath>

#include <algorithm>
#include <cmath>

namespace studio::views {

namespace {

constexpr qreal kHopWidth = 200;
constexpr qreal kHopHeight = 104;
constexpr qreal kHopGap = 56;
constexpr qreal kEpWidth = 230;
constexpr qreal kEpHeight = 80;
constexpr int kMaxEndpointBoxes = 12;
constexpr int kMaxClientPods = 2000; // the combo stays quick on a 10,000-pod cluster

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString argOf(const trace::Explanation &e, const char *key)
{
    auto it = e.args.find(key);
    return it == e.args.end() ? QString() : qs(it->second);
}

QColor kindColor(trace::Hop::Kind k)
{
    using K = trace::Hop::Kind;
    switch (k) {
    case K::Client: return QColor(0x54, 0x6e, 0x7a);
    case K::Dns: return QColor(0x6a, 0x1b, 0x9a);
    case K::Service: return QColor(0x15, 0x65, 0xc0);
    case K::NodeRules: return QColor(0x00, 0x69, 0x5c);
    case K::Translation: return QColor(0xe6, 0x51, 0x00);
    case K::Endpoint: return QColor(0x2e, 0x7d, 0x32);
    case K::Failure: return QColor(0xc6, 0x28, 0x28);
    }
    return Qt::gray;
}

QString percent(double p)
{
    return QStringLiteral("%1 %").arg(p * 100.0, 0, 'f', p * 100.0 == std::floor(p * 100.0) ? 0 : 1);
}

void addArrow(QGraphicsScene *scene, QPointF from, QPointF to, const QColor &color, const QString &label)
{
    auto *line = scene->addLine(QLineF(from, to), QPen(color, 2));
    line->setZValue(-1);
    const QLineF back(to, from);
    const qreal a = qDegreesToRadians(back.angle());
    QPolygonF head({to, to + QPointF(std::cos(a + 0.45) * 10, -std::sin(a + 0.45) * 10),
                    to + QPointF(std::cos(a - 0.45) * 10, -std::sin(a - 0.45) * 10)});
    scene->addPolygon(head, QPen(Qt::NoPen), color);
    if (!label.isEmpty()) {
        auto *t = scene->addSimpleText(label);
        QFont f = t->font();
        f.setPointSizeF(8);
        f.setBold(true);
        t->setFont(f);
        t->setBrush(color.darker(120));
        const QPointF mid = (from + to) / 2;
        t->setPos(mid.x() - t->boundingRect().width() / 2, mid.y() - t->boundingRect().height() - 2);
    }
}

QGraphicsRectItem *addBox(QGraphicsScene *scene, const QRectF &r, const QColor &accent, const QString &heading,
                          const QString &body)
{
    auto *box = scene->addRect(r, QPen(accent, 2), QColor(0xff, 0xff, 0xff));
    auto *head = scene->addRect(QRectF(r.left(), r.top(), r.width(), 22), QPen(Qt::NoPen), accent);
    head->setParentItem(box);
    auto *ht = scene->addSimpleText(heading);
    QFont hf = ht->font();
    hf.setBold(true);
    hf.setPointSizeF(8.5);
    ht->setFont(hf);
    ht->setBrush(Qt::white);
    ht->setPos(r.left() + 6, r.top() + 3);
    ht->setParentItem(box);
    auto *bt = new QGraphicsTextItem(box);
    QFont bf = bt->font();
    bf.setPointSizeF(8);
    bt->setFont(bf);
    bt->setPlainText(body);
    bt->setTextWidth(r.width() - 8);
    bt->setPos(r.left() + 2, r.top() + 23);
    return box;
}

} // namespace

QString hopKindText(trace::Hop::Kind kind)
{
    using K = trace::Hop::Kind;
    switch (kind) {
    case K::Client: return TrafficPathView::tr("Client");
    case K::Dns: return TrafficPathView::tr("DNS");
    case K::Service: return TrafficPathView::tr("Service");
    case K::NodeRules: return TrafficPathView::tr("Node rules");
    case K::Translation: return TrafficPathView::tr("Translation");
    case K::Endpoint: return TrafficPathView::tr("Endpoint");
    case K::Failure: return TrafficPathView::tr("Failure");
    }
    return {};
}

QString explanationText(const trace::Explanation &e)
{
    auto a = [&e](const char *key) { return argOf(e, key); };
    const std::string &c = e.code;
    // Every text needs its arguments; when core sends fewer, its English stands in.
    auto need = [&e](std::initializer_list<const char *> keys) {
        for (const char *k : keys) {
            auto it = e.args.find(k);
            if (it == e.args.end() || it->second.empty())
                return false;
        }
        return true;
    };
    if (c == "no-endpoints" && need({"service"})) {
        if (a("selector") == QLatin1String("none"))
            return TrafficPathView::tr("The service %1 has no selector, and no Endpoints of it list a ready address: nothing tells the proxy where to send traffic.")
                .arg(a("service"));
        return TrafficPathView::tr("The service %1 has no ready endpoint, so nothing answers: the connection is refused.").arg(a("service"));
    }
    if (c == "selector-matches-no-pod" && need({"service", "selector", "namespace"}))
        return TrafficPathView::tr("The selector of %1 (%2) matches no pod in namespace %3.")
            .arg(a("service"), a("selector"), a("namespace"));
    if (c == "label-mismatch" && need({"pod", "label"}))
        return a("actual").isEmpty()
                   ? TrafficPathView::tr("The closest pod, %1, has no label %2 (the selector wants \"%3\").")
                         .arg(a("pod"), a("label"), a("expected"))
                   : TrafficPathView::tr("The closest pod, %1, has %2=\"%3\", but the selector wants \"%4\".")
                         .arg(a("pod"), a("label"), a("actual"), a("expected"));
    if (c == "named-port-missing" && need({"pod", "port"}))
        return TrafficPathView::tr("Pod %1 has no container port named \"%2\", so it is not an endpoint of this port.")
            .arg(a("pod"), a("port"));
    if (c == "pod-not-ready" && need({"pod"}))
        return a("reason") == QLatin1String("no-ip")
                   ? TrafficPathView::tr("Pod %1 has no IP address yet, so it cannot be an endpoint.").arg(a("pod"))
                   : TrafficPathView::tr("Pod %1 is not ready: it is listed under notReadyAddresses and gets no traffic.").arg(a("pod"));
    if (c == "source-range-blocked" && need({"client", "ranges"}))
        return TrafficPathView::tr("The client address %1 is outside the service's loadBalancerSourceRanges (%2): the packet is dropped.")
            .arg(a("client"), a("ranges"));
    if (c == "no-local-endpoints" && need({"service", "node"}))
        return TrafficPathView::tr("externalTrafficPolicy of %1 is Local and node %2 runs no ready endpoint of it: the packet is dropped.")
            .arg(a("service"), a("node"));
    if (c == "external-name" && need({"service", "target"}))
        return TrafficPathView::tr("%1 is an ExternalName service: DNS answers with a CNAME to %2 and no proxy is involved; the client connects to that host itself.")
            .arg(a("service"), a("target"));
    if (c == "headless" && need({"service"}))
        return TrafficPathView::tr("%1 is headless: DNS returns the pods' addresses and the client connects to one of them directly, without a virtual IP.")
            .arg(a("service"));
    if (c == "endpoint-ip-forbidden" && need({"address", "reason"})) {
        const QString r = a("reason");
        const QString why = r == QLatin1String("loopback")                ? TrafficPathView::tr("a loopback address")
                            : r == QLatin1String("link-local")            ? TrafficPathView::tr("a link-local address")
                            : r == QLatin1String("link-local multicast") ? TrafficPathView::tr("a link-local multicast address")
                            : r == QLatin1String("a cluster IP")          ? TrafficPathView::tr("a cluster IP")
                                                                          : r;
        return TrafficPathView::tr("The endpoint address %1 is %2, which the apiserver forbids in Endpoints.").arg(a("address"), why);
    }
    if (c == "unknown-destination" && need({"name"}))
        return TrafficPathView::tr("No DNS record answers \"%1\".").arg(a("name"));
    if (c == "unknown-destination" && need({"address"}))
        return TrafficPathView::tr("Nothing in the cluster answers at %1: it is no cluster IP, external IP, load-balancer IP, node port or pod address, or no rule translates it.")
            .arg(a("address"));
    if (c == "no-such-port" && need({"service", "port"}))
        return TrafficPathView::tr("The service %1 has no port %2 (it has: %3).").arg(a("service"), a("port"), a("ports"));
    if (c == "no-such-port" && need({"service", "ports"}))
        return TrafficPathView::tr("The service %1 has several ports (%2): say which one.").arg(a("service"), a("ports"));
    if (c == "no-such-port" && need({"port"}))
        return TrafficPathView::tr("No service uses node port %1.").arg(a("port"));
    if (c == "mode-not-available" && need({"mode"}))
        return TrafficPathView::tr("Tracing in %1 mode is not available yet.").arg(a("mode"));
    if (c == "masqueraded" && need({"client", "node"}))
        return TrafficPathView::tr("The source is masqueraded: the pod sees the address of node %2, not the client's %1.")
            .arg(a("client"), a("node"));
    if (c == "client-address-kept" && need({"client"}))
        return TrafficPathView::tr("The source is not masqueraded: the pod sees the client's own address %1.").arg(a("client"));
    if (c == "direct-pod" && need({"pod"}))
        return TrafficPathView::tr("The destination is the address of pod %1: no service and no proxy are involved.").arg(a("pod"));
    return qs(e.message);
}

// ---- diagram -----------------------------------------------------------------------------

TrafficPathScene::TrafficPathScene(QObject *parent) : QGraphicsScene(parent)
{
    setBackgroundBrush(Qt::white);
}

void TrafficPathScene::showMessage(const QString &text)
{
    clear();
    m_path.clear();
    m_marker = nullptr;
    m_hopBoxes = m_endpointBoxes = 0;
    auto *t = addSimpleText(text);
    t->setBrush(QColor(0x61, 0x61, 0x61));
    setSceneRect(itemsBoundingRect().adjusted(-20, -20, 20, 20));
}

void TrafficPathScene::showResult(const trace::TraceResult &result)
{
    clear();
    m_path.clear();
    m_marker = nullptr;
    m_hopBoxes = m_endpointBoxes = 0;
    // The hops in sequence, left to right; the translations (one DNAT per endpoint) are
    // alternatives, so they fan out in a column after the node's rules, each followed by its
    // endpoint.
    std::vector<const trace::Hop *> sequence, branches;
    for (const trace::Hop &hop : result.hops)
        (hop.kind == trace::Hop::Kind::Translation ? branches : sequence).push_back(&hop);
    qreal x = 0;
    QRectF last;
    QColor lastColor;
    for (const trace::Hop *hop : sequence) {
        const QRectF r(x, 0, kHopWidth, kHopHeight);
        const QColor color = kindColor(hop->kind);
        auto *box = addBox(this, r, color, hopKindText(hop->kind), qs(hop->title) + QLatin1Char('\n') + qs(hop->detail));
        box->setToolTip(qs(hop->detail));
        if (m_hopBoxes > 0)
            addArrow(this, QPointF(last.right(), last.center().y()), QPointF(r.left(), r.center().y()), lastColor, {});
        m_path << r.center();
        last = r;
        lastColor = color;
        ++m_hopBoxes;
        x += kHopWidth + kHopGap;
    }
    const bool endsAtHost = !sequence.empty() && (sequence.back()->kind == trace::Hop::Kind::Endpoint
                                                  || sequence.back()->kind == trace::Hop::Kind::Failure);
    const bool paired = !branches.empty() && branches.size() == result.endpoints.size();
    const int rows = std::min<int>(int(std::max(branches.size(), endsAtHost ? size_t(0) : result.endpoints.size())),
                                   kMaxEndpointBoxes);
    const qreal rowHeight = std::max(kHopHeight, kEpHeight) + 16;
    qreal y = last.center().y() - (rows * rowHeight - 16) / 2;
    const qreal bx = last.right() + kHopGap + 40;
    const qreal ex = branches.empty() ? bx : bx + kHopWidth + kHopGap;
    for (int i = 0; i < rows; ++i) {
        QPointF from(last.right(), last.center().y());
        QColor fromColor = lastColor;
        const trace::EndpointChoice *ep = size_t(i) < result.endpoints.size() ? &result.endpoints[size_t(i)] : nullptr;
        if (size_t(i) < branches.size()) {
            const trace::Hop *hop = branches[size_t(i)];
            const QRectF r(bx, y + (rowHeight - 16 - kHopHeight) / 2, kHopWidth, kHopHeight);
            const QColor color = kindColor(hop->kind);
            auto *box = addBox(this, r, color, hopKindText(hop->kind), qs(hop->title) + QLatin1Char('\n') + qs(hop->detail));
            box->setToolTip(qs(hop->detail));
            addArrow(this, from, QPointF(r.left(), r.center().y()), fromColor,
                     paired && ep ? percent(ep->probability) : QString());
            if (i == 0)
                m_path << r.center();
            ++m_hopBoxes;
            from = QPointF(r.right(), r.center().y());
            fromColor = color;
            if (!paired)
                ep = nullptr;
        }
        if (ep && (paired || branches.empty()) && !endsAtHost) {
            const QRectF r(ex, y + (rowHeight - 16 - kEpHeight) / 2, kEpWidth, kEpHeight);
            QString body = ep->pod.empty() ? TrafficPathView::tr("outside the cluster")
                                           : TrafficPathView::tr("pod %1 on %2").arg(qs(ep->pod), qs(ep->node));
            body += QLatin1Char('\n')
                    + (ep->masqueraded ? TrafficPathView::tr("sees %1 (masqueraded)").arg(qs(ep->sourceSeen))
                                       : TrafficPathView::tr("sees the client %1").arg(qs(ep->sourceSeen)));
            addBox(this, r, kindColor(trace::Hop::Kind::Endpoint), qs(ep->endpoint), body);
            addArrow(this, from, QPointF(r.left(), r.center().y()), fromColor,
                     branches.empty() ? percent(ep->probability) : QString());
            if (i == 0)
                m_path << r.center();
            ++m_endpointBoxes;
        }
        y += rowHeight;
    }
    const int total = int(std::max(branches.size(), result.endpoints.size()));
    if (total > rows && rows > 0) {
        auto *more = addSimpleText(TrafficPathView::tr("… and %n more", nullptr, total - rows));
        more->setPos(bx, y);
    }
    m_marker = addEllipse(QRectF(-9, -9, 18, 18), QPen(Qt::white, 2), QColor(0xff, 0x6f, 0x00));
    m_marker->setZValue(10);
    m_marker->setVisible(false);
    setSceneRect(itemsBoundingRect().adjusted(-20, -20, 20, 20));
}

void TrafficPathScene::setProgress(qreal t)
{
    if (!m_marker || m_path.isEmpty())
        return;
    m_marker->setVisible(true);
    if (m_path.size() == 1) {
        m_marker->setPos(m_path.front());
        return;
    }
    const qreal segments = m_path.size() - 1;
    const qreal s = std::clamp(t, 0.0, 1.0) * segments;
    const int i = std::min(int(s), int(segments) - 1);
    m_marker->setPos(QLineF(m_path[i], m_path[i + 1]).pointAt(s - i));
}

// ---- widget ------------------------------------------------------------------------------

TrafficPathView::TrafficPathView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("trafficPathView"));
    auto makeCombo = [this](bool editable, const char *name) {
        auto *c = new QComboBox(this);
        c->setEditable(editable);
        c->setObjectName(QString::fromLatin1(name));
        c->setInsertPolicy(QComboBox::NoInsert);
        c->setMinimumContentsLength(22);
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        return c;
    };
    m_clientLabel = new QLabel(this);
    m_destinationLabel = new QLabel(this);
    m_modeLabel = new QLabel(this);
    m_viaLabel = new QLabel(this);
    m_client = makeCombo(true, "traceClient");
    m_destination = makeCombo(true, "traceDestination");
    m_mode = makeCombo(false, "traceMode");
    m_mode->setMinimumContentsLength(10);
    for (trace::ProxyMode m : {trace::ProxyMode::Iptables, trace::ProxyMode::Ipvs, trace::ProxyMode::Userspace,
                               trace::ProxyMode::Nftables})
        m_mode->addItem(QString::fromLatin1(trace::proxyModeName(m)), int(m));
    m_via = makeCombo(false, "traceVia");
    m_via->setMinimumContentsLength(12);
    m_traceButton = new QPushButton(this);
    m_traceButton->setDefault(true);
    m_playButton = new QPushButton(this);
    m_exportButton = new QPushButton(this);
    m_verdict = new QLabel(this);
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);

    auto *form = new QHBoxLayout;
    form->addWidget(m_clientLabel);
    form->addWidget(m_client, 2);
    form->addWidget(m_destinationLabel);
    form->addWidget(m_destination, 2);
    form->addWidget(m_modeLabel);
    form->addWidget(m_mode);
    form->addWidget(m_viaLabel);
    form->addWidget(m_via, 1);
    form->addWidget(m_traceButton);
    form->addWidget(m_playButton);
    form->addWidget(m_exportButton);

    m_scene = new TrafficPathScene(this);
    m_diagram = new QGraphicsView(m_scene, this);
    m_diagram->setRenderHint(QPainter::Antialiasing);
    m_diagram->setDragMode(QGraphicsView::ScrollHandDrag);
    m_diagram->setMinimumHeight(150);

    m_hopsTitle = new QLabel(this);
    m_hops = new QTreeWidget(this);
    m_hops->setObjectName(QStringLiteral("traceHops"));
    m_hops->setColumnCount(3);
    m_hops->setWordWrap(true);
    m_hops->header()->setStretchLastSection(true);
    m_endpointsTitle = new QLabel(this);
    m_endpoints = new QTreeWidget(this);
    m_endpoints->setObjectName(QStringLiteral("traceEndpoints"));
    m_endpoints->setColumnCount(5);
    m_endpoints->setRootIsDecorated(false);
    m_explanationsTitle = new QLabel(this);
    m_explanations = new QListWidget(this);
    m_explanations->setObjectName(QStringLiteral("traceExplanations"));
    m_explanations->setWordWrap(true);

    auto column = [this](QLabel *title, QWidget *w) {
        auto *box = new QWidget(this);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(title);
        l->addWidget(w);
        return box;
    };
    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(column(m_hopsTitle, m_hops));
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(column(m_endpointsTitle, m_endpoints));
    right->addWidget(column(m_explanationsTitle, m_explanations));
    lower->addWidget(right);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_diagram);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({380, 420});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addWidget(m_verdict);
    layout->addWidget(split, 1);

    m_animation = new QVariantAnimation(this);
    m_animation->setStartValue(0.0);
    m_animation->setEndValue(1.0);
    m_animation->setEasingCurve(QEasingCurve::InOutSine);
    connect(m_animation, &QVariantAnimation::valueChanged, this,
            [this](const QVariant &v) { m_scene->setProgress(v.toReal()); });

    connect(m_traceButton, &QPushButton::clicked, this, &TrafficPathView::traceInBackground);
    connect(m_playButton, &QPushButton::clicked, this, &TrafficPathView::play);
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        const QString path = askExportFileName(this, QStringLiteral("traffic-path"));
        if (!path.isEmpty())
            exportTo(path);
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        if (m_result || !m_error.isEmpty())
            traceInBackground();
    });
    retranslateUi();
    m_scene->showMessage(tr("Choose a client and a destination, then Trace."));
}

TrafficPathView::~TrafficPathView() = default;

void TrafficPathView::setWatcher(SnapshotWatcher *watcher)
{
    followSnapshots(this, m_watcher, watcher, [this](const ClusterSnapshot &s) { setSnapshot(s); });
}

void TrafficPathView::setSnapshot(const ClusterSnapshot &snapshot)
{
    m_snapshot = std::make_unique<ClusterSnapshot>(snapshot);
    fillClients();
    const QString via = m_via->currentData().toString();
    {
        const QSignalBlocker block(m_via);
        m_via->clear();
        m_via->addItem(tr("(automatic)"), QString());
        for (const KubeNode *n : snapshot.nodes())
            m_via->addItem(qs(n->metadata.name), qs(n->metadata.name));
        const int i = m_via->findData(via);
        m_via->setCurrentIndex(i >= 0 ? i : 0);
    }
    fillDestinations(true); // the service's addresses may have changed
    if (m_result || !m_error.isEmpty())
        traceInBackground(); // live: the same question on the new state
}

void TrafficPathView::fillClients()
{
    const QString current = m_client->currentText();
    const QSignalBlocker block(m_client);
    m_client->clear();
    int n = 0;
    if (m_snapshot) {
        // The service's own namespace first: the usual question is "can my pods reach it".
        std::vector<const Pod *> pods = m_snapshot->pods(m_service.namespace_);
        for (const Pod *p : m_snapshot->pods())
            if (p->metadata.namespace_ != m_service.namespace_)
                pods.push_back(p);
        for (const Pod *p : pods) {
            if (++n > kMaxClientPods)
                break;
            m_client->addItem(QStringLiteral("pod/%1.%2").arg(qs(p->metadata.name), qs(p->metadata.namespace_)));
        }
        for (const KubeNode *node : m_snapshot->nodes())
            m_client->addItem(QStringLiteral("node/") + qs(node->metadata.name));
    }
    m_client->addItem(QStringLiteral("203.0.113.50")); // documentation range: an outside client
    if (!current.isEmpty())
        m_client->setEditText(current);
}

QStringList TrafficPathView::destinationsFor(const ClusterSnapshot &snapshot, const Service &s)
{
    QStringList out;
    const QString name = qs(s.metadata.name), ns = qs(s.metadata.namespace_);
    if (s.effectiveType() == service_type::ExternalName) {
        out << name + QLatin1Char('.') + ns;
        return out;
    }
    for (const ServicePort &p : s.spec.ports)
        out << QStringLiteral("%1.%2:%3").arg(name, ns).arg(p.port);
    if (!s.isHeadless() && !s.spec.clusterIP.empty())
        for (const ServicePort &p : s.spec.ports)
            out << QStringLiteral("%1:%2").arg(qs(s.spec.clusterIP)).arg(p.port);
    for (const ServicePort &p : s.spec.ports) {
        if (!p.nodePort)
            continue;
        for (const KubeNode *node : snapshot.nodes())
            for (const NodeAddress &a : node->addresses)
                if (a.type == "InternalIP")
                    out << QStringLiteral("%1:%2").arg(qs(a.address)).arg(p.nodePort);
    }
    for (const std::string &ip : s.spec.externalIPs)
        for (const ServicePort &p : s.spec.ports)
            out << QStringLiteral("%1:%2").arg(qs(ip)).arg(p.port);
    for (const LoadBalancerIngress &ing : s.status.loadBalancerIngress)
        if (!ing.ip.empty())
            for (const ServicePort &p : s.spec.ports)
                out << QStringLiteral("%1:%2").arg(qs(ing.ip)).arg(p.port);
    out.removeDuplicates();
    return out;
}

void TrafficPathView::fillDestinations(bool keepText)
{
    const Service *s = m_snapshot && !m_service.name.empty() ? m_snapshot->service(m_service.namespace_, m_service.name)
                                                             : nullptr;
    const QString current = m_destination->currentText();
    const QSignalBlocker block(m_destination);
    m_destination->clear();
    if (s)
        m_destination->addItems(destinationsFor(*m_snapshot, *s));
    if (keepText && !current.isEmpty())
        m_destination->setEditText(current);
}

void TrafficPathView::setService(const ObjectKey &service)
{
    const bool changed = !(service == m_service);
    m_service = service;
    fillDestinations(!changed);
    if (changed) {
        fillClients();
        m_result.reset();
        m_error.clear();
        m_hops->clear();
        m_endpoints->clear();
        m_explanations->clear();
        m_verdict->clear();
        m_scene->showMessage(tr("Choose a client and a destination, then Trace."));
    }
}

void TrafficPathView::setClient(const QString &from)
{
    m_client->setEditText(from);
}

void TrafficPathView::setDestination(const QString &to)
{
    m_destination->setEditText(to);
}

void TrafficPathView::setMode(trace::ProxyMode mode)
{
    const QSignalBlocker block(m_mode);
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(int(mode))));
}

void TrafficPathView::setViaNode(const QString &node)
{
    m_via->setCurrentIndex(std::max(0, m_via->findData(node)));
}

trace::TraceRequest TrafficPathView::request(QString *error) const
{
    trace::TraceRequest req;
    if (!m_snapshot) {
        *error = tr("No cluster.");
        return req;
    }
    req.from = m_client->currentText().trimmed().toStdString();
    req.to = m_destination->currentText().trimmed().toStdString();
    req.mode = trace::ProxyMode(m_mode->currentData().toInt());
    req.viaNode = m_via->currentData().toString().toStdString();
    if (req.from.empty() || req.to.empty()) {
        *error = tr("Choose a client and a destination.");
        req.from.clear();
    }
    return req;
}

void TrafficPathView::finishTrace(Result<trace::TraceResult> r)
{
    if (r.ok()) {
        m_result = std::move(*r);
        m_error.clear();
    } else {
        m_result.reset();
        m_error = tr("Cannot trace this request: %1").arg(qs(r.error().message));
    }
    showResult();
    Q_EMIT traced();
}

bool TrafficPathView::trace()
{
    m_animation->stop();
    ++m_generation; // a background trace still running is now stale
    QString error;
    const trace::TraceRequest req = request(&error);
    if (!error.isEmpty()) {
        m_result.reset();
        m_error = error;
        showResult();
        Q_EMIT traced();
        return false;
    }
    finishTrace(trace::tracePath(*m_snapshot, req));
    return m_result.has_value();
}

namespace {
// QFuture wants a default-constructible value.
struct TraceOutcome
{
    std::optional<trace::TraceResult> result;
    Error error;
};
} // namespace

void TrafficPathView::traceInBackground()
{
    m_animation->stop();
    QString error;
    const trace::TraceRequest req = request(&error);
    const quint64 generation = ++m_generation;
    if (!error.isEmpty()) {
        m_result.reset();
        m_error = error;
        showResult();
        Q_EMIT traced();
        return;
    }
    m_verdict->setText(tr("Tracing…"));
    // Snapshots are immutable and shared: the copy is cheap and safe on another thread.
    auto *watcher = new QFutureWatcher<TraceOutcome>(this);
    connect(watcher, &QFutureWatcher<TraceOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // the user asked something newer meanwhile
        TraceOutcome out = watcher->result();
        if (out.result)
            finishTrace(std::move(*out.result));
        else
            finishTrace(std::move(out.error));
    });
    watcher->setFuture(QtConcurrent::run([snapshot = *m_snapshot, req] {
        TraceOutcome out;
        auto r = trace::tracePath(snapshot, req);
        if (r.ok())
            out.result = std::move(*r);
        else
            out.error = r.error();
        return out;
    }));
}

void TrafficPathView::showResult()
{
    m_hops->clear();
    m_endpoints->clear();
    m_explanations->clear();
    if (!m_result) {
        m_verdict->setText(QStringLiteral("<span style=\"color:#c62828\">%1</span>").arg(m_error.toHtmlEscaped()));
        m_scene->showMessage(m_error);
        return;
    }
    const trace::TraceResult &r = *m_result;
    int step = 1;
    for (const trace::Hop &hop : r.hops) {
        auto *item = new QTreeWidgetItem(m_hops, {QString::number(step++) + QStringLiteral(". ") + hopKindText(hop.kind),
                                                  qs(hop.title), qs(hop.detail)});
        item->setForeground(0, kindColor(hop.kind));
        item->setToolTip(2, qs(hop.detail));
        for (const std::string &rule : hop.rules) {
            auto *ri = new QTreeWidgetItem(item, {QString(), QString(), qs(rule)});
            QFont mono(QStringLiteral("monospace"));
            mono.setStyleHint(QFont::Monospace);
            ri->setFont(2, mono);
            ri->setToolTip(2, qs(rule));
        }
    }
    m_hops->resizeColumnToContents(0);
    m_hops->resizeColumnToContents(1);
    m_hops->setColumnWidth(1, std::min(m_hops->columnWidth(1) + 12, 260));
    for (const trace::EndpointChoice &ep : r.endpoints) {
        new QTreeWidgetItem(m_endpoints,
                            {qs(ep.endpoint), ep.pod.empty() ? tr("(not a pod)") : qs(ep.pod), qs(ep.node),
                             percent(ep.probability),
                             ep.masqueraded ? tr("masqueraded: sees %1").arg(qs(ep.sourceSeen))
                                            : tr("sees the client %1").arg(qs(ep.sourceSeen))});
    }
    for (int c = 0; c < 4; ++c)
        m_endpoints->resizeColumnToContents(c);
    for (const trace::Explanation &e : r.explanations) {
        auto *item = new QListWidgetItem(explanationText(e), m_explanations);
        item->setData(Qt::UserRole, qs(e.code));
        item->setToolTip(qs(e.message));
        if (e.blocking) {
            item->setForeground(QColor(0xc6, 0x28, 0x28));
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
    }
    QString verdict;
    if (r.reachable) {
        verdict = QStringLiteral("<b style=\"color:#2e7d32\">%1</b>")
                      .arg(tr("Reaches %n endpoint(s)", nullptr, int(r.endpoints.size())));
        if (!r.destination.empty())
            verdict += QStringLiteral(" · ") + tr("destination %1").arg(qs(r.destination)).toHtmlEscaped();
        if (!r.entryNode.empty())
            verdict += QStringLiteral(" · ") + tr("rules of %1").arg(qs(r.entryNode)).toHtmlEscaped();
    } else {
        verdict = QStringLiteral("<b style=\"color:#c62828\">%1</b>").arg(tr("Does not reach an endpoint"));
        for (const trace::Explanation &e : r.explanations)
            if (e.blocking) {
                verdict += QStringLiteral(": ") + explanationText(e).toHtmlEscaped();
                break;
            }
    }
    m_verdict->setText(verdict);
    m_scene->showResult(r);
    m_diagram->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    if (m_diagram->transform().m11() > 1.0)
        m_diagram->setTransform(QTransform());
}

void TrafficPathView::play()
{
    if (m_scene->path().size() < 2)
        return;
    m_animation->stop();
    m_scene->setProgress(0);
    m_animation->setDuration(int(700 * (m_scene->path().size() - 1)));
    m_animation->start();
}

bool TrafficPathView::exportTo(const QString &path)
{
    return exportScene(m_scene, path, 2.0, tr("Traffic path"));
}

void TrafficPathView::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (m_result || !m_error.isEmpty())
            showResult();
        else
            m_scene->showMessage(tr("Choose a client and a destination, then Trace."));
    }
    QWidget::changeEvent(e);
}

void TrafficPathView::retranslateUi()
{
    m_clientLabel->setText(tr("From:"));
    m_destinationLabel->setText(tr("To:"));
    m_modeLabel->setText(tr("Mode:"));
    m_viaLabel->setText(tr("Enters at:"));
    m_via->setToolTip(tr("The node an outside client's packet reaches first"));
    if (m_via->count() > 0)
        m_via->setItemText(0, tr("(automatic)"));
    m_client->setToolTip(tr("pod/NAME.NAMESPACE, node/NAME, or an address outside the cluster"));
    m_destination->setToolTip(tr("A DNS name (NAME.NAMESPACE:PORT), ClusterIP:port, NodeIP:NodePort, an external or load-balancer IP"));
    m_traceButton->setText(tr("Trace"));
    m_playButton->setText(tr("Play"));
    m_playButton->setToolTip(tr("Animate the packet along the path"));
    m_exportButton->setText(tr("Export…"));
    m_hopsTitle->setText(QStringLiteral("<b>%1</b>").arg(tr("Hops")));
    m_endpointsTitle->setText(QStringLiteral("<b>%1</b>").arg(tr("Endpoints")));
    m_explanationsTitle->setText(QStringLiteral("<b>%1</b>").arg(tr("Explanations")));
    m_hops->setHeaderLabels({tr("Step"), tr("What"), tr("Detail")});
    m_endpoints->setHeaderLabels({tr("Endpoint"), tr("Pod"), tr("Node"), tr("Probability"), tr("Source address")});
}

} // namespace studio::views
