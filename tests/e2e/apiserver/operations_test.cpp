// SPDX-License-Identifier: GPL-3.0-or-later
// Every ClusterBackend / ApiClient operation against the real apiserver, as the admin.
#include "e2e_support.h"

#include "apiserver/json_reader.h"
#include "util/ip_address.h"

using namespace studio;
using namespace studio::test;

namespace {

ServicePort tcpPort(int32_t port, const std::string &name = {})
{
    ServicePort p;
    p.name = name;
    p.port = port;
    return p;
}

Service service(const std::string &name, const std::string &ns)
{
    Service s;
    s.metadata.name = name;
    s.metadata.namespace_ = ns;
    s.spec.selector = Labels{{"app", name}};
    s.spec.ports = {tcpPort(80, "http")};
    return s;
}

const Service &asService(const ApiResult<KubeObject> &r)
{
    static const Service none;
    const Service *s = r ? std::get_if<Service>(&*r) : nullptr;
    return s ? *s : none;
}

} // namespace

TEST(Operations, ServiceLifecycle)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    const std::string ns = "e2e-ops";
    ASSERT_TRUE(createNamespace(*be, ns, false));
    EXPECT_NE(be->displayName().find(cluster().env("APISERVER_URL")), std::string::npos);

    // create: the server defaults and allocates.
    auto created = await<KubeObject>([&](auto cb) { be->create(service("web", ns), false, cb); });
    ASSERT_TRUE(created.ok()) << created.error().toString();
    const Service web = asService(created);
    EXPECT_EQ(web.metadata.name, "web");
    EXPECT_FALSE(web.metadata.uid.empty());
    EXPECT_FALSE(web.metadata.resourceVersion.empty());
    auto ip = IpAddress::parse(web.spec.clusterIP);
    ASSERT_TRUE(ip.has_value()) << web.spec.clusterIP;
    EXPECT_TRUE(IpNetwork::parse("10.96.0.0/12")->contains(*ip)) << web.spec.clusterIP;
    ASSERT_EQ(web.spec.ports.size(), 1u);
    EXPECT_EQ(web.spec.ports[0].protocol, "TCP");
    ASSERT_TRUE(web.spec.ports[0].targetPort.has_value());
    EXPECT_EQ(*web.spec.ports[0].targetPort, IntOrString::fromInt(80));
    EXPECT_EQ(web.spec.type, "ClusterIP");
    EXPECT_EQ(web.spec.sessionAffinity, "None");

    // get
    auto got = await<KubeObject>([&](auto cb) { be->get(ResourceKind::Service, ns, "web", cb); });
    ASSERT_TRUE(got.ok()) << got.error().toString();
    EXPECT_EQ(asService(got).spec.clusterIP, web.spec.clusterIP);

    // dry run: defaulted and validated, not stored.
    auto dry = await<KubeObject>([&](auto cb) { be->create(service("dry", ns), true, cb); });
    ASSERT_TRUE(dry.ok()) << dry.error().toString();
    EXPECT_EQ(asService(dry).spec.ports[0].protocol, "TCP");
    auto dryGet
        = await<KubeObject>([&](auto cb) { be->get(ResourceKind::Service, ns, "dry", cb); });
    ASSERT_FALSE(dryGet.ok());
    EXPECT_EQ(dryGet.error().status, 404);

    // list, paged
    for (int i = 1; i <= 4; ++i) {
        auto r = await<KubeObject>(
            [&](auto cb) { be->create(service("web-" + std::to_string(i), ns), false, cb); });
        ASSERT_TRUE(r.ok()) << r.error().toString();
    }
    be->setListPageSize(2);
    auto list = await<ObjectList>([&](auto cb) { be->list(ResourceKind::Service, ns, cb); });
    ASSERT_TRUE(list.ok()) << list.error().toString();
    EXPECT_EQ(list->items.size(), 5u);
    EXPECT_FALSE(list->resourceVersion.empty());
    std::set<std::string> names;
    for (const auto &o : list->items)
        names.insert(objectMeta(o)->name);
    EXPECT_EQ(names, (std::set<std::string>{"web", "web-1", "web-2", "web-3", "web-4"}));
    // ... and the pages, seen from the client.
    ListOptions lo;
    lo.limit = 2;
    size_t pages = 0;
    auto summary = await<ListSummary>([&](auto cb) {
        be->client().list(
            ResourceRef::of(ResourceKind::Service), ns, lo, [&](ListPage &&) { ++pages; }, cb);
    });
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->pages, 3u);
    EXPECT_EQ(pages, 3u);
    be->setListPageSize(500);

    // replace with the current resourceVersion
    Service changed = asService(got);
    changed.metadata.labels["tier"] = "frontend";
    auto replaced = await<KubeObject>([&](auto cb) { be->replace(changed, false, cb); });
    ASSERT_TRUE(replaced.ok()) << replaced.error().toString();
    EXPECT_EQ(asService(replaced).metadata.labels.at("tier"), "frontend");
    EXPECT_NE(asService(replaced).metadata.resourceVersion, changed.metadata.resourceVersion);

    // merge patch: a JSON merge patch replaces lists
    const ResourceRef svc = ResourceRef::of(ResourceKind::Service);
    auto patchOf = [](const char *json) { return *parseJson(json); };
    auto merged = await<Node>([&](auto cb) {
        be->client().patch(svc,
                           ns,
                           "web",
                           PatchType::Merge,
                           patchOf(R"({"metadata":{"labels":{"patched":"merge"}}})"),
                           {},
                           cb);
    });
    ASSERT_TRUE(merged.ok()) << merged.error().toString();
    EXPECT_EQ(merged->find("metadata")->find("labels")->find("patched")->text(), "merge");
    // strategic merge patch: ports merge by their key (port), so 80 stays and 443 joins.
    auto strategic = await<Node>([&](auto cb) {
        be->client().patch(svc,
                           ns,
                           "web",
                           PatchType::StrategicMerge,
                           patchOf(R"({"spec":{"ports":[{"name":"https","port":443}]}})"),
                           {},
                           cb);
    });
    ASSERT_TRUE(strategic.ok()) << strategic.error().toString();
    Service afterStrategic
        = std::get<Service>(ApiServerBackend::decode(ResourceKind::Service, *strategic));
    ASSERT_EQ(afterStrategic.spec.ports.size(), 2u);
    // The same list as a merge patch replaces the ports.
    auto mergedPorts = await<Node>([&](auto cb) {
        WriteOptions dryRun;
        dryRun.dryRun = true;
        be->client().patch(svc,
                           ns,
                           "web",
                           PatchType::Merge,
                           patchOf(R"({"spec":{"ports":[{"name":"https","port":443}]}})"),
                           dryRun,
                           cb);
    });
    ASSERT_TRUE(mergedPorts.ok()) << mergedPorts.error().toString();
    EXPECT_EQ(std::get<Service>(ApiServerBackend::decode(ResourceKind::Service, *mergedPorts))
                  .spec.ports.size(),
              1u);

    // delete, then it is gone with the apiserver's words.
    auto removed = await<bool>([&](auto cb) { be->remove(ResourceKind::Service, ns, "web", cb); });
    ASSERT_TRUE(removed.ok()) << removed.error().toString();
    EXPECT_TRUE(*removed);
    auto gone = await<KubeObject>([&](auto cb) { be->get(ResourceKind::Service, ns, "web", cb); });
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().status, 404);
    EXPECT_EQ(gone.error().reason, "NotFound");
    EXPECT_EQ(gone.error().message, apiNotFound(ResourceKind::Service, "web").message);
    auto again = await<bool>([&](auto cb) { be->remove(ResourceKind::Service, ns, "web", cb); });
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().status, 404);
}

