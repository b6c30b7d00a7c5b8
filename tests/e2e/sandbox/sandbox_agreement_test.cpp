// SPDX-License-Identifier: GPL-3.0-or-later
// The seed scenarios' pods and services, loaded into the sandbox and into a real cluster:
// the real kube-controller-manager's Endpoints must equal the sandbox's (order-normalised),
// and the real apiserver's allocation errors must read as the sandbox's.
#include "e2e_support.h"

#include "cluster/sandbox_backend.h"
#include "manifest/manifest.h"
#include "manifest/object_codec.h"
#include "manifest/writer.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

using namespace studio;
using namespace studio::test;

namespace {

// Each scenario goes into namespaces of its own on the real cluster ("<prefix>-<ns>"), and
// its nodes get the prefix too, so scenarios never collide. The sandbox gets the same names.
struct Renamer
{
    std::string prefix;
    std::string ns(const std::string &n) const
    {
        return prefix + "-" + (n.empty() ? std::string("default") : n);
    }
    std::string node(const std::string &n) const { return n.empty() ? n : prefix + "-" + n; }
};

std::vector<KubeObject> scenarioObjects(const std::string &file, const Renamer &r)
{
    auto f = loadManifestFile(file);
    EXPECT_TRUE(f.ok()) << (f ? "" : f.error().toString());
    std::vector<KubeObject> out;
    if (!f)
        return out;
    for (auto &o : f->objects) {
        EXPECT_TRUE(o.errors.empty()) << file << ": " << o.kind << " " << o.name;
        std::visit(
            [&](auto &v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, Namespace>) {
                    v.metadata.name = r.ns(v.metadata.name);
                } else if constexpr (std::is_same_v<T, KubeNode>) {
                    v.metadata.name = r.node(v.metadata.name);
                } else if constexpr (!std::is_same_v<T, std::monostate>) {
                    v.metadata.namespace_ = r.ns(v.metadata.namespace_);
                    v.metadata.creationTimestamp.clear();
                    v.metadata.uid.clear();
                    v.metadata.resourceVersion.clear();
                    if constexpr (std::is_same_v<T, Pod>)
                        v.nodeName = r.node(v.nodeName);
                    if constexpr (std::is_same_v<T, Endpoints>)
                        for (auto &s : v.subsets)
                            for (auto *list : {&s.addresses, &s.notReadyAddresses})
                                for (auto &a : *list)
                                    if (a.nodeName)
                                        a.nodeName = r.node(*a.nodeName);
                }
            },
            o.object);
        out.push_back(std::move(o.object));
    }
    return out;
}

template<typename T>
const T *as(const KubeObject &o)
{
    return std::get_if<T>(&o);
}

// The comparable content of Endpoints: subsets with addresses (ip, hostname, nodeName,
// target pod), not-ready addresses and ports, sorted.
std::string canonical(const Endpoints &e)
{
    std::vector<std::string> subsets;
    for (const auto &s : e.subsets) {
        auto addrs = [](const std::vector<EndpointAddress> &list) {
            std::vector<std::string> v;
            for (const auto &a : list)
                v.push_back(a.ip + "|" + a.hostname + "|" + a.nodeName.value_or("") + "|"
                            + (a.targetRef ? a.targetRef->kind + "/" + a.targetRef->namespace_
                                                 + "/" + a.targetRef->name
                                           : std::string()));
            std::sort(v.begin(), v.end());
            std::string out;
            for (const auto &x : v)
                out += x + ";";
            return out;
        };
        std::vector<std::string> ports;
        for (const auto &p : s.ports)
            ports.push_back(p.name + ":" + std::to_string(p.port) + "/"
                            + (p.protocol.empty() ? std::string("TCP") : p.protocol));
        std::sort(ports.begin(), ports.end());
        std::string ps;
        for (const auto &p : ports)
            ps += p + ",";
        subsets.push_back("ready[" + addrs(s.addresses) + "] notReady[" + addrs(s.notReadyAddresses)
                          + "] ports[" + ps + "]");
    }
    std::sort(subsets.begin(), subsets.end());
    std::string out;
    for (const auto &s : subsets)
        out += s + "\n";
    return out;
}

