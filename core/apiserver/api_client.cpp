// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/api_client.h"

#include "apiserver/exec_credential.h"
#include "apiserver/json_reader.h"
#include "manifest/writer.h"
#include "manifest/yaml_reader.h"

#include <QHttp2Configuration>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslError>
#include <QSslKey>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cstdlib>

Q_LOGGING_CATEGORY(lcApiClient, "studio.apiserver", QtWarningMsg)

namespace studio {

namespace {

using std::chrono::milliseconds;

std::string percentEncode(const std::string &segment)
{
    return QUrl::toPercentEncoding(QString::fromStdString(segment)).toStdString();
}

std::string textAt(const Node &n, const char *key)
{
    const Node *v = n.find(key);
    return v && v->isString() ? v->text() : std::string();
}

const Node *metadataOf(const Node &n)
{
    const Node *m = n.find("metadata");
    return m && m->isMap() ? m : nullptr;
}

std::string resourceVersionOf(const Node &object)
{
    const Node *m = metadataOf(object);
    return m ? textAt(*m, "resourceVersion") : std::string();
}

std::optional<uint64_t> rvNumber(const std::string &rv)
{
    if (rv.empty() || rv.size() > 19)
        return std::nullopt;
    uint64_t v = 0;
    for (char c : rv) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + uint64_t(c - '0');
    }
    return v;
}

// Go's pkix.Name.String() puts CN first for our purposes: "CN=kube-apiserver,O=...".
std::string subjectText(const QSslCertificate &cert, bool issuer)
{
    if (cert.isNull())
        return "(no certificate)";
    const QList<QByteArray> attrs
        = issuer ? cert.issuerInfoAttributes() : cert.subjectInfoAttributes();
    std::vector<std::string> parts;
    auto add = [&](const QByteArray &attr) {
        const QStringList values = issuer ? cert.issuerInfo(attr) : cert.subjectInfo(attr);
        for (const QString &v : values)
            parts.push_back(attr.toStdString() + "=" + v.toStdString());
    };
    if (attrs.contains("CN"))
        add("CN");
    for (const QByteArray &a : attrs)
        if (a != "CN")
            add(a);
    std::string s;
    for (const auto &p : parts)
        s += (s.empty() ? "" : ",") + p;
    return s.empty() ? std::string("(empty subject)") : s;
}

std::string sanList(const QSslCertificate &cert)
{
    std::string s;
    const auto alt = cert.subjectAlternativeNames();
    for (auto it = alt.cbegin(); it != alt.cend(); ++it) {
        if (it.key() != QSsl::DnsEntry && it.key() != QSsl::IpAddressEntry)
            continue;
        s += (s.empty() ? "" : ", ") + it.value().toStdString();
    }
    return s;
}

bool isUnknownAuthority(QSslError::SslError e)
{
    switch (e) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateSignatureFailed:
    case QSslError::UnableToDecryptCertificateSignature:
    case QSslError::InvalidCaCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
        return true;
    default:
        return false;
    }
}

// The Kubernetes verb of a raw request (messages of 401/403 name it).
QByteArray verbForMethod(const QByteArray &method)
{
    if (method == "GET")
        return "get";
    if (method == "POST")
        return "create";
    if (method == "PUT")
        return "update";
    if (method == "PATCH")
        return "patch";
    if (method == "DELETE")
        return "delete";
    return method.toLower();
}

Result<QNetworkProxy> proxyFor(const RestConfig &config)
{
    std::string url = config.proxyUrl;
    const QUrl server(QString::fromStdString(config.server));
    if (url.empty()) {
        // As Go's http.ProxyFromEnvironment: HTTPS_PROXY / HTTP_PROXY by scheme, NO_PROXY,
        // and never for loopback servers.
        const QString host = server.host();
        if (host == QLatin1String("localhost") || host.startsWith(QLatin1String("127."))
            || host == QLatin1String("::1"))
            return QNetworkProxy(QNetworkProxy::NoProxy);
        auto env = [](const char *a, const char *b) -> std::string {
            if (const char *v = std::getenv(a); v && *v)
                return v;
            if (const char *v = std::getenv(b); v && *v)
                return v;
            return {};
        };
        url = server.scheme() == QLatin1String("https") ? env("HTTPS_PROXY", "https_proxy")
                                                        : env("HTTP_PROXY", "http_proxy");
        if (url.empty())
            return QNetworkProxy(QNetworkProxy::NoProxy);
        const std::string noProxy = env("NO_PROXY", "no_proxy");
        for (const QString &entry : QString::fromStdString(noProxy).split(QLatin1Char(','))) {
            QString e = entry.trimmed();
            if (e.isEmpty())
                continue;
            if (e == QLatin1String("*"))
                return QNetworkProxy(QNetworkProxy::NoProxy);
            if (e.startsWith(QLatin1Char('.')))
                e.remove(0, 1);
            if (host == e || host.endsWith(QLatin1Char('.') + e))
                return QNetworkProxy(QNetworkProxy::NoProxy);
        }
        if (url.find("://") == std::string::npos)
            url = "http://" + url;
    }
    const QUrl p(QString::fromStdString(url));
    QNetworkProxy proxy;
    if (p.scheme() == QLatin1String("http")) {
        proxy.setType(QNetworkProxy::HttpProxy);
    } else if (p.scheme() == QLatin1String("socks5") || p.scheme() == QLatin1String("socks5h")) {
        proxy.setType(QNetworkProxy::Socks5Proxy);
    } else {
        return makeError("proxy-config",
                         "proxy URL " + stripUserInfo(url) + ": unsupported scheme \""
                             + p.scheme().toStdString() + "\" (http and socks5 are supported)");
    }
    if (p.host().isEmpty())
        return makeError("proxy-config", "proxy URL " + stripUserInfo(url) + " has no host");
    proxy.setHostName(p.host());
    proxy.setPort(quint16(p.port(p.scheme() == QLatin1String("http") ? 80 : 1080)));
    if (!p.userName().isEmpty()) {
        proxy.setUser(p.userName());
        proxy.setPassword(p.password());
    }
    return proxy;
}

