// SPDX-License-Identifier: GPL-3.0-or-later
// Connection latency through a service: N TCP connections in turn to ADDR PORT, each timed
// from connect() to the echo server's first line; prints
// "connections N answered A median_us M p90_us P max_us X".
//
//   tcp_latency ADDR PORT N
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: tcp_latency ADDR PORT N\n");
        return 2;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(std::atoi(argv[2])));
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
        std::fprintf(stderr, "tcp_latency: %s is not an IPv4 address\n", argv[1]);
        return 2;
    }
    const int n = std::max(1, std::atoi(argv[3]));
    std::vector<long> us;
    for (int i = 0; i < n; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{3, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[256];
        if (connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) == 0
            && recv(fd, buf, sizeof buf, 0) > 0)
            us.push_back(long(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - t0)
                                  .count()));
        close(fd);
    }
    std::sort(us.begin(), us.end());
    auto at = [&](double q) { return us.empty() ? 0L : us[size_t(q * double(us.size() - 1))]; };
    std::printf("connections %d answered %zu median_us %ld p90_us %ld max_us %ld\n", n, us.size(),
                at(0.5), at(0.9), us.empty() ? 0L : us.back());
    return us.size() == size_t(n) ? 0 : 1;
}