TEST(Operations, ApplyCreatesThenReplacesKeepingAllocations)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    const std::string ns = "e2e-apply";
    ASSERT_TRUE(createNamespace(*be, ns, false));

    Service s = service("np", ns);
    s.spec.type = "NodePort";
    auto first = await<KubeObject>([&](auto cb) { be->apply(s, false, cb); });
    ASSERT_TRUE(first.ok()) << first.error().toString();
    const Service live = asService(first);
    ASSERT_NE(live.spec.ports[0].nodePort, 0);

    // The same manifest again, changed, without resourceVersion, clusterIP or nodePort.
    s.metadata.labels["version"] = "2";
    auto second = await<KubeObject>([&](auto cb) { be->apply(s, false, cb); });
    ASSERT_TRUE(second.ok()) << second.error().toString();
    const Service now = asService(second);
    EXPECT_EQ(now.metadata.uid, live.metadata.uid); // replaced, not recreated
    EXPECT_EQ(now.metadata.labels.at("version"), "2");
    EXPECT_EQ(now.spec.clusterIP, live.spec.clusterIP);
    EXPECT_EQ(now.spec.ports[0].nodePort, live.spec.ports[0].nodePort);

    // With a resourceVersion, apply is a replace; a dry run changes nothing.
    Service withRv = now;
    withRv.metadata.labels["version"] = "3";
    auto dry = await<KubeObject>([&](auto cb) { be->apply(withRv, true, cb); });
    ASSERT_TRUE(dry.ok()) << dry.error().toString();
    EXPECT_EQ(asService(dry).metadata.labels.at("version"), "3");
    auto check = await<KubeObject>([&](auto cb) { be->get(ResourceKind::Service, ns, "np", cb); });
    EXPECT_EQ(asService(check).metadata.labels.at("version"), "2");

    // Objects without a namespace go to the context's ("default").
    Service plain = service("e2e-default-ns", "");
    auto inDefault = await<KubeObject>([&](auto cb) { be->create(plain, false, cb); });
    ASSERT_TRUE(inDefault.ok()) << inDefault.error().toString();
    EXPECT_EQ(asService(inDefault).metadata.namespace_, "default");

    for (const auto &[n, name] :
         {std::pair{ns, "np"}, std::pair{std::string("default"), "e2e-default-ns"}}) {
        auto r = await<bool>([&](auto cb) { be->remove(ResourceKind::Service, n, name, cb); });
        EXPECT_TRUE(r.ok()) << r.error().toString();
    }
}

