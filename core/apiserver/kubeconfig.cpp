// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/kubeconfig.h"

#include "manifest/yaml_reader.h"

#include <QByteArray>
#include <QUrl>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace studio {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxCredentialFile = 16u * 1024 * 1024;

Error at(const char *code, std::string message, const std::string &file, const Node *n)
{
    Error e = makeError(code, std::move(message));
    e.file = file;
    if (n) {
        e.line = n->mark().line;
        e.column = n->mark().column;
    }
    return e;
}

// Reads the fields of one map with kubeconfig's types; the first problem is kept.
class Reader
{
public:
    explicit Reader(std::string file)
        : m_file(std::move(file))
    {}

    bool ok() const { return !m_error; }
    const Error &error() const { return *m_error; }

    void fail(const Node *n, std::string message)
    {
        if (!m_error)
            m_error = at("kubeconfig-invalid", std::move(message), m_file, n);
    }

    // A map or null; anything else is an error. Returns nullptr for null/absent.
    const Node *map(const Node *n, const std::string &path)
    {
        if (!n || n->isNull())
            return nullptr;
        if (!n->isMap()) {
            fail(n, path + ": expected an object, got " + n->typeName());
            return nullptr;
        }
        return n;
    }

    const Node *seq(const Node *n, const std::string &path)
    {
        if (!n || n->isNull())
            return nullptr;
        if (!n->isSequence()) {
            fail(n, path + ": expected an array, got " + n->typeName());
            return nullptr;
        }
        return n;
    }

    std::string str(const Node &parent, const char *key, const std::string &path)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return {};
        if (!n->isString()) {
            fail(n, path + "." + key + ": expected a string, got " + n->typeName());
            return {};
        }
        return n->text();
    }

    bool boolean(const Node &parent, const char *key, const std::string &path)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return false;
        if (!n->isBool()) {
            fail(n, path + "." + key + ": expected a boolean, got " + n->typeName());
            return false;
        }
        return n->boolValue();
    }

    // []byte fields: base64 (standard alphabet, line breaks ignored, as Go's decoder does).
    std::string bytes(const Node &parent, const char *key, const std::string &path)
    {
        const Node *n = parent.find(key);
        const std::string text = str(parent, key, path);
        if (text.empty())
            return {};
        QByteArray b64;
        b64.reserve(qsizetype(text.size()));
        for (char c : text)
            if (c != '\n' && c != '\r')
                b64.append(c);
        auto decoded = QByteArray::fromBase64Encoding(
            b64, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(n, path + "." + key + ": illegal base64 data");
            return {};
        }
        return decoded.decoded.toStdString();
    }

    std::vector<std::string> strings(const Node &parent, const char *key, const std::string &path)
    {
        std::vector<std::string> out;
        const Node *s = seq(parent.find(key), path + "." + key);
        if (!s)
            return out;
        for (size_t i = 0; i < s->items().size(); ++i) {
            const Node &item = s->items()[i];
            if (!item.isString()) {
                fail(&item,
                     path + "." + key + "[" + std::to_string(i) + "]: expected a string, got "
                         + item.typeName());
                return out;
            }
            out.push_back(item.text());
        }
        return out;
    }

    const std::string &file() const { return m_file; }

private:
    std::string m_file;
    std::optional<Error> m_error;
};

std::string resolvePath(const std::string &path, const std::string &file)
{
    if (path.empty())
        return path;
    fs::path p(path);
    if (p.is_absolute())
        return p.lexically_normal().string();
    fs::path base = file.empty() ? fs::current_path() : fs::absolute(fs::path(file)).parent_path();
    return (base / p).lexically_normal().string();
}

template<typename T>
bool hasName(const std::vector<T> &list, const std::string &name)
{
    return std::any_of(list.begin(), list.end(), [&](const T &t) { return t.name == name; });
}

