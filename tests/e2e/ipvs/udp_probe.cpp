// SPDX-License-Identifier: GPL-3.0-or-later
// The qemu IPVS test's UDP client (busybox nc has no UDP): sends one datagram to ADDR PORT
// and prints the first reply line; exit 1 on timeout (2 s) or error.
//
//   udp_probe ADDR PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: udp_probe ADDR PORT\n");
        return 2;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(std::atoi(argv[2])));
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
        std::fprintf(stderr, "udp_probe: %s is not an IPv4 address\n", argv[1]);
        return 2;
    }
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (fd < 0 || sendto(fd, "hi\n", 3, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) != 3) {
        std::perror("udp_probe: send");
        return 1;
    }
    char buf[512];
    const ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    close(fd);
    if (n <= 0) {
        std::fprintf(stderr, "udp_probe: no reply\n");
        return 1;
    }
    buf[n] = 0;
    std::fputs(buf, stdout);
    return 0;
}
