// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/manifest.h"
#include "manifest/object_codec.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {
ManifestFile load(const std::string &text)
{
    auto f = loadManifestText(text, "t.yaml");
    EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().toString());
    return f.ok() ? *f : ManifestFile{};
}
} // namespace

TEST(Codec, DecodesEverySeedServiceField)
{
    auto f = load(R"(apiVersion: v1
kind: Service
metadata:
  name: my-service
  namespace: prod
  labels: {app: MyApp}
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-internal: 0.0.0.0/0
spec:
  selector:
    app: MyApp
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: 9376
    nodePort: 30061
  - name: https
    protocol: SCTP
    port: 443
    targetPort: https-port
  clusterIP: 10.0.171.239
  type: LoadBalancer
  externalIPs: [80.11.12.10]
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 600
  loadBalancerIP: 78.11.24.19
  loadBalancerSourceRanges: [130.211.204.1/32]
  externalTrafficPolicy: Local
  healthCheckNodePort: 30999
  publishNotReadyAddresses: true
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
status:
  loadBalancer:
    ingress:
    - ip: 146.148.47.155
)");
    ASSERT_EQ(f.objects.size(), 1u);
    const auto &o = f.objects[0];
    EXPECT_TRUE(o.errors.empty());
    EXPECT_TRUE(o.warnings.empty());
    const Service *s = o.as<Service>();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->metadata.namespace_, "prod");
    EXPECT_EQ(s->metadata.annotations.at("service.beta.kubernetes.io/aws-load-balancer-internal"),
              "0.0.0.0/0");
    ASSERT_EQ(s->spec.ports.size(), 2u);
    EXPECT_EQ(s->spec.ports[0].targetPort, IntOrString::fromInt(9376));
    EXPECT_EQ(s->spec.ports[1].targetPort, IntOrString::fromString("https-port"));
    EXPECT_EQ(s->spec.ports[1].protocol, "SCTP");
    EXPECT_EQ(s->spec.ports[0].nodePort, 30061);
    EXPECT_EQ(s->spec.clusterIP, "10.0.171.239");
    EXPECT_EQ(s->spec.externalIPs, std::vector<std::string>{"80.11.12.10"});
    EXPECT_EQ(*s->spec.sessionAffinityConfig->clientIP->timeoutSeconds, 600);
    EXPECT_EQ(s->spec.loadBalancerIP, "78.11.24.19");
    EXPECT_EQ(s->spec.externalTrafficPolicy, "Local");
    EXPECT_EQ(s->spec.healthCheckNodePort, 30999);
    EXPECT_TRUE(s->spec.publishNotReadyAddresses);
    EXPECT_EQ(*s->spec.ipFamilyPolicy, "SingleStack");
    ASSERT_EQ(s->status.loadBalancerIngress.size(), 1u);
    EXPECT_EQ(s->status.loadBalancerIngress[0].ip, "146.148.47.155");
}

struct TypeCase
{
    const char *name;
    const char *specFragment;
    const char *field;
    const char *detailPart;
};

class WrongTypes : public ::testing::TestWithParam<TypeCase>
{};