// The named list `key` ([{name: N, <inner>: {...}}]) -> callback per entry.
template<typename F>
void namedList(Reader &r, const Node &root, const char *key, const char *inner, F &&each)
{
    const Node *list = r.seq(root.find(key), key);
    if (!list)
        return;
    std::set<std::string> seen;
    for (size_t i = 0; i < list->items().size() && r.ok(); ++i) {
        const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
        const Node *item = r.map(&list->items()[i], path);
        if (!item)
            continue;
        const std::string name = r.str(*item, "name", path);
        if (!r.ok())
            return;
        if (!seen.insert(name).second) {
            r.fail(item, std::string(key) + ": duplicate name \"" + name + "\" in list");
            return;
        }
        const Node *body = r.map(item->find(inner), path + "." + inner);
        if (!r.ok())
            return;
        static const Node empty = Node::map();
        each(name, body ? *body : empty, path + "." + inner);
    }
}

ExecConfig readExec(Reader &r, const Node &n, const std::string &path, const std::string &file)
{
    ExecConfig x;
    x.apiVersion = r.str(n, "apiVersion", path);
    x.command = r.str(n, "command", path);
    x.args = r.strings(n, "args", path);
    x.installHint = r.str(n, "installHint", path);
    x.provideClusterInfo = r.boolean(n, "provideClusterInfo", path);
    x.interactiveMode = r.str(n, "interactiveMode", path);
    if (const Node *env = r.seq(n.find("env"), path + ".env")) {
        for (size_t i = 0; i < env->items().size() && r.ok(); ++i) {
            const std::string p = path + ".env[" + std::to_string(i) + "]";
            const Node *e = r.map(&env->items()[i], p);
            if (!e)
                continue;
            x.env.push_back(ExecEnvVar{r.str(*e, "name", p), r.str(*e, "value", p)});
        }
    }
    // Only a command given as a path is resolved; a bare name is looked up in PATH.
    if (x.command.find('/') != std::string::npos)
        x.command = resolvePath(x.command, file);
    return x;
}

bool isSet(const std::string &s)
{
    return !s.empty();
}

Result<std::string>
readCredentialFile(const std::string &path, const std::string &what, const std::string &owner)
{
    auto text = readFileLimited(path, kMaxCredentialFile);
    if (!text) {
        return makeError("credential-unreadable",
                         "unable to read " + what + " " + path + " for " + owner + ": "
                             + text.error().message);
    }
    return std::move(text).value();
}

std::string trimSpace(std::string s)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

} // namespace

const char *authMethodName(AuthMethod m)
{
    switch (m) {
    case AuthMethod::None:
        return "no credentials";
    case AuthMethod::Token:
        return "bearer token";
    case AuthMethod::TokenFile:
        return "bearer token file";
    case AuthMethod::ClientCertificate:
        return "client certificate";
    case AuthMethod::Basic:
        return "basic auth";
    case AuthMethod::Exec:
        return "exec credential plugin";
    }
    return "unknown";
}

std::vector<std::string> RestConfig::secrets() const
{
    std::vector<std::string> s;
    for (const std::string *v : {&bearerToken, &password, &clientKeyPem})
        if (!v->empty())
            s.push_back(*v);
    for (const std::string *url : {&proxyUrl, &server}) {
        const QUrl u(QString::fromStdString(*url));
        if (!u.password().isEmpty())
            s.push_back(u.password().toStdString());
    }
    return s;
}

const KubeconfigCluster *Kubeconfig::cluster(std::string_view name) const
{
    for (const auto &c : clusters)
        if (c.name == name)
            return &c;
    return nullptr;
}

const KubeconfigUser *Kubeconfig::user(std::string_view name) const
{
    for (const auto &u : users)
        if (u.name == name)
            return &u;
    return nullptr;
}

const KubeconfigContext *Kubeconfig::context(std::string_view name) const
{
    for (const auto &c : contexts)
        if (c.name == name)
            return &c;
    return nullptr;
}

