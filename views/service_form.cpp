// SPDX-License-Identifier: GPL-3.0-or-later
#include "service_form.h"

#include "table_editor.h"

#include "validation/cloud_annotations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

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

bool isType(const Service &svc, const char *t)
{
    return svc.effectiveType() == t;
}

std::vector<QStringList> pairsToRows(const Labels &l)
{
    std::vector<QStringList> rows;
    for (const auto &[k, v] : l)
        rows.push_back({q(k), q(v)});
    return rows;
}

Labels rowsToPairs(const std::vector<QStringList> &rows)
{
    Labels l;
    for (const QStringList &r : rows)
        l[s(r.value(0))] = r.value(1).toStdString();
    return l;
}

std::vector<QStringList> listToRows(const std::vector<std::string> &v)
{
    std::vector<QStringList> rows;
    for (const auto &x : v)
        rows.push_back({q(x)});
    return rows;
}

std::vector<std::string> rowsToList(const std::vector<QStringList> &rows)
{
    std::vector<std::string> v;
    for (const QStringList &r : rows)
        v.push_back(s(r.value(0)));
    return v;
}

int portColumnOf(const QString &field)
{
    if (field == QLatin1String("name"))
        return ServiceForm::PortName;
    if (field == QLatin1String("protocol"))
        return ServiceForm::PortProtocol;
    if (field == QLatin1String("port"))
        return ServiceForm::PortPort;
    if (field == QLatin1String("targetPort"))
        return ServiceForm::PortTarget;
    if (field == QLatin1String("nodePort"))
        return ServiceForm::PortNode;
    if (field == QLatin1String("appProtocol"))
        return ServiceForm::PortAppProtocol;
    return -1;
}

const char *const kTypes[] = {service_type::ClusterIP, service_type::NodePort,
                              service_type::LoadBalancer, service_type::ExternalName};

} // namespace

ServiceForm::ServiceForm(QWidget *parent) : QWidget(parent)
{
    buildUi();
    retranslateUi();
    setService(Service{});
}