Result<QSslKey> parseKey(const std::string &pem)
{
    const QByteArray data = QByteArray::fromStdString(pem);
    for (QSsl::KeyAlgorithm alg : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey k(data, alg, QSsl::Pem, QSsl::PrivateKey);
        if (!k.isNull())
            return k;
    }
    return makeError("tls-config", "the client key is not a PEM RSA, EC or DSA private key");
}

Result<QSslConfiguration> clientCertInto(QSslConfiguration ssl,
                                         const std::string &certPem,
                                         const std::string &keyPem,
                                         const std::string &what)
{
    const auto certs = QSslCertificate::fromData(QByteArray::fromStdString(certPem), QSsl::Pem);
    if (certs.isEmpty())
        return makeError("tls-config", what + ": no PEM certificate found");
    auto key = parseKey(keyPem);
    if (!key)
        return makeError("tls-config", what + ": " + key.error().message);
    ssl.setLocalCertificateChain(certs);
    ssl.setPrivateKey(*key);
    return ssl;
}

std::string listResourcePhrase(const ResourceRef &r)
{
    return r.plural;
}

} // namespace

// ---- ResourceRef -----------------------------------------------------------------------

ResourceRef ResourceRef::of(ResourceKind kind)
{
    ResourceRef r;
    r.plural = resourcePluralName(kind);
    r.namespaced = resourceIsNamespaced(kind);
    return r;
}

std::string ResourceRef::path(const std::string &namespace_, const std::string &name) const
{
    std::string p = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    if (namespaced && !namespace_.empty())
        p += "/namespaces/" + percentEncode(namespace_);
    p += "/" + plural;
    if (!name.empty())
        p += "/" + percentEncode(name);
    return p;
}

// ---- ApiClient ---------------------------------------------------------------------------

struct ApiClient::Pending
{
    Request request;
    Callback<Response> done;
    int attempt = 0;
    bool refreshedCredential = false;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

Result<std::unique_ptr<ApiClient>>
ApiClient::fromConfig(RestConfig config, ClientOptions options, QObject *parent)
{
    const QUrl url(QString::fromStdString(config.server));
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return makeError("tls-config",
                         "server \"" + stripUserInfo(config.server)
                             + "\" is not an http(s) URL with a host");
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    if (config.insecureSkipTlsVerify) {
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!config.caPem.empty()) {
            const auto cas
                = QSslCertificate::fromData(QByteArray::fromStdString(config.caPem), QSsl::Pem);
            if (cas.isEmpty())
                return makeError("tls-config", "no PEM certificate found in " + config.caOrigin);
            // Only the kubeconfig's CA, as client-go does when one is given.
            ssl.setCaCertificates(cas);
        }
    }
    if (!config.clientCertificatePem.empty()) {
        auto withCert = clientCertInto(ssl,
                                       config.clientCertificatePem,
                                       config.clientKeyPem,
                                       "client certificate of user " + config.userName);
        if (!withCert)
            return withCert.error();
        ssl = *withCert;
    }
    auto proxy = proxyFor(config);
    if (!proxy)
        return proxy.error();
    std::unique_ptr<ApiClient> c(new ApiClient(std::move(config), options, ssl, parent));
    c->m_nam->setProxy(*proxy);
    return c;
}

ApiClient::ApiClient(RestConfig config,
                     ClientOptions options,
                     QSslConfiguration ssl,
                     QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
    , m_ssl(std::move(ssl))
    , m_nam(new QNetworkAccessManager(this))
    , m_rng(std::random_device{}())
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_nam->setAutoDeleteReplies(false);
    if (m_config.exec) {
        ExecClusterInfo info;
        info.server = m_config.server;
        info.tlsServerName = m_config.tlsServerName;
        info.insecureSkipTlsVerify = m_config.insecureSkipTlsVerify;
        info.caPem = m_config.caPem;
        info.proxyUrl = m_config.proxyUrl;
        m_exec = new ExecCredentialProvider(*m_config.exec, info, this);
    }
    m_tokenFileRead = std::chrono::steady_clock::now();
}

ApiClient::~ApiClient()
{
    // Replies die with the manager; make sure none of their handlers runs meanwhile.
    for (QNetworkReply *r : m_nam->findChildren<QNetworkReply *>()) {
        r->disconnect();
        r->abort();
    }
}

std::vector<std::string> ApiClient::secrets() const
{
    std::vector<std::string> s = m_config.secrets();
    if (!m_config.username.empty() || !m_config.password.empty())
        s.push_back(QByteArray::fromStdString(m_config.username + ":" + m_config.password)
                        .toBase64()
                        .toStdString());
    if (m_exec) {
        if (auto c = m_exec->cached()) {
            if (!c->token.empty())
                s.push_back(c->token);
            if (!c->clientKeyPem.empty())
                s.push_back(c->clientKeyPem);
        }
    }
    return s;
}

std::string ApiClient::scrub(std::string s) const
{
    return redactSecrets(std::move(s), secrets());
}

RequestInfo ApiClient::withUser(RequestInfo info) const
{
    info.userName = m_config.userName;
    info.auth = m_config.auth;
    return info;
}