Result<Kubeconfig> parseKubeconfig(std::string_view text, const std::string &fileName)
{
    ReadLimits limits;
    limits.maxBytes = kMaxCredentialFile;
    auto docs = parseYaml(text, limits);
    if (!docs) {
        Error e = docs.error();
        e.file = fileName;
        return e;
    }
    Kubeconfig kc;
    if (!fileName.empty())
        kc.files.push_back(fileName);
    if (docs->empty() || docs->front().root.isNull())
        return kc; // an empty file is an empty config, as for kubectl
    if (docs->size() > 1)
        return at("kubeconfig-invalid",
                  "a kubeconfig holds one YAML document, found " + std::to_string(docs->size()),
                  fileName,
                  &(*docs)[1].root);
    const Node &root = docs->front().root;
    Reader r(fileName);
    if (!r.map(&root, "kubeconfig"))
        return r.ok() ? kc : Result<Kubeconfig>(r.error());

    kc.currentContext = r.str(root, "current-context", "");
    namedList(r,
              root,
              "clusters",
              "cluster",
              [&](const std::string &name, const Node &n, const std::string &path) {
                  KubeconfigCluster c;
                  c.name = name;
                  c.origin = fileName;
                  c.server = r.str(n, "server", path);
                  c.certificateAuthority
                      = resolvePath(r.str(n, "certificate-authority", path), fileName);
                  c.certificateAuthorityData = r.bytes(n, "certificate-authority-data", path);
                  c.insecureSkipTlsVerify = r.boolean(n, "insecure-skip-tls-verify", path);
                  c.tlsServerName = r.str(n, "tls-server-name", path);
                  c.proxyUrl = r.str(n, "proxy-url", path);
                  kc.clusters.push_back(std::move(c));
              });
    namedList(r,
              root,
              "users",
              "user",
              [&](const std::string &name, const Node &n, const std::string &path) {
                  KubeconfigUser u;
                  u.name = name;
                  u.origin = fileName;
                  u.token = r.str(n, "token", path);
                  u.tokenFile = resolvePath(r.str(n, "tokenFile", path), fileName);
                  u.clientCertificate = resolvePath(r.str(n, "client-certificate", path), fileName);
                  u.clientCertificateData = r.bytes(n, "client-certificate-data", path);
                  u.clientKey = resolvePath(r.str(n, "client-key", path), fileName);
                  u.clientKeyData = r.bytes(n, "client-key-data", path);
                  u.username = r.str(n, "username", path);
                  u.password = r.str(n, "password", path);
                  if (const Node *ap = r.map(n.find("auth-provider"), path + ".auth-provider"))
                      u.authProvider = r.str(*ap, "name", path + ".auth-provider");
                  if (const Node *ex = r.map(n.find("exec"), path + ".exec"))
                      u.exec = readExec(r, *ex, path + ".exec", fileName);
                  kc.users.push_back(std::move(u));
              });
    namedList(r,
              root,
              "contexts",
              "context",
              [&](const std::string &name, const Node &n, const std::string &path) {
                  KubeconfigContext c;
                  c.name = name;
                  c.origin = fileName;
                  c.cluster = r.str(n, "cluster", path);
                  c.user = r.str(n, "user", path);
                  c.namespace_ = r.str(n, "namespace", path);
                  kc.contexts.push_back(std::move(c));
              });
    if (!r.ok())
        return r.error();
    return kc;
}

Result<Kubeconfig> loadKubeconfigFile(const std::string &path)
{
    auto text = readFileLimited(path, kMaxCredentialFile);
    if (!text) {
        Error e = makeError("kubeconfig-unreadable", text.error().message);
        e.file = path;
        return e;
    }
    return parseKubeconfig(*text, path);
}

