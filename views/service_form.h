// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/field_error.h"
#include "model/types.h"

#include <QWidget>

#include <map>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace studio::views {

class TableEditor;

// The form face of a Service: every field of the concept page, with type-dependent fields
// shown only where they apply (node ports for NodePort/LoadBalancer, externalName for
// ExternalName, load-balancer fields for LoadBalancer, the affinity timeout for ClientIP,
// the health-check node port for LoadBalancer + Local). Selector, ports, external IPs and
// source ranges are tables; annotations come with a picker of the cloud load-balancer
// annotations (cloud_annotations.h) and their allowed values.
//
// The form edits a copy of the Service it was given: fields it does not show stay as they
// were, so service() never loses what the YAML said. It emits edited(key) for each user
// change (key names the field, for merging keystrokes into one undo step) and never for
// setService().
class ServiceForm : public QWidget
{
    Q_OBJECT
public:
    explicit ServiceForm(QWidget *parent = nullptr);

    void setService(const Service &service);
    Service service() const;

    // Findings about fields (validation, a 422's causes): each marks the widget, table cell
    // or table its path names, with its message as tooltip; the others are listed on top.
    void setFieldErrors(const FieldErrors &errors);
    // What the form shows for a field path ("spec.ports[0].name"): the messages, joined.
    QString errorFor(const QString &fieldPath) const;
    // Whether the row or table column of a field is shown for the current type.
    bool isFieldShown(const QString &fieldPath) const;
    QWidget *fieldWidget(const QString &fieldPath) const;

    // The widgets, for tests and for the editor's focus handling.
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *typeBox() const { return m_type; }
    TableEditor *portsTable() const { return m_ports; }
    TableEditor *selectorTable() const { return m_selector; }
    TableEditor *annotationsTable() const { return m_annotations; }
    QComboBox *affinityBox() const { return m_affinity; }

    enum PortColumn { PortName, PortProtocol, PortPort, PortTarget, PortNode, PortAppProtocol,
                      PortColumns };

Q_SIGNALS:
    void edited(const QString &key);

protected:
    void changeEvent(QEvent *e) override;

private:
    void buildUi();
    void retranslateUi();
    void updateVisibility();
    void userEdited(const QString &key);
    void typeChangedByUser();
    void markWidget(QWidget *w, const QString &message);
    void setRowShown(QWidget *field, bool shown);

    Service m_base;
    bool m_filling = false;
    std::map<QString, QString> m_errors; // field path -> messages

    QLabel *m_otherProblems;
    QGroupBox *m_metaBox;
    QGroupBox *m_specBox;
    QGroupBox *m_trafficBox;
    QFormLayout *m_metaForm;
    QFormLayout *m_specForm;
    QFormLayout *m_trafficForm;
    QLineEdit *m_name;
    QLineEdit *m_namespace;
    TableEditor *m_labels;
    TableEditor *m_annotations;
    QToolButton *m_annotationPicker;
    QComboBox *m_type;
    QLineEdit *m_clusterIp;
    QLineEdit *m_externalName;
    QCheckBox *m_noSelector;
    TableEditor *m_selector;
    TableEditor *m_ports;
    TableEditor *m_externalIps;
    QComboBox *m_affinity;
    QSpinBox *m_affinityTimeout;
    QComboBox *m_trafficPolicy;
    QSpinBox *m_healthCheckNodePort;
    QLineEdit *m_loadBalancerIp;
    TableEditor *m_sourceRanges;
    QCheckBox *m_publishNotReady;
    std::map<QWidget *, QWidget *> m_fieldLabels; // field -> its row label
};

} // namespace studio::views
