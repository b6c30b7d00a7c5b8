// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/chain_names.h"

#include <QCryptographicHash>

namespace studio::proxy {

namespace {

std::string base32(const QByteArray &data)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    uint64_t buffer = 0;
    int bits = 0;
    for (char c : data) {
        buffer = (buffer << 8) | uint8_t(c);
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += kAlphabet[(buffer << (5 - bits)) & 31];
    while (out.size() % 8 != 0)
        out += '=';
    return out;
}

std::string hash16(std::string_view text)
{
    const QByteArray digest = QCryptographicHash::hash(QByteArrayView(text.data(), qsizetype(text.size())),
                                                       QCryptographicHash::Sha256);
    return base32(digest).substr(0, 16);
}

} // namespace

std::string portProtoHash(std::string_view servicePortName, std::string_view lowerProtocol)
{
    std::string text(servicePortName);
    text += lowerProtocol;
    return hash16(text);
}

std::string serviceChainName(std::string_view spn, std::string_view proto)
{
    return "KUBE-SVC-" + portProtoHash(spn, proto);
}

std::string firewallChainName(std::string_view spn, std::string_view proto)
{
    return "KUBE-FW-" + portProtoHash(spn, proto);
}

std::string localChainName(std::string_view spn, std::string_view proto)
{
    return "KUBE-XLB-" + portProtoHash(spn, proto);
}

std::string endpointChainName(std::string_view spn, std::string_view proto, std::string_view endpoint)
{
    std::string text(spn);
    text += proto;
    text += endpoint;
    return "KUBE-SEP-" + hash16(text);
}

} // namespace studio::proxy