Kubeconfig mergeKubeconfigs(const std::vector<Kubeconfig> &highestFirst)
{
    Kubeconfig out;
    for (const Kubeconfig &kc : highestFirst) {
        out.files.insert(out.files.end(), kc.files.begin(), kc.files.end());
        if (out.currentContext.empty())
            out.currentContext = kc.currentContext;
        for (const auto &c : kc.clusters)
            if (!hasName(out.clusters, c.name))
                out.clusters.push_back(c);
        for (const auto &u : kc.users)
            if (!hasName(out.users, u.name))
                out.users.push_back(u);
        for (const auto &c : kc.contexts)
            if (!hasName(out.contexts, c.name))
                out.contexts.push_back(c);
    }
    return out;
}

std::vector<std::string> splitKubeconfigList(std::string_view value)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= value.size()) {
        size_t end = value.find(':', start);
        if (end == std::string_view::npos)
            end = value.size();
        std::string item(value.substr(start, end - start));
        if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end())
            out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

Result<Kubeconfig> loadKubeconfig(const KubeconfigLoadOptions &options)
{
    std::vector<std::string> files;
    bool mustExist = false;
    if (!options.explicitPath.empty()) {
        files.push_back(options.explicitPath);
        mustExist = true;
    } else {
        std::string env;
        if (options.kubeconfigEnv) {
            env = *options.kubeconfigEnv;
        } else if (const char *v = std::getenv("KUBECONFIG")) {
            env = v;
        }
        files = splitKubeconfigList(env);
        if (files.empty()) {
            std::string home = options.homeDir;
            if (home.empty())
                if (const char *h = std::getenv("HOME"))
                    home = h;
            if (!home.empty())
                files.push_back((fs::path(home) / ".kube" / "config").string());
        }
    }
    std::vector<Kubeconfig> loaded;
    for (const std::string &f : files) {
        std::error_code ec;
        if (!fs::exists(f, ec)) {
            if (mustExist) {
                Error e = makeError("kubeconfig-unreadable",
                                    "stat " + f + ": no such file or directory");
                e.file = f;
                return e;
            }
            continue; // kubectl skips missing KUBECONFIG entries
        }
        auto kc = loadKubeconfigFile(f);
        if (!kc)
            return kc.error();
        loaded.push_back(std::move(kc).value());
    }
    if (loaded.empty()) {
        return makeError(
            "kubeconfig-empty",
            "no kubeconfig found (looked at: " + (files.empty() ? std::string("nothing") : [&] {
                std::string s;
                for (const auto &f : files)
                    s += (s.empty() ? "" : ", ") + f;
                return s;
            }()) + ")");
    }
    return mergeKubeconfigs(loaded);
}

