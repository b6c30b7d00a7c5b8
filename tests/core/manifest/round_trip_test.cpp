// SPDX-License-Identifier: GPL-3.0-or-later
// Read, change one field, write: everything the model does not know survives, in order.
#include "manifest/manifest.h"
#include "manifest/writer.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {
const char *kRich = R"(# comment lines are not kept (the YAML library does not report them)
kind: Service
apiVersion: v1
metadata:
  name: my-service
  labels:
    tier: backend
    app: MyApp
  annotations:
    example.com/owner: team-a
  x-unknown-meta: keep me
spec:
  type: NodePort
  selector:
    app: MyApp
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: 9376
    nodePort: 30080
    x-port-extra: 1
  - name: https
    port: 443
    targetPort: 0x24c9
  futureField:
    nested: [1, 2, 3]
  externalTrafficPolicy: Local
status:
  loadBalancer: {}
)";

ManifestObject loadOne(const std::string &text)
{
    auto f = loadManifestText(text, "t.yaml");
    EXPECT_TRUE(f.ok());
    EXPECT_EQ(f->objects.size(), 1u);
    return f->objects.at(0);
}
} // namespace

TEST(RoundTrip, UnchangedObjectWritesTheSameTree)
{
    ManifestObject o = loadOne(kRich);
    ASSERT_TRUE(o.errors.empty());
    Node out = encodeObject(o.object, &o.tree);
    EXPECT_TRUE(out == o.tree) << writeYaml(out);
    // Numbers keep their spelling.
    EXPECT_NE(writeYaml(out).find("targetPort: 0x24c9"), std::string::npos);
}

TEST(RoundTrip, ChangingOneFieldKeepsUnknownFieldsAndOrder)
{
    ManifestObject o = loadOne(kRich);
    Service s = *o.as<Service>();
    s.spec.ports[0].port = 8080;
    s.spec.type = "LoadBalancer";
    s.metadata.labels["version"] = "v2";
    s.metadata.labels.erase("tier");
    Node out = encodeObject(s, &o.tree);
    const std::string y = writeYaml(out);
    // Key order of the file, not of the API.
    EXPECT_EQ(out.entries()[0].key, "kind");
    EXPECT_EQ(out.entries()[1].key, "apiVersion");
    const Node *spec = out.find("spec");
    ASSERT_TRUE(spec);
    EXPECT_EQ(spec->entries()[0].key, "type");
    EXPECT_EQ(spec->find("type")->text(), "LoadBalancer");
    EXPECT_EQ(spec->find("ports")->items()[0].find("port")->intValue(), 8080);
    // Unknown fields survive at every level.
    EXPECT_EQ(out.find("metadata")->find("x-unknown-meta")->text(), "keep me");
    EXPECT_EQ(spec->find("ports")->items()[0].find("x-port-extra")->intValue(), 1);
    EXPECT_EQ(spec->find("futureField")->find("nested")->items().size(), 3u);
    // Owned maps are replaced whole: the removed label is gone.
    const Node *labels = out.find("metadata")->find("labels");
    EXPECT_EQ(labels->find("tier"), nullptr);
    EXPECT_EQ(labels->find("version")->text(), "v2");
    // Fields the user cleared are removed, unknown ones are not.
    s.spec.externalTrafficPolicy.clear();
    s.spec.ports.pop_back();
    out = encodeObject(s, &o.tree);
    EXPECT_EQ(out.find("spec")->find("externalTrafficPolicy"), nullptr);
    EXPECT_EQ(out.find("spec")->find("ports")->items().size(), 1u);
    EXPECT_NE(out.find("spec")->find("futureField"), nullptr);
    // And it reads back as the same model.
    auto again = loadManifestText(writeYaml(out), "again.yaml");
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->objects.size(), 1u);
    EXPECT_TRUE(*again->objects[0].as<Service>() == s);
}

TEST(RoundTrip, JsonInJsonOut)
{
    const char *json = R"({"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"my-service"},
      "subsets":[{"addresses":[{"ip":"192.0.2.42","x":true}],"ports":[{"port":9376}]}]})";
    ManifestObject o = loadOne(json);
    ASSERT_TRUE(o.errors.empty());
    Endpoints e = *o.as<Endpoints>();
    e.subsets[0].ports[0].port = 9377;
    Node out = encodeObject(e, &o.tree);
    EXPECT_EQ(writeJson(out, -1),
              R"({"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"my-service"},)"
              R"("subsets":[{"addresses":[{"ip":"192.0.2.42","x":true}],"ports":[{"port":9377}]}]})");
}

TEST(RoundTrip, FreshEncodingHasNoEmptyFields)
{
    Service s;
    s.metadata.name = "web";
    ServicePort p;
    p.port = 80;
    s.spec.ports.push_back(p);
    s.spec.selector = Labels{{"app", "web"}};
    EXPECT_EQ(writeYaml(encodeObject(s)), "apiVersion: v1\n"
                                          "kind: Service\n"
                                          "metadata:\n"
                                          "  name: web\n"
                                          "spec:\n"
                                          "  ports:\n"
                                          "  - port: 80\n"
                                          "  selector:\n"
                                          "    app: web\n");
}
