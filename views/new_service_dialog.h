// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/types.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace studio::views {

// What `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME` takes.
struct CreateServiceOptions
{
    std::string type = service_type::ClusterIP;
    std::string name;
    std::string namespace_;
    std::vector<std::string> tcp; // "port" or "port:targetPort" (kubectl's --tcp)
    int nodePort = 0;             // nodeport only (kubectl's --node-port)
    std::string externalName;     // externalname only
    bool headless = false;        // clusterip only: --clusterip="None"
};

// The Service kubectl would create: label and selector app=NAME, one port per --tcp entry
// named "PORT-TARGET", protocol TCP; for externalname neither selector nor ports. Errors
// (a --tcp entry that is not a port) come back as a message.
Service kubectlCreateService(const CreateServiceOptions &options, QString *error = nullptr);
// The manifest text of it, as kubectl -o yaml --dry-run=client writes it.
QString createServiceYaml(const CreateServiceOptions &options, QString *error = nullptr);

// One of the seed page's examples (resources/scenarios), by its "# @title:".
struct SeedExample
{
    QString title;       // translated
    QString sourceTitle; // as written in the file
    QString path;
};
// The examples in `dir` (":/scenarios" in the app), sorted by translated title.
QList<SeedExample> seedExamples(const QString &dir);

// The quick "new service" dialog, shaped like `kubectl create service`.
class NewServiceDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewServiceDialog(QWidget *parent = nullptr);

    CreateServiceOptions options() const;
    void setOptions(const CreateServiceOptions &o);
    QString yaml() const; // the manifest to open

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void updateUi();

    QFormLayout *m_form;
    QComboBox *m_type;
    QLineEdit *m_name;
    QLineEdit *m_namespace;
    QLineEdit *m_tcp;
    QSpinBox *m_nodePort;
    QLineEdit *m_externalName;
    QCheckBox *m_headless;
    QLabel *m_command;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QLabel *m_typeLabel, *m_nameLabel, *m_nsLabel, *m_tcpLabel, *m_nodePortLabel, *m_extLabel;
};

} // namespace studio::views