Result<RestConfig> Kubeconfig::resolve(const std::string &contextName,
                                       const std::string &namespaceOverride) const
{
    const std::string ctxName = contextName.empty() ? currentContext : contextName;
    if (ctxName.empty())
        return makeError("no-current-context",
                         "current-context is not set and no context was given");
    const KubeconfigContext *ctx = context(ctxName);
    if (!ctx)
        return makeError("context-not-found",
                         "context was not found for specified context: " + ctxName);
    const KubeconfigCluster *cl = cluster(ctx->cluster);
    if (!cl)
        return makeError("cluster-not-found",
                         "cluster \"" + ctx->cluster + "\" was not found for context \"" + ctxName
                             + "\"");
    const KubeconfigUser *us = nullptr;
    if (!ctx->user.empty()) {
        us = user(ctx->user);
        if (!us)
            return makeError("user-not-found",
                             "user \"" + ctx->user + "\" was not found for context \"" + ctxName
                                 + "\"");
    }

    RestConfig rc;
    rc.contextName = ctxName;
    rc.clusterName = cl->name;
    rc.userName = ctx->user;
    rc.namespace_ = !namespaceOverride.empty() ? namespaceOverride
                    : !ctx->namespace_.empty() ? ctx->namespace_
                                               : std::string("default");

    // ---- cluster (clientcmd's validateClusterInfo) ----
    if (cl->server.empty())
        return makeError("kubeconfig-conflict", "no server found for cluster \"" + cl->name + "\"");
    rc.server = cl->server;
    while (rc.server.size() > 1 && rc.server.back() == '/')
        rc.server.pop_back();
    if (rc.server.starts_with("http://"))
        rc.warnings.push_back("plain-http");
    else if (!rc.server.starts_with("https://"))
        return makeError("kubeconfig-conflict",
                         "server \"" + stripUserInfo(cl->server) + "\" of cluster \"" + cl->name
                             + "\" is not an http(s) URL");
    if (isSet(cl->certificateAuthority) && isSet(cl->certificateAuthorityData))
        return makeError("kubeconfig-conflict",
                         "certificate-authority-data and certificate-authority are both specified "
                         "for "
                             + cl->name + ". certificate-authority-data will override.");
    if (cl->insecureSkipTlsVerify
        && (isSet(cl->certificateAuthority) || isSet(cl->certificateAuthorityData)))
        return makeError("kubeconfig-conflict",
                         "specifying a root certificates file with the "
                         "insecure flag is not allowed (cluster "
                             + cl->name + ")");
    if (isSet(cl->certificateAuthorityData)) {
        rc.caPem = cl->certificateAuthorityData;
        rc.caOrigin = "certificate-authority-data of cluster " + cl->name;
    } else if (isSet(cl->certificateAuthority)) {
        auto ca = readCredentialFile(
            cl->certificateAuthority, "certificate-authority", "cluster " + cl->name);
        if (!ca)
            return ca.error();
        rc.caPem = std::move(ca).value();
        rc.caOrigin = "certificate-authority " + cl->certificateAuthority;
    }
    rc.insecureSkipTlsVerify = cl->insecureSkipTlsVerify;
    if (rc.insecureSkipTlsVerify)
        rc.warnings.push_back("insecure-skip-tls-verify");
    rc.tlsServerName = cl->tlsServerName;
    rc.proxyUrl = cl->proxyUrl;

    if (!us)
        return rc;

    // ---- user (clientcmd's validateAuthInfo) ----
    if (!us->authProvider.empty())
        return makeError("auth-provider-unsupported",
                         "user \"" + us->name + "\" uses the \"" + us->authProvider
                             + "\" auth-provider, which Service Studio does not support; use an "
                               "exec credential plugin instead");
    std::vector<std::string> methods;
    if (isSet(us->token) || isSet(us->tokenFile))
        methods.push_back("token");
    if (isSet(us->username) || isSet(us->password))
        methods.push_back("basicAuth");
    if (methods.size() > 1)
        return makeError("kubeconfig-conflict",
                         "more than one authentication method found for " + us->name
                             + "; found [token basicAuth], only one is allowed");
    const bool certSet = isSet(us->clientCertificate) || isSet(us->clientCertificateData);
    const bool keySet = isSet(us->clientKey) || isSet(us->clientKeyData);
    if (certSet || keySet) {
        if (isSet(us->clientCertificate) && isSet(us->clientCertificateData))
            return makeError("kubeconfig-conflict",
                             "client-cert-data and client-cert are both specified for " + us->name
                                 + ". client-cert-data will override.");
        if (isSet(us->clientKey) && isSet(us->clientKeyData))
            return makeError("kubeconfig-conflict",
                             "client-key-data and client-key are both specified for " + us->name
                                 + "; client-key-data will override");
        if (!keySet)
            return makeError("kubeconfig-conflict",
                             "client-key-data or client-key must be specified for " + us->name
                                 + " to use the clientCert authentication method.");
        if (!certSet)
            return makeError("kubeconfig-conflict",
                             "client-cert-data or client-cert must be specified for " + us->name
                                 + " to use the clientCert authentication method.");
        if (isSet(us->clientCertificateData)) {
            rc.clientCertificatePem = us->clientCertificateData;
        } else {
            auto c = readCredentialFile(us->clientCertificate, "client-cert", us->name);
            if (!c)
                return c.error();
            rc.clientCertificatePem = std::move(c).value();
        }
        if (isSet(us->clientKeyData)) {
            rc.clientKeyPem = us->clientKeyData;
        } else {
            auto k = readCredentialFile(us->clientKey, "client-key", us->name);
            if (!k)
                return k.error();
            rc.clientKeyPem = std::move(k).value();
        }
        rc.auth = AuthMethod::ClientCertificate;
    }
    if (us->exec) {
        const ExecConfig &x = *us->exec;
        if (x.command.empty())
            return makeError("kubeconfig-conflict",
                             "command must be specified for " + us->name
                                 + " to use exec authentication plugin");
        if (x.apiVersion.empty())
            return makeError("kubeconfig-conflict",
                             "apiVersion must be specified for " + us->name
                                 + " to use exec authentication plugin");
        if (x.apiVersion != "client.authentication.k8s.io/v1beta1"
            && x.apiVersion != "client.authentication.k8s.io/v1")
            return makeError("kubeconfig-conflict",
                             "exec plugin of " + us->name + ": unsupported apiVersion \""
                                 + x.apiVersion
                                 + "\" (client.authentication.k8s.io/v1 or v1beta1)");
        if (x.apiVersion == "client.authentication.k8s.io/v1" && x.interactiveMode.empty())
            return makeError("kubeconfig-conflict",
                             "interactiveMode must be specified for " + us->name
                                 + " to use exec authentication plugin");
        if (!x.interactiveMode.empty() && x.interactiveMode != "Never"
            && x.interactiveMode != "IfAvailable" && x.interactiveMode != "Always")
            return makeError("kubeconfig-conflict",
                             "invalid interactiveMode for " + us->name + ": " + x.interactiveMode);
        for (size_t i = 0; i < x.env.size(); ++i) {
            if (x.env[i].name.empty())
                return makeError("kubeconfig-conflict",
                                 "env variable name must be specified for " + us->name
                                     + " to use exec authentication plugin");
        }
        rc.exec = x;
        if (rc.auth == AuthMethod::None)
            rc.auth = AuthMethod::Exec;
    }
    if (isSet(us->token)) {
        rc.bearerToken = us->token;
        rc.auth = AuthMethod::Token;
    } else if (isSet(us->tokenFile)) {
        auto t = readCredentialFile(us->tokenFile, "tokenFile", us->name);
        if (!t)
            return t.error();
        rc.bearerToken = trimSpace(std::move(t).value());
        rc.bearerTokenFile = us->tokenFile;
        rc.auth = AuthMethod::TokenFile;
    } else if (isSet(us->username) || isSet(us->password)) {
        rc.username = us->username;
        rc.password = us->password;
        rc.auth = AuthMethod::Basic;
    }
    return rc;
}