void ServiceForm::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    m_otherProblems = new QLabel(this);
    m_otherProblems->setWordWrap(true);
    m_otherProblems->setStyleSheet(QStringLiteral("color: #b00;"));
    m_otherProblems->setVisible(false);
    layout->addWidget(m_otherProblems);

    m_metaBox = new QGroupBox(this);
    m_metaForm = new QFormLayout(m_metaBox);
    m_name = new QLineEdit(m_metaBox);
    m_name->setObjectName(QStringLiteral("metadata.name"));
    m_namespace = new QLineEdit(m_metaBox);
    m_namespace->setObjectName(QStringLiteral("metadata.namespace"));
    m_labels = new TableEditor(2, m_metaBox);
    m_labels->setObjectName(QStringLiteral("metadata.labels"));
    m_annotations = new TableEditor(2, m_metaBox);
    m_annotations->setObjectName(QStringLiteral("metadata.annotations"));
    m_annotationPicker = new QToolButton(m_annotations);
    m_annotationPicker->setPopupMode(QToolButton::InstantPopup);
    m_annotationPicker->setText(QString(QChar(0x2605)));
    m_annotationPicker->setMenu(new QMenu(m_annotationPicker));
    m_annotations->addToolButton(m_annotationPicker);
    m_annotations->setChoices([this](int row, int column) -> QStringList {
        if (column != 1)
            return {};
        const auto *item = m_annotations->table()->item(row, 0);
        const CloudAnnotation *a = item ? findCloudAnnotation(s(item->text())) : nullptr;
        if (!a)
            return {};
        QStringList c;
        if (a->kind == CloudAnnotation::Kind::Bool || a->kind == CloudAnnotation::Kind::GoBool)
            c << QStringLiteral("true") << QStringLiteral("false");
        for (auto v : a->allowedValues)
            c << QString::fromUtf8(v.data(), qsizetype(v.size()));
        if (c.isEmpty() && !a->example.empty())
            c << QString::fromUtf8(a->example.data(), qsizetype(a->example.size()));
        c.removeDuplicates();
        return c;
    });
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_namespace),
                       static_cast<QWidget *>(m_labels), static_cast<QWidget *>(m_annotations)}) {
        auto *label = new QLabel(m_metaBox);
        m_metaForm->addRow(label, w);
        m_fieldLabels[w] = label;
    }
    layout->addWidget(m_metaBox);

    m_specBox = new QGroupBox(this);
    m_specForm = new QFormLayout(m_specBox);
    m_type = new QComboBox(m_specBox);
    m_type->setObjectName(QStringLiteral("spec.type"));
    for (const char *t : kTypes)
        m_type->addItem(QString::fromLatin1(t), QString::fromLatin1(t));
    m_clusterIp = new QLineEdit(m_specBox);
    m_clusterIp->setObjectName(QStringLiteral("spec.clusterIP"));
    m_externalName = new QLineEdit(m_specBox);
    m_externalName->setObjectName(QStringLiteral("spec.externalName"));
    auto *selectorBox = new QWidget(m_specBox);
    auto *sl = new QVBoxLayout(selectorBox);
    sl->setContentsMargins(0, 0, 0, 0);
    m_noSelector = new QCheckBox(selectorBox);
    m_selector = new TableEditor(2, selectorBox);
    m_selector->setObjectName(QStringLiteral("spec.selector"));
    sl->addWidget(m_noSelector);
    sl->addWidget(m_selector);
    m_ports = new TableEditor(PortColumns, m_specBox);
    m_ports->setObjectName(QStringLiteral("spec.ports"));
    m_ports->setChoices([](int, int column) -> QStringList {
        if (column == PortProtocol)
            return {QStringLiteral("TCP"), QStringLiteral("UDP"), QStringLiteral("SCTP")};
        return {};
    });
    m_externalIps = new TableEditor(1, m_specBox);
    m_externalIps->setObjectName(QStringLiteral("spec.externalIPs"));
    m_publishNotReady = new QCheckBox(m_specBox);
    m_publishNotReady->setObjectName(QStringLiteral("spec.publishNotReadyAddresses"));
    const std::pair<QWidget *, QWidget *> specRows[] = {
        {m_type, m_type}, {m_clusterIp, m_clusterIp}, {m_externalName, m_externalName},
        {m_selector, selectorBox}, {m_ports, m_ports}, {m_externalIps, m_externalIps},
        {m_publishNotReady, m_publishNotReady}};
    for (const auto &[field, w] : specRows) {
        auto *label = new QLabel(m_specBox);
        m_specForm->addRow(label, w);
        m_fieldLabels[field] = label;
    }
    layout->addWidget(m_specBox);

    m_trafficBox = new QGroupBox(this);
    m_trafficForm = new QFormLayout(m_trafficBox);
    m_affinity = new QComboBox(m_trafficBox);
    m_affinity->setObjectName(QStringLiteral("spec.sessionAffinity"));
    m_affinity->addItem(QStringLiteral("None"), QStringLiteral("None"));
    m_affinity->addItem(QStringLiteral("ClientIP"), QStringLiteral("ClientIP"));
    m_affinityTimeout = new QSpinBox(m_trafficBox);
    m_affinityTimeout->setObjectName(
        QStringLiteral("spec.sessionAffinityConfig.clientIP.timeoutSeconds"));
    m_affinityTimeout->setRange(0, 86400);
    m_trafficPolicy = new QComboBox(m_trafficBox);
    m_trafficPolicy->setObjectName(QStringLiteral("spec.externalTrafficPolicy"));
    m_trafficPolicy->addItem(QStringLiteral("Cluster"), QStringLiteral("Cluster"));
    m_trafficPolicy->addItem(QStringLiteral("Local"), QStringLiteral("Local"));
    m_healthCheckNodePort = new QSpinBox(m_trafficBox);
    m_healthCheckNodePort->setObjectName(QStringLiteral("spec.healthCheckNodePort"));
    m_healthCheckNodePort->setRange(0, 65535);
    m_loadBalancerIp = new QLineEdit(m_trafficBox);
    m_loadBalancerIp->setObjectName(QStringLiteral("spec.loadBalancerIP"));
    m_sourceRanges = new TableEditor(1, m_trafficBox);
    m_sourceRanges->setObjectName(QStringLiteral("spec.loadBalancerSourceRanges"));
    for (QWidget *w : {static_cast<QWidget *>(m_affinity),
                       static_cast<QWidget *>(m_affinityTimeout),
                       static_cast<QWidget *>(m_trafficPolicy),
                       static_cast<QWidget *>(m_healthCheckNodePort),
                       static_cast<QWidget *>(m_loadBalancerIp),
                       static_cast<QWidget *>(m_sourceRanges)}) {
        auto *label = new QLabel(m_trafficBox);
        m_trafficForm->addRow(label, w);
        m_fieldLabels[w] = label;
    }
    layout->addWidget(m_trafficBox);
    layout->addStretch(1);
    // Annotation keys are long (service.beta.kubernetes.io/aws-load-balancer-...).
    m_annotations->table()->setColumnWidth(0, 330);
    for (TableEditor *t : {m_labels, m_selector})
        t->table()->setColumnWidth(0, 160);

    // User edits.
    connect(m_name, &QLineEdit::textEdited, this, [this] { userEdited(QStringLiteral("metadata.name")); });
    connect(m_namespace, &QLineEdit::textEdited, this,
            [this] { userEdited(QStringLiteral("metadata.namespace")); });
    connect(m_clusterIp, &QLineEdit::textEdited, this,
            [this] { userEdited(QStringLiteral("spec.clusterIP")); });
    connect(m_externalName, &QLineEdit::textEdited, this,
            [this] { userEdited(QStringLiteral("spec.externalName")); });
    connect(m_loadBalancerIp, &QLineEdit::textEdited, this,
            [this] { userEdited(QStringLiteral("spec.loadBalancerIP")); });
    connect(m_labels, &TableEditor::edited, this, [this] { userEdited(QStringLiteral("metadata.labels")); });
    connect(m_annotations, &TableEditor::edited, this,
            [this] { userEdited(QStringLiteral("metadata.annotations")); });
    connect(m_selector, &TableEditor::edited, this, [this] { userEdited(QStringLiteral("spec.selector")); });
    connect(m_ports, &TableEditor::edited, this, [this] { userEdited(QStringLiteral("spec.ports")); });
    connect(m_externalIps, &TableEditor::edited, this,
            [this] { userEdited(QStringLiteral("spec.externalIPs")); });
    connect(m_sourceRanges, &TableEditor::edited, this,
            [this] { userEdited(QStringLiteral("spec.loadBalancerSourceRanges")); });
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            typeChangedByUser();
    });
    connect(m_noSelector, &QCheckBox::toggled, this, [this] {
        m_selector->setEnabled(!m_noSelector->isChecked());
        userEdited(QStringLiteral("spec.selector"));
    });
    connect(m_publishNotReady, &QCheckBox::toggled, this,
            [this] { userEdited(QStringLiteral("spec.publishNotReadyAddresses")); });
    connect(m_affinity, &QComboBox::currentIndexChanged, this,
            [this] { userEdited(QStringLiteral("spec.sessionAffinity")); });
    connect(m_trafficPolicy, &QComboBox::currentIndexChanged, this,
            [this] { userEdited(QStringLiteral("spec.externalTrafficPolicy")); });
    connect(m_affinityTimeout, &QSpinBox::valueChanged, this,
            [this] { userEdited(QStringLiteral("spec.sessionAffinityConfig")); });
    connect(m_healthCheckNodePort, &QSpinBox::valueChanged, this,
            [this] { userEdited(QStringLiteral("spec.healthCheckNodePort")); });
}

