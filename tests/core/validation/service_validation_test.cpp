// SPDX-License-Identifier: GPL-3.0-or-later
// Every ValidateService / REST-storage rule of v1.20 with a passing and a failing case:
// field path, cause type and (where the text matters) the exact detail.
#include "test_support.h"

#include <functional>

using namespace studio;
using namespace studio::test;

namespace {

namespace t = field_error_type;

const char *kDns1035
    = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
      "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
      "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const char *kBadIp = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const char *kPortRange = "must be between 1 and 65535, inclusive";

ValidationSettings rangeSettings(const char *cidr)
{
    ValidationSettings s;
    s.serviceClusterIpRange = *IpNetwork::parse(cidr);
    return s;
}

ValidationSettings dryRun()
{
    ValidationSettings s;
    s.dryRun = true;
    return s;
}

struct Case
{
    std::string name;
    std::function<void(Service &)> edit;
    std::vector<Expected> expected;
    ValidationSettings settings = {};
    bool applyDefaults = true;
};

void PrintTo(const Case &c, std::ostream *os)
{
    *os << c.name;
}

class ServiceRules : public ::testing::TestWithParam<Case>
{
};

TEST_P(ServiceRules, MatchesApiserver)
{
    const Case &c = GetParam();
    Service s = myService();
    c.edit(s);
    if (c.applyDefaults)
        defaultService(s);
    EXPECT_TRUE(sameErrors(validateService(s, c.settings), c.expected));
}

auto nodePortType = [](Service &s) { s.spec.type = service_type::NodePort; };
auto lbType = [](Service &s) { s.spec.type = service_type::LoadBalancer; };

const Case kCases[] = {
    {"seed_my_service_is_valid", [](Service &) {}, {}},

    // ---- metadata ----
    {"name_dns1035_ok", [](Service &s) { s.metadata.name = "abc-123"; }, {}},
    {"name_uppercase",
     [](Service &s) { s.metadata.name = "My-Service"; },
     {{"metadata.name", t::Invalid, kDns1035}}},
    {"name_starts_with_digit",
     [](Service &s) { s.metadata.name = "1abc"; },
     {{"metadata.name", t::Invalid, kDns1035}}},
    {"name_with_dot_valid_for_endpoints_not_services",
     [](Service &s) { s.metadata.name = "my.service"; },
     {{"metadata.name", t::Invalid, kDns1035}}},
    {"name_too_long",
     [](Service &s) { s.metadata.name = std::string(64, 'a'); },
     {{"metadata.name", t::Invalid, "must be no more than 63 characters"}}},
    {"name_missing",
     [](Service &s) { s.metadata.name.clear(); },
     {{"metadata.name", t::Required, "name or generateName is required"}}},
    {"generate_name_ok",
     [](Service &s) {
         s.metadata.name.clear();
         s.metadata.generateName = "my-service-";
     },
     {}},
    {"generate_name_bad",
     [](Service &s) {
         s.metadata.name.clear();
         s.metadata.generateName = "My-";
     },
     {{"metadata.generateName", t::Invalid, kDns1035}, {"metadata.name", t::Invalid, kDns1035}}},
    {"namespace_ok_and_empty_means_request_namespace",
     [](Service &s) { s.metadata.namespace_.clear(); },
     {}},
    {"namespace_uppercase",
     [](Service &s) { s.metadata.namespace_ = "Prod"; },
     {{"metadata.namespace",
       t::Invalid,
       "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
       "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
       "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"}}},
    {"labels_ok",
     [](Service &s) {
         s.metadata.labels = {{"app.kubernetes.io/name", "My_App.1"}, {"tier", ""}};
     },
     {}},
    {"label_key_bad",
     [](Service &s) {
         s.metadata.labels = {{"-app", "x"}};
     },
     {{"metadata.labels", t::Invalid}}},
    {"label_value_bad",
     [](Service &s) {
         s.metadata.labels = {{"app", "my app"}};
     },
     {{"metadata.labels", t::Invalid}}},
    {"annotation_key_case_insensitive",
     [](Service &s) {
         s.metadata.annotations = {{"Example.COM/Some-Key", "any value at all"}};
     },
     {}},
    {"annotation_key_bad",
     [](Service &s) {
         s.metadata.annotations = {{"bad key", "v"}};
     },
     {{"metadata.annotations",
       t::Invalid,
       "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
       "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
       "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"}}},
    {"annotations_at_limit",
     [](Service &s) {
         s.metadata.annotations = {{"k", std::string(256 * 1024 - 1, 'x')}};
     },
     {}},
    {"annotations_too_large",
     [](Service &s) {
         s.metadata.annotations = {{"k", std::string(256 * 1024, 'x')}};
     },
     {{"metadata.annotations", t::TooLong, "must have at most 262144 bytes"}}},

    // ---- ports ----
    {"ports_required", [](Service &s) { s.spec.ports.clear(); }, {{"spec.ports", t::Required}}},
    {"ports_not_required_when_headless",
     [](Service &s) {
         s.spec.ports.clear();
         s.spec.clusterIP = "None";
     },
     {}},
    {"ports_not_required_for_external_name",
     [](Service &s) {
         s.spec.ports.clear();
         s.spec.selector.reset();
         s.spec.type = service_type::ExternalName;
         s.spec.externalName = "my.database.example.com";
     },
     {}},
    {"multi_port_names_ok",
     [](Service &s) {
         s.spec.ports = {port(80, IntOrString::fromInt(9376), "http"),
                         port(443, IntOrString::fromInt(9377), "https")};
     },
     {}},
    {"multi_port_names_required",
     [](Service &s) {
         s.spec.ports = {port(80), port(443)};
     },
     {{"spec.ports[0].name", t::Required}, {"spec.ports[1].name", t::Required}}},
    {"single_port_name_optional", [](Service &s) { s.spec.ports[0].name = ""; }, {}},
    {"port_name_123_abc_ok", [](Service &s) { s.spec.ports[0].name = "123-abc"; }, {}},
    {"port_name_underscore",
     [](Service &s) { s.spec.ports[0].name = "123_abc"; },
     {{"spec.ports[0].name", t::Invalid}}},
    {"port_name_leading_dash",
     [](Service &s) { s.spec.ports[0].name = "-web"; },
     {{"spec.ports[0].name", t::Invalid}}},
    {"port_name_duplicate",
     [](Service &s) {
         s.spec.ports = {port(80, {}, "web"), port(81, {}, "web")};
     },
     {{"spec.ports[1].name", t::Duplicate}}},
    {"port_zero_and_defaulted_target",
     [](Service &s) { s.spec.ports = {port(0)}; },
     {{"spec.ports[0].port", t::Invalid, kPortRange},
      {"spec.ports[0].targetPort", t::Invalid, kPortRange}}},
    {"port_too_big",
     [](Service &s) { s.spec.ports[0].port = 65536; },
     {{"spec.ports[0].port", t::Invalid, kPortRange}}},
    {"protocol_sctp_ok", [](Service &s) { s.spec.ports[0].protocol = "SCTP"; }, {}},
    {"protocol_lowercase",
     [](Service &s) { s.spec.ports[0].protocol = "tcp"; },
     {{"spec.ports[0].protocol", t::NotSupported, "supported values: \"SCTP\", \"TCP\", \"UDP\""}}},
    {"protocol_required_without_defaulting",
     [](Service &s) {
         s.spec.type = service_type::ClusterIP;
         s.spec.sessionAffinity = "None";
         s.spec.ports[0].protocol = "";
     },
     {{"spec.ports[0].protocol", t::Required}},
     {},
     false},
    {"target_port_name_ok",
     [](Service &s) { s.spec.ports[0].targetPort = IntOrString::fromString("http-alt"); },
     {}},
    {"target_port_name_uppercase",
     [](Service &s) { s.spec.ports[0].targetPort = IntOrString::fromString("HTTP"); },
     {{"spec.ports[0].targetPort",
       t::Invalid,
       "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"},
      {"spec.ports[0].targetPort",
       t::Invalid,
       "must contain at least one letter or number (a-z, 0-9)"}}},
    {"target_port_quoted_number",
     [](Service &s) { s.spec.ports[0].targetPort = IntOrString::fromString("9376"); },
     {{"spec.ports[0].targetPort",
       t::Invalid,
       "must contain at least one letter or number (a-z, 0-9)"}}},
    {"target_port_name_too_long",
     [](Service &s) {
         s.spec.ports[0].targetPort = IntOrString::fromString("a-very-long-port-name");
     },
     {{"spec.ports[0].targetPort", t::Invalid, "must be no more than 15 characters"}}},
    {"target_port_number_too_big",
     [](Service &s) { s.spec.ports[0].targetPort = IntOrString::fromInt(70000); },
     {{"spec.ports[0].targetPort", t::Invalid, kPortRange}}},
    {"app_protocol_ok", [](Service &s) { s.spec.ports[0].appProtocol = "kubernetes.io/h2c"; }, {}},
    {"app_protocol_bad",
     [](Service &s) { s.spec.ports[0].appProtocol = "h2 c"; },
     {{"spec.ports[0].appProtocol", t::Invalid}}},
    {"duplicate_port_other_protocol_ok",
     [](Service &s) {
         s.spec.ports = {port(53, {}, "dns", "TCP"), port(53, {}, "dns-udp", "UDP")};
     },
     {}},
    {"duplicate_port_and_protocol",
     [](Service &s) {
         s.spec.ports = {port(80, {}, "a"), port(80, IntOrString::fromInt(81), "b")};
     },
     {{"spec.ports[1]", t::Duplicate}}},

    // ---- node ports ----
    {"node_port_on_node_port_ok",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports[0].nodePort = 30080;
     },
     {}},
    {"node_port_forbidden_on_cluster_ip",
     [](Service &s) { s.spec.ports[0].nodePort = 30080; },
     {{"spec.ports[0].nodePort", t::Forbidden, "may not be used when `type` is 'ClusterIP'"}}},
    {"node_port_duplicate",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports = {port(80, {}, "a"), port(81, {}, "b")};
         s.spec.ports[0].nodePort = s.spec.ports[1].nodePort = 30080;
     },
     {{"spec.ports[1].nodePort", t::Duplicate}}},
    {"node_port_shared_by_tcp_and_udp_of_one_port_ok",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports = {port(53, {}, "dns", "TCP"), port(53, {}, "dns-udp", "UDP")};
         s.spec.ports[0].nodePort = s.spec.ports[1].nodePort = 30053;
     },
     {}},
    {"node_port_reused_by_other_port_number_other_protocol",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports = {port(80, {}, "a", "TCP"), port(81, {}, "b", "UDP")};
         s.spec.ports[0].nodePort = s.spec.ports[1].nodePort = 30080;
     },
     {{"spec.ports[1].nodePort", t::Invalid, "provided port is already allocated"}}},
    {"node_port_out_of_range",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports[0].nodePort = 8080;
     },
     {{"spec.ports[0].nodePort",
       t::Invalid,
       "provided port is not in the valid range. The range of valid ports is 30000-32767"}}},
    {"node_port_out_of_range_passes_dry_run",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports[0].nodePort = 8080;
     },
     {},
     dryRun()},
    {"node_port_in_use",
     [](Service &s) {
         nodePortType(s);
         s.spec.ports[0].nodePort = 30080;
     },
     {{"spec.ports[0].nodePort", t::Invalid, "provided port is already allocated"}},
     [] {
         ValidationSettings v;
         v.dryRun = true;
         v.nodePortInUse = [](int p) { return p == 30080; };
         return v;
     }()},

    // ---- type and cluster IP ----
    {"type_unknown",
     [](Service &s) { s.spec.type = "Internal"; },
     {{"spec.type",
       t::NotSupported,
       "supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""}}},
    {"headless_cluster_ip_ok", [](Service &s) { s.spec.clusterIP = "None"; }, {}},
    {"headless_node_port",
     [](Service &s) {
         nodePortType(s);
         s.spec.clusterIP = "None";
     },
     {{"spec.clusterIPs[0]", t::Invalid, "may not be set to 'None' for NodePort services"}}},
    {"headless_load_balancer",
     [](Service &s) {
         lbType(s);
         s.spec.clusterIP = "None";
     },
     {{"spec.clusterIPs[0]", t::Invalid, "may not be set to 'None' for LoadBalancer services"}}},
    {"cluster_ip_syntax",
     [](Service &s) { s.spec.clusterIP = "10.0.0.300"; },
     {{"spec.clusterIPs[0]", t::Invalid, kBadIp}}},
    {"cluster_ip_in_default_range_ok", [](Service &s) { s.spec.clusterIP = "10.96.0.10"; }, {}},
    {"cluster_ip_10_0_0_11_outside_default_range",
     [](Service &s) { s.spec.clusterIP = "10.0.0.11"; },
     {{"spec.clusterIPs",
       t::Invalid,
       "failed to allocated ip:10.0.0.11 with error:provided IP is not in the valid range. The "
       "range of valid IPs is 10.96.0.0/12"}}},
    {"cluster_ip_10_0_0_11_inside_10_0_0_0_16",
     [](Service &s) { s.spec.clusterIP = "10.0.0.11"; },
     {},
     rangeSettings("10.0.0.0/16")},
    {"cluster_ip_outside_range_passes_dry_run",
     [](Service &s) { s.spec.clusterIP = "10.0.0.11"; },
     {},
     dryRun()},
    {"cluster_ip_network_address_not_allocatable",
     [](Service &s) { s.spec.clusterIP = "10.96.0.0"; },
     {{"spec.clusterIPs", t::Invalid}}},
    {"cluster_ip_broadcast_not_allocatable",
     [](Service &s) { s.spec.clusterIP = "10.111.255.255"; },
     {{"spec.clusterIPs", t::Invalid}}},
    {"cluster_ip_last_usable_ok", [](Service &s) { s.spec.clusterIP = "10.111.255.254"; }, {}},
    {"cluster_ip_ipv6_on_ipv4_range",
     [](Service &s) { s.spec.clusterIP = "fd00::10"; },
     {{"spec.clusterIPs", t::Invalid}}},
    {"cluster_ip_in_use",
     [](Service &s) { s.spec.clusterIP = "10.96.0.10"; },
     {{"spec.clusterIPs",
       t::Invalid,
       "failed to allocated ip:10.96.0.10 with error:provided IP is already allocated"}},
     [] {
         ValidationSettings v;
         v.clusterIpInUse = [](const IpAddress &ip) { return ip.toString() == "10.96.0.10"; };
         return v;
     }()},
    {"cluster_ips_must_match_cluster_ip",
     [](Service &s) {
         s.spec.clusterIP = "10.96.0.10";
         s.spec.clusterIPs = {"10.96.0.11"};
     },
     {{"spec.clusterIPs", t::Invalid, "element [0] must match clusterIP"}}},
    {"cluster_ips_without_cluster_ip",
     [](Service &s) { s.spec.clusterIPs = {"10.96.0.11"}; },
     {{"spec.clusterIPs", t::Invalid, "must be empty when clusterIP is empty"}}},
    {"second_cluster_ip_dropped_with_dual_stack_off",
     [](Service &s) {
         s.spec.clusterIP = "10.96.0.10";
         s.spec.clusterIPs = {"10.96.0.10", "fd00::10"};
         s.spec.ipFamilies = {"IPv4", "IPv6"};
         s.spec.ipFamilyPolicy = "RequireDualStack";
     },
     {}},
    {"bad_ip_family_dropped_with_dual_stack_off",
     [](Service &s) { s.spec.ipFamilies = {"IPv5"}; },
     {}},
    {"stage_one_errors_hide_allocation_errors",
     [](Service &s) {
         s.spec.clusterIP = "10.0.0.11";
         s.spec.ports[0].protocol = "HTTP";
     },
     {{"spec.ports[0].protocol", t::NotSupported}}},

    // ---- ExternalName ----
    {"external_name_ok",
     [](Service &s) {
         s.spec.type = service_type::ExternalName;
         s.spec.externalName = "my.database.example.com";
     },
     {}},
    {"external_name_trailing_dot_ok",
     [](Service &s) {
         s.spec.type = service_type::ExternalName;
         s.spec.externalName = "my.database.example.com.";
     },
     {}},
    {"external_name_not_lowercased",
     [](Service &s) {
         s.spec.type = service_type::ExternalName;
         s.spec.externalName = "My.Database.example.com";
     },
     {{"spec.externalName", t::Invalid}}},
    {"external_name_required",
     [](Service &s) { s.spec.type = service_type::ExternalName; },
     {{"spec.externalName", t::Required}}},
    {"external_name_with_cluster_ip",
     [](Service &s) {
         s.spec.type = service_type::ExternalName;
         s.spec.externalName = "my.database.example.com";
         s.spec.clusterIP = "10.96.0.10";
     },
     {{"spec.clusterIPs", t::Forbidden, "may not be set for ExternalName services"}}},

    // ---- external IPs ----
    {"external_ip_ok",
     [](Service &s) {
         s.spec.externalIPs = {"80.11.12.10", "239.1.2.3", "2001:db8::1"};
     },
     {}},
    {"external_ip_syntax",
     [](Service &s) { s.spec.externalIPs = {"80.11.12"}; },
     {{"spec.externalIPs[0]", t::Invalid, kBadIp}}},
    {"external_ip_loopback",
     [](Service &s) {
         s.spec.externalIPs = {"80.11.12.10", "127.0.0.1"};
     },
     {{"spec.externalIPs[1]", t::Invalid, "may not be in the loopback range (127.0.0.0/8)"}}},
    {"external_ip_v6_loopback",
     [](Service &s) { s.spec.externalIPs = {"::1"}; },
     {{"spec.externalIPs[0]", t::Invalid, "may not be in the loopback range (127.0.0.0/8)"}}},
    {"external_ip_unspecified",
     [](Service &s) { s.spec.externalIPs = {"0.0.0.0"}; },
     {{"spec.externalIPs[0]", t::Invalid, "may not be unspecified (0.0.0.0)"}}},
    {"external_ip_link_local",
     [](Service &s) { s.spec.externalIPs = {"169.254.169.254"}; },
     {{"spec.externalIPs[0]", t::Invalid, "may not be in the link-local range (169.254.0.0/16)"}}},
    {"external_ip_link_local_multicast",
     [](Service &s) { s.spec.externalIPs = {"224.0.0.251"}; },
     {{"spec.externalIPs[0]",
       t::Invalid,
       "may not be in the link-local multicast range (224.0.0.0/24)"}}},

    // ---- session affinity ----
    {"session_affinity_client_ip_defaulted_ok",
     [](Service &s) { s.spec.sessionAffinity = "ClientIP"; },
     {}},
    {"session_affinity_unknown",
     [](Service &s) { s.spec.sessionAffinity = "Sticky"; },
     {{"spec.sessionAffinity", t::NotSupported, "supported values: \"ClientIP\", \"None\""}}},
    {"session_affinity_timeout_max_ok",
     [](Service &s) {
         s.spec.sessionAffinity = "ClientIP";
         s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{86400}};
     },
     {}},
    {"session_affinity_timeout_zero",
     [](Service &s) {
         s.spec.sessionAffinity = "ClientIP";
         s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{0}};
     },
     {{"spec.sessionAffinityConfig.clientIP.timeoutSeconds",
       t::Invalid,
       "must be greater than 0 and less than 86400"}}},
    {"session_affinity_timeout_too_big",
     [](Service &s) {
         s.spec.sessionAffinity = "ClientIP";
         s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{86401}};
     },
     {{"spec.sessionAffinityConfig.clientIP.timeoutSeconds", t::Invalid}}},
    {"session_affinity_config_with_none_is_defaulted_away",
     [](Service &s) { s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{10}}; },
     {}},
    {"session_affinity_config_with_none_undefaulted",
     [](Service &s) {
         s.spec.type = service_type::ClusterIP;
         s.spec.sessionAffinity = "None";
         s.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{10}};
     },
     {{"spec.sessionAffinityConfig",
       t::Forbidden,
       "must not be set when session affinity is None"}},
     {},
     false},
    {"session_affinity_client_ip_config_required_undefaulted",
     [](Service &s) {
         s.spec.type = service_type::ClusterIP;
         s.spec.sessionAffinity = "ClientIP";
     },
     {{"spec.sessionAffinityConfig", t::Required, "when session affinity type is ClientIP"}},
     {},
     false},
    {"session_affinity_required_undefaulted",
     [](Service &s) { s.spec.type = service_type::ClusterIP; },
     {{"spec.sessionAffinity", t::Required}},
     {},
     false},
    {"type_required_undefaulted",
     [](Service &s) { s.spec.sessionAffinity = "None"; },
     {{"spec.type", t::Required}},
     {},
     false},

    // ---- load balancer ----
    {"load_balancer_ok",
     [](Service &s) {
         lbType(s);
         s.spec.loadBalancerIP = "78.11.24.19";
         s.spec.loadBalancerSourceRanges = {"143.231.0.0/16"};
     },
     {}},
    {"load_balancer_ip_not_validated_on_cluster_ip",
     [](Service &s) { s.spec.loadBalancerIP = "not even an address"; },
     {}},
    {"kubelet_port_on_load_balancer",
     [](Service &s) {
         lbType(s);
         s.spec.ports[0].port = 10250;
     },
     {{"spec.ports[0]",
       t::Invalid,
       "may not expose port 10250 externally since it is used by kubelet"}}},
    {"kubelet_port_on_cluster_ip_ok", [](Service &s) { s.spec.ports[0].port = 10250; }, {}},
    {"mixed_protocols_on_load_balancer",
     [](Service &s) {
         lbType(s);
         s.spec.ports = {port(53, {}, "dns", "TCP"), port(53, {}, "dns-udp", "UDP")};
     },
     {{"spec.ports",
       t::Invalid,
       "may not contain more than 1 protocol when type is 'LoadBalancer'"}}},
    {"source_ranges_forbidden_off_lb",
     [](Service &s) { s.spec.loadBalancerSourceRanges = {"143.231.0.0/16"}; },
     {{"spec.LoadBalancerSourceRanges",
       t::Forbidden,
       "may only be used when `type` is 'LoadBalancer'"}}},
    {"source_ranges_bad_cidr",
     [](Service &s) {
         lbType(s);
         s.spec.loadBalancerSourceRanges = {"143.231.0.0/16", "143.231.0.1"};
     },
     {{"spec.LoadBalancerSourceRanges",
       t::Invalid,
       "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 "}}},
    {"source_ranges_annotation_ok",
     [](Service &s) {
         lbType(s);
         s.metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]
             = " 10.0.0.0/8, 192.168.0.0/16 ";
     },
     {}},
    {"source_ranges_annotation_empty_ok",
     [](Service &s) {
         lbType(s);
         s.metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"] = "";
     },
     {}},
    {"source_ranges_annotation_forbidden_off_lb",
     [](Service &s) {
         s.metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"] = "";
     },
     {{"metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]",
       t::Forbidden}}},
    {"source_ranges_annotation_bad",
     [](Service &s) {
         lbType(s);
         s.metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]
             = "10.0.0.0/8;192.168.0.0/16";
     },
     {{"metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]",
       t::Invalid}}},
    {"allocate_lb_node_ports_dropped_with_gate_off",
     [](Service &s) { s.spec.allocateLoadBalancerNodePorts = false; },
     {}},
    {"topology_keys_dropped_with_gate_off",
     [](Service &s) {
         s.spec.topologyKeys = std::vector<std::string>{"*", "*", "Bad Key"};
     },
     {}},

    // ---- external traffic policy / health check node port ----
    {"external_traffic_local_on_node_port_ok",
     [](Service &s) {
         nodePortType(s);
         s.spec.externalTrafficPolicy = "Local";
     },
     {}},
    {"external_traffic_policy_unknown",
     [](Service &s) {
         nodePortType(s);
         s.spec.externalTrafficPolicy = "Global";
     },
     {{"spec.externalTrafficPolicy",
       t::Invalid,
       "ExternalTrafficPolicy must be empty, Cluster or Local"}}},
    {"external_traffic_policy_on_cluster_ip",
     [](Service &s) { s.spec.externalTrafficPolicy = "Local"; },
     {{"spec.externalTrafficPolicy",
       t::Invalid,
       "ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service"}}},
    {"health_check_node_port_on_lb_local_ok",
     [](Service &s) {
         lbType(s);
         s.spec.externalTrafficPolicy = "Local";
         s.spec.healthCheckNodePort = 30100;
     },
     {}},
    {"health_check_node_port_without_local",
     [](Service &s) {
         lbType(s);
         s.spec.healthCheckNodePort = 30100;
     },
     {{"spec.healthCheckNodePort",
       t::Invalid,
       "HealthCheckNodePort can only be set on LoadBalancer service with "
       "ExternalTrafficPolicy=Local"}}},
    {"health_check_node_port_negative",
     [](Service &s) {
         lbType(s);
         s.spec.externalTrafficPolicy = "Local";
         s.spec.healthCheckNodePort = -1;
     },
     {{"spec.healthCheckNodePort", t::Invalid, "HealthCheckNodePort must be not less than 0"}}},
    {"health_check_node_port_out_of_range",
     [](Service &s) {
         lbType(s);
         s.spec.externalTrafficPolicy = "Local";
         s.spec.healthCheckNodePort = 8080;
     },
     {{"spec.healthCheckNodePort",
       t::Internal,
       "failed to allocate requested HealthCheck NodePort 8080: provided port is not in the "
       "valid range. The range of valid ports is 30000-32767"}}},
    {"health_check_node_port_same_as_node_port",
     [](Service &s) {
         lbType(s);
         s.spec.externalTrafficPolicy = "Local";
         s.spec.ports[0].nodePort = 30100;
         s.spec.healthCheckNodePort = 30100;
     },
     {{"spec.healthCheckNodePort",
       t::Internal,
       "failed to allocate requested HealthCheck NodePort 30100: provided port is already "
       "allocated"}},
     dryRun()},

    // ---- selector ----
    {"selector_absent_ok", [](Service &s) { s.spec.selector.reset(); }, {}},
    {"selector_bad_value",
     [](Service &s) {
         s.spec.selector = Labels{{"app", "My App"}};
     },
     {{"spec.selector", t::Invalid}}},
    {"selector_bad_key",
     [](Service &s) {
         s.spec.selector = Labels{{"app/x/y", "v"}};
     },
     {{"spec.selector", t::Invalid}}},
};

