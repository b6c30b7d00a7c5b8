// SPDX-License-Identifier: GPL-3.0-or-later
// Every complete Service/Endpoints manifest in the concept page (its ```yaml blocks with a
// kind) must be accepted after defaulting, as the page promises.
#include "manifest/manifest.h"
#include "test_support.h"

#include <fstream>
#include <sstream>

using namespace studio;
using namespace studio::test;

namespace {

std::vector<std::string> seedYamlBlocks()
{
    std::ifstream in(std::string(STUDIO_SEED_DIR) + "/services-concept-ja.md");
    std::vector<std::string> blocks;
    std::string line, block;
    bool inYaml = false;
    while (std::getline(in, line)) {
        if (!inYaml && line == "```yaml") {
            inYaml = true;
            block.clear();
        } else if (inYaml && line.starts_with("```")) {
            inYaml = false;
            if (block.find("kind:") != std::string::npos
                && block.find("[...]") == std::string::npos)
                blocks.push_back(block);
        } else if (inYaml) {
            block += line + "\n";
        }
    }
    return blocks;
}

TEST(SeedExamples, AllCompleteManifestsAreValid)
{
    const auto blocks = seedYamlBlocks();
    ASSERT_GE(blocks.size(), 7u) << "the concept page should have its 7 complete examples";
    int services = 0, endpoints = 0;
    for (const auto &text : blocks) {
        auto file = loadManifestText(text, "seed");
        ASSERT_TRUE(file.ok()) << file.error().toString() << "\n" << text;
        for (const auto &obj : file->objects) {
            ASSERT_TRUE(obj.errors.empty()) << describe(obj.errors) << "\n" << text;
            if (const Service *svc = obj.as<Service>()) {
                ++services;
                Service s = *svc;
                defaultService(s);
                // The LoadBalancer example picks clusterIP 10.0.171.239: valid where the
                // service range holds it (the page's own cluster used 10.0.0.0/16-ish
                // addresses), refused by the default 10.96.0.0/12 with the allocator's text.
                ValidationSettings settings;
                if (s.spec.clusterIP == "10.0.171.239") {
                    settings.serviceClusterIpRange = *IpNetwork::parse("10.0.0.0/16");
                    const auto refused = validateService(s);
                    ASSERT_EQ(refused.size(), 1u);
                    EXPECT_EQ(refused[0].field, "spec.clusterIPs");
                    EXPECT_EQ(refused[0].detail,
                              "failed to allocated ip:10.0.171.239 with error:provided IP is not "
                              "in the valid range. The range of valid IPs is 10.96.0.0/12");
                }
                EXPECT_TRUE(sameErrors(validateService(s, settings), {})) << text;
            } else if (const Endpoints *ep = obj.as<Endpoints>()) {
                ++endpoints;
                Endpoints e = *ep;
                defaultEndpoints(e);
                EXPECT_TRUE(sameErrors(validateEndpoints(e), {})) << text;
                ASSERT_EQ(e.subsets.size(), 1u);
                EXPECT_EQ(e.subsets[0].addresses[0].ip, "1.2.3.4");
                EXPECT_EQ(e.subsets[0].ports[0].port, 9376);
                EXPECT_EQ(e.subsets[0].ports[0].protocol, "TCP");
            }
        }
    }
    EXPECT_EQ(services, 6);
    EXPECT_EQ(endpoints, 1);
}

// The page's first example, field by field after defaulting.
TEST(SeedExamples, MyServiceDefaults)
{
    auto file = loadManifestText(seedYamlBlocks().at(0), "seed");
    ASSERT_TRUE(file.ok());
    Service s = *file->objects.at(0).as<Service>();
    defaultService(s);
    EXPECT_EQ(s.metadata.name, "my-service");
    EXPECT_EQ(s.spec.selector, (Labels{{"app", "MyApp"}}));
    EXPECT_EQ(s.spec.type, "ClusterIP");
    EXPECT_EQ(s.spec.sessionAffinity, "None");
    ASSERT_EQ(s.spec.ports.size(), 1u);
    EXPECT_EQ(s.spec.ports[0].port, 80);
    EXPECT_EQ(s.spec.ports[0].targetPort, IntOrString::fromInt(9376));
    EXPECT_TRUE(validateService(s).empty());
    EXPECT_TRUE(reviewService(s, {}).empty());
}

} // namespace
