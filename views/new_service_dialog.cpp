// SPDX-License-Identifier: GPL-3.0-or-later
#include "new_service_dialog.h"

#include "manifest/manifest.h"
#include "manifest/writer.h"
#include "validation/name_rules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace studio::views {

namespace {

// The titles of resources/scenarios, for lupdate (the files are data, their titles English).
[[maybe_unused]] const char *const kExampleTitles[] = {
    QT_TRANSLATE_NOOP("SeedExample", "Sandbox cluster"),
    QT_TRANSLATE_NOOP("SeedExample", "External IP"),
    QT_TRANSLATE_NOOP("SeedExample", "ExternalName service in prod"),
    QT_TRANSLATE_NOOP("SeedExample", "Headless services, with and without a selector"),
    QT_TRANSLATE_NOOP("SeedExample", "Image-processing backend behind my-service"),
    QT_TRANSLATE_NOOP("SeedExample", "LoadBalancer with a requested IP"),
    QT_TRANSLATE_NOOP("SeedExample", "Multi-port service (http and https)"),
    QT_TRANSLATE_NOOP("SeedExample", "Choosing your own cluster IP"),
    QT_TRANSLATE_NOOP("SeedExample", "NodePort service"),
    QT_TRANSLATE_NOOP("SeedExample", "Environment variables of redis-master"),
    QT_TRANSLATE_NOOP("SeedExample", "Service without a selector, with hand-written Endpoints"),
};

const char *const kKubectlTypes[] = {"clusterip", "nodeport", "loadbalancer", "externalname"};
const char *const kApiTypes[] = {service_type::ClusterIP, service_type::NodePort,
                                 service_type::LoadBalancer, service_type::ExternalName};

} // namespace

Service kubectlCreateService(const CreateServiceOptions &o, QString *error)
{
    Service s;
    s.metadata.name = o.name;
    s.metadata.namespace_ = o.namespace_;
    s.metadata.labels["app"] = o.name;
    s.spec.type = o.type;
    if (o.type == service_type::ExternalName) {
        s.spec.externalName = o.externalName;
        return s;
    }
    s.spec.selector = Labels{{"app", o.name}};
    if (o.headless && o.type == service_type::ClusterIP)
        s.spec.clusterIP = "None";
    for (const std::string &entry : o.tcp) {
        const QString e = QString::fromStdString(entry).trimmed();
        if (e.isEmpty())
            continue;
        const QStringList parts = e.split(QLatin1Char(':'));
        bool ok1 = false, ok2 = true;
        const int port = parts.value(0).toInt(&ok1);
        int target = port;
        if (parts.size() > 1)
            target = parts.value(1).toInt(&ok2);
        if (!ok1 || !ok2 || parts.size() > 2 || port < 1 || port > 65535 || target < 1
            || target > 65535) {
            if (error)
                *error = QCoreApplication::translate(
                             "studio::views::NewServiceDialog",
                             "\"%1\" is not PORT or PORT:TARGET_PORT (1-65535).")
                             .arg(e);
            continue;
        }
        ServicePort p;
        p.name = std::to_string(port) + "-" + std::to_string(target);
        p.protocol = protocol::TCP;
        p.port = port;
        p.targetPort = IntOrString::fromInt(target);
        if (o.type == service_type::NodePort && o.nodePort > 0 && s.spec.ports.empty())
            p.nodePort = o.nodePort;
        s.spec.ports.push_back(std::move(p));
    }
    return s;
}

QString createServiceYaml(const CreateServiceOptions &o, QString *error)
{
    const Service s = kubectlCreateService(o, error);
    return QString::fromStdString(writeYaml(stripTombstones(encodeObject(s))));
}

QList<SeedExample> seedExamples(const QString &dir)
{
    QList<SeedExample> out;
    const QDir d(dir);
    for (const QString &f : d.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
        QFile file(d.filePath(f));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QString title;
        for (int i = 0; i < 5 && !file.atEnd(); ++i) {
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (line.startsWith(QLatin1String("# @title:"))) {
                title = line.mid(9).trimmed();
                break;
            }
        }
        if (title.isEmpty())
            title = QFileInfo(f).baseName();
        out.push_back({QCoreApplication::translate("SeedExample", title.toUtf8().constData()),
                       title, d.filePath(f)});
    }
    std::sort(out.begin(), out.end(), [](const SeedExample &a, const SeedExample &b) {
        return a.title.localeAwareCompare(b.title) < 0;
    });
    return out;
}