void ApiClient::noteReachable(bool reachable, const std::string &detail)
{
    if (reachable == m_reachable)
        return;
    m_reachable = reachable;
    qCInfo(lcApiClient) << "server" << QString::fromStdString(stripUserInfo(m_config.server))
                        << (reachable ? "reachable again" : "unreachable:")
                        << QString::fromStdString(scrub(detail));
    Q_EMIT reachabilityChanged(reachable, QString::fromStdString(scrub(detail)));
}

milliseconds ApiClient::backoff(int attempt, milliseconds base, milliseconds max)
{
    double ms = double(base.count());
    for (int i = 0; i < attempt && ms < double(max.count()); ++i)
        ms *= 2;
    ms = std::min(ms, double(max.count()));
    // Full jitter around the exponential step: [0.5, 1.5) x, so that many clients (or watches)
    // that lost the same server do not come back in lockstep.
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return milliseconds(int64_t(ms * jitter(m_rng)));
}

void ApiClient::withCredentials(std::function<void(Result<Credentials, ApiError>)> then)
{
    Credentials c;
    c.ssl = m_ssl;
    c.hasClientCert = !m_config.clientCertificatePem.empty();
    if (m_exec) {
        QPointer<ApiClient> self(this);
        m_exec->credential(
            [self, then = std::move(then), c](const Result<ExecCredential> &r) mutable {
                if (!self)
                    return;
                if (!r) {
                    // kubectl: "Unable to connect to the server: getting credentials: exec: ..."
                    ApiError e = apiUnreachable("getting credentials: " + r.error().message);
                    e.message = self->scrub(e.message);
                    then(e);
                    return;
                }
                c.bearerToken = r->token;
                c.fromExec = true;
                if (!r->clientCertificatePem.empty()) {
                    if (self->m_execCertPem != r->clientCertificatePem) {
                        auto ssl = clientCertInto(self->m_ssl,
                                                  r->clientCertificatePem,
                                                  r->clientKeyPem,
                                                  "exec plugin certificate");
                        if (!ssl) {
                            then(apiUnreachable("getting credentials: " + ssl.error().message));
                            return;
                        }
                        self->m_execSsl = *ssl;
                        self->m_execCertPem = r->clientCertificatePem;
                        // Connections made with the old certificate must not be reused.
                        self->m_nam->clearConnectionCache();
                    }
                    c.ssl = self->m_execSsl;
                    c.hasClientCert = true;
                }
                then(c);
            });
        return;
    }
    if (!m_config.bearerTokenFile.empty()
        && std::chrono::steady_clock::now() - m_tokenFileRead > std::chrono::seconds(60)) {
        // Rotated tokens (projected service-account tokens): re-read once a minute.
        if (auto t = readFileLimited(m_config.bearerTokenFile, 1 << 20)) {
            std::string tok = *t;
            while (!tok.empty() && std::isspace(static_cast<unsigned char>(tok.back())))
                tok.pop_back();
            if (!tok.empty())
                m_config.bearerToken = tok;
        }
        m_tokenFileRead = std::chrono::steady_clock::now();
    }
    c.bearerToken = m_config.bearerToken;
    then(c);
}