void ServiceForm::retranslateUi()
{
    m_metaBox->setTitle(tr("Metadata"));
    m_specBox->setTitle(tr("Service"));
    //: Group of the fields that shape traffic: session affinity, traffic policy, load balancer
    m_trafficBox->setTitle(tr("Traffic"));
    const std::pair<QWidget *, QString> labels[] = {
        {m_name, tr("Name")},
        {m_namespace, tr("Namespace")},
        {m_labels, tr("Labels")},
        {m_annotations, tr("Annotations")},
        {m_type, tr("Type")},
        {m_clusterIp, tr("Cluster IP")},
        {m_externalName, tr("External name")},
        {m_selector, tr("Selector")},
        {m_ports, tr("Ports")},
        {m_externalIps, tr("External IPs")},
        {m_publishNotReady, tr("Not-ready addresses")},
        {m_affinity, tr("Session affinity")},
        {m_affinityTimeout, tr("Affinity timeout")},
        {m_trafficPolicy, tr("External traffic policy")},
        {m_healthCheckNodePort, tr("Health-check node port")},
        {m_loadBalancerIp, tr("Load balancer IP")},
        {m_sourceRanges, tr("Source ranges")},
    };
    for (const auto &[w, text] : labels) {
        QWidget *label = m_fieldLabels[w];
        static_cast<QLabel *>(label)->setText(text);
        // The API field, so that the form teaches the YAML.
        label->setToolTip(w->objectName());
        if (m_errors.empty() || !w->property("fieldError").toBool())
            w->setToolTip(w->objectName());
    }
    m_name->setPlaceholderText(tr("required, e.g. my-service"));
    m_namespace->setPlaceholderText(tr("the cluster's default namespace"));
    //: Placeholder of spec.clusterIP; "None" is the literal value for a headless service
    m_clusterIp->setPlaceholderText(tr("allocated; None for a headless service"));
    m_externalName->setPlaceholderText(tr("a DNS name, e.g. my.database.example.com"));
    m_loadBalancerIp->setPlaceholderText(tr("chosen by the cloud provider"));
    m_noSelector->setText(tr("No selector (Endpoints are written by hand)"));
    //: spec.publishNotReadyAddresses
    m_publishNotReady->setText(tr("Publish addresses of pods that are not ready"));
    m_affinityTimeout->setSpecialValueText(tr("default (10800 s)"));
    m_affinityTimeout->setSuffix(tr(" s"));
    m_healthCheckNodePort->setSpecialValueText(tr("allocated"));
    m_labels->setHeaders({tr("Key"), tr("Value")});
    m_annotations->setHeaders({tr("Key"), tr("Value")});
    m_selector->setHeaders({tr("Key"), tr("Value")});
    m_externalIps->setHeaders({tr("Address")});
    m_sourceRanges->setHeaders({tr("CIDR")});
    m_ports->setHeaders({tr("Name"), tr("Protocol"), tr("Port"), tr("Target port"),
                         tr("Node port"), tr("App protocol")});
    m_annotationPicker->setToolTip(tr("Add a cloud load-balancer annotation"));

    QMenu *menu = m_annotationPicker->menu();
    menu->clear();
    QMenu *sub = nullptr;
    CloudProvider current = CloudProvider::Kubernetes;
    for (const CloudAnnotation &a : cloudAnnotations()) {
        if (!sub || a.provider != current) {
            current = a.provider;
            const auto name = cloudProviderName(a.provider);
            sub = menu->addMenu(QString::fromUtf8(name.data(), qsizetype(name.size())));
        }
        const QString key = QString::fromUtf8(a.key.data(), qsizetype(a.key.size()));
        QAction *act = sub->addAction(key);
        const QString desc = QCoreApplication::translate(
            "CloudAnnotation", std::string(a.description).c_str());
        act->setToolTip(desc + QLatin1Char('\n')
                        + tr("Allowed: %1").arg(q(describeAllowedValues(a))));
        act->setStatusTip(desc);
        const QString example = QString::fromUtf8(a.example.data(), qsizetype(a.example.size()));
        connect(act, &QAction::triggered, this, [this, key, example] {
            for (int r = 0; r < m_annotations->rowCount(); ++r)
                if (auto *item = m_annotations->table()->item(r, 0); item && item->text() == key) {
                    m_annotations->table()->setCurrentCell(r, 1);
                    return;
                }
            m_annotations->appendRow({key, example});
        });
    }
    menu->setToolTipsVisible(true);
    for (QMenu *m : menu->findChildren<QMenu *>())
        m->setToolTipsVisible(true);
}