std::string redactSecrets(std::string text, const std::vector<std::string> &secrets)
{
    static const std::string mask = "[redacted]";
    for (const std::string &s : secrets) {
        if (s.size() < 4)
            continue;
        size_t pos = 0;
        while ((pos = text.find(s, pos)) != std::string::npos) {
            text.replace(pos, s.size(), mask);
            pos += mask.size();
        }
        // A PEM key also leaks line by line (a message may hold one line of it).
        if (s.find('\n') != std::string::npos) {
            size_t start = 0;
            while (start < s.size()) {
                size_t end = s.find('\n', start);
                if (end == std::string::npos)
                    end = s.size();
                const std::string line = s.substr(start, end - start);
                if (line.size() >= 16 && !line.starts_with("-----"))
                    text = redactSecrets(std::move(text), {line});
                start = end + 1;
            }
        }
    }
    return text;
}

std::string stripUserInfo(const std::string &url)
{
    const size_t scheme = url.find("://");
    if (scheme == std::string::npos)
        return url;
    const size_t hostStart = scheme + 3;
    const size_t pathStart = url.find('/', hostStart);
    const size_t at = url.rfind('@', pathStart == std::string::npos ? url.size() : pathStart);
    if (at == std::string::npos || at < hostStart)
        return url;
    return url.substr(0, hostStart) + url.substr(at + 1);
}

} // namespace studio
