// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery/dns_records.h"

#include "cluster/cluster_snapshot.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {

ServicePort named(const char *name, int32_t port, const char *proto = "TCP")
{
    ServicePort p;
    p.name = name;
    p.port = port;
    p.protocol = proto;
    return p;
}

Service svc(const char *ns, const char *name, const char *ip, std::vector<ServicePort> ports)
{
    Service s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    s.spec.clusterIP = ip;
    s.spec.ports = std::move(ports);
    return s;
}

EndpointAddress addr(const char *ip, const char *hostname = "")
{
    return {ip, hostname, std::nullopt, std::nullopt};
}

std::vector<std::string> zone(const std::vector<DnsRecord> &records)
{
    std::vector<std::string> out;
    for (const auto &r : records)
        out.push_back(r.toString());
    return out;
}

TEST(DnsRecords, ClusterIpService)
{
    const Service s = svc("my-ns", "my-service", "10.96.0.20",
                          {named("http", 80), named("", 8080), named("dns", 53, "UDP")});
    const std::vector<std::string> want{
        "my-service.my-ns.svc.cluster.local. 5 IN A 10.96.0.20",
        "_http._tcp.my-service.my-ns.svc.cluster.local. 5 IN SRV 0 100 80 "
        "my-service.my-ns.svc.cluster.local.",
        "_dns._udp.my-service.my-ns.svc.cluster.local. 5 IN SRV 0 100 53 "
        "my-service.my-ns.svc.cluster.local.",
        "20.0.96.10.in-addr.arpa. 5 IN PTR my-service.my-ns.svc.cluster.local.",
    };
    EXPECT_EQ(zone(serviceDnsRecords(s, nullptr)), want);
}

TEST(DnsRecords, ClusterDomainSetting)
{
    const Service s = svc("default", "web", "10.0.0.5", {named("", 80)});
    DnsSettings d;
    d.clusterDomain = "corp.example";
    d.ttl = 30;
    EXPECT_EQ(zone(serviceDnsRecords(s, nullptr, d)),
              (std::vector<std::string>{"web.default.svc.corp.example. 30 IN A 10.0.0.5",
                                        "5.0.0.10.in-addr.arpa. 30 IN PTR web.default.svc.corp.example."}));
}

TEST(DnsRecords, HeadlessServiceWithEndpoints)
{
    const Service s = svc("default", "headless", "None", {named("https", 443)});
    Endpoints e;
    e.subsets = {{{addr("10.3.0.100", "my-pet"), addr("10.3.0.2")},
                  {addr("10.3.0.9")}, // not ready: no records
                  {{"https", 8443, "TCP", {}}}}};
    const std::vector<std::string> want{
        "headless.default.svc.cluster.local. 5 IN A 10.3.0.100",
        "headless.default.svc.cluster.local. 5 IN A 10.3.0.2",
        "my-pet.headless.default.svc.cluster.local. 5 IN A 10.3.0.100",
        "10-3-0-2.headless.default.svc.cluster.local. 5 IN A 10.3.0.2",
        "_https._tcp.headless.default.svc.cluster.local. 5 IN SRV 0 50 8443 "
        "my-pet.headless.default.svc.cluster.local.",
        "_https._tcp.headless.default.svc.cluster.local. 5 IN SRV 0 50 8443 "
        "10-3-0-2.headless.default.svc.cluster.local.",
        "100.0.3.10.in-addr.arpa. 5 IN PTR my-pet.headless.default.svc.cluster.local.",
        "2.0.3.10.in-addr.arpa. 5 IN PTR 10-3-0-2.headless.default.svc.cluster.local.",
    };
    EXPECT_EQ(zone(serviceDnsRecords(s, &e)), want);
}

