// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apiserver/api_client.h"
#include "apiserver/kubeconfig.h"
#include "cluster/cluster_backend.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace studio {

// ClusterBackend over a real kube-apiserver: JSON <-> model through the manifest codecs,
// validation, defaulting and allocation done by the server itself.
//
// - list: paged (listPageSize() objects per request); each page is decoded and dropped as it
//   arrives, so a large list never exists twice in memory.
// - apply: replace when the object carries a resourceVersion; otherwise create, and on
//   AlreadyExists fetch the live object and replace it with the live resourceVersion, keeping
//   what the server allocated and the object leaves unset (a Service's clusterIP/clusterIPs,
//   node ports of the same port and protocol, healthCheckNodePort), as `kubectl apply` does.
// - watch with an empty resourceVersion: list, deliver the current objects as Added, then
//   watch from the list's version; if the server later answers 410 Expired (after an apiserver
//   restart or etcd compaction) it relists and delivers the difference (Added / Modified /
//   Deleted), so no change is lost or delivered twice. With a resourceVersion given, a 410
//   ends the watch with an Error event (the caller relists).
// - objects without metadata.namespace go to the context's namespace.
//
// Threading: as ClusterBackend; lives on the thread that created it (and its client).
class ApiServerBackend : public ClusterBackend
{
    Q_OBJECT
public:
    // Takes the client (it becomes a child of the backend).
    explicit ApiServerBackend(std::unique_ptr<ApiClient> client, QObject *parent = nullptr);
    ~ApiServerBackend() override;

    // Loads the kubeconfig (kubectl's rules), resolves the context (empty: current-context)
    // and builds the client. Errors: the kubeconfig's codes, "tls-config", "proxy-config".
    static Result<std::unique_ptr<ApiServerBackend>>
    fromKubeconfig(const KubeconfigLoadOptions &load,
                   const std::string &context = {},
                   const ClientOptions &options = {},
                   QObject *parent = nullptr);

    std::string displayName() const override;

    void list(ResourceKind kind, const std::string &namespace_, Callback<ObjectList> done) override;
    void get(ResourceKind kind,
             const std::string &namespace_,
             const std::string &name,
             Callback<KubeObject> done) override;
    void apply(const KubeObject &object, bool dryRun, Callback<KubeObject> done) override;
    void create(const KubeObject &object, bool dryRun, Callback<KubeObject> done) override;
    void replace(const KubeObject &object, bool dryRun, Callback<KubeObject> done) override;
    void remove(ResourceKind kind,
                const std::string &namespace_,
                const std::string &name,
                Callback<bool> done) override;
    std::unique_ptr<WatchHandle> watch(ResourceKind kind,
                                       const std::string &namespace_,
                                       const std::string &resourceVersion,
                                       WatchCallback onEvent) override;

    ApiClient &client() { return *m_client; }

    int64_t listPageSize() const { return m_pageSize; }
    void setListPageSize(int64_t n) { m_pageSize = n; }
    // gracePeriodSeconds for pod deletes (0 on a cluster without kubelets: otherwise pods stay
    // Terminating forever). Unset: the pod's own grace period.
    void setPodDeleteGracePeriod(std::optional<int64_t> seconds) { m_podGrace = seconds; }

    // Decodes one object of `kind` from the API's JSON (list items have no kind/apiVersion).
    static KubeObject decode(ResourceKind kind, const Node &object);

private:
    std::string namespaceFor(ResourceKind kind, const KubeObject &object) const;
    void listInto(ResourceKind kind,
                  const std::string &namespace_,
                  bool paged,
                  Callback<ObjectList> done);

    ApiClient *m_client = nullptr; // child
    int64_t m_pageSize = 500;
    std::optional<int64_t> m_podGrace;
};

} // namespace studio