NewServiceDialog::NewServiceDialog(QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_type(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_namespace(new QLineEdit(this))
    , m_tcp(new QLineEdit(this))
    , m_nodePort(new QSpinBox(this))
    , m_externalName(new QLineEdit(this))
    , m_headless(new QCheckBox(this))
    , m_command(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_typeLabel(new QLabel(this))
    , m_nameLabel(new QLabel(this))
    , m_nsLabel(new QLabel(this))
    , m_tcpLabel(new QLabel(this))
    , m_nodePortLabel(new QLabel(this))
    , m_extLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("newServiceDialog"));
    for (const char *t : kKubectlTypes)
        m_type->addItem(QString::fromLatin1(t));
    m_nodePort->setRange(0, 65535);
    m_tcp->setText(QStringLiteral("80:8080"));
    m_form->addRow(m_typeLabel, m_type);
    m_form->addRow(m_nameLabel, m_name);
    m_form->addRow(m_nsLabel, m_namespace);
    m_form->addRow(m_tcpLabel, m_tcp);
    m_form->addRow(QString(), m_headless);
    m_form->addRow(m_nodePortLabel, m_nodePort);
    m_form->addRow(m_extLabel, m_externalName);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setStyleSheet(QStringLiteral("font-family: monospace; color: #555;"));
    m_command->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00;"));
    m_error->setWordWrap(true);
    layout->addWidget(m_command);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {m_name, m_namespace, m_tcp, m_externalName})
        connect(e, &QLineEdit::textChanged, this, &NewServiceDialog::updateUi);
    connect(m_type, &QComboBox::currentIndexChanged, this, &NewServiceDialog::updateUi);
    connect(m_nodePort, &QSpinBox::valueChanged, this, &NewServiceDialog::updateUi);
    connect(m_headless, &QCheckBox::toggled, this, &NewServiceDialog::updateUi);
    retranslateUi();
    updateUi();
}

void NewServiceDialog::retranslateUi()
{
    setWindowTitle(tr("New Service"));
    m_typeLabel->setText(tr("Type"));
    m_nameLabel->setText(tr("Name"));
    m_nsLabel->setText(tr("Namespace"));
    //: kubectl create service's --tcp option: port pairs
    m_tcpLabel->setText(tr("TCP ports"));
    m_nodePortLabel->setText(tr("Node port"));
    m_extLabel->setText(tr("External name"));
    m_headless->setText(tr("Headless (clusterIP: None)"));
    m_name->setPlaceholderText(tr("e.g. my-service"));
    m_namespace->setPlaceholderText(tr("the cluster's default namespace"));
    m_tcp->setPlaceholderText(tr("PORT[:TARGET_PORT], comma-separated, e.g. 80:9376,443:9377"));
    m_externalName->setPlaceholderText(tr("e.g. my.database.example.com"));
    m_nodePort->setSpecialValueText(tr("allocated"));
    updateUi();
}

void NewServiceDialog::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(e);
}

CreateServiceOptions NewServiceDialog::options() const
{
    CreateServiceOptions o;
    o.type = kApiTypes[qBound(0, m_type->currentIndex(), 3)];
    o.name = m_name->text().trimmed().toStdString();
    o.namespace_ = m_namespace->text().trimmed().toStdString();
    for (const QString &p : m_tcp->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        o.tcp.push_back(p.trimmed().toStdString());
    o.nodePort = m_nodePort->value();
    o.externalName = m_externalName->text().trimmed().toStdString();
    o.headless = m_headless->isChecked();
    return o;
}

void NewServiceDialog::setOptions(const CreateServiceOptions &o)
{
    for (int i = 0; i < 4; ++i)
        if (o.type == kApiTypes[i])
            m_type->setCurrentIndex(i);
    m_name->setText(QString::fromStdString(o.name));
    m_namespace->setText(QString::fromStdString(o.namespace_));
    QStringList tcp;
    for (const auto &t : o.tcp)
        tcp << QString::fromStdString(t);
    m_tcp->setText(tcp.join(QLatin1Char(',')));
    m_nodePort->setValue(o.nodePort);
    m_externalName->setText(QString::fromStdString(o.externalName));
    m_headless->setChecked(o.headless);
}

QString NewServiceDialog::yaml() const
{
    return createServiceYaml(options());
}

void NewServiceDialog::updateUi()
{
    const int t = m_type->currentIndex();
    const bool external = t == 3;
    m_form->setRowVisible(m_tcp, !external);
    m_form->setRowVisible(m_nodePort, t == 1);
    m_form->setRowVisible(m_externalName, external);
    m_form->setRowVisible(m_headless, t == 0);
    const CreateServiceOptions o = options();
    QString cmd = QStringLiteral("kubectl create service %1 %2")
                      .arg(QLatin1String(kKubectlTypes[qBound(0, t, 3)]),
                           o.name.empty() ? QStringLiteral("NAME") : QString::fromStdString(o.name));
    if (!external)
        cmd += QStringLiteral(" --tcp=") + m_tcp->text().remove(QLatin1Char(' '));
    if (t == 0 && o.headless)
        cmd += QStringLiteral(" --clusterip=\"None\"");
    if (t == 1 && o.nodePort)
        cmd += QStringLiteral(" --node-port=%1").arg(o.nodePort);
    if (external)
        cmd += QStringLiteral(" --external-name ") + QString::fromStdString(o.externalName);
    if (!o.namespace_.empty())
        cmd += QStringLiteral(" -n ") + QString::fromStdString(o.namespace_);
    m_command->setText(cmd);
    QString error;
    if (o.name.empty())
        error = tr("A name is required.");
    else if (const auto problems = name_rules::isDns1035Label(o.name); !problems.empty())
        error = tr("The name must be a DNS-1035 label (lower-case letters, digits and '-', "
                   "starting with a letter).");
    else if (external && o.externalName.empty())
        error = tr("An external name is required.");
    else if (!external && o.tcp.empty())
        error = tr("At least one TCP port is required.");
    else
        (void)kubectlCreateService(o, &error);
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create Manifest"));
}

} // namespace studio::views
