// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpoints_form.h"

#include "table_editor.h"

#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <map>

namespace studio::views {

namespace {
QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
std::string s(const QString &t)
{
    return t.trimmed().toStdString();
}
} // namespace

EndpointsForm::EndpointsForm(QWidget *parent)
    : QWidget(parent)
    , m_box(new QGroupBox(this))
    , m_form(new QFormLayout(m_box))
    , m_nameLabel(new QLabel(m_box))
    , m_namespaceLabel(new QLabel(m_box))
    , m_addressesLabel(new QLabel(m_box))
    , m_portsLabel(new QLabel(m_box))
    , m_hint(new QLabel(this))
    , m_otherProblems(new QLabel(this))
    , m_name(new QLineEdit(m_box))
    , m_namespace(new QLineEdit(m_box))
    , m_addresses(new TableEditor(AddrColumns, m_box))
    , m_ports(new TableEditor(PortColumns, m_box))
{
    auto *layout = new QVBoxLayout(this);
    m_hint->setWordWrap(true);
    m_otherProblems->setWordWrap(true);
    m_otherProblems->setStyleSheet(QStringLiteral("color: #b00;"));
    m_otherProblems->setVisible(false);
    layout->addWidget(m_hint);
    layout->addWidget(m_otherProblems);
    layout->addWidget(m_box);
    layout->addStretch(1);
    m_form->addRow(m_nameLabel, m_name);
    m_form->addRow(m_namespaceLabel, m_namespace);
    m_form->addRow(m_addressesLabel, m_addresses);
    m_form->addRow(m_portsLabel, m_ports);
    m_name->setObjectName(QStringLiteral("metadata.name"));
    m_namespace->setObjectName(QStringLiteral("metadata.namespace"));
    m_addresses->setChoices([](int, int column) -> QStringList {
        if (column == AddrReady)
            return {QStringLiteral("true"), QStringLiteral("false")};
        return {};
    });
    m_ports->setChoices([](int, int column) -> QStringList {
        if (column == PortProtocol)
            return {QStringLiteral("TCP"), QStringLiteral("UDP"), QStringLiteral("SCTP")};
        return {};
    });
    connect(m_name, &QLineEdit::textEdited, this, [this] { userEdited(QStringLiteral("metadata.name")); });
    connect(m_namespace, &QLineEdit::textEdited, this,
            [this] { userEdited(QStringLiteral("metadata.namespace")); });
    connect(m_addresses, &TableEditor::edited, this, [this] { userEdited(QStringLiteral("addresses")); });
    connect(m_ports, &TableEditor::edited, this, [this] { userEdited(QStringLiteral("ports")); });
    retranslateUi();
}

void EndpointsForm::retranslateUi()
{
    m_box->setTitle(tr("Endpoints"));
    m_hint->setText(tr("Endpoints of a service without a selector: the endpoints controller "
                       "leaves them alone, so the addresses here are where the service's "
                       "traffic goes. The name must be the service's name."));
    m_nameLabel->setText(tr("Name"));
    m_namespaceLabel->setText(tr("Namespace"));
    m_addressesLabel->setText(tr("Addresses"));
    m_portsLabel->setText(tr("Ports"));
    //: Column of the Endpoints editor: the index of the subset an address belongs to
    m_addresses->setHeaders({tr("Subset"), tr("IP"), tr("Ready"), tr("Hostname"), tr("Node")});
    m_ports->setHeaders({tr("Subset"), tr("Name"), tr("Port"), tr("Protocol"), tr("App protocol")});
    m_name->setPlaceholderText(tr("the service's name"));
}

void EndpointsForm::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void EndpointsForm::setEndpoints(const Endpoints &e)
{
    m_filling = true;
    m_base = e;
    if (m_name->text() != q(e.metadata.name))
        m_name->setText(q(e.metadata.name));
    if (m_namespace->text() != q(e.metadata.namespace_))
        m_namespace->setText(q(e.metadata.namespace_));
    std::vector<QStringList> addrs;
    std::vector<QStringList> ports;
    m_addressRows.clear();
    m_portRows.clear();
    for (int si = 0; si < int(e.subsets.size()); ++si) {
        const EndpointSubset &sub = e.subsets[size_t(si)];
        const auto add = [&](const std::vector<EndpointAddress> &list, bool ready) {
            for (int i = 0; i < int(list.size()); ++i) {
                const EndpointAddress &a = list[size_t(i)];
                addrs.push_back({QString::number(si), q(a.ip),
                                 ready ? QStringLiteral("true") : QStringLiteral("false"),
                                 q(a.hostname), q(a.nodeName.value_or(std::string()))});
                m_addressRows.push_back({si, ready, i});
            }
        };
        add(sub.addresses, true);
        add(sub.notReadyAddresses, false);
        for (int i = 0; i < int(sub.ports.size()); ++i) {
            const EndpointPort &p = sub.ports[size_t(i)];
            ports.push_back({QString::number(si), q(p.name), p.port ? QString::number(p.port) : QString(),
                             q(p.protocol), q(p.appProtocol.value_or(std::string()))});
            m_portRows.emplace_back(si, i);
        }
    }
    m_addresses->setRows(addrs);
    m_ports->setRows(ports);
    m_filling = false;
}

Endpoints EndpointsForm::endpoints() const
{
    Endpoints e = m_base;
    e.metadata.name = s(m_name->text());
    e.metadata.namespace_ = s(m_namespace->text());
    std::map<int, EndpointSubset> subsets;
    const auto addrRows = m_addresses->rows();
    for (size_t r = 0; r < addrRows.size(); ++r) {
        const QStringList &row = addrRows[r];
        const int si = row.value(AddrSubset).toInt();
        // Start from the address this row came from: targetRef and the rest survive.
        EndpointAddress a;
        if (r < m_addressRows.size()) {
            const AddressRow &from = m_addressRows[r];
            if (from.subset < int(m_base.subsets.size())) {
                const auto &list = from.ready ? m_base.subsets[size_t(from.subset)].addresses
                                              : m_base.subsets[size_t(from.subset)].notReadyAddresses;
                if (from.index < int(list.size()))
                    a = list[size_t(from.index)];
            }
        }
        a.ip = s(row.value(AddrIp));
        a.hostname = s(row.value(AddrHostname));
        if (row.value(AddrNode).isEmpty())
            a.nodeName.reset();
        else
            a.nodeName = s(row.value(AddrNode));
        const bool ready = row.value(AddrReady).compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
        (ready ? subsets[si].addresses : subsets[si].notReadyAddresses).push_back(std::move(a));
    }
    const auto portRows = m_ports->rows();
    for (size_t r = 0; r < portRows.size(); ++r) {
        const QStringList &row = portRows[r];
        const int si = row.value(PortSubset).toInt();
        EndpointPort p;
        if (r < m_portRows.size()) {
            const auto [fs, fi] = m_portRows[r];
            if (fs < int(m_base.subsets.size()) && fi < int(m_base.subsets[size_t(fs)].ports.size()))
                p = m_base.subsets[size_t(fs)].ports[size_t(fi)];
        }
        p.name = s(row.value(PortName));
        p.port = row.value(PortPort).toInt();
        p.protocol = s(row.value(PortProtocol));
        if (row.value(PortAppProtocol).isEmpty())
            p.appProtocol.reset();
        else
            p.appProtocol = s(row.value(PortAppProtocol));
        subsets[si].ports.push_back(std::move(p));
    }
    e.subsets.clear();
    for (auto &[index, sub] : subsets)
        e.subsets.push_back(std::move(sub));
    return e;
}

void EndpointsForm::userEdited(const QString &key)
{
    if (m_filling)
        return;
    Q_EMIT edited(key);
}

void EndpointsForm::setFieldErrors(const FieldErrors &errors)
{
    m_addresses->clearErrors();
    m_ports->clearErrors();
    for (QLineEdit *e : {m_name, m_namespace}) {
        e->setStyleSheet(QString());
        e->setToolTip(e->objectName());
    }
    static const QRegularExpression addrRe(
        QStringLiteral(R"(^subsets\[(\d+)\]\.(addresses|notReadyAddresses)\[(\d+)\](?:\.(\w+))?)"));
    static const QRegularExpression portRe(QStringLiteral(R"(^subsets\[(\d+)\]\.ports\[(\d+)\](?:\.(\w+))?)"));
    QStringList other;
    for (const FieldError &err : errors) {
        const QString path = q(err.field);
        const QString msg = q(err.message());
        if (const auto m = addrRe.match(path); m.hasMatch()) {
            const int si = m.captured(1).toInt();
            const bool ready = m.captured(2) == QLatin1String("addresses");
            const int idx = m.captured(3).toInt();
            const QString f = m.captured(4);
            const int col = f == QLatin1String("hostname") ? AddrHostname
                            : f == QLatin1String("nodeName") ? AddrNode
                                                             : AddrIp;
            for (int r = 0; r < int(m_addressRows.size()); ++r)
                if (m_addressRows[size_t(r)].subset == si && m_addressRows[size_t(r)].ready == ready
                    && m_addressRows[size_t(r)].index == idx)
                    m_addresses->setCellError(r, col, msg);
            continue;
        }
        if (const auto m = portRe.match(path); m.hasMatch()) {
            const int si = m.captured(1).toInt();
            const int idx = m.captured(2).toInt();
            const QString f = m.captured(3);
            const int col = f == QLatin1String("name")       ? PortName
                            : f == QLatin1String("protocol") ? PortProtocol
                                                             : PortPort;
            for (int r = 0; r < int(m_portRows.size()); ++r)
                if (m_portRows[size_t(r)] == std::pair(si, idx))
                    m_ports->setCellError(r, col, msg);
            continue;
        }
        if (path.startsWith(QLatin1String("metadata.name")) || path.startsWith(QLatin1String("metadata.namespace"))) {
            QLineEdit *e = path.startsWith(QLatin1String("metadata.name")) ? m_name : m_namespace;
            e->setStyleSheet(QStringLiteral("border: 1px solid #d22; background: #fff0f0;"));
            e->setToolTip(msg);
            continue;
        }
        other << (path.isEmpty() ? msg : path + QStringLiteral(": ") + msg);
    }
    m_otherProblems->setText(other.join(QLatin1Char('\n')));
    m_otherProblems->setVisible(!other.isEmpty());
}

} // namespace studio::views