INSTANTIATE_TEST_SUITE_P(Table,
                         ServiceRules,
                         ::testing::ValuesIn(kCases),
                         [](const auto &paramInfo) { return paramInfo.param.name; });

// The full texts a client sees, for the rules whose value is not a plain string.
TEST(ServiceMessages, RenderLikeFieldErrorError)
{
    Service s = myService();
    s.spec.ports = {port(80, {}, "a"), port(80, IntOrString::fromInt(81), "b")};
    defaultService(s);
    auto errs = validateService(s);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(),
              "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
              "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, "
              "IntVal:0, StrVal:\"\"}, NodePort:0}");

    s = myService();
    s.spec.clusterIP = "10.0.0.11";
    defaultService(s);
    errs = validateService(s);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(),
              "spec.clusterIPs: Invalid value: []string{\"10.0.0.11\"}: failed to allocated "
              "ip:10.0.0.11 with error:provided IP is not in the valid range. The range of valid "
              "IPs is 10.96.0.0/12");

    s = myService();
    s.spec.type = service_type::LoadBalancer;
    s.spec.loadBalancerSourceRanges = {"10.0.0.0/8", "foo"};
    defaultService(s);
    errs = validateService(s);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(),
              "spec.LoadBalancerSourceRanges: Invalid value: \"[10.0.0.0/8 foo]\": must be a list "
              "of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ");

    s = myService();
    s.spec.ports[0].protocol = "HTTP";
    defaultService(s);
    errs = validateService(s);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(),
              "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported "
              "values: \"SCTP\", \"TCP\", \"UDP\"");

    s = myService();
    s.spec.type = service_type::NodePort;
    s.spec.ports[0].nodePort = 80;
    defaultService(s);
    errs = validateService(s);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(),
              "spec.ports[0].nodePort: Invalid value: 80: provided port is not "
              "in the valid range. The range of valid ports is 30000-32767");
}