QNetworkRequest
ApiClient::buildRequest(const std::string &path,
                        const std::vector<std::pair<std::string, std::string>> &query,
                        const QByteArray &contentType,
                        const Credentials &c) const
{
    QUrl url(QString::fromStdString(m_config.server));
    url.setUserName(QString());
    url.setPassword(QString());
    QString fullPath = url.path();
    if (fullPath.endsWith(QLatin1Char('/')))
        fullPath.chop(1);
    url.setPath(fullPath + QString::fromStdString(path), QUrl::TolerantMode);
    if (!query.empty()) {
        QUrlQuery q;
        for (const auto &[k, v] : query)
            q.addQueryItem(QString::fromStdString(k),
                           QString::fromUtf8(QUrl::toPercentEncoding(QString::fromStdString(v))));
        url.setQuery(q.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json");
    if (!contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArray::fromStdString(m_options.userAgent));
    if (!c.bearerToken.empty()) {
        req.setRawHeader("Authorization", "Bearer " + QByteArray::fromStdString(c.bearerToken));
    } else if (m_config.auth == AuthMethod::Basic) {
        req.setRawHeader(
            "Authorization",
            "Basic "
                + QByteArray::fromStdString(m_config.username + ":" + m_config.password)
                      .toBase64());
    }
    if (url.scheme() == QLatin1String("https")) {
        req.setSslConfiguration(c.ssl);
        if (!m_config.tlsServerName.empty())
            req.setPeerVerifyName(QString::fromStdString(m_config.tlsServerName));
    }
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, m_options.http2);
    if (m_options.http2) {
        // Qt's default HTTP/2 receive windows are 64 KiB: a 1 MB list page would then take
        // sixteen WINDOW_UPDATE round trips through Qt's network thread. Let a page (and a
        // burst of watch events) flow at once.
        QHttp2Configuration h2;
        h2.setStreamReceiveWindowSize(16 * 1024 * 1024);
        h2.setSessionReceiveWindowSize(64 * 1024 * 1024);
        req.setHttp2Configuration(h2);
    }
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return req;
}

ApiError ApiClient::transportError(QNetworkReply *reply,
                                   bool timedOut,
                                   const QList<QSslError> &sslErrors,
                                   const RequestInfo &info) const
{
    const QUrl url = reply->url();
    const std::string hostPort
        = url.host().toStdString() + ":"
          + std::to_string(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    if (timedOut) {
        return apiClientTimeout("no answer from " + stripUserInfo(m_config.server) + " to "
                                + info.describe() + " within "
                                + std::to_string(m_options.requestTimeout.count() / 1000)
                                + " s (net/http: request canceled, Client.Timeout exceeded)");
    }
    if (!sslErrors.isEmpty()) {
        // Prefer the error that explains the failure best: name mismatch, then authority.
        const QSslError *pick = &sslErrors.front();
        for (const QSslError &e : sslErrors)
            if (e.error() == QSslError::HostNameMismatch)
                pick = &e;
        QSslCertificate cert = pick->certificate();
        const auto chain = reply->sslConfiguration().peerCertificateChain();
        if (!chain.isEmpty())
            cert = chain.front();
        std::string msg;
        if (pick->error() == QSslError::HostNameMismatch) {
            const std::string name = m_config.tlsServerName.empty() ? url.host().toStdString()
                                                                    : m_config.tlsServerName;
            msg = "x509: certificate is valid for " + sanList(cert) + ", not " + name;
        } else if (isUnknownAuthority(pick->error())) {
            msg = "x509: certificate signed by unknown authority";
        } else if (pick->error() == QSslError::CertificateExpired
                   || pick->error() == QSslError::CertificateNotYetValid) {
            msg = "x509: certificate has expired or is not yet valid";
        } else {
            msg = "x509: " + pick->errorString().toStdString();
        }
        msg += " (server " + hostPort + " presented certificate subject \""
               + subjectText(cert, false) + "\", issuer \"" + subjectText(cert, true)
               + "\"; trusted: "
               + (m_config.caOrigin.empty() ? std::string("the system's CAs") : m_config.caOrigin)
               + ")";
        return apiUnreachable(msg);
    }
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return apiUnreachable("dial tcp " + hostPort + ": connect: connection refused");
    case QNetworkReply::HostNotFoundError:
        return apiUnreachable("dial tcp: lookup " + url.host().toStdString() + ": no such host");
    case QNetworkReply::RemoteHostClosedError:
        return apiUnreachable("the server " + hostPort + " closed the connection (EOF)");
    case QNetworkReply::TimeoutError:
        return apiClientTimeout("the connection to " + hostPort + " timed out");
    case QNetworkReply::SslHandshakeFailedError:
        return apiUnreachable("tls: handshake with " + hostPort
                              + " failed: " + scrub(reply->errorString().toStdString()));
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return apiUnreachable("proxyconnect tcp: "
                              + scrub(stripUserInfo(reply->errorString().toStdString())));
    default:
        return apiUnreachable(hostPort + ": "
                              + scrub(stripUserInfo(reply->errorString().toStdString())));
    }
}

void ApiClient::send(Request request, Callback<Response> done)
{
    request.info = withUser(std::move(request.info));
    if (request.info.verb.empty())
        request.info.verb = verbForMethod(request.method).toStdString();
    auto p = std::make_shared<Pending>();
    p->request = std::move(request);
    p->done = std::move(done);
    attempt(std::move(p));
}

void ApiClient::attempt(std::shared_ptr<Pending> p)
{
    QPointer<ApiClient> self(this);
    withCredentials([self, p](Result<Credentials, ApiError> creds) {
        if (!self)
            return;
        ApiClient *c = self.data();
        if (!creds) {
            ApiError e = creds.error();
            QTimer::singleShot(0, c, [p, e]() { p->done(e); });
            return;
        }
        const Request &rq = p->request;
        QNetworkRequest nr = c->buildRequest(
            rq.path, rq.query, rq.body.isEmpty() ? QByteArray() : rq.contentType, *creds);
        QNetworkReply *reply = rq.body.isEmpty() && rq.method == "GET"
                                   ? c->m_nam->get(nr)
                                   : c->m_nam->sendCustomRequest(nr, rq.method, rq.body);
        struct State
        {
            bool timedOut = false;
            QList<QSslError> ssl;
        };
        auto st = std::make_shared<State>();
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, reply, [reply, st]() {
            st->timedOut = true;
            reply->abort();
        });
        timer->start(rq.timeout.value_or(c->m_options.requestTimeout));
        QObject::connect(reply,
                         &QNetworkReply::sslErrors,
                         reply,
                         [st](const QList<QSslError> &errors) { st->ssl = errors; });
        const bool fromExec = creds->fromExec;
        QObject::connect(reply, &QNetworkReply::finished, c, [self, p, reply, st, fromExec]() {
            reply->deleteLater();
            if (!self)
                return;
            ApiClient *cl = self.data();
            const Request &req = p->request;
            const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            const auto elapsed = std::chrono::duration_cast<milliseconds>(
                std::chrono::steady_clock::now() - p->started);
            auto retry = [&](milliseconds delay, const std::string &why) {
                ++p->attempt;
                qCDebug(lcApiClient)
                    << req.method << QString::fromStdString(req.path) << "retry" << p->attempt
                    << "in" << delay.count() << "ms:" << QString::fromStdString(cl->scrub(why));
                QTimer::singleShot(delay, cl, [self, p]() {
                    if (self)
                        self->attempt(p);
                });
            };
            if (!code.isValid() || st->timedOut) {
                ApiError e = cl->transportError(reply, st->timedOut, st->ssl, req.info);
                e.message = cl->scrub(e.message);
                qCDebug(lcApiClient)
                    << req.method << QString::fromStdString(req.path) << "failed after"
                    << elapsed.count() << "ms:" << QString::fromStdString(e.message);
                // Refused or unresolvable: the request never reached the server, so even a
                // non-idempotent one may be sent again. TLS failures are not transient.
                const bool neverSent = reply->error() == QNetworkReply::ConnectionRefusedError
                                       || reply->error() == QNetworkReply::HostNotFoundError;
                const bool transient = st->ssl.isEmpty() && !isTlsError(e);
                if (transient && (req.idempotent || neverSent)
                    && p->attempt < cl->m_options.maxRetries) {
                    retry(cl->backoff(p->attempt, cl->m_options.retryBase, cl->m_options.retryMax),
                          e.message);
                    return;
                }
                if (!isTlsError(e))
                    cl->noteReachable(false, e.message);
                p->done(e);
                return;
            }
            cl->noteReachable(true, {});
            const int status = code.toInt();
            QByteArray body = reply->readAll();
            qCDebug(lcApiClient) << req.method << QString::fromStdString(req.path) << status
                                 << body.size() << "bytes" << elapsed.count() << "ms";
            if (status >= 200 && status < 300) {
                p->done(Response{status, std::move(body)});
                return;
            }
            ApiError e
                = apiErrorFromResponse(status,
                                       std::string_view(body.constData(), size_t(body.size())),
                                       req.info,
                                       cl->secrets());
            if (status == 401 && fromExec && !p->refreshedCredential && cl->m_exec) {
                // The plugin's credential was refused: ask it once more (client-go does too).
                p->refreshedCredential = true;
                cl->m_exec->invalidate();
                cl->attempt(p);
                return;
            }
            int retryAfter = -1;
            if (reply->hasRawHeader("Retry-After"))
                retryAfter = reply->rawHeader("Retry-After").trimmed().toInt();
            const bool retryable = status == 429 || status == 502 || status == 503 || status == 504
                                   || (status == 500 && retryAfter >= 0);
            if (retryable && (req.idempotent || status == 429)
                && p->attempt < cl->m_options.maxRetries) {
                milliseconds delay
                    = cl->backoff(p->attempt, cl->m_options.retryBase, cl->m_options.retryMax);
                if (retryAfter > 0)
                    delay = std::min(milliseconds(retryAfter * 1000), milliseconds(10'000));
                retry(delay, e.message);
                return;
            }
            p->done(e);
        });
    });
}

// ---- typed requests ---------------------------------------------------------------------

namespace {

Result<Node, ApiError>
parseObject(const QByteArray &body, const RequestInfo &info, const ClientOptions &options)
{
    JsonReadOptions ro;
    ro.dropManagedFields = !options.keepManagedFields;
    auto doc = parseJson(std::string_view(body.constData(), size_t(body.size())), ro);
    if (!doc) {
        ApiError e;
        e.status = 0;
        e.reason = "BadResponse";
        e.message = "the server's answer to " + info.describe() + " is not JSON: "
                    + doc.error().message + " at line " + std::to_string(doc.error().line)
                    + ", column " + std::to_string(doc.error().column);
        return e;
    }
    return std::move(doc).value();
}

} // namespace

void ApiClient::get(const ResourceRef &r,
                    const std::string &namespace_,
                    const std::string &name,
                    Callback<Node> done)
{
    Request rq;
    rq.path = r.path(namespace_, name);
    rq.idempotent = true;
    rq.info = RequestInfo{"get", listResourcePhrase(r), namespace_, name, {}, {}};
    const RequestInfo info = rq.info;
    send(std::move(rq), [done = std::move(done), info, opts = m_options](ApiResult<Response> res) {
        if (!res) {
            done(res.error());
            return;
        }
        auto obj = parseObject(res->body, info, opts);
        if (!obj) {
            done(obj.error());
            return;
        }
        done(std::move(obj).value());
    });
}

void ApiClient::listPage(const ResourceRef &r,
                         const std::string &namespace_,
                         const ListOptions &options,
                         Callback<ListPage> done)
{
    Request rq;
    rq.path = r.path(namespace_);
    rq.idempotent = true;
    if (options.limit > 0)
        rq.query.emplace_back("limit", std::to_string(options.limit));
    if (!options.continueToken.empty())
        rq.query.emplace_back("continue", options.continueToken);
    if (!options.resourceVersion.empty())
        rq.query.emplace_back("resourceVersion", options.resourceVersion);
    if (!options.labelSelector.empty())
        rq.query.emplace_back("labelSelector", options.labelSelector);
    if (!options.fieldSelector.empty())
        rq.query.emplace_back("fieldSelector", options.fieldSelector);
    rq.info = RequestInfo{"list", listResourcePhrase(r), namespace_, {}, {}, {}};
    const RequestInfo info = rq.info;
    send(std::move(rq), [done = std::move(done), info, opts = m_options](ApiResult<Response> res) {
        if (!res) {
            done(res.error());
            return;
        }
        ListPage page;
        page.bytes = size_t(res->body.size());
        Node root;
        {
            auto obj = parseObject(res->body, info, opts);
            res->body.clear();
            res->body.squeeze(); // the tree replaces the text: do not hold both
            if (!obj) {
                done(obj.error());
                return;
            }
            root = std::move(obj).value();
        }
        if (const Node *m = metadataOf(root)) {
            page.resourceVersion = textAt(*m, "resourceVersion");
            page.continueToken = textAt(*m, "continue");
            if (const Node *rem = m->find("remainingItemCount"); rem && rem->isInt())
                page.remainingItemCount = rem->intValue();
        }
        if (Node *items = root.find("items"); items && items->isSequence())
            page.items = std::move(items->items());
        done(std::move(page));
    });
}

void ApiClient::list(const ResourceRef &r,
                     const std::string &namespace_,
                     const ListOptions &options,
                     std::function<void(ListPage &&)> onPage,
                     Callback<ListSummary> done)
{
    struct State
    {
        ResourceRef r;
        std::string ns;
        ListOptions options;
        std::function<void(ListPage &&)> onPage;
        Callback<ListSummary> done;
        ListSummary summary;
        std::function<void()> next;
    };
    auto st = std::make_shared<State>();
    st->r = r;
    st->ns = namespace_;
    st->options = options;
    st->onPage = std::move(onPage);
    st->done = std::move(done);
    QPointer<ApiClient> self(this);
    std::weak_ptr<State> weak = st;
    st->next = [self, weak]() {
        auto s = weak.lock();
        if (!self || !s)
            return;
        self->listPage(s->r, s->ns, s->options, [self, s](ApiResult<ListPage> page) {
            if (!page) {
                auto finish = std::move(s->done);
                s->next = nullptr;
                finish(page.error());
                return;
            }
            if (s->summary.pages == 0)
                s->summary.resourceVersion = page->resourceVersion;
            ++s->summary.pages;
            s->summary.items += page->items.size();
            s->summary.bytes += page->bytes;
            const std::string cont = page->continueToken;
            if (!cont.empty() && self) {
                // Ask for the next page before handing this one out: the server prepares it
                // while the caller decodes (pages still arrive one after the other, in order).
                s->options.continueToken = cont;
                // A continued list must not name a resourceVersion (the token holds it).
                s->options.resourceVersion.clear();
                s->next();
            }
            s->onPage(std::move(page).value());
            if (cont.empty() || !self) {
                auto finish = std::move(s->done);
                ListSummary summary = s->summary;
                s->next = nullptr;
                finish(summary);
            }
        });
    };
    // The state keeps itself alive through the pending request's callback.
    auto keep = st;
    keep->next();
}

void ApiClient::writeRequest(QByteArray method,
                             const ResourceRef &r,
                             const std::string &namespace_,
                             const std::string &name,
                             const char *verb,
                             QByteArray body,
                             QByteArray contentType,
                             std::vector<std::pair<std::string, std::string>> query,
                             Callback<Node> done)
{
    Request rq;
    rq.method = std::move(method);
    rq.path = r.path(namespace_, name);
    rq.body = std::move(body);
    rq.contentType = std::move(contentType);
    rq.query = std::move(query);
    rq.info = RequestInfo{verb, listResourcePhrase(r), namespace_, name, {}, {}};
    const RequestInfo info = rq.info;
    send(std::move(rq), [done = std::move(done), info, opts = m_options](ApiResult<Response> res) {
        if (!res) {
            done(res.error());
            return;
        }
        auto obj = parseObject(res->body, info, opts);
        if (!obj) {
            done(obj.error());
            return;
        }
        done(std::move(obj).value());
    });
}

namespace {
std::vector<std::pair<std::string, std::string>> writeQuery(const WriteOptions &o)
{
    std::vector<std::pair<std::string, std::string>> q;
    if (o.dryRun)
        q.emplace_back("dryRun", "All");
    if (!o.fieldManager.empty())
        q.emplace_back("fieldManager", o.fieldManager);
    return q;
}
} // namespace

void ApiClient::create(const ResourceRef &r,
                       const std::string &namespace_,
                       const Node &object,
                       const WriteOptions &options,
                       Callback<Node> done)
{
    writeRequest("POST",
                 r,
                 namespace_,
                 {},
                 "create",
                 QByteArray::fromStdString(writeJson(object, -1)),
                 "application/json",
                 writeQuery(options),
                 std::move(done));
}

void ApiClient::replace(const ResourceRef &r,
                        const std::string &namespace_,
                        const std::string &name,
                        const Node &object,
                        const WriteOptions &options,
                        Callback<Node> done)
{
    writeRequest("PUT",
                 r,
                 namespace_,
                 name,
                 "update",
                 QByteArray::fromStdString(writeJson(object, -1)),
                 "application/json",
                 writeQuery(options),
                 std::move(done));
}

void ApiClient::patch(const ResourceRef &r,
                      const std::string &namespace_,
                      const std::string &name,
                      PatchType type,
                      const Node &patch,
                      const WriteOptions &options,
                      Callback<Node> done)
{
    const char *ct = type == PatchType::Merge            ? "application/merge-patch+json"
                     : type == PatchType::StrategicMerge ? "application/strategic-merge-patch+json"
                                                         : "application/json-patch+json";
    writeRequest("PATCH",
                 r,
                 namespace_,
                 name,
                 "patch",
                 QByteArray::fromStdString(writeJson(patch, -1)),
                 ct,
                 writeQuery(options),
                 std::move(done));
}

void ApiClient::remove(const ResourceRef &r,
                       const std::string &namespace_,
                       const std::string &name,
                       const DeleteOptions &options,
                       Callback<Node> done)
{
    Node body = Node::map();
    body.set("kind", Node::string("DeleteOptions"));
    body.set("apiVersion", Node::string("v1"));
    if (options.gracePeriodSeconds)
        body.set("gracePeriodSeconds", Node::integer(*options.gracePeriodSeconds));
    if (!options.propagationPolicy.empty())
        body.set("propagationPolicy", Node::string(options.propagationPolicy));
    if (!options.preconditionResourceVersion.empty() || !options.preconditionUid.empty()) {
        Node pre = Node::map();
        if (!options.preconditionResourceVersion.empty())
            pre.set("resourceVersion", Node::string(options.preconditionResourceVersion));
        if (!options.preconditionUid.empty())
            pre.set("uid", Node::string(options.preconditionUid));
        body.set("preconditions", std::move(pre));
    }
    std::vector<std::pair<std::string, std::string>> q;
    if (options.dryRun)
        q.emplace_back("dryRun", "All");
    writeRequest("DELETE",
                 r,
                 namespace_,
                 name,
                 "delete",
                 QByteArray::fromStdString(writeJson(body, -1)),
                 "application/json",
                 std::move(q),
                 std::move(done));
}

std::unique_ptr<ApiWatch> ApiClient::watch(const ResourceRef &r,
                                           const std::string &namespace_,
                                           const WatchOptions &options,
                                           ApiWatch::EventCallback onEvent,
                                           ApiWatch::ConnectionCallback onConnection)
{
    std::unique_ptr<ApiWatch> w(
        new ApiWatch(this, r, namespace_, options, std::move(onEvent), std::move(onConnection)));
    w->connectNow();
    return w;
}

// ---- ApiWatch ------------------------------------------------------------------------------

ApiWatch::ApiWatch(ApiClient *client,
                   ResourceRef resource,
                   std::string namespace_,
                   WatchOptions options,
                   EventCallback onEvent,
                   ConnectionCallback onConnection)
    : m_client(client)
    , m_resource(std::move(resource))
    , m_namespace(std::move(namespace_))
    , m_options(std::move(options))
    , m_onEvent(std::move(onEvent))
    , m_onConnection(std::move(onConnection))
    , m_lastRv(m_options.resourceVersion)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiWatch::connectNow);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this]() {
        // Nothing for longer than the server's own timeout: the connection is dead
        // (a half-open TCP connection to a server that went away).
        if (m_reply) {
            QNetworkReply *r = m_reply;
            m_reply = nullptr;
            r->disconnect(this);
            r->abort();
            r->deleteLater();
        }
        retryLater(apiClientTimeout("watch of " + m_resource.plural + " silent for too long"));
    });
}

