// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apiserver/kubeconfig.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QToolButton;

namespace studio {
class ClusterBackend;
}

namespace studio::views {

// The cluster switcher and the namespace selector: the built-in sandbox (always there, the
// default) and every context of the kubeconfig (kubectl's loading rules: KUBECONFIG, then
// ~/.kube/config). Choosing a context builds an ApiServerBackend for it (owned here, deleted
// after backendChanged() told everybody to let go of the old one). The namespace list comes
// from the chosen cluster; "All namespaces" is the first entry.
class ClusterSwitcher : public QWidget
{
    Q_OBJECT
public:
    // sandbox: not owned; must outlive the switcher.
    explicit ClusterSwitcher(ClusterBackend *sandbox, QWidget *parent = nullptr);
    ~ClusterSwitcher() override;

    void setKubeconfigOptions(const KubeconfigLoadOptions &options);
    // Re-reads the kubeconfig; keeps the current choice when it still exists.
    void reloadContexts();
    QStringList contexts() const; // kubeconfig contexts, in file order

    // "" = the sandbox. Returns false (and stays where it was) when the context cannot be
    // used; the reason goes to error().
    bool selectContext(const QString &context);
    QString currentContext() const { return m_context; }
    ClusterBackend *backend() const;

    // "" = all namespaces.
    void selectNamespace(const QString &ns);
    QString currentNamespace() const { return m_namespace; }
    QStringList namespaces() const; // as listed by the cluster
    void refreshNamespaces();

    QComboBox *contextBox() const { return m_contexts; }
    QComboBox *namespaceBox() const { return m_namespaces; }

Q_SIGNALS:
    void backendChanged(studio::ClusterBackend *backend, const QString &context);
    void namespaceChanged(const QString &ns);
    void error(const QString &message);
    void warning(const QString &message);

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void fillContexts();
    void fillNamespaces(const QStringList &names);

    ClusterBackend *m_sandbox;
    std::unique_ptr<ClusterBackend> m_remote;
    KubeconfigLoadOptions m_load;
    Kubeconfig m_kubeconfig;
    QString m_context;
    QString m_namespace;
    QStringList m_namespaceList;
    QLabel *m_clusterLabel;
    QComboBox *m_contexts;
    QLabel *m_nsLabel;
    QComboBox *m_namespaces;
    QToolButton *m_reload;
    int m_listRun = 0;
};

} // namespace studio::views