void ServiceForm::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void ServiceForm::setService(const Service &svc)
{
    m_filling = true;
    m_base = svc;
    const QSignalBlocker b1(m_type), b2(m_affinity), b3(m_trafficPolicy), b4(m_affinityTimeout),
        b5(m_healthCheckNodePort), b6(m_noSelector), b7(m_publishNotReady);
    const auto setLine = [](QLineEdit *e, const QString &t) {
        if (e->text() != t)
            e->setText(t);
    };
    setLine(m_name, q(svc.metadata.name));
    setLine(m_namespace, q(svc.metadata.namespace_));
    m_labels->setRows(pairsToRows(svc.metadata.labels));
    m_annotations->setRows(pairsToRows(svc.metadata.annotations));
    for (int r = 0; r < m_annotations->rowCount(); ++r) {
        const auto *item = m_annotations->table()->item(r, 0);
        if (const CloudAnnotation *a = item ? findCloudAnnotation(s(item->text())) : nullptr) {
            const QString tip = QCoreApplication::translate("CloudAnnotation",
                                                            std::string(a->description).c_str());
            m_annotations->setCellToolTip(r, 0, tip);
            m_annotations->setCellToolTip(r, 1, tr("Allowed: %1").arg(q(describeAllowedValues(*a))));
        }
    }
    int typeIndex = m_type->findData(q(svc.effectiveType()));
    if (typeIndex < 0) { // an unsupported type stays visible, as written
        m_type->addItem(q(svc.spec.type), q(svc.spec.type));
        typeIndex = m_type->count() - 1;
    }
    m_type->setCurrentIndex(typeIndex);
    setLine(m_clusterIp, q(svc.spec.clusterIP));
    setLine(m_externalName, q(svc.spec.externalName));
    m_noSelector->setChecked(!svc.spec.selector.has_value());
    m_selector->setEnabled(svc.spec.selector.has_value());
    m_selector->setRows(pairsToRows(svc.spec.selector.value_or(Labels{})));
    std::vector<QStringList> ports;
    for (const ServicePort &p : svc.spec.ports)
        ports.push_back({q(p.name), q(p.protocol), p.port ? QString::number(p.port) : QString(),
                         p.targetPort ? q(p.targetPort->toString()) : QString(),
                         p.nodePort ? QString::number(p.nodePort) : QString(),
                         q(p.appProtocol.value_or(std::string()))});
    m_ports->setRows(ports);
    m_externalIps->setRows(listToRows(svc.spec.externalIPs));
    m_publishNotReady->setChecked(svc.spec.publishNotReadyAddresses);
    m_affinity->setCurrentIndex(svc.spec.sessionAffinity == "ClientIP" ? 1 : 0);
    int timeout = 0;
    if (svc.spec.sessionAffinityConfig && svc.spec.sessionAffinityConfig->clientIP
        && svc.spec.sessionAffinityConfig->clientIP->timeoutSeconds)
        timeout = *svc.spec.sessionAffinityConfig->clientIP->timeoutSeconds;
    m_affinityTimeout->setValue(timeout);
    m_trafficPolicy->setCurrentIndex(svc.spec.externalTrafficPolicy == "Local" ? 1 : 0);
    m_healthCheckNodePort->setValue(svc.spec.healthCheckNodePort);
    setLine(m_loadBalancerIp, q(svc.spec.loadBalancerIP));
    m_sourceRanges->setRows(listToRows(svc.spec.loadBalancerSourceRanges));
    m_filling = false;
    updateVisibility();
}

