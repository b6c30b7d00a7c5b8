// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/agent_identity.h"

#include "apiserver/api_client.h"
#include "manifest/writer.h"

#include <QByteArray>
#include <QTimer>

#include <memory>

namespace studio {

namespace {

Node str(const std::string &s)
{
    return Node::string(s);
}

Node meta(const std::string &name, const std::string &namespace_ = {})
{
    Node m = Node::map();
    m.set("name", str(name));
    if (!namespace_.empty())
        m.set("namespace", str(namespace_));
    Node labels = Node::map();
    labels.set("app.kubernetes.io/name", str("service-agent"));
    labels.set("app.kubernetes.io/managed-by", str("service-studio"));
    m.set("labels", labels);
    return m;
}

Node strings(std::initializer_list<const char *> items)
{
    Node s = Node::sequence();
    for (const char *i : items)
        s.append(str(i));
    return s;
}

Node rule(std::initializer_list<const char *> groups, std::initializer_list<const char *> resources)
{
    Node r = Node::map();
    r.set("apiGroups", strings(groups));
    r.set("resources", strings(resources));
    r.set("verbs", strings({"get", "list", "watch"}));
    return r;
}

std::string secretName(const AgentIdentityOptions &o)
{
    return o.name + "-token";
}

ResourceRef ref(const char *group, const char *plural, bool namespaced)
{
    ResourceRef r;
    r.group = group;
    r.version = "v1";
    r.plural = plural;
    r.namespaced = namespaced;
    return r;
}

Error fromApi(const ApiError &e)
{
    return makeError("apiserver-" + (e.reason.empty() ? std::string("error") : e.reason),
                     e.toString());
}

struct Ensure : std::enable_shared_from_this<Ensure>
{
    ApiClient *client = nullptr;
    AgentIdentityOptions options;
    std::vector<Node> objects;
    std::vector<ResourceRef> refs;
    std::function<void(Result<AgentCredentials>)> done;
    std::chrono::steady_clock::time_point deadline;
    size_t next = 0;

    void step()
    {
        if (next == objects.size())
            return waitForToken();
        auto self = shared_from_this();
        const Node &obj = objects[next];
        const ResourceRef &r = refs[next];
        const std::string ns = r.namespaced ? options.namespace_ : std::string();
        client->create(r, ns, obj, {}, [self, r, ns](ApiResult<Node> res) {
            if (res || res.error().reason != "AlreadyExists") {
                if (!res)
                    return self->finish(fromApi(res.error()));
                ++self->next;
                return self->step();
            }
            // Already there: bring it back to exactly our rules (a merge patch replaces lists).
            const Node &obj2 = self->objects[self->next];
            const Node *name
                = obj2.find("metadata") ? obj2.find("metadata")->find("name") : nullptr;
            self->client->patch(r,
                                ns,
                                name ? name->text() : std::string(),
                                PatchType::Merge,
                                obj2,
                                {},
                                [self](ApiResult<Node> p) {
                                    if (!p)
                                        return self->finish(fromApi(p.error()));
                                    ++self->next;
                                    self->step();
                                });
        });
    }

    void waitForToken()
    {
        auto self = shared_from_this();
        client->get(
            ref("", "secrets", true),
            options.namespace_,
            secretName(options),
            [self](ApiResult<Node> res) {
                if (!res && res.error().reason != "NotFound")
                    return self->finish(fromApi(res.error()));
                if (res) {
                    const Node *data = res->find("data");
                    const Node *token = data ? data->find("token") : nullptr;
                    if (token && !token->text().empty()) {
                        AgentCredentials c;
                        c.token = QByteArray::fromBase64(QByteArray::fromStdString(token->text()))
                                      .toStdString();
                        if (const Node *ca = data->find("ca.crt"))
                            c.caPem = QByteArray::fromBase64(QByteArray::fromStdString(ca->text()))
                                          .toStdString();
                        c.secretName = secretName(self->options);
                        return self->finish(std::move(c));
                    }
                }
                if (std::chrono::steady_clock::now() > self->deadline)
                    return self->finish(makeError("agent-token-timeout",
                                                  "the token controller did not fill secret "
                                                      + self->options.namespace_ + "/"
                                                      + secretName(self->options)
                                                      + " (is kube-controller-manager running with"
                                                        " --service-account-private-key-file?)"));
                QTimer::singleShot(250, self->client, [self] { self->waitForToken(); });
            });
    }

