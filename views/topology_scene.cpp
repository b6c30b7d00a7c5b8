// SPDX-License-Identifier: GPL-3.0-or-later
#include "topology_scene.h"

#include "cluster/label_selector.h"

#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <algorithm>
#include <cmath>
#include <map>

namespace studio::views {

namespace {

constexpr qreal kGap = 10;
constexpr qreal kPad = 12;
constexpr qreal kLineHeight = 19;
constexpr int kMaxEndpointRows = 40; // the box lists this many, then "and N more"

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

struct StateColors
{
    QColor fill, border, text;
};

StateColors colorsFor(PodTileData::State s)
{
    switch (s) {
    case PodTileData::State::Ready: return {QColor(0xdc, 0xf5, 0xdf), QColor(0x2e, 0x7d, 0x32), QColor(0x1b, 0x5e, 0x20)};
    case PodTileData::State::NotReady: return {QColor(0xff, 0xf1, 0xc9), QColor(0xe0, 0x9a, 0x00), QColor(0x8a, 0x5a, 0x00)};
    case PodTileData::State::SelectedNoEndpoint: return {QColor(0xe3, 0xf0, 0xfd), QColor(0x19, 0x76, 0xd2), QColor(0x0d, 0x47, 0xa1)};
    case PodTileData::State::NotSelected: break;
    }
    return {QColor(0xf3, 0xf3, 0xf3), QColor(0xbd, 0xbd, 0xbd), QColor(0xb7, 0x1c, 0x1c)};
}

QFont baseFont(qreal pointSize, bool bold = false)
{
    QFont f;
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

// Where a pod's address appears in the service's Endpoints.
struct EndpointInfo
{
    bool ready = false;
    QString ports; // "9376/TCP (http)"
};

QString portsOf(const EndpointSubset &subset)
{
    QStringList parts;
    for (const EndpointPort &p : subset.ports) {
        QString t = QString::number(p.port) + QLatin1Char('/')
                    + (p.protocol.empty() ? QStringLiteral("TCP") : qs(p.protocol));
        if (!p.name.empty())
            t += QStringLiteral(" (") + qs(p.name) + QLatin1Char(')');
        parts << t;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

// ---- items ---------------------------------------------------------------------------------

TopologyPodItem::TopologyPodItem(PodTileData data, QGraphicsItem *parent)
    : QGraphicsItem(parent), m_data(std::move(data))
{
    setToolTip(m_data.toolTip);
    // Close up a tile is text: a cached pixmap makes panning a blit. (QPixmapCache bounds
    // the memory; a zoom re-renders only the tiles on screen.)
    setCacheMode(DeviceCoordinateCache);
}

QRectF TopologyPodItem::boundingRect() const
{
    return QRectF(0, 0, Width, Height);
}

void TopologyPodItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const StateColors c = colorsFor(m_data.state);
    const qreal lod = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r = boundingRect().adjusted(1.5, 1.5, -1.5, -1.5);
    if (lod < TopologyScene::NearAbove) {
        // Middle distance: a coloured rectangle is all the eye can read; no pen, no text.
        painter->fillRect(r, m_data.state == PodTileData::State::NotSelected ? c.border : c.border.lighter(115));
        return;
    }
    QPen pen(c.border, m_data.state == PodTileData::State::NotSelected ? 1.0 : 2.5);
    if (m_data.state == PodTileData::State::NotReady)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(c.fill);
    painter->drawRoundedRect(r, 6, 6);

    const QRectF text = r.adjusted(7, 3, -7, -3);
    const bool dim = m_data.state == PodTileData::State::NotSelected;
    QFont bold = baseFont(8.5, true);
    painter->setFont(bold);
    painter->setPen(dim ? QColor(0x61, 0x61, 0x61) : QColor(0x21, 0x21, 0x21));
    const QFontMetricsF fm(bold);
    painter->drawText(QRectF(text.left(), text.top(), text.width(), 17), Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(m_data.name, Qt::ElideMiddle, text.width()));
    QFont small = baseFont(7.5);
    painter->setFont(small);
    const QFontMetricsF sm(small);
    painter->setPen(QColor(0x61, 0x61, 0x61));
    painter->drawText(QRectF(text.left(), text.top() + 17, text.width(), 15), Qt::AlignLeft | Qt::AlignVCenter,
                      sm.elidedText(m_data.ip, Qt::ElideRight, text.width()));
    painter->setPen(c.text);
    painter->drawText(QRectF(text.left(), text.top() + 32, text.width(), 15), Qt::AlignLeft | Qt::AlignVCenter,
                      sm.elidedText(m_data.detailLine, Qt::ElideRight, text.width()));
}

TopologyBoxItem::TopologyBoxItem(Role role, QString title, std::vector<Line> lines, QColor accent,
                                 qreal width, QGraphicsItem *parent)
    : QGraphicsItem(parent), m_role(role), m_title(std::move(title)), m_lines(std::move(lines)),
      m_accent(accent), m_width(width)
{
    m_height = 34 + kLineHeight * qreal(m_lines.size()) + kPad;
    // Text-heavy and few: cache the rendering so panning only blits it.
    setCacheMode(DeviceCoordinateCache);
}

QRectF TopologyBoxItem::boundingRect() const
{
    return QRectF(0, 0, m_width, m_height);
}

QStringList TopologyBoxItem::lineTexts() const
{
    QStringList out;
    for (const Line &l : m_lines)
        out << l.text;
    return out;
}

void TopologyBoxItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r = boundingRect().adjusted(1, 1, -1, -1);
    painter->setPen(QPen(m_accent, 2));
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(r, 8, 8);
    QRectF head(r.left(), r.top(), r.width(), 28);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_accent);
    painter->drawRoundedRect(head, 8, 8);
    painter->drawRect(head.adjusted(0, 14, 0, 0));
    const QFont titleFont = baseFont(10, true);
    painter->setFont(titleFont);
    painter->setPen(Qt::white);
    const QFontMetricsF tm(titleFont);
    painter->drawText(head.adjusted(kPad, 0, -kPad, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      tm.elidedText(m_title, Qt::ElideRight, head.width() - 2 * kPad));
    qreal y = head.bottom() + 6;
    const QFont normal = baseFont(8.5);
    const QFont bold = baseFont(8.5, true);
    for (const Line &l : m_lines) {
        painter->setFont(l.bold ? bold : normal);
        painter->setPen(l.color.isValid() ? l.color : QColor(0x21, 0x21, 0x21));
        const QFontMetricsF fm(l.bold ? bold : normal);
        painter->drawText(QRectF(r.left() + kPad, y, r.width() - 2 * kPad, kLineHeight),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(l.text, Qt::ElideRight, r.width() - 2 * kPad));
        y += kLineHeight;
    }
}

TopologyNodeItem::TopologyNodeItem(NodeTileData data, QSizeF size, QGraphicsItem *parent)
    : QGraphicsItem(parent), m_data(std::move(data)), m_size(size)
{
    m_podLayer = new QGraphicsRectItem(this); // an empty rect: no contents of its own
    static_cast<QGraphicsRectItem *>(m_podLayer)->setPen(Qt::NoPen);
    m_podLayer->setFlag(ItemHasNoContents);
    // Paint only what is exposed: far away the tile is big and mostly off screen.
    setFlag(ItemUsesExtendedStyleOption);
}

QRectF TopologyNodeItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size);
}

void TopologyNodeItem::setFar(bool far)
{
    if (m_far == far)
        return;
    m_far = far;
    m_podLayer->setVisible(!far);
    // Far away a tile is a few big glyphs and bars: cache it, so panning only blits.
    setCacheMode(far ? DeviceCoordinateCache : NoCache);
    update();
}

void TopologyNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QRectF r = boundingRect().adjusted(1, 1, -1, -1);
    const bool hasEndpoints = m_data.ready + m_data.notReady > 0;
    const QColor border = m_data.unscheduled ? QColor(0x9e, 0x9e, 0x9e)
                          : hasEndpoints     ? QColor(0x37, 0x47, 0x4f)
                                             : QColor(0x90, 0xa4, 0xae);
    painter->setPen(QPen(border, m_far ? 4 : 2, m_data.unscheduled ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(QColor(0xf7, 0xf9, 0xfa));
    painter->drawRoundedRect(r, 10, 10);
    const QRectF head(r.left(), r.top(), r.width(), HeaderHeight);
    if (option->exposedRect.intersects(head) || m_far) {
        const QFont titleFont = baseFont(11, true);
        painter->setFont(titleFont);
        painter->setPen(QColor(0x26, 0x32, 0x38));
        const QFontMetricsF tm(titleFont);
        QString title = m_data.name;
        if (!m_data.address.isEmpty())
            title += QStringLiteral("  ") + m_data.address;
        painter->drawText(QRectF(r.left() + kPad, r.top() + 4, r.width() - 2 * kPad, 20),
                          Qt::AlignLeft | Qt::AlignVCenter, tm.elidedText(title, Qt::ElideRight, r.width() - 2 * kPad));
        const QFont small = baseFont(8);
        painter->setFont(small);
        painter->setPen(QColor(0x54, 0x6e, 0x7a));
        painter->drawText(QRectF(r.left() + kPad, r.top() + 23, r.width() - 2 * kPad, 16),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetricsF(small).elidedText(m_data.countsLine, Qt::ElideRight, r.width() - 2 * kPad));
    }
    if (!m_far)
        return;
    // Far away: one count tile instead of the pods; big type so it reads at this zoom.
    const QRectF body = r.adjusted(kPad, HeaderHeight, -kPad, -kPad);
    if (body.height() < 10)
        return;
    const qreal total = std::max(1, m_data.pods);
    const qreal readyShare = m_data.ready / total, notReadyShare = m_data.notReady / total;
    const qreal selShare = std::max<qreal>(0, (m_data.selected - m_data.ready - m_data.notReady) / total);
    qreal x = body.left();
    auto bar = [&](qreal share, const QColor &col) {
        const qreal w = body.width() * share;
        painter->fillRect(QRectF(x, body.bottom() - body.height() * 0.25, w, body.height() * 0.25), col);
        x += w;
    };
    bar(readyShare, colorsFor(PodTileData::State::Ready).border);
    bar(notReadyShare, colorsFor(PodTileData::State::NotReady).border);
    bar(selShare, colorsFor(PodTileData::State::SelectedNoEndpoint).border);
    bar(std::max<qreal>(0, 1 - readyShare - notReadyShare - selShare), colorsFor(PodTileData::State::NotSelected).border);
    QFont big = baseFont(10, true);
    big.setPixelSize(int(std::clamp(std::min(body.width() / 9, body.height() / 5), 14.0, 400.0)));
    painter->setFont(big);
    painter->setPen(QColor(0x26, 0x32, 0x38));
    painter->drawText(body.adjusted(0, 0, 0, -body.height() * 0.25), Qt::AlignCenter | Qt::TextWordWrap,
                      m_data.name + QLatin1Char('\n') + m_data.countsLine);
}

TopologyEdgeItem::TopologyEdgeItem(QPointF from, QPointF to, QString label, QColor color,
                                   bool dashed, QGraphicsItem *parent)
    : QGraphicsItem(parent), m_from(from), m_to(to), m_label(std::move(label)), m_color(color),
      m_dashed(dashed)
{
    setZValue(-1);
}

QRectF TopologyEdgeItem::boundingRect() const
{
    return QRectF(m_from, m_to).normalized().adjusted(-120, -20, 120, 20);
}

void TopologyEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(m_color, 2, m_dashed ? Qt::DashLine : Qt::SolidLine);
    painter->setPen(pen);
    painter->drawLine(m_from, m_to);
    const QLineF line(m_to, m_from);
    const qreal angle = qDegreesToRadians(line.angle());
    const QPointF a = m_to + QPointF(std::cos(angle + 0.45) * 11, -std::sin(angle + 0.45) * 11);
    const QPointF b = m_to + QPointF(std::cos(angle - 0.45) * 11, -std::sin(angle - 0.45) * 11);
    painter->setBrush(m_color);
    painter->setPen(Qt::NoPen);
    painter->drawPolygon(QPolygonF({m_to, a, b}));
    if (m_label.isEmpty())
        return;
    const QFont f = baseFont(8);
    painter->setFont(f);
    const QFontMetricsF fm(f);
    const QPointF mid = (m_from + m_to) / 2;
    const QRectF box(mid.x() - fm.horizontalAdvance(m_label) / 2 - 4, mid.y() - 9,
                     fm.horizontalAdvance(m_label) + 8, 18);
    painter->setBrush(QColor(255, 255, 255, 230));
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(m_color.darker(130));
    painter->drawText(box, Qt::AlignCenter, m_label);
}

// ---- scene ---------------------------------------------------------------------------------

TopologyScene::TopologyScene(QObject *parent) : QGraphicsScene(parent)
{
    // Most items never move: a BSP index answers "what is in this rectangle" quickly.
    setItemIndexMethod(BspTreeIndex);
    setBackgroundBrush(Qt::white);
}

void TopologyScene::clearAll()
{
    m_serviceItem = m_selectorItem = m_endpointsItem = nullptr;
    m_nodes.clear();
    m_pods.clear();
    m_edges.clear();
    clear();
}

void TopologyScene::addPlaceholder(const QString &text)
{
    auto *item = new TopologyBoxItem(TopologyBoxItem::PlaceholderBox, tr("Topology"), {{text, {}, false}},
                                     QColor(0x78, 0x90, 0x9c), 420);
    addItem(item);
}

TopologyPodItem *TopologyScene::podItem(const QString &name) const
{
    for (TopologyPodItem *p : m_pods)
        if (p->data().name == name)
            return p;
    return nullptr;
}

TopologyNodeItem *TopologyScene::nodeItem(const QString &name) const
{
    for (TopologyNodeItem *n : m_nodes)
        if (n->data().name == name)
            return n;
    return nullptr;
}

void TopologyScene::setDetail(Detail detail)
{
    if (m_detail == detail)
        return;
    m_detail = detail;
    for (TopologyNodeItem *n : m_nodes)
        n->setFar(detail == Detail::Far);
}

void TopologyScene::rebuild(const ClusterSnapshot &snapshot, const ObjectKey &key)
{
    m_service = key;
    clearAll();
    const Service *svc = key.name.empty() ? nullptr : snapshot.service(key.namespace_, key.name);
    if (!svc) {
        addPlaceholder(key.name.empty()
                           ? tr("Select a service to see its selector, pods, endpoints and nodes.")
                           : tr("The service %1 does not exist (any more).").arg(qs(key.toString())));
        Q_EMIT rebuilt();
        return;
    }
    const QColor green(0x2e, 0x7d, 0x32), amber(0xe0, 0x9a, 0x00), blue(0x15, 0x65, 0xc0),
        grey(0x75, 0x75, 0x75), red(0xb7, 0x1c, 0x1c);

    // --- the service
    std::vector<TopologyBoxItem::Line> svcLines;
    const std::string type = svc->effectiveType();
    svcLines.push_back({tr("Type: %1").arg(qs(type)), {}, true});
    if (type == service_type::ExternalName)
        svcLines.push_back({tr("External name: %1").arg(qs(svc->spec.externalName)), {}, false});
    else if (svc->isHeadless())
        svcLines.push_back({tr("Headless: no cluster IP, DNS returns the endpoints"), {}, false});
    else
        svcLines.push_back({tr("Cluster IP: %1").arg(svc->spec.clusterIP.empty() ? tr("(none)") : qs(svc->spec.clusterIP)), {}, false});
    for (const std::string &ip : svc->spec.externalIPs)
        svcLines.push_back({tr("External IP: %1").arg(qs(ip)), {}, false});
    for (const LoadBalancerIngress &ing : svc->status.loadBalancerIngress)
        svcLines.push_back({tr("Load balancer: %1").arg(qs(ing.ip.empty() ? ing.hostname : ing.ip)), {}, false});
    if (svc->spec.externalTrafficPolicy == "Local")
        svcLines.push_back({tr("External traffic policy: Local"), {}, false});
    if (svc->spec.sessionAffinity == "ClientIP")
        svcLines.push_back({tr("Session affinity: ClientIP"), {}, false});
    for (const ServicePort &p : svc->spec.ports) {
        const QString proto = p.protocol.empty() ? QStringLiteral("TCP") : qs(p.protocol);
        const QString target = p.targetPort ? qs(p.targetPort->toString()) : QString::number(p.port);
        QString t = p.name.empty() ? tr("Port %1/%2 → target %3").arg(p.port).arg(proto, target)
                                   : tr("Port %1 %2/%3 → target %4").arg(qs(p.name)).arg(p.port).arg(proto, target);
        if (p.nodePort)
            t += QStringLiteral(", ") + tr("node port %1").arg(p.nodePort);
        svcLines.push_back({t, blue, false});
    }
    m_serviceItem = new TopologyBoxItem(TopologyBoxItem::ServiceBox, tr("Service %1").arg(qs(key.toString())),
                                        std::move(svcLines), QColor(0x15, 0x65, 0xc0), 340);
    addItem(m_serviceItem);

    // --- the pods of the namespace against the selector
    const std::vector<const Pod *> pods = snapshot.pods(key.namespace_);
    const bool hasSelector = svc->spec.selector.has_value() && type != service_type::ExternalName;
    const Labels selector = hasSelector ? *svc->spec.selector : Labels{};

    // --- endpoints, by pod name (targetRef) and by address
    const Endpoints *eps = snapshot.endpoints(key.namespace_, key.name);
    std::map<std::string, EndpointInfo> byPod, byIp;
    std::vector<TopologyBoxItem::Line> epLines;
    int readyCount = 0, notReadyCount = 0;
    std::vector<TopologyBoxItem::Line> rows;
    if (eps) {
        for (const EndpointSubset &subset : eps->subsets) {
            const QString ports = portsOf(subset);
            auto addRows = [&](const std::vector<EndpointAddress> &addrs, bool ready) {
                for (const EndpointAddress &a : addrs) {
                    EndpointInfo info{ready, ports};
                    byIp[a.ip] = info;
                    std::string podName;
                    if (a.targetRef && a.targetRef->kind == "Pod") {
                        podName = a.targetRef->name;
                        byPod[podName] = info;
                    }
                    std::string node = a.nodeName.value_or(std::string());
                    if (node.empty() && !podName.empty())
                        if (const Pod *p = snapshot.pod(key.namespace_, podName))
                            node = p->nodeName;
                    (ready ? readyCount : notReadyCount)++;
                    if (int(rows.size()) >= kMaxEndpointRows)
                        continue;
                    QString where = podName.empty() ? QString() : tr("pod %1").arg(qs(podName));
                    const QString nodeText = node.empty() ? tr("outside the cluster") : tr("on %1").arg(qs(node));
                    where = where.isEmpty() ? nodeText : where + QStringLiteral(", ") + nodeText;
                    rows.push_back({(ready ? tr("● ready %1 → %2 · %3") : tr("○ not ready %1 → %2 · %3"))
                                        .arg(qs(a.ip), ports.isEmpty() ? tr("(no ports)") : ports, where),
                                    ready ? green : amber, false});
                }
            };
            addRows(subset.addresses, true);
            addRows(subset.notReadyAddresses, false);
        }
    }
    if (!eps)
        epLines.push_back({type == service_type::ExternalName ? tr("None: an ExternalName service is a DNS alias")
                                                             : tr("No Endpoints object"), red, true});
    else
        epLines.push_back({tr("%1 ready, %2 not ready").arg(readyCount).arg(notReadyCount),
                           readyCount ? green : red, true});
    for (auto &r : rows)
        epLines.push_back(std::move(r));
    if (readyCount + notReadyCount > kMaxEndpointRows)
        epLines.push_back({tr("… and %n more", nullptr, readyCount + notReadyCount - kMaxEndpointRows), grey, false});

    // --- pods per node
    struct NodeGroup
    {
        NodeTileData data;
        std::vector<PodTileData> pods;
    };
    std::map<std::string, NodeGroup> groups;
    for (const KubeNode *n : snapshot.nodes()) {
        NodeGroup g;
        g.data.name = qs(n->metadata.name);
        for (const NodeAddress &a : n->addresses)
            if (a.type == "InternalIP") {
                g.data.address = qs(a.address);
                break;
            }
        groups.emplace(n->metadata.name, std::move(g));
    }
    int matched = 0;
    for (const Pod *pod : pods) {
        PodTileData t;
        t.name = qs(pod->metadata.name);
        t.ip = pod->podIP.empty() ? tr("no IP (%1)").arg(pod->phase.empty() ? tr("Pending") : qs(pod->phase)) : qs(pod->podIP);
        t.node = qs(pod->nodeName);
        const bool selected = hasSelector && !selector.empty() && selectorMatches(selector, pod->metadata.labels);
        auto ep = byPod.find(pod->metadata.name);
        const EndpointInfo *info = ep != byPod.end() ? &ep->second : nullptr;
        if (!info && !pod->podIP.empty()) {
            auto ipIt = byIp.find(pod->podIP);
            if (ipIt != byIp.end())
                info = &ipIt->second;
        }
        if (info) {
            t.state = info->ready ? PodTileData::State::Ready : PodTileData::State::NotReady;
            t.detailLine = info->ready ? tr("endpoint → %1").arg(info->ports) : tr("not ready → %1").arg(info->ports);
        } else if (selected) {
            t.state = PodTileData::State::SelectedNoEndpoint;
            t.detailLine = pod->podIP.empty() ? tr("selected, no IP yet") : tr("selected, not an endpoint");
        } else {
            t.state = PodTileData::State::NotSelected;
            if (!hasSelector || selector.empty()) {
                t.detailLine = tr("not selected: no selector");
            } else if (auto why = explainSelectorMismatch(selector, pod->metadata.labels)) {
                const QString k = qs(why->requirement.key);
                const QString want = why->requirement.values.empty() ? QString() : qs(why->requirement.values.front());
                t.failingKey = k;
                t.detailLine = why->actual ? tr("%1=%2, wants %3").arg(k, qs(*why->actual), want)
                                           : tr("no label %1 (wants %2)").arg(k, want);
            }
        }
        if (selected)
            ++matched;
        QStringList labels;
        for (const auto &[lk, lv] : pod->metadata.labels)
            labels << qs(lk) + QLatin1Char('=') + qs(lv);
        t.toolTip = tr("Pod %1\nLabels: %2\n%3")
                        .arg(t.name, labels.isEmpty() ? tr("(none)") : labels.join(QStringLiteral(", ")), t.detailLine);
        NodeGroup &g = groups[pod->nodeName];
        if (pod->nodeName.empty()) {
            g.data.name = tr("Not scheduled");
            g.data.unscheduled = true;
        } else if (g.data.name.isEmpty()) {
            g.data.name = qs(pod->nodeName); // a node the snapshot doesn't have (yet)
        }
        g.data.pods++;
        if (selected)
            g.data.selected++;
        if (t.state == PodTileData::State::Ready)
            g.data.ready++;
        else if (t.state == PodTileData::State::NotReady)
            g.data.notReady++;
        g.pods.push_back(std::move(t));
    }

    // --- the selector
    std::vector<TopologyBoxItem::Line> selLines;
    if (type == service_type::ExternalName) {
        selLines.push_back({tr("No selector: an ExternalName service selects no pods"), grey, false});
    } else if (!hasSelector) {
        selLines.push_back({tr("No selector: the Endpoints are written by hand"), grey, false});
    } else {
        for (const auto &[k, v] : selector)
            selLines.push_back({qs(k) + QLatin1Char('=') + qs(v), {}, true});
        if (selector.empty())
            selLines.push_back({tr("Empty selector: stored as no selector"), grey, false});
        selLines.push_back({tr("Matches %1 of %n pod(s) in %2", nullptr, int(pods.size())).arg(matched).arg(qs(key.namespace_)),
                            matched ? green : red, false});
    }
    m_selectorItem = new TopologyBoxItem(TopologyBoxItem::SelectorBox, tr("Selector"), std::move(selLines),
                                         QColor(0x6a, 0x1b, 0x9a), 280);
    addItem(m_selectorItem);
    m_endpointsItem = new TopologyBoxItem(TopologyBoxItem::EndpointsBox, tr("Endpoints %1").arg(qs(key.name)),
                                          std::move(epLines), QColor(0x2e, 0x7d, 0x32), 560);
    addItem(m_endpointsItem);

    // --- layout: service → selector → endpoints across the top, the nodes below
    m_serviceItem->setPos(0, 0);
    m_selectorItem->setPos(m_serviceItem->boundingRect().width() + 120, 0);
    m_endpointsItem->setPos(m_selectorItem->pos().x() + m_selectorItem->boundingRect().width() + 120, 0);
    const qreal topHeight = std::max({m_serviceItem->boundingRect().height(), m_selectorItem->boundingRect().height(),
                                      m_endpointsItem->boundingRect().height()});
    auto rightMid = [](QGraphicsItem *i) {
        return i->pos() + QPointF(i->boundingRect().width(), std::min<qreal>(40, i->boundingRect().height() / 2));
    };
    auto leftMid = [](QGraphicsItem *i) {
        return i->pos() + QPointF(0, std::min<qreal>(40, i->boundingRect().height() / 2));
    };
    auto addEdge = [this](QPointF a, QPointF b, const QString &label, QColor c, bool dashed) {
        auto *e = new TopologyEdgeItem(a, b, label, c, dashed);
        addItem(e);
        m_edges.push_back(e);
    };
    addEdge(rightMid(m_serviceItem), leftMid(m_selectorItem), QString(), QColor(0x6a, 0x1b, 0x9a), !hasSelector);
    addEdge(rightMid(m_selectorItem), leftMid(m_endpointsItem), hasSelector ? tr("controller") : QString(),
            QColor(0x2e, 0x7d, 0x32), !hasSelector);

    const qreal nodesTop = topHeight + 140;
    const qreal rowWidthLimit = std::max<qreal>(2400, std::sqrt(qreal(pods.size())) * (TopologyPodItem::Width + kGap) * 1.6);
    qreal x = 0, y = nodesTop, rowHeight = 0;
    const QPointF epBottom = m_endpointsItem->pos() + QPointF(m_endpointsItem->boundingRect().width() / 2,
                                                              m_endpointsItem->boundingRect().height());
    std::vector<NodeGroup *> ordered;
    for (auto &[name, g] : groups)
        if (!name.empty())
            ordered.push_back(&g);
    if (auto it = groups.find(std::string()); it != groups.end())
        ordered.push_back(&it->second); // "not scheduled" last
    m_pods.reserve(pods.size());
    for (NodeGroup *g : ordered) {
        const int n = int(g->pods.size());
        const int cols = std::clamp(int(std::ceil(std::sqrt(n * 1.5))), 2, 24);
        const int rowsN = std::max(1, (n + cols - 1) / cols);
        const QSizeF size(2 * kPad + cols * TopologyPodItem::Width + (cols - 1) * kGap,
                          TopologyNodeItem::HeaderHeight + kPad + rowsN * TopologyPodItem::Height + (rowsN - 1) * kGap);
        QStringList counts;
        counts << tr("%n pod(s)", nullptr, g->data.pods);
        if (hasSelector)
            counts << tr("%n selected", nullptr, g->data.selected);
        counts << tr("%1 ready, %2 not ready").arg(g->data.ready).arg(g->data.notReady);
        g->data.countsLine = counts.join(QStringLiteral(" · "));
        if (x > 0 && x + size.width() > rowWidthLimit) {
            x = 0;
            y += rowHeight + 60;
            rowHeight = 0;
        }
        auto *node = new TopologyNodeItem(g->data, size);
        node->setPos(x, y);
        addItem(node);
        m_nodes.push_back(node);
        for (int i = 0; i < n; ++i) {
            auto *pod = new TopologyPodItem(std::move(g->pods[size_t(i)]), node->podLayer());
            pod->setPos(kPad + (i % cols) * (TopologyPodItem::Width + kGap),
                        TopologyNodeItem::HeaderHeight + (i / cols) * (TopologyPodItem::Height + kGap));
            m_pods.push_back(pod);
        }
        const int r = g->data.ready, nr = g->data.notReady;
        if (r + nr > 0)
            addEdge(epBottom, node->pos() + QPointF(size.width() / 2, 0),
                    tr("%1 ready, %2 not ready").arg(r).arg(nr), r ? green : amber, r == 0);
        x += size.width() + 60;
        rowHeight = std::max(rowHeight, size.height());
    }
    if (m_detail == Detail::Far)
        for (TopologyNodeItem *n : m_nodes)
            n->setFar(true);
    setSceneRect(itemsBoundingRect().adjusted(-40, -40, 40, 40));
    Q_EMIT rebuilt();
}

} // namespace studio::views