Service ServiceForm::service() const
{
    Service svc = m_base;
    svc.metadata.name = s(m_name->text());
    svc.metadata.namespace_ = s(m_namespace->text());
    svc.metadata.labels = rowsToPairs(m_labels->rows());
    svc.metadata.annotations = rowsToPairs(m_annotations->rows());
    const std::string type = m_type->currentData().toString().toStdString();
    // Keep "not set" when the YAML did not say and the form shows the default.
    if (!(m_base.spec.type.empty() && type == service_type::ClusterIP))
        svc.spec.type = type;
    svc.spec.clusterIP = s(m_clusterIp->text());
    if (svc.spec.clusterIP != m_base.spec.clusterIP) {
        // clusterIPs follows clusterIP (the v1.20 strategy fills it from clusterIP).
        svc.spec.clusterIPs.clear();
        if (!svc.spec.clusterIP.empty())
            svc.spec.clusterIPs.push_back(svc.spec.clusterIP);
    }
    svc.spec.externalName = s(m_externalName->text());
    if (m_noSelector->isChecked())
        svc.spec.selector.reset();
    else
        svc.spec.selector = rowsToPairs(m_selector->rows());
    std::vector<ServicePort> ports;
    const auto rows = m_ports->rows();
    for (size_t i = 0; i < rows.size(); ++i) {
        const QStringList &r = rows[i];
        // Start from the port at the same position, so that what the table does not show
        // survives.
        ServicePort p = i < m_base.spec.ports.size() ? m_base.spec.ports[i] : ServicePort{};
        p.name = s(r.value(PortName));
        p.protocol = s(r.value(PortProtocol));
        p.port = r.value(PortPort).toInt();
        const QString target = r.value(PortTarget);
        bool isInt = false;
        const int t = target.toInt(&isInt);
        if (target.isEmpty())
            p.targetPort.reset();
        else
            p.targetPort = isInt ? IntOrString::fromInt(t) : IntOrString::fromString(s(target));
        p.nodePort = r.value(PortNode).toInt();
        if (r.value(PortAppProtocol).isEmpty())
            p.appProtocol.reset();
        else
            p.appProtocol = s(r.value(PortAppProtocol));
        ports.push_back(std::move(p));
    }
    svc.spec.ports = std::move(ports);
    svc.spec.externalIPs = rowsToList(m_externalIps->rows());
    svc.spec.publishNotReadyAddresses = m_publishNotReady->isChecked();
    const std::string affinity = m_affinity->currentData().toString().toStdString();
    if (!(m_base.spec.sessionAffinity.empty() && affinity == "None"))
        svc.spec.sessionAffinity = affinity;
    if (affinity == "ClientIP" && m_affinityTimeout->value() > 0) {
        SessionAffinityConfig cfg = svc.spec.sessionAffinityConfig.value_or(SessionAffinityConfig{});
        ClientIPConfig c = cfg.clientIP.value_or(ClientIPConfig{});
        c.timeoutSeconds = m_affinityTimeout->value();
        cfg.clientIP = c;
        svc.spec.sessionAffinityConfig = cfg;
    } else if (m_affinityTimeout->value() == 0 && svc.spec.sessionAffinityConfig
               && svc.spec.sessionAffinityConfig->clientIP) {
        svc.spec.sessionAffinityConfig->clientIP->timeoutSeconds.reset();
        if (affinity != "ClientIP")
            svc.spec.sessionAffinityConfig.reset();
    }
    const std::string policy = m_trafficPolicy->currentData().toString().toStdString();
    if (!(m_base.spec.externalTrafficPolicy.empty() && policy == "Cluster"))
        svc.spec.externalTrafficPolicy = policy;
    svc.spec.healthCheckNodePort = m_healthCheckNodePort->value();
    svc.spec.loadBalancerIP = s(m_loadBalancerIp->text());
    svc.spec.loadBalancerSourceRanges = rowsToList(m_sourceRanges->rows());
    return svc;
}

