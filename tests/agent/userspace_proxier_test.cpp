// SPDX-License-Identifier: GPL-3.0-or-later
// The userspace mode's endpoint choice: round robin, retry past failed endpoints, ClientIP
// affinity with its timeout.
#include "userspace_proxier.h"

#include <gtest/gtest.h>

using namespace studio::agent;
using namespace std::chrono_literals;

TEST(EndpointPicker, RoundRobinSkipsFailedEndpoints)
{
    EndpointPicker p;
    p.setEndpoints({"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"}, false, 0);
    const auto now = EndpointPicker::Clock::now();
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.1:80");
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.2:80");
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.3:80");
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.1:80");
    // .2 failed for this connection: the retry goes on to .3, and never back to .2.
    EXPECT_EQ(p.next("c", {"10.0.0.2:80"}, now), "10.0.0.3:80");
    EXPECT_EQ(p.next("c", {"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"}, now), "");
    EndpointPicker none;
    EXPECT_EQ(none.next("c", {}, now), "");
}

TEST(EndpointPicker, ClientIpAffinityAndItsTimeout)
{
    EndpointPicker p;
    p.setEndpoints({"10.0.0.1:80", "10.0.0.2:80"}, true, 10);
    const auto t0 = EndpointPicker::Clock::now();
    const std::string first = p.next("192.0.2.1", {}, t0);
    p.connected("192.0.2.1", first, t0);
    EXPECT_EQ(p.next("192.0.2.1", {}, t0 + 5s), first);
    const std::string other = p.next("192.0.2.2", {}, t0);
    EXPECT_NE(other, first); // another client goes on round robin
    // The sticky endpoint fails: the client moves on.
    EXPECT_NE(p.next("192.0.2.1", {first}, t0 + 6s), first);
    // Expired: round robin again (any endpoint), and the entry is gone.
    p.connected("192.0.2.1", first, t0);
    const std::string a = p.next("192.0.2.1", {}, t0 + 11s);
    const std::string b = p.next("192.0.2.1", {}, t0 + 11s);
    EXPECT_NE(a, b);
    // The sticky endpoint leaves the service: forgotten.
    p.connected("192.0.2.3", "10.0.0.2:80", t0);
    p.setEndpoints({"10.0.0.1:80"}, true, 10);
    EXPECT_EQ(p.next("192.0.2.3", {}, t0 + 1s), "10.0.0.1:80");
}