TEST(Operations, PodsNodesAndEndpointsFromTheController)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    const std::string ns = "e2e-pods";
    ASSERT_TRUE(createNamespace(*be, ns, true));

    KubeNode node;
    node.metadata.name = "e2e-node-1";
    node.metadata.labels["kubernetes.io/hostname"] = "e2e-node-1";
    auto n = await<KubeObject>([&](auto cb) { be->create(node, false, cb); });
    ASSERT_TRUE(n.ok() || n.error().reason == "AlreadyExists") << n.error().toString();

    Pod pod;
    pod.metadata.name = "backend-1";
    pod.metadata.namespace_ = ns;
    pod.metadata.labels["app"] = "backend";
    pod.nodeName = "e2e-node-1";
    Container c;
    c.name = "app";
    c.image = "registry.invalid/backend:1";
    ContainerPort cp;
    cp.name = "http";
    cp.containerPort = 8080;
    c.ports = {cp};
    pod.containers = {c};
    auto p = await<KubeObject>([&](auto cb) { be->create(pod, false, cb); });
    ASSERT_TRUE(p.ok()) << p.error().toString();

    // No kubelet: set the status ourselves, through the status subresource.
    ApiClient::Request status;
    status.method = "PATCH";
    status.path = ResourceRef::of(ResourceKind::Pod).path(ns, "backend-1") + "/status";
    status.contentType = "application/merge-patch+json";
    status.body
        = R"({"status":{"phase":"Running","hostIP":"192.0.2.10","podIP":"10.244.1.7",)"
          R"("podIPs":[{"ip":"10.244.1.7"}],"conditions":[{"type":"Ready","status":"True"},)"
          R"({"type":"ContainersReady","status":"True"}]}})";
    auto st = await<ApiClient::Response>([&](auto cb) { be->client().send(status, cb); });
    ASSERT_TRUE(st.ok()) << st.error().toString();

    Service s = service("backend", ns);
    s.spec.selector = Labels{{"app", "backend"}};
    s.spec.ports = {tcpPort(80, "http")};
    s.spec.ports[0].targetPort = IntOrString::fromString("http");
    ASSERT_TRUE(await<KubeObject>([&](auto cb) { be->create(s, false, cb); }).ok());

    // The real endpoints controller resolves the named port on the ready pod.
    Endpoints ep;
    const bool filled = waitFor(
        [&] {
            auto r = await<KubeObject>(
                [&](auto cb) { be->get(ResourceKind::Endpoints, ns, "backend", cb); }, 5000);
            if (!r)
                return false;
            ep = std::get<Endpoints>(*r);
            return !ep.subsets.empty() && !ep.subsets[0].addresses.empty();
        },
        60'000);
    ASSERT_TRUE(filled) << "no endpoints for backend within 60 s";
    EXPECT_EQ(ep.subsets[0].addresses[0].ip, "10.244.1.7");
    ASSERT_TRUE(ep.subsets[0].addresses[0].nodeName.has_value());
    EXPECT_EQ(*ep.subsets[0].addresses[0].nodeName, "e2e-node-1");
    EXPECT_EQ(ep.subsets[0].ports[0].port, 8080);

    auto pods = await<ObjectList>([&](auto cb) { be->list(ResourceKind::Pod, ns, cb); });
    ASSERT_TRUE(pods.ok());
    ASSERT_EQ(pods->items.size(), 1u);
    const Pod &live = std::get<Pod>(pods->items[0]);
    EXPECT_TRUE(live.isReady());
    EXPECT_EQ(live.podIP, "10.244.1.7");
    auto nodes = await<ObjectList>([&](auto cb) { be->list(ResourceKind::Node, "", cb); });
    ASSERT_TRUE(nodes.ok());
    EXPECT_FALSE(nodes->items.empty());

    be->setPodDeleteGracePeriod(0);
    ASSERT_TRUE(
        await<bool>([&](auto cb) { be->remove(ResourceKind::Pod, ns, "backend-1", cb); }).ok());
    auto after
        = await<KubeObject>([&](auto cb) { be->get(ResourceKind::Pod, ns, "backend-1", cb); });
    ASSERT_FALSE(after.ok()); // gracePeriodSeconds 0: gone at once, even without a kubelet
    EXPECT_EQ(after.error().status, 404);
}