TEST(DnsRecords, HeadlessToleratingUnreadyCountsNotReady)
{
    Service s = svc("default", "h", "None", {});
    s.metadata.annotations["service.alpha.kubernetes.io/tolerate-unready-endpoints"] = "true";
    Endpoints e;
    e.subsets = {{{}, {addr("10.0.0.9")}, {}}};
    EXPECT_EQ(zone(serviceDnsRecords(s, &e)),
              (std::vector<std::string>{"h.default.svc.cluster.local. 5 IN A 10.0.0.9",
                                        "10-0-0-9.h.default.svc.cluster.local. 5 IN A 10.0.0.9",
                                        "9.0.0.10.in-addr.arpa. 5 IN PTR 10-0-0-9.h.default.svc.cluster.local."}));
}

TEST(DnsRecords, HeadlessWithoutReadyEndpointsHasNoRecords)
{
    const Service s = svc("default", "h", "None", {named("http", 80)});
    Endpoints e;
    e.subsets = {{{}, {addr("10.0.0.9")}, {{"http", 80, "TCP", {}}}}};
    EXPECT_TRUE(serviceDnsRecords(s, &e).empty());
    EXPECT_TRUE(serviceDnsRecords(s, nullptr).empty());
}

TEST(DnsRecords, ExternalName)
{
    Service s = svc("prod", "my-service", "", {});
    s.spec.type = service_type::ExternalName;
    s.spec.externalName = "my.database.example.com";
    EXPECT_EQ(zone(serviceDnsRecords(s, nullptr)),
              (std::vector<std::string>{
                  "my-service.prod.svc.cluster.local. 5 IN CNAME my.database.example.com."}));
}

TEST(DnsRecords, ReverseNames)
{
    EXPECT_EQ(reverseName("10.0.3.1"), "1.3.0.10.in-addr.arpa.");
    EXPECT_EQ(reverseName("fd00::1"),
              "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.");
    EXPECT_EQ(reverseName("nope"), "");
}

TEST(DnsRecords, Ipv6ServiceGetsAaaa)
{
    const Service s = svc("default", "v6", "fd00::a", {});
    const auto recs = serviceDnsRecords(s, nullptr);
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].type, DnsRecord::Type::AAAA);
    EXPECT_EQ(recs[0].data, "fd00::a");
}

class Resolver : public ::testing::Test
{
protected:
    void SetUp() override
    {
        snap.add(std::make_shared<Service>(svc("my-ns", "my-service", "10.96.0.20", {named("http", 80)})));
        snap.add(std::make_shared<Service>(svc("default", "kubernetes", "10.96.0.1", {named("https", 443)})));
        Service ext = svc("prod", "db", "", {});
        ext.spec.type = service_type::ExternalName;
        ext.spec.externalName = "my.database.example.com";
        snap.add(std::make_shared<Service>(ext));
        Service alias = svc("prod", "alias", "", {});
        alias.spec.type = service_type::ExternalName;
        alias.spec.externalName = "my-service.my-ns.svc.cluster.local";
        snap.add(std::make_shared<Service>(alias));
        resolver = std::make_unique<DnsResolver>(snap);
    }
    ClusterSnapshot snap;
    std::unique_ptr<DnsResolver> resolver;
};

TEST_F(Resolver, ShortNameFromSameNamespace)
{
    const auto a = resolver->resolve("my-service", DnsRecord::Type::A, "my-ns");
    ASSERT_TRUE(a.found());
    EXPECT_EQ(a.name, "my-service.my-ns.svc.cluster.local.");
    EXPECT_EQ(a.answers[0].data, "10.96.0.20");
    EXPECT_EQ(a.tried, (std::vector<std::string>{"my-service.my-ns.svc.cluster.local."}));
}