void ServiceForm::userEdited(const QString &key)
{
    if (m_filling)
        return;
    m_base = service();
    updateVisibility();
    Q_EMIT edited(key);
}

void ServiceForm::typeChangedByUser()
{
    // Fields that do not apply to the new type are cleared: a form that hides a field must not
    // keep sending it (the apiserver would refuse a nodePort on a ClusterIP service).
    Service svc = service();
    const std::string type = m_type->currentData().toString().toStdString();
    svc.spec.type = type;
    const bool nodePorts = type == service_type::NodePort || type == service_type::LoadBalancer;
    const bool lb = type == service_type::LoadBalancer;
    if (!nodePorts) {
        for (ServicePort &p : svc.spec.ports)
            p.nodePort = 0;
        svc.spec.externalTrafficPolicy.clear();
    }
    if (!lb) {
        svc.spec.loadBalancerIP.clear();
        svc.spec.loadBalancerSourceRanges.clear();
        svc.spec.healthCheckNodePort = 0;
    }
    if (type != service_type::ExternalName)
        svc.spec.externalName.clear();
    else {
        svc.spec.clusterIP.clear();
        svc.spec.clusterIPs.clear();
    }
    setService(svc);
    Q_EMIT edited(QStringLiteral("spec.type"));
}

void ServiceForm::setRowShown(QWidget *field, bool shown)
{
    for (QFormLayout *form : {m_metaForm, m_specForm, m_trafficForm}) {
        QWidget *w = field == m_selector ? m_selector->parentWidget() : field;
        int row = -1;
        QFormLayout::ItemRole role;
        form->getWidgetPosition(w, &row, &role);
        if (row >= 0) {
            form->setRowVisible(row, shown);
            return;
        }
    }
}

