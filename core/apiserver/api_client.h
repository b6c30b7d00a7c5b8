// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A REST client for one kube-apiserver, on QNetworkAccessManager: JSON requests with TLS
// (CA, client certificate, server-name override), bearer tokens, basic auth and exec
// credential plugins, retries of idempotent requests, paged lists and resumable watches.
//
// Threading: an ApiClient (and its ApiWatch objects) live on the thread that created them;
// call them from that thread only. Callbacks run on that thread from its event loop (never
// inside the call that started the request). Callbacks never run after the client is
// destroyed; destroy watches before their client.
//
// Errors are ApiError values (see api_errors.h): the Status the server sent, or
// "Unreachable" / "Timeout" for transport failures (TLS verification failures are
// Unreachable errors whose message starts with "x509:" and names the server certificate's
// subject; a credential plugin that fails gives "Unreachable" with "getting credentials: ...",
// as kubectl words it). No message and no log line ever contains a token, password or key.

#include "apiserver/api_errors.h"
#include "apiserver/kubeconfig.h"
#include "cluster/cluster_backend.h"
#include "cluster/resource_kind.h"
#include "manifest/node.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace studio {

class ExecCredentialProvider;

// A resource collection of the API: core/v1 services, discovery.k8s.io/v1beta1 endpointslices.
struct ResourceRef
{
    std::string group; // "" = the core group (/api/v1)
    std::string version = "v1";
    std::string plural;
    bool namespaced = true;

    static ResourceRef of(ResourceKind kind);
    // /api/v1/namespaces/NS/services[/NAME] (namespace_ empty: all namespaces / cluster scope)
    std::string path(const std::string &namespace_, const std::string &name = {}) const;
};

struct ListOptions
{
    int64_t limit = 0;         // page size; 0 = everything in one answer
    std::string continueToken; // from the previous page
    std::string resourceVersion;
    std::string labelSelector;
    std::string fieldSelector;
};

struct ListPage
{
    std::vector<Node> items; // items of a list answer carry neither kind nor apiVersion
    std::string resourceVersion;
    std::string continueToken; // empty on the last page
    std::optional<int64_t> remainingItemCount;
    size_t bytes = 0; // size of the JSON answer
};

struct ListSummary
{
    std::string resourceVersion; // of the first page: a consistent snapshot to watch from
    size_t items = 0;
    size_t pages = 0;
    size_t bytes = 0;
};

struct WriteOptions
{
    bool dryRun = false; // ?dryRun=All: validated, defaulted and admitted, but not stored
    std::string fieldManager;
};

enum class PatchType { Merge, StrategicMerge, Json };

struct DeleteOptions
{
    bool dryRun = false;
    std::optional<int64_t> gracePeriodSeconds; // 0 for pods on a cluster without kubelets
    std::string propagationPolicy;             // Foreground, Background, Orphan
    std::string preconditionResourceVersion;
    std::string preconditionUid;
};

struct WatchOptions
{
    // Events after this version. Empty: the server first sends the current objects as ADDED
    // (prefer list + watch from its resourceVersion, as ApiServerBackend does).
    std::string resourceVersion;
    bool allowBookmarks = true;
    std::string labelSelector;
    std::string fieldSelector;
    // Server-side timeout of one watch request; the watch reconnects after it. 0 = a random
    // 5 to 10 minutes (as client-go's reflector), so that many watches do not align.
    int timeoutSeconds = 0;
};

// One event of a watch stream, before decoding into the model.
struct RawWatchEvent
{
    WatchEvent::Type type = WatchEvent::Type::Added;
    Node object;
    std::string resourceVersion;
    ApiError error; // Type::Error: 410 Expired (relist!), 401, 403...; the watch has ended
};