TEST_F(Resolver, OtherNamespaceNeedsQualifiedName)
{
    const auto bare = resolver->resolve("my-service", DnsRecord::Type::A, "default");
    EXPECT_FALSE(bare.found());
    EXPECT_EQ(bare.code, DnsAnswer::Code::NxDomain);
    EXPECT_EQ(bare.tried, (std::vector<std::string>{"my-service.default.svc.cluster.local.",
                                                     "my-service.svc.cluster.local.",
                                                     "my-service.cluster.local.", "my-service."}));
    const auto q = resolver->resolve("my-service.my-ns", DnsRecord::Type::A, "default");
    ASSERT_TRUE(q.found());
    EXPECT_EQ(q.name, "my-service.my-ns.svc.cluster.local.");
    EXPECT_EQ(q.tried.size(), 2u);
}

TEST_F(Resolver, SrvForNamedPort)
{
    const auto a = resolver->resolve("_http._tcp.my-service.my-ns", DnsRecord::Type::SRV, "default");
    ASSERT_TRUE(a.found());
    EXPECT_EQ(a.answers[0].port, 80);
    EXPECT_EQ(a.answers[0].data, "my-service.my-ns.svc.cluster.local.");
}

TEST_F(Resolver, FullyQualifiedAndCaseInsensitive)
{
    const auto a = resolver->resolve("KUBERNETES.default.SVC.cluster.local.", DnsRecord::Type::A, "prod");
    ASSERT_TRUE(a.found());
    EXPECT_EQ(a.tried.size(), 1u);
    EXPECT_EQ(a.answers[0].data, "10.96.0.1");
}

TEST_F(Resolver, ExternalNameAnswersWithCname)
{
    const auto a = resolver->resolve("db", DnsRecord::Type::A, "prod");
    ASSERT_TRUE(a.found());
    ASSERT_EQ(a.answers.size(), 1u);
    EXPECT_EQ(a.answers[0].type, DnsRecord::Type::CNAME);
    EXPECT_EQ(a.answers[0].data, "my.database.example.com.");
    // A CNAME to a name inside the cluster is followed.
    const auto b = resolver->resolve("alias", DnsRecord::Type::A, "prod");
    ASSERT_EQ(b.answers.size(), 2u);
    EXPECT_EQ(b.answers[1].data, "10.96.0.20");
}

TEST_F(Resolver, PtrAndPodRecordsAndVersion)
{
    const auto p = resolver->lookup("20.0.96.10.in-addr.arpa", DnsRecord::Type::PTR);
    ASSERT_TRUE(p.found());
    EXPECT_EQ(p.answers[0].data, "my-service.my-ns.svc.cluster.local.");
    const auto pod = resolver->lookup("10-244-1-5.prod.pod.cluster.local", DnsRecord::Type::A);
    ASSERT_TRUE(pod.found());
    EXPECT_EQ(pod.answers[0].data, "10.244.1.5");
    const auto v = resolver->lookup("dns-version.cluster.local", DnsRecord::Type::TXT);
    ASSERT_TRUE(v.found());
    EXPECT_EQ(v.answers[0].toString(), "dns-version.cluster.local. 5 IN TXT \"1.1.0\"");
    // The name exists, the type does not: NOERROR with no answers.
    const auto nodata = resolver->lookup("my-service.my-ns.svc.cluster.local", DnsRecord::Type::AAAA);
    EXPECT_EQ(nodata.code, DnsAnswer::Code::NoError);
    EXPECT_TRUE(nodata.answers.empty());
}

TEST_F(Resolver, ManyDotsTryAbsoluteFirst)
{
    const auto a = resolver->resolve("a.b.c.d.e.f", DnsRecord::Type::A, "prod");
    ASSERT_FALSE(a.tried.empty());
    EXPECT_EQ(a.tried.front(), "a.b.c.d.e.f.");
}

TEST(DnsTypes, Names)
{
    EXPECT_EQ(dnsTypeFromName("srv"), DnsRecord::Type::SRV);
    EXPECT_EQ(dnsTypeFromName("MX"), std::nullopt);
    EXPECT_STREQ(dnsTypeName(DnsRecord::Type::AAAA), "AAAA");
}

} // namespace