ApiWatch::~ApiWatch()
{
    stop();
}

void ApiWatch::stop()
{
    m_stopped = true;
    m_retryTimer.stop();
    m_idleTimer.stop();
    if (m_reply) {
        QNetworkReply *r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

bool ApiWatch::isNewer(const std::string &rv) const
{
    if (m_lastRv.empty() || rv.empty())
        return true;
    const auto a = rvNumber(rv);
    const auto b = rvNumber(m_lastRv);
    if (a && b)
        return *a > *b;
    return rv != m_lastRv;
}

void ApiWatch::setConnected(bool c, const ApiError &why)
{
    if (m_connectionKnown && c == m_connected)
        return;
    m_connectionKnown = true;
    m_connected = c;
    if (m_client) {
        if (c)
            m_client->noteReachable(true, {});
        else if (why.reason == "Unreachable" || why.reason == "Timeout")
            m_client->noteReachable(false, why.message);
    }
    if (m_onConnection)
        m_onConnection(c, why);
}

void ApiWatch::connectNow()
{
    if (m_stopped || !m_client)
        return;
    const int generation = ++m_generation;
    m_gotHeaders = false;
    m_buffer.clear();
    QPointer<ApiWatch> self(this);
    m_client->withCredentials([self, generation](Result<ApiClient::Credentials, ApiError> creds) {
        if (!self || self->m_stopped || generation != self->m_generation || !self->m_client)
            return;
        if (!creds) {
            self->end(creds.error());
            return;
        }
        ApiClient *c = self->m_client.data();
        std::vector<std::pair<std::string, std::string>> q;
        q.emplace_back("watch", "1");
        if (!self->m_lastRv.empty())
            q.emplace_back("resourceVersion", self->m_lastRv);
        if (self->m_options.allowBookmarks)
            q.emplace_back("allowWatchBookmarks", "true");
        if (!self->m_options.labelSelector.empty())
            q.emplace_back("labelSelector", self->m_options.labelSelector);
        if (!self->m_options.fieldSelector.empty())
            q.emplace_back("fieldSelector", self->m_options.fieldSelector);
        int timeout = self->m_options.timeoutSeconds;
        if (timeout <= 0)
            timeout = std::uniform_int_distribution<int>(300, 600)(c->m_rng);
        q.emplace_back("timeoutSeconds", std::to_string(timeout));
        QNetworkRequest nr
            = c->buildRequest(self->m_resource.path(self->m_namespace), q, {}, *creds);
        QNetworkReply *reply = c->m_nam->get(nr);
        self->m_reply = reply;
        self->m_idleTimer.start(std::chrono::seconds(timeout + 30));
        auto ssl = std::make_shared<QList<QSslError>>();
        connect(reply, &QNetworkReply::sslErrors, self.data(), [ssl](const QList<QSslError> &e) {
            *ssl = e;
        });
        connect(reply, &QNetworkReply::metaDataChanged, self.data(), [self, reply]() {
            if (!self || reply != self->m_reply)
                return;
            const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (code.isValid() && code.toInt() == 200 && !self->m_gotHeaders) {
                self->m_gotHeaders = true;
                ++self->m_connects;
                self->setConnected(true, {});
            }
        });
        connect(reply, &QNetworkReply::readyRead, self.data(), [self, reply]() {
            if (self && reply == self->m_reply)
                self->onReadyRead();
        });
        const bool fromExec = creds->fromExec;
        connect(reply, &QNetworkReply::finished, self.data(), [self, reply, ssl, fromExec]() {
            if (!self || reply != self->m_reply)
                return;
            ApiWatch *w = self.data();
            const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (code.isValid() && code.toInt() == 200) {
                // Deliver what is left, then resume: the server ends every watch after
                // timeoutSeconds, and a dropped connection ends the same way.
                w->onReadyRead();
                if (!self || w->m_stopped)
                    return;
                const bool clean = reply->error() == QNetworkReply::NoError;
                ApiError why
                    = clean ? ApiError{}
                            : w->m_client->transportError(
                                reply,
                                false,
                                *ssl,
                                RequestInfo{
                                    "watch", w->m_resource.plural, w->m_namespace, {}, {}, {}});
                w->m_reply = nullptr;
                reply->deleteLater();
                if (clean) {
                    w->m_failures = 0;
                    w->connectNow();
                } else {
                    w->retryLater(why);
                }
                return;
            }
            w->m_reply = nullptr;
            reply->deleteLater();
            if (!code.isValid()) {
                ApiError e = w->m_client->transportError(
                    reply,
                    false,
                    *ssl,
                    w->m_client->withUser(
                        RequestInfo{"watch", w->m_resource.plural, w->m_namespace, {}, {}, {}}));
                e.message = w->m_client->scrub(e.message);
                if (isTlsError(e)) {
                    w->end(e); // a wrong CA does not heal by retrying
                    return;
                }
                w->retryLater(e);
                return;
            }
            const int status = code.toInt();
            const QByteArray body = reply->readAll();
            ApiError e = apiErrorFromResponse(
                status,
                std::string_view(body.constData(), size_t(body.size())),
                w->m_client->withUser(
                    RequestInfo{"watch", w->m_resource.plural, w->m_namespace, {}, {}, {}}),
                w->m_client->secrets());
            if (status == 401 && fromExec && !w->m_refreshedCredential && w->m_client->m_exec) {
                w->m_refreshedCredential = true;
                w->m_client->m_exec->invalidate();
                w->connectNow();
                return;
            }
            if (status == 429 || status >= 500) {
                w->retryLater(e);
                return;
            }
            w->end(e); // 410 Expired (relist), 401, 403, 404...
        });
    });
}

void ApiWatch::onReadyRead()
{
    if (!m_reply)
        return;
    m_buffer += m_reply->readAll();
    if (m_connected)
        m_idleTimer.start(); // restarts with the same interval
    QPointer<ApiWatch> self(this);
    qsizetype start = 0;
    while (true) {
        const qsizetype nl = m_buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray line = m_buffer.mid(start, nl - start);
        start = nl + 1;
        if (!line.trimmed().isEmpty()) {
            handleLine(std::move(line));
            if (!self || m_stopped)
                return;
        }
    }
    m_buffer.remove(0, start);
}

void ApiWatch::handleLine(QByteArray line)
{
    JsonReadOptions ro;
    ro.dropManagedFields = !(m_client && m_client->m_options.keepManagedFields);
    auto doc = parseJson(std::string_view(line.constData(), size_t(line.size())), ro);
    if (!doc || !doc->isMap()) {
        // A corrupt stream: drop the connection and resume from the last good event.
        if (m_reply) {
            QNetworkReply *r = m_reply;
            m_reply = nullptr;
            r->disconnect(this);
            r->abort();
            r->deleteLater();
        }
        retryLater(apiInternal("the watch stream of " + m_resource.plural
                               + " held a line that is not a JSON event"));
        return;
    }
    Node &root = *doc;
    const std::string type = textAt(root, "type");
    Node *obj = root.find("object");
    RawWatchEvent ev;
    if (type == "ERROR") {
        ApiError e
            = obj ? apiErrorFromStatus(
                  *obj, 500, RequestInfo{"watch", m_resource.plural, m_namespace, {}, {}, {}})
                  : apiInternal("watch ERROR event without a Status");
        if (e.status == 410 || e.reason == "Expired" || e.reason == "Gone") {
            e.status = 410;
            end(e);
            return;
        }
        if (m_reply) {
            QNetworkReply *r = m_reply;
            m_reply = nullptr;
            r->disconnect(this);
            r->abort();
            r->deleteLater();
        }
        retryLater(e);
        return;
    }
    if (type == "ADDED")
        ev.type = WatchEvent::Type::Added;
    else if (type == "MODIFIED")
        ev.type = WatchEvent::Type::Modified;
    else if (type == "DELETED")
        ev.type = WatchEvent::Type::Deleted;
    else if (type == "BOOKMARK")
        ev.type = WatchEvent::Type::Bookmark;
    else
        return; // unknown event types are ignored, as client-go does
    if (obj)
        ev.resourceVersion = resourceVersionOf(*obj);
    if (ev.type != WatchEvent::Type::Bookmark && !isNewer(ev.resourceVersion)) {
        ++m_dupes; // already delivered before the reconnect
        return;
    }
    if (!ev.resourceVersion.empty())
        m_lastRv = ev.resourceVersion;
    m_failures = 0;
    if (ev.type != WatchEvent::Type::Bookmark && obj)
        ev.object = std::move(*obj);
    // A copy: the callback may destroy this watch (and the function with it).
    auto cb = m_onEvent;
    cb(ev);
}

void ApiWatch::retryLater(const ApiError &why)
{
    if (m_stopped || !m_client)
        return;
    m_idleTimer.stop();
    setConnected(false, why);
    if (m_stopped)
        return;
    const auto delay = m_client->backoff(
        m_failures, m_client->m_options.watchBackoffBase, m_client->m_options.watchBackoffMax);
    ++m_failures;
    qCDebug(lcApiClient) << "watch" << QString::fromStdString(m_resource.plural)
                         << "reconnecting in" << delay.count() << "ms from resourceVersion"
                         << QString::fromStdString(m_lastRv) << ":"
                         << QString::fromStdString(why.message);
    m_retryTimer.start(delay);
}

void ApiWatch::end(const ApiError &error)
{
    if (m_stopped)
        return;
    RawWatchEvent ev;
    ev.type = WatchEvent::Type::Error;
    ev.error = error;
    auto cb = m_onEvent;
    stop();
    cb(ev);
}

} // namespace studio