struct ClientOptions
{
    std::chrono::milliseconds requestTimeout{30'000};
    // Retries of idempotent requests (GET) on transport errors, timeouts, 429 and 502-504;
    // other requests are retried only when they surely never reached the server.
    int maxRetries = 3;
    std::chrono::milliseconds retryBase{250};
    std::chrono::milliseconds retryMax{8'000};
    // Watch reconnects: exponential backoff with jitter between these.
    std::chrono::milliseconds watchBackoffBase{500};
    std::chrono::milliseconds watchBackoffMax{30'000};
    // One multiplexed connection for all requests and watches. Without it Qt opens at most six
    // connections per server, and every running watch holds one of them.
    bool http2 = true;
    // metadata.managedFields (server-side apply bookkeeping, 30-45% of every object) is
    // dropped while parsing answers unless this is set; the model never holds it.
    bool keepManagedFields = false;
    std::string userAgent = "service-studio/0.1";
};

class ApiClient;

// A running watch. Reconnects by itself (exponential backoff with jitter) and resumes from the
// last resourceVersion it delivered, dropping events it already delivered, so that no event
// is lost or delivered twice across a reconnect. Ends (no more callbacks) after an Error event
// or stop(). Owned by the caller; no callback runs after stop() returns or after destruction.
class ApiWatch : public QObject
{
    Q_OBJECT
public:
    using EventCallback = std::function<void(const RawWatchEvent &)>;
    // Reachability of the watch's server: false with the reason while reconnecting.
    using ConnectionCallback = std::function<void(bool connected, const ApiError &why)>;

    ~ApiWatch() override;
    void stop();
    bool stopped() const { return m_stopped; }
    bool connected() const { return m_connected; }
    const std::string &lastResourceVersion() const { return m_lastRv; }
    int connects() const { return m_connects; }            // successful (re)connections
    uint64_t duplicatesDropped() const { return m_dupes; } // events seen again after a resume

private:
    friend class ApiClient;
    ApiWatch(ApiClient *client,
             ResourceRef resource,
             std::string namespace_,
             WatchOptions options,
             EventCallback onEvent,
             ConnectionCallback onConnection);
    void connectNow();
    void onReadyRead();
    void onFinished();
    void handleLine(QByteArray line);
    void retryLater(const ApiError &why);
    void end(const ApiError &error);
    void setConnected(bool c, const ApiError &why);
    bool isNewer(const std::string &rv) const;

    QPointer<ApiClient> m_client;
    ResourceRef m_resource;
    std::string m_namespace;
    WatchOptions m_options;
    EventCallback m_onEvent;
    ConnectionCallback m_onConnection;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    std::string m_lastRv;
    int m_failures = 0;
    int m_connects = 0;
    uint64_t m_dupes = 0;
    bool m_stopped = false;
    bool m_connected = false;
    bool m_connectionKnown = false;
    bool m_gotHeaders = false;
    bool m_refreshedCredential = false;
    int m_generation = 0; // increments per connection: callbacks of an old one are ignored
    QTimer m_retryTimer;
    QTimer m_idleTimer;
};

class ApiClient : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(ApiResult<T>)>;

    // Validates the TLS material and proxy of `config`; code "tls-config" or "proxy-config"
    // on error (messages never quote key material).
    static Result<std::unique_ptr<ApiClient>>
    fromConfig(RestConfig config, ClientOptions options = {}, QObject *parent = nullptr);
    ~ApiClient() override;

    const std::string &server() const { return m_config.server; }
    const std::string &defaultNamespace() const { return m_config.namespace_; }
    const std::string &contextName() const { return m_config.contextName; }
    const std::vector<std::string> &warnings() const { return m_config.warnings; }
    const ClientOptions &options() const { return m_options; }
    // Everything secret this client knows at the moment (for tests and log scrubbing).
    std::vector<std::string> secrets() const;

    // ---- raw requests ----
    struct Request
    {
        QByteArray method = "GET";
        std::string path; // absolute path, no query: "/api/v1/namespaces"
        std::vector<std::pair<std::string, std::string>> query;
        QByteArray body;
        QByteArray contentType = "application/json";
        RequestInfo info;        // for messages; userName/auth filled in by the client
        bool idempotent = false; // GET: retried on transient failures
        std::optional<std::chrono::milliseconds> timeout;
    };
    struct Response
    {
        int status = 0;
        QByteArray body;
    };
    void send(Request request, Callback<Response> done);

    // ---- resources (JSON in and out as Node trees) ----
    void get(const ResourceRef &r,
             const std::string &namespace_,
             const std::string &name,
             Callback<Node> done);
    void listPage(const ResourceRef &r,
                  const std::string &namespace_,
                  const ListOptions &options,
                  Callback<ListPage> done);
    // Every page in turn (options.limit is the page size): onPage sees each page as it arrives
    // (so that a caller can decode and drop it); done gets the summary or the first error.
    void list(const ResourceRef &r,
              const std::string &namespace_,
              const ListOptions &options,
              std::function<void(ListPage &&)> onPage,
              Callback<ListSummary> done);
    void create(const ResourceRef &r,
                const std::string &namespace_,
                const Node &object,
                const WriteOptions &options,
                Callback<Node> done);
    // PUT: the object's metadata.resourceVersion makes it conditional (409 when stale).
    void replace(const ResourceRef &r,
                 const std::string &namespace_,
                 const std::string &name,
                 const Node &object,
                 const WriteOptions &options,
                 Callback<Node> done);
    void patch(const ResourceRef &r,
               const std::string &namespace_,
               const std::string &name,
               PatchType type,
               const Node &patch,
               const WriteOptions &options,
               Callback<Node> done);
    // Gives the server's answer: the deleted object, or a Status.
    void remove(const ResourceRef &r,
                const std::string &namespace_,
                const std::string &name,
                const DeleteOptions &options,
                Callback<Node> done);
    std::unique_ptr<ApiWatch> watch(const ResourceRef &r,
                                    const std::string &namespace_,
                                    const WatchOptions &options,
                                    ApiWatch::EventCallback onEvent,
                                    ApiWatch::ConnectionCallback onConnection = {});

    bool reachable() const { return m_reachable; }

Q_SIGNALS:
    // The server went away (transport errors) or answered again.
    void reachabilityChanged(bool reachable, const QString &detail);

private:
    friend class ApiWatch;
    struct Credentials
    {
        std::string bearerToken;
        bool fromExec = false;
        bool hasClientCert = false;
        QSslConfiguration ssl;
    };
    struct Pending;

    ApiClient(RestConfig config, ClientOptions options, QSslConfiguration ssl, QObject *parent);
    void attempt(std::shared_ptr<Pending> p);
    void withCredentials(std::function<void(Result<Credentials, ApiError>)> then);
    QNetworkRequest buildRequest(const std::string &path,
                                 const std::vector<std::pair<std::string, std::string>> &query,
                                 const QByteArray &contentType,
                                 const Credentials &c) const;
    // The ApiError for a reply that got no HTTP answer.
    ApiError transportError(QNetworkReply *reply,
                            bool timedOut,
                            const QList<class QSslError> &ssl,
                            const RequestInfo &info) const;
    std::chrono::milliseconds
    backoff(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds max);
    void noteReachable(bool reachable, const std::string &detail);
    RequestInfo withUser(RequestInfo info) const;
    std::string scrub(std::string s) const;
    void writeRequest(QByteArray method,
                      const ResourceRef &r,
                      const std::string &namespace_,
                      const std::string &name,
                      const char *verb,
                      QByteArray body,
                      QByteArray contentType,
                      std::vector<std::pair<std::string, std::string>> query,
                      Callback<Node> done);

    RestConfig m_config;
    ClientOptions m_options;
    QSslConfiguration m_ssl;
    QNetworkAccessManager *m_nam = nullptr;   // child
    ExecCredentialProvider *m_exec = nullptr; // child, when the user has an exec plugin
    std::string m_execCertPem;                // the exec certificate currently in m_execSsl
    QSslConfiguration m_execSsl;
    std::chrono::steady_clock::time_point m_tokenFileRead;
    std::mt19937 m_rng;
    bool m_reachable = true;
};

} // namespace studio