void ServiceForm::updateVisibility()
{
    const Service svc = service();
    const bool externalName = isType(svc, service_type::ExternalName);
    const bool nodePorts = isType(svc, service_type::NodePort) || isType(svc, service_type::LoadBalancer);
    const bool lb = isType(svc, service_type::LoadBalancer);
    const bool clientIp = m_affinity->currentData().toString() == QLatin1String("ClientIP");
    const bool local = m_trafficPolicy->currentData().toString() == QLatin1String("Local");
    bool anyNodePort = false;
    for (const auto &p : svc.spec.ports)
        anyNodePort = anyNodePort || p.nodePort != 0;
    // A field shows where it applies, and wherever the YAML sets it (nothing is hidden that
    // the object says).
    setRowShown(m_externalName, externalName || !svc.spec.externalName.empty());
    setRowShown(m_clusterIp, !externalName || !svc.spec.clusterIP.empty());
    setRowShown(m_selector, !externalName || (svc.spec.selector && !svc.spec.selector->empty()));
    setRowShown(m_externalIps, !externalName || !svc.spec.externalIPs.empty());
    m_ports->setColumnHidden(PortNode, !nodePorts && !anyNodePort);
    setRowShown(m_affinity, !externalName || !svc.spec.sessionAffinity.empty());
    setRowShown(m_affinityTimeout, clientIp);
    setRowShown(m_trafficPolicy, nodePorts || !svc.spec.externalTrafficPolicy.empty());
    setRowShown(m_healthCheckNodePort, (lb && local) || svc.spec.healthCheckNodePort != 0);
    setRowShown(m_loadBalancerIp, lb || !svc.spec.loadBalancerIP.empty());
    setRowShown(m_sourceRanges, lb || !svc.spec.loadBalancerSourceRanges.empty());
    bool anyTraffic = false;
    for (int r = 0; r < m_trafficForm->rowCount(); ++r)
        anyTraffic = anyTraffic || m_trafficForm->isRowVisible(r);
    m_trafficBox->setVisible(anyTraffic);
}

bool ServiceForm::isFieldShown(const QString &path) const
{
    static const QRegularExpression portRe(QStringLiteral(R"(^spec\.ports\[\d+\]\.(\w+)$)"));
    if (const auto m = portRe.match(path); m.hasMatch()) {
        const int col = portColumnOf(m.captured(1));
        return m_ports->isVisibleTo(const_cast<ServiceForm *>(this)) && col >= 0
               && !m_ports->isColumnHidden(col);
    }
    QWidget *w = fieldWidget(path);
    return w && w->isVisibleTo(const_cast<ServiceForm *>(this));
}

QWidget *ServiceForm::fieldWidget(const QString &path) const
{
    for (QWidget *w : findChildren<QWidget *>()) {
        const QString n = w->objectName();
        if (!n.isEmpty()
            && (n.startsWith(QLatin1String("spec.")) || n.startsWith(QLatin1String("metadata.")))) {
            if (path == n || path.startsWith(n + QLatin1Char('.')) || path.startsWith(n + QLatin1Char('[')))
                return w;
        }
    }
    if (path.startsWith(QLatin1String("spec.clusterIPs")))
        return m_clusterIp;
    if (path.startsWith(QLatin1String("spec.sessionAffinityConfig")))
        return m_affinityTimeout;
    return nullptr;
}