TEST_P(WrongTypes, ReportFieldAndLocation)
{
    const TypeCase &c = GetParam();
    const std::string text = std::string("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n"
                                         "spec:\n")
                             + c.specFragment;
    auto f = load(text);
    ASSERT_EQ(f.objects.size(), 1u);
    const auto &errs = f.objects[0].errors;
    ASSERT_FALSE(errs.empty()) << c.name;
    EXPECT_EQ(errs[0].field, c.field);
    EXPECT_EQ(errs[0].type, field_error_type::TypeInvalid);
    EXPECT_NE(errs[0].detail.find(c.detailPart), std::string::npos) << errs[0].detail;
    EXPECT_GE(errs[0].line, 6) << c.name;
    EXPECT_GT(errs[0].column, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Decode, WrongTypes,
    ::testing::Values(
        TypeCase{"port_string", "  ports:\n  - port: \"80\"\n", "spec.ports[0].port",
                 "expected integer, got string \"80\""},
        TypeCase{"port_float", "  ports:\n  - port: 80.5\n", "spec.ports[0].port",
                 "expected integer"},
        TypeCase{"port_overflow", "  ports:\n  - port: 4294967377\n", "spec.ports[0].port",
                 "overflows"},
        TypeCase{"ports_map", "  ports: {port: 80}\n", "spec.ports", "expected array"},
        TypeCase{"selector_list", "  selector: [app]\n", "spec.selector", "expected object"},
        TypeCase{"selector_bool_value", "  selector:\n    enabled: yes\n",
                 "spec.selector.enabled", "expected string, got boolean"},
        TypeCase{"target_port_bool", "  ports:\n  - port: 80\n    targetPort: true\n",
                 "spec.ports[0].targetPort", "expected integer or string"},
        TypeCase{"external_ips_number", "  externalIPs: [1]\n", "spec.externalIPs[0]",
                 "expected string"},
        TypeCase{"timeout_string",
                 "  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: ten\n",
                 "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "expected integer"},
        TypeCase{"publish_string", "  publishNotReadyAddresses: \"true\"\n",
                 "spec.publishNotReadyAddresses", "expected boolean"},
        TypeCase{"spec_scalar", "  7\n", "spec", "expected object"}),
    [](const auto &p) { return std::string(p.param.name); });

TEST(Codec, UnknownFieldsAreWarningsWithLocation)
{
    auto f = load("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  selecter:\n"
                  "    app: x\n  ports:\n  - port: 80\n    targetport: 8080\n");
    const auto &o = f.objects[0];
    EXPECT_TRUE(o.errors.empty());
    ASSERT_EQ(o.warnings.size(), 2u);
    EXPECT_EQ(o.warnings[0].field, "spec.selecter");
    EXPECT_EQ(o.warnings[0].line, 6);
    EXPECT_EQ(o.warnings[1].field, "spec.ports[0].targetport");
    EXPECT_EQ(o.warnings[1].line, 10);
}

TEST(Codec, UnknownKindAndMissingKind)
{
    auto f = load("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\n"
                  "apiVersion: v1\nmetadata: {name: x}\n---\nkind: Service\nmetadata: {name: y}\n"
                  "---\napiVersion: v2\nkind: Service\nmetadata: {name: z}\n");
    ASSERT_EQ(f.objects.size(), 4u);
    EXPECT_EQ(f.objects[0].errors.at(0).field, "kind");
    EXPECT_NE(f.objects[0].errors.at(0).detail.find("Deployment"), std::string::npos);
    EXPECT_EQ(f.objects[1].errors.at(0).field, "kind");
    EXPECT_EQ(f.objects[1].errors.at(0).type, field_error_type::Required);
    EXPECT_EQ(f.objects[2].errors.at(0).field, "apiVersion");
    EXPECT_EQ(f.objects[3].errors.at(0).field, "apiVersion");
    EXPECT_EQ(f.objects[3].errors.at(0).type, field_error_type::NotSupported);
    EXPECT_EQ(f.objects[3].document, 3);
}

TEST(Codec, ListItemsAreObjects)
{
    auto f = load("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n"
                  "  metadata: {name: a}\n- apiVersion: v1\n  kind: Endpoints\n"
                  "  metadata: {name: a}\n");
    ASSERT_EQ(f.objects.size(), 2u);
    EXPECT_EQ(f.objects[0].itemPath, "items[0]");
    EXPECT_TRUE(f.objects[0].as<Service>());
    EXPECT_TRUE(f.objects[1].as<Endpoints>());
    EXPECT_EQ(f.objects[1].tree.mark().line, 7);
}

TEST(Codec, LocateFieldFindsNearestParent)
{
    auto f = load("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels:\n"
                  "    app.kubernetes.io/name: web\nspec:\n  ports:\n  - port: 80\n"
                  "    name: http\n");
    const Node &t = f.objects[0].tree;
    EXPECT_EQ(locateField(t, "spec.ports[0].name").line, 10);
    EXPECT_EQ(locateField(t, "spec.ports[0].name").column, 11);
    EXPECT_EQ(locateField(t, "spec.ports[0].targetPort").line, 9);
    EXPECT_EQ(locateField(t, "spec.ports[3]").line, 8);
    EXPECT_EQ(locateField(t, "spec.selector").line, 7);
    EXPECT_EQ(locateField(t, "metadata.labels.app.kubernetes.io/name").line, 6);
    EXPECT_EQ(locateField(t, "metadata.annotations[foo]").line, 3);
}

TEST(Codec, EndpointsPodNodeNamespace)
{
    auto f = load(R"(apiVersion: v1
kind: Endpoints
metadata: {name: my-service}
subsets:
- addresses:
  - ip: 192.0.2.42
    nodeName: n1
    targetRef: {kind: Pod, name: p, namespace: default}
  notReadyAddresses:
  - ip: 192.0.2.43
  ports:
  - port: 9376
    name: http
---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: MyApp}, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  nodeName: n1
  containers:
  - name: c
    image: img
    ports:
    - {name: http, containerPort: 9376}
status:
  phase: Running
  podIP: 10.244.1.5
  conditions:
  - {type: Ready, status: "True"}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.244.1.0/24}
status:
  addresses:
  - {type: InternalIP, address: 192.168.10.11}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod}
)");
    ASSERT_EQ(f.objects.size(), 4u);
    for (const auto &o : f.objects)
        EXPECT_TRUE(o.errors.empty()) << o.kind << ": " << o.errors[0].message();
    const Endpoints *e = f.objects[0].as<Endpoints>();
    EXPECT_EQ(e->subsets[0].addresses[0].targetRef->name, "p");
    EXPECT_EQ(*e->subsets[0].addresses[0].nodeName, "n1");
    EXPECT_EQ(e->subsets[0].notReadyAddresses[0].ip, "192.0.2.43");
    const Pod *p = f.objects[1].as<Pod>();
    EXPECT_TRUE(p->isReady());
    EXPECT_EQ(p->containers[0].ports[0].name, "http");
    EXPECT_EQ(p->podIP, "10.244.1.5");
    const KubeNode *n = f.objects[2].as<KubeNode>();
    EXPECT_EQ(n->addresses[0].address, "192.168.10.11");
    EXPECT_TRUE(f.objects[3].as<Namespace>());
    // Each encodes back to the same value.
    for (const auto &o : f.objects) {
        auto again = decodeObject(encodeObject(o.object));
        EXPECT_TRUE(again.errors.empty());
        EXPECT_TRUE(again.object == o.object) << o.kind;
    }
}

TEST(Codec, LocateFieldMatchesApiserverSpellings)
{
    auto f = load("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n"
                  "  loadBalancerSourceRanges:\n  - 10.0.0.0/33\n");
    EXPECT_EQ(locateField(f.objects[0].tree, "spec.LoadBalancerSourceRanges[0]").line, 7);
}