    void finish(Result<AgentCredentials> r)
    {
        auto d = std::move(done);
        done = nullptr;
        if (d)
            d(std::move(r));
    }
};

} // namespace

std::vector<Node> agentIdentityManifests(const AgentIdentityOptions &o)
{
    Node sa = Node::map();
    sa.set("apiVersion", str("v1"));
    sa.set("kind", str("ServiceAccount"));
    sa.set("metadata", meta(o.name, o.namespace_));

    Node role = Node::map();
    role.set("apiVersion", str("rbac.authorization.k8s.io/v1"));
    role.set("kind", str("ClusterRole"));
    role.set("metadata", meta(o.name));
    Node rules = Node::sequence();
    rules.append(rule({""}, {"services", "endpoints", "nodes"}));
    rules.append(rule({"discovery.k8s.io"}, {"endpointslices"}));
    role.set("rules", rules);

    Node binding = Node::map();
    binding.set("apiVersion", str("rbac.authorization.k8s.io/v1"));
    binding.set("kind", str("ClusterRoleBinding"));
    binding.set("metadata", meta(o.name));
    Node roleRef = Node::map();
    roleRef.set("apiGroup", str("rbac.authorization.k8s.io"));
    roleRef.set("kind", str("ClusterRole"));
    roleRef.set("name", str(o.name));
    binding.set("roleRef", roleRef);
    Node subject = Node::map();
    subject.set("kind", str("ServiceAccount"));
    subject.set("name", str(o.name));
    subject.set("namespace", str(o.namespace_));
    Node subjects = Node::sequence();
    subjects.append(subject);
    binding.set("subjects", subjects);

    Node secret = Node::map();
    secret.set("apiVersion", str("v1"));
    secret.set("kind", str("Secret"));
    Node smeta = meta(secretName(o), o.namespace_);
    Node ann = Node::map();
    ann.set("kubernetes.io/service-account.name", str(o.name));
    smeta.set("annotations", ann);
    secret.set("metadata", smeta);
    secret.set("type", str("kubernetes.io/service-account-token"));

    return {sa, role, binding, secret};
}

std::string agentIdentityYaml(const AgentIdentityOptions &options)
{
    return writeYamlDocuments(agentIdentityManifests(options));
}

void ensureAgentIdentity(ApiClient &client,
                         const AgentIdentityOptions &options,
                         std::function<void(Result<AgentCredentials>)> done,
                         std::chrono::milliseconds tokenWait)
{
    auto e = std::make_shared<Ensure>();
    e->client = &client;
    e->options = options;
    e->objects = agentIdentityManifests(options);
    e->refs = {ref("", "serviceaccounts", true),
               ref("rbac.authorization.k8s.io", "clusterroles", false),
               ref("rbac.authorization.k8s.io", "clusterrolebindings", false),
               ref("", "secrets", true)};
    e->done = std::move(done);
    e->deadline = std::chrono::steady_clock::now() + tokenWait;
    e->step();
}

void removeAgentIdentity(ApiClient &client,
                         const AgentIdentityOptions &options,
                         std::function<void(Result<void>)> done)
{
    struct Remove
    {
        ApiClient *client;
        std::vector<std::pair<ResourceRef, std::string>> items;
        std::function<void(Result<void>)> done;
        std::string ns;
        size_t next = 0;
    };
    auto r = std::make_shared<Remove>();
    r->client = &client;
    r->ns = options.namespace_;
    r->done = std::move(done);
    r->items = {{ref("", "secrets", true), secretName(options)},
                {ref("rbac.authorization.k8s.io", "clusterrolebindings", false), options.name},
                {ref("rbac.authorization.k8s.io", "clusterroles", false), options.name},
                {ref("", "serviceaccounts", true), options.name}};
    auto step = std::make_shared<std::function<void()>>();
    *step = [r, step] {
        if (r->next == r->items.size()) {
            auto d = std::move(r->done);
            *step = nullptr; // break the cycle
            return d(Result<void>());
        }
        const auto &[res, name] = r->items[r->next];
        r->client->remove(
            res, res.namespaced ? r->ns : std::string(), name, {}, [r, step](ApiResult<Node> out) {
                if (!out && out.error().reason != "NotFound") {
                    auto d = std::move(r->done);
                    *step = nullptr;
                    return d(fromApi(out.error()));
                }
                ++r->next;
                (*step)();
            });
    };
    (*step)();
}

} // namespace studio