TEST(ServiceMessages, NodePortRangeFollowsSettings)
{
    Service s = myService();
    s.spec.type = service_type::NodePort;
    s.spec.ports[0].nodePort = 30080;
    defaultService(s);
    ValidationSettings v;
    v.nodePortMin = 20000;
    v.nodePortMax = 20999;
    const auto errs = validateService(s, v);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].detail,
              "provided port is not in the valid range. The range of valid ports is 20000-20999");
}

TEST(ServiceMessages, Ipv6ServiceRange)
{
    Service s = myService();
    s.spec.clusterIP = "fd00:10:96::a";
    defaultService(s);
    EXPECT_TRUE(validateService(s, rangeSettings("fd00:10:96::/112")).empty());
    s.spec.clusterIP = "fd00:10:96::";
    EXPECT_EQ(validateService(s, rangeSettings("fd00:10:96::/112")).size(), 1u); // network address
    s.spec.clusterIP = "10.96.0.10";
    EXPECT_EQ(validateService(s, rangeSettings("fd00:10:96::/112")).size(), 1u);
}

TEST(ServicePrepare, MirrorsStrategyPrepareForCreate)
{
    Service s = myService();
    s.spec.clusterIP = "10.96.0.10";
    s.spec.clusterIPs = {};
    s.spec.ipFamilies = {"IPv4"};
    s.spec.ipFamilyPolicy = "SingleStack";
    s.spec.topologyKeys = std::vector<std::string>{"kubernetes.io/hostname"};
    s.spec.allocateLoadBalancerNodePorts = true;
    s.status.loadBalancerIngress = {LoadBalancerIngress{"146.148.47.155", {}, {}}};
    prepareServiceForCreate(s);
    EXPECT_EQ(s.spec.clusterIPs, std::vector<std::string>{"10.96.0.10"});
    EXPECT_TRUE(s.spec.ipFamilies.empty());
    EXPECT_FALSE(s.spec.ipFamilyPolicy);
    EXPECT_FALSE(s.spec.topologyKeys);
    EXPECT_FALSE(s.spec.allocateLoadBalancerNodePorts);
    EXPECT_TRUE(s.status.loadBalancerIngress.empty());
}

TEST(NamespaceRules, NameIsADns1123Label)
{
    Namespace n;
    n.metadata.name = "prod";
    EXPECT_TRUE(validateNamespace(n).empty());
    n.metadata.name = "kube-system";
    EXPECT_TRUE(validateNamespace(n).empty());
    n.metadata.name = "Prod";
    EXPECT_TRUE(sameErrors(validateNamespace(n), {{"metadata.name", t::Invalid}}));
    n.metadata.name = "my.ns";
    EXPECT_TRUE(sameErrors(validateNamespace(n), {{"metadata.name", t::Invalid}}));
    n.metadata.name = "";
    EXPECT_TRUE(sameErrors(validateNamespace(n), {{"metadata.name", t::Required}}));
    n.metadata.name = "prod";
    n.metadata.namespace_ = "other"; // cleared by the apiserver for cluster-scoped objects
    n.metadata.labels = {{"team", "a b"}};
    EXPECT_TRUE(sameErrors(validateNamespace(n), {{"metadata.labels", t::Invalid}}));
}

} // namespace