// Creates an object on the real cluster the way the sandbox's scenario loader does, pods with
// their status set through the status subresource (there is no kubelet).
void createReal(ApiServerBackend &be, const KubeObject &o)
{
    auto created = await<KubeObject>([&](auto cb) { be.create(o, false, cb); });
    if (as<Namespace>(o) && !created && created.error().reason == "AlreadyExists")
        return;
    ASSERT_TRUE(created.ok()) << created.error().toString();
    if (const Pod *p = as<Pod>(o)) {
        Node status = Node::map();
        status.set("status", *encodePod(*p).find("status"));
        ApiClient::Request req;
        req.method = "PATCH";
        req.path = ResourceRef::of(ResourceKind::Pod).path(p->metadata.namespace_, p->metadata.name)
                   + "/status";
        req.contentType = "application/merge-patch+json";
        req.body = QByteArray::fromStdString(writeJson(stripTombstones(status), -1));
        auto st = await<ApiClient::Response>([&](auto cb) { be.client().send(req, cb); });
        ASSERT_TRUE(st.ok()) << st.error().toString();
    }
}

class SandboxAgreement : public ::testing::TestWithParam<const char *>
{};

TEST_P(SandboxAgreement, EndpointsEqualTheRealControllers)
{
    const std::string scenario = GetParam();
    std::string prefix = scenario.substr(0, scenario.find('.'));
    prefix = "ag" + std::to_string(std::hash<std::string>{}(prefix) % 100000);
    const Renamer r{prefix};
    const auto objects = scenarioObjects(std::string(STUDIO_SCENARIOS_DIR) + "/" + scenario, r);
    ASSERT_FALSE(objects.empty());

    auto be = adminBackend();
    ASSERT_TRUE(be);
    SandboxBackend sandbox;

    std::set<std::string> namespaces;
    for (const auto &o : objects)
        std::visit(
            [&](const auto &v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (!std::is_same_v<T, std::monostate> && !std::is_same_v<T, Namespace>
                              && !std::is_same_v<T, KubeNode>)
                    namespaces.insert(v.metadata.namespace_);
            },
            o);
    for (const auto &ns : namespaces) {
        ASSERT_TRUE(createNamespace(*be, ns, true));
        Namespace n;
        n.metadata.name = ns;
        ASSERT_TRUE(sandbox.createNow(n).ok());
    }
    for (const char *kind : {"Node", "Service", "Endpoints", "Pod"}) {
        for (const auto &o : objects) {
            const bool match = (std::string(kind) == "Node" && as<KubeNode>(o))
                               || (std::string(kind) == "Service" && as<Service>(o))
                               || (std::string(kind) == "Endpoints" && as<Endpoints>(o))
                               || (std::string(kind) == "Pod" && as<Pod>(o));
            if (!match)
                continue;
            if (const KubeNode *n = as<KubeNode>(o)) {
                auto rn = await<KubeObject>([&](auto cb) { be->create(*n, false, cb); });
                ASSERT_TRUE(rn.ok() || rn.error().reason == "AlreadyExists");
            } else {
                createReal(*be, o);
            }
            auto s = sandbox.createNow(o);
            ASSERT_TRUE(s.ok() || s.error().reason == "AlreadyExists") << s.error().toString();
        }
    }

    // Every service's Endpoints: the real controller works asynchronously, so poll until
    // they agree (or a minute has passed, then show the difference).
    const ClusterSnapshot snap = sandbox.snapshot();
    int compared = 0;
    for (const Service *svc : snap.services()) {
        if (!namespaces.count(svc->metadata.namespace_))
            continue;
        const Endpoints *mine = snap.endpoints(svc->metadata.namespace_, svc->metadata.name);
        const std::string want = mine ? canonical(*mine) : std::string("<none>");
        std::string got;
        waitFor(
            [&] {
                auto e = await<KubeObject>(
                    [&](auto cb) {
                        be->get(ResourceKind::Endpoints, svc->metadata.namespace_,
                                svc->metadata.name, cb);
                    },
                    5000);
                got = e.ok() ? canonical(std::get<Endpoints>(*e)) : std::string("<none>");
                return got == want;
            },
            60'000);
        EXPECT_EQ(got, want) << scenario << ": service " << svc->metadata.namespace_ << "/"
                             << svc->metadata.name;
        ++compared;
    }
    EXPECT_GT(compared, 0);
    std::fprintf(stderr, "# %s: %d services, Endpoints compared with the real controller\n",
                 scenario.c_str(), compared);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SandboxAgreement,
                         ::testing::Values("image-processing-backend.yaml",
                                           "my-service-multi-port.yaml", "headless.yaml",
                                           "service-without-selector.yaml", "nodeport.yaml",
                                           "default.yaml"),
                         [](const auto &p) {
                             std::string n = p.param;
                             n = n.substr(0, n.find('.'));
                             for (char &c : n)
                                 if (c == '-')
                                     c = '_';
                             return n;
                         });

// Allocation errors: the same request, refused with the same words by both.
TEST(SandboxAgreement, AllocationErrorsReadTheSame)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    SandboxBackend sandbox;
    const std::string ns = "agree-alloc";
    ASSERT_TRUE(createNamespace(*be, ns, false));
    Namespace n;
    n.metadata.name = ns;
    ASSERT_TRUE(sandbox.createNow(n).ok());

    auto service = [&](const std::string &name) {
        Service s;
        s.metadata.name = name;
        s.metadata.namespace_ = ns;
        ServicePort p;
        p.port = 80;
        s.spec.ports = {p};
        return s;
    };
    // A node port both will hand out, then asked for again.
    Service first = service("np-first");
    first.spec.type = "NodePort";
    first.spec.ports[0].nodePort = 30555;
    ASSERT_TRUE(await<KubeObject>([&](auto cb) { be->create(first, false, cb); }).ok());
    ASSERT_TRUE(sandbox.createNow(first).ok());

    std::vector<Service> cases;
    Service taken = service("ip-taken");
    taken.spec.clusterIP = "10.96.0.1"; // the kubernetes service's
    cases.push_back(taken);
    Service outside = service("ip-outside");
    outside.spec.clusterIP = "10.0.0.11";
    cases.push_back(outside);
    Service portTaken = service("np-taken");
    portTaken.spec.type = "NodePort";
    portTaken.spec.ports[0].nodePort = 30555;
    cases.push_back(portTaken);
    Service portOutside = service("np-outside");
    portOutside.spec.type = "NodePort";
    portOutside.spec.ports[0].nodePort = 40000;
    cases.push_back(portOutside);

    for (const Service &s : cases) {
        auto real = await<KubeObject>([&](auto cb) { be->create(s, false, cb); });
        auto mine = sandbox.createNow(s);
        ASSERT_FALSE(real.ok()) << s.metadata.name;
        ASSERT_FALSE(mine.ok()) << s.metadata.name;
        EXPECT_EQ(mine.error().status, real.error().status) << s.metadata.name;
        EXPECT_EQ(mine.error().reason, real.error().reason) << s.metadata.name;
        EXPECT_EQ(mine.error().message, real.error().message) << s.metadata.name;
        ASSERT_EQ(mine.error().causes.size(), real.error().causes.size()) << s.metadata.name;
        for (size_t i = 0; i < mine.error().causes.size(); ++i) {
            EXPECT_EQ(mine.error().causes[i].field, real.error().causes[i].field);
            EXPECT_EQ(mine.error().causes[i].type, real.error().causes[i].type);
        }
    }
}

} // namespace
