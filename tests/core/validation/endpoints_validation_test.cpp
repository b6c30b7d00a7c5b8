// SPDX-License-Identifier: GPL-3.0-or-later
#include "test_support.h"

#include <functional>

using namespace studio;
using namespace studio::test;

namespace {

namespace t = field_error_type;

const char *kBadIp = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

// The concept page's manual Endpoints: my-service -> 1.2.3.4:9376.
Endpoints seedEndpoints()
{
    Endpoints e;
    e.metadata.name = "my-service";
    e.metadata.namespace_ = "default";
    EndpointSubset ss;
    ss.addresses = {EndpointAddress{"1.2.3.4", {}, {}, {}}};
    ss.ports = {EndpointPort{{}, 9376, {}, {}}};
    e.subsets = {ss};
    return e;
}

struct Case
{
    std::string name;
    std::function<void(Endpoints &)> edit;
    std::vector<Expected> expected;
    bool applyDefaults = true;
};

void PrintTo(const Case &c, std::ostream *os)
{
    *os << c.name;
}

class EndpointsRules : public ::testing::TestWithParam<Case>
{
};

TEST_P(EndpointsRules, MatchesApiserver)
{
    const Case &c = GetParam();
    Endpoints e = seedEndpoints();
    c.edit(e);
    if (c.applyDefaults)
        defaultEndpoints(e);
    EXPECT_TRUE(sameErrors(validateEndpoints(e), c.expected));
}

EndpointAddress addr(std::string ip)
{
    return EndpointAddress{std::move(ip), {}, {}, {}};
}
auto ip0 = "subsets[0].addresses[0].ip";

const Case kCases[] = {
    {"seed_endpoints_valid", [](Endpoints &) {}, {}},
    {"name_may_be_a_subdomain", [](Endpoints &e) { e.metadata.name = "my.service"; }, {}},
    {"name_uppercase",
     [](Endpoints &e) { e.metadata.name = "My-Service"; },
     {{"metadata.name", t::Invalid}}},
    {"no_subsets_ok", [](Endpoints &e) { e.subsets.clear(); }, {}},
    {"subset_needs_an_address",
     [](Endpoints &e) { e.subsets[0].addresses.clear(); },
     {{"subsets[0]", t::Required, "must specify `addresses` or `notReadyAddresses`"}}},
    {"not_ready_addresses_suffice",
     [](Endpoints &e) {
         e.subsets[0].notReadyAddresses = e.subsets[0].addresses;
         e.subsets[0].addresses.clear();
     },
     {}},
    {"headless_subset_without_ports_ok", [](Endpoints &e) { e.subsets[0].ports.clear(); }, {}},
    {"ip_syntax",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "1.2.3"; },
     {{ip0, t::Invalid, kBadIp}, {ip0, t::Invalid, "must be a valid IP address"}}},
    {"ip_ipv6_ok", [](Endpoints &e) { e.subsets[0].addresses[0].ip = "2001:db8::5"; }, {}},
    {"ip_loopback",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "127.0.0.1"; },
     {{ip0, t::Invalid, "may not be in the loopback range (127.0.0.0/8)"}}},
    {"ip_loopback_whole_8",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "127.255.0.1"; },
     {{ip0, t::Invalid, "may not be in the loopback range (127.0.0.0/8)"}}},
    {"ip_link_local",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "169.254.169.254"; },
     {{ip0, t::Invalid, "may not be in the link-local range (169.254.0.0/16)"}}},
    {"ip_link_local_v6",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "fe80::1"; },
     {{ip0, t::Invalid, "may not be in the link-local range (169.254.0.0/16)"}}},
    {"ip_link_local_multicast",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "224.0.0.1"; },
     {{ip0, t::Invalid, "may not be in the link-local multicast range (224.0.0.0/24)"}}},
    {"ip_other_multicast_ok", [](Endpoints &e) { e.subsets[0].addresses[0].ip = "224.0.1.1"; }, {}},
    {"ip_unspecified",
     [](Endpoints &e) { e.subsets[0].addresses[0].ip = "0.0.0.0"; },
     {{ip0, t::Invalid, "may not be unspecified (0.0.0.0)"}}},
    {"ip_not_ready_loopback",
     [](Endpoints &e) {
         e.subsets[0].notReadyAddresses = {addr("1.2.3.5"), addr("127.0.0.2")};
     },
     {{"subsets[0].notReadyAddresses[1].ip", t::Invalid}}},
    {"hostname_ok", [](Endpoints &e) { e.subsets[0].addresses[0].hostname = "web-0"; }, {}},
    {"hostname_bad",
     [](Endpoints &e) { e.subsets[0].addresses[0].hostname = "web.0"; },
     {{"subsets[0].addresses[0].hostname", t::Invalid}}},
    {"node_name_ok",
     [](Endpoints &e) { e.subsets[0].addresses[0].nodeName = "node-1.example"; },
     {}},
    {"node_name_bad",
     [](Endpoints &e) { e.subsets[0].addresses[0].nodeName = "Node_1"; },
     {{"subsets[0].addresses[0].nodeName", t::Invalid}}},
    {"error_order_ip_hostname_node_special",
     [](Endpoints &e) {
         auto &a = e.subsets[0].addresses[0];
         a.ip = "x";
         a.hostname = "A";
         a.nodeName = "B";
     },
     {{ip0, t::Invalid, kBadIp},
      {"subsets[0].addresses[0].hostname", t::Invalid},
      {"subsets[0].addresses[0].nodeName", t::Invalid},
      {ip0, t::Invalid, "must be a valid IP address"}}},
    {"port_names_required_when_several",
     [](Endpoints &e) {
         e.subsets[0].ports = {EndpointPort{{}, 80, {}, {}}, EndpointPort{{}, 443, {}, {}}};
     },
     {{"subsets[0].ports[0].name", t::Required}, {"subsets[0].ports[1].name", t::Required}}},
    {"port_name_bad",
     [](Endpoints &e) { e.subsets[0].ports[0].name = "HTTP"; },
     {{"subsets[0].ports[0].name", t::Invalid}}},
    {"port_zero",
     [](Endpoints &e) { e.subsets[0].ports[0].port = 0; },
     {{"subsets[0].ports[0].port", t::Invalid, "must be between 1 and 65535, inclusive"}}},
    {"port_protocol_unknown",
     [](Endpoints &e) { e.subsets[0].ports[0].protocol = "ICMP"; },
     {{"subsets[0].ports[0].protocol", t::NotSupported}}},
    {"port_protocol_required_undefaulted",
     [](Endpoints &) {},
     {{"subsets[0].ports[0].protocol", t::Required}},
     false},
    {"port_app_protocol_bad",
     [](Endpoints &e) { e.subsets[0].ports[0].appProtocol = "not ok"; },
     {{"subsets[0].ports[0].appProtocol", t::Invalid}}},
};

INSTANTIATE_TEST_SUITE_P(Table,
                         EndpointsRules,
                         ::testing::ValuesIn(kCases),
                         [](const auto &paramInfo) { return paramInfo.param.name; });

TEST(EndpointsMessages, LoopbackText)
{
    Endpoints e = seedEndpoints();
    e.subsets[0].addresses[0].ip = "127.0.0.1";
    defaultEndpoints(e);
    const auto errs = validateEndpoints(e);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(),
              "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may "
              "not be in the loopback range (127.0.0.0/8)");
}

} // namespace
