// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// kubeconfig files as kubectl (client-go's clientcmd) reads them: the KUBECONFIG list merged
// with "first file wins" per named entry and per top-level value, relative paths resolved
// against the directory of the file that names them, and a context resolved into everything
// a client needs to talk to one apiserver (RestConfig).
//
// Pure value types and functions, no Qt objects: any thread. Errors are studio::Error with
// a stable code and, for syntax and type errors, file/line/column (from parseYaml).
//
// Error codes: "kubeconfig-unreadable", "yaml-syntax" (and parseYaml's other codes),
// "kubeconfig-invalid" (a wrong type, a duplicate name, bad base64), "kubeconfig-empty"
// (nothing loaded), "no-current-context", "context-not-found", "cluster-not-found",
// "user-not-found", "kubeconfig-conflict" (settings kubectl refuses together),
// "credential-unreadable" (a CA, certificate, key or token file that cannot be read),
// "auth-provider-unsupported".

#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

struct KubeconfigCluster
{
    std::string name;
    std::string server;
    std::string certificateAuthority;     // file, absolute once loaded
    std::string certificateAuthorityData; // decoded (PEM text)
    bool insecureSkipTlsVerify = false;
    std::string tlsServerName;
    std::string proxyUrl;
    std::string origin; // the file that defined it
};

struct ExecEnvVar
{
    std::string name;
    std::string value;
    bool operator==(const ExecEnvVar &) const = default;
};

// users[].user.exec: a client-go credential plugin.
struct ExecConfig
{
    std::string apiVersion; // client.authentication.k8s.io/v1beta1 or /v1
    std::string command;    // absolute when the kubeconfig gave a relative path with a '/'
    std::vector<std::string> args;
    std::vector<ExecEnvVar> env;
    std::string installHint;
    bool provideClusterInfo = false;
    std::string interactiveMode; // Never, IfAvailable, Always ("" in v1beta1 = IfAvailable)
};

struct KubeconfigUser
{
    std::string name;
    std::string token;
    std::string tokenFile; // absolute once loaded
    std::string clientCertificate;
    std::string clientCertificateData; // decoded PEM
    std::string clientKey;
    std::string clientKeyData; // decoded PEM
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;
    std::string authProvider; // name of an auth-provider (gcp, oidc...): not supported
    std::string origin;
};

struct KubeconfigContext
{
    std::string name;
    std::string cluster;
    std::string user;
    std::string namespace_;
    std::string origin;
};

// How a resolved configuration authenticates.
enum class AuthMethod { None, Token, TokenFile, ClientCertificate, Basic, Exec };
const char *authMethodName(AuthMethod m); // "bearer token", "client certificate", ...

// Everything needed to talk to one apiserver as one user: what a context resolves to.
// It holds credentials: never log it; secrets() lists them for redaction.
struct RestConfig
{
    std::string contextName;
    std::string clusterName;
    std::string userName; // the kubeconfig user entry, used in messages
    std::string server;   // https://host:port[/prefix]
    std::string namespace_ = "default";

    std::string caPem;    // empty: the system's CAs
    std::string caOrigin; // "file /path" or "certificate-authority-data" (messages)
    bool insecureSkipTlsVerify = false;
    std::string tlsServerName;
    std::string proxyUrl;

    AuthMethod auth = AuthMethod::None;
    std::string bearerToken;
    std::string bearerTokenFile; // re-read by the client (rotated tokens)
    std::string clientCertificatePem;
    std::string clientKeyPem;
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;

    // Codes of risky settings the UI should show: "insecure-skip-tls-verify",
    // "plain-http" (an http:// server: credentials would travel unencrypted).
    std::vector<std::string> warnings;

    // The credentials in this config (token, password, key), for scrubbing messages.
    std::vector<std::string> secrets() const;
};

// The merged view of one or more kubeconfig files.
struct Kubeconfig
{
    std::vector<std::string> files; // the files that were read, highest precedence first
    std::string currentContext;
    std::vector<KubeconfigCluster> clusters;
    std::vector<KubeconfigUser> users;
    std::vector<KubeconfigContext> contexts;

    const KubeconfigCluster *cluster(std::string_view name) const;
    const KubeconfigUser *user(std::string_view name) const;
    const KubeconfigContext *context(std::string_view name) const;

    // Resolves `contextName` (empty: current-context) into a RestConfig, reading the CA,
    // client certificate/key and token files it names. The exec plugin is not run here (see
    // ExecCredentialProvider); namespaceOverride replaces the context's namespace.
    Result<RestConfig> resolve(const std::string &contextName = {},
                               const std::string &namespaceOverride = {}) const;
};

// Parses one kubeconfig document. fileName is used for messages and relative paths (its
// directory); "" resolves relative paths against the current directory.
Result<Kubeconfig> parseKubeconfig(std::string_view text, const std::string &fileName);
Result<Kubeconfig> loadKubeconfigFile(const std::string &path);

// Merges as clientcmd does: for clusters, users and contexts the first file that names an
// entry wins (entries are never merged field by field); current-context comes from the first
// file that sets it.
Kubeconfig mergeKubeconfigs(const std::vector<Kubeconfig> &highestFirst);

struct KubeconfigLoadOptions
{
    // --kubeconfig: only this file, which must exist.
    std::string explicitPath;
    // The KUBECONFIG value; nullopt reads the environment. Split on ':', empty entries and
    // duplicates dropped, missing files skipped (as kubectl does).
    std::optional<std::string> kubeconfigEnv;
    // Used when neither is set: $HOME/.kube/config. Empty: from the environment.
    std::string homeDir;
};

// kubectl's loading rules. A file that exists but cannot be parsed is an error (kubectl
// refuses too); no file at all gives code "kubeconfig-empty".
Result<Kubeconfig> loadKubeconfig(const KubeconfigLoadOptions &options = {});

// Splits a KUBECONFIG value as filepath.SplitList does, dropping empty entries and
// duplicates (first occurrence kept).
std::vector<std::string> splitKubeconfigList(std::string_view value);

// Replaces every occurrence of each secret (longer than 3 characters) in `text` with
// "[redacted]". Used on every message that could echo something a user or plugin wrote.
std::string redactSecrets(std::string text, const std::vector<std::string> &secrets);

// "https://user:pw@host:1/x" -> "https://host:1/x" (for messages).
std::string stripUserInfo(const std::string &url);

} // namespace studio