void ServiceForm::markWidget(QWidget *w, const QString &message)
{
    QString tip = w->property("fieldError").toBool() ? w->toolTip() + QLatin1Char('\n') + message
                                                     : w->objectName() + QLatin1Char('\n') + message;
    w->setProperty("fieldError", true);
    w->setToolTip(tip);
    w->setStyleSheet(QStringLiteral("border: 1px solid #d22; background: #fff0f0;"));
}

void ServiceForm::setFieldErrors(const FieldErrors &errors)
{
    m_errors.clear();
    for (QWidget *w : findChildren<QWidget *>())
        if (w->property("fieldError").toBool()) {
            w->setProperty("fieldError", false);
            w->setStyleSheet(QString());
            w->setToolTip(w->objectName());
        }
    for (TableEditor *t : findChildren<TableEditor *>())
        t->clearErrors();

    static const QRegularExpression indexed(QStringLiteral(R"(^([\w.]+)\[(\d+)\](?:\.(\w+))?)"));
    static const QRegularExpression keyed(QStringLiteral(R"(^metadata\.(labels|annotations)\[?([^\]]*)\]?)"));
    QStringList other;
    for (const FieldError &e : errors) {
        const QString path = q(e.field);
        const QString msg = (e.isWarning() ? tr("Warning: %1") : QStringLiteral("%1"))
                                .arg(q(e.message()));
        QString &slot = m_errors[path];
        slot = slot.isEmpty() ? msg : slot + QLatin1Char('\n') + msg;

        if (const auto m = indexed.match(path); m.hasMatch()) {
            const QString base = m.captured(1);
            const int row = m.captured(2).toInt();
            TableEditor *t = base == QLatin1String("spec.ports")               ? m_ports
                             : base == QLatin1String("spec.externalIPs")       ? m_externalIps
                             : base == QLatin1String("spec.loadBalancerSourceRanges") ? m_sourceRanges
                                                                                      : nullptr;
            if (t) {
                const int col = t == m_ports ? portColumnOf(m.captured(3)) : 0;
                if (col >= 0)
                    t->setCellError(row, col, msg);
                else
                    t->setTableError(msg);
                continue;
            }
            if (base == QLatin1String("spec.clusterIPs")) {
                markWidget(m_clusterIp, msg);
                continue;
            }
        }
        if (const auto m = keyed.match(path); m.hasMatch()) {
            TableEditor *t = m.captured(1) == QLatin1String("labels") ? m_labels : m_annotations;
            bool found = false;
            for (int r = 0; r < t->rowCount() && !m.captured(2).isEmpty(); ++r)
                if (auto *item = t->table()->item(r, 0); item && item->text() == m.captured(2)) {
                    t->setCellError(r, 1, msg);
                    found = true;
                }
            if (!found)
                t->setTableError(msg);
            continue;
        }
        if (path.startsWith(QLatin1String("spec.selector"))) {
            m_selector->setTableError(msg);
            continue;
        }
        if (path == QLatin1String("spec.ports")) {
            m_ports->setTableError(msg);
            continue;
        }
        if (QWidget *w = fieldWidget(path); w && !qobject_cast<TableEditor *>(w)) {
            markWidget(w, msg);
            continue;
        }
        if (auto *t = qobject_cast<TableEditor *>(fieldWidget(path))) {
            t->setTableError(msg);
            continue;
        }
        other << (path.isEmpty() ? msg : path + QStringLiteral(": ") + msg);
    }
    m_otherProblems->setText(other.join(QLatin1Char('\n')));
    m_otherProblems->setVisible(!other.isEmpty());
}

QString ServiceForm::errorFor(const QString &fieldPath) const
{
    const auto it = m_errors.find(fieldPath);
    return it == m_errors.end() ? QString() : it->second;
}

} // namespace studio::views
