// SPDX-License-Identifier: GPL-3.0-or-later
// Parse and validate one multi-document file of N services (default 10,000); prints
// manifests/s and MB/s for parsing and for validation separately, on one thread.
//   manifest_bench [N] [--repeat R]
#include "check/manifest_check.h"
#include "manifest/manifest.h"
#include "manifest/writer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace studio;
using Clock = std::chrono::steady_clock;

namespace {

std::string makeFile(int n)
{
    std::string out;
    out.reserve(size_t(n) * 700);
    const char *types[] = {"ClusterIP", "NodePort", "LoadBalancer", "ClusterIP"};
    for (int i = 0; i < n; ++i) {
        const char *type = types[i % 4];
        char buf[1600];
        snprintf(buf, sizeof buf,
                 "---\n"
                 "apiVersion: v1\n"
                 "kind: Service\n"
                 "metadata:\n"
                 "  name: svc-%05d\n"
                 "  namespace: ns-%03d\n"
                 "  labels:\n"
                 "    app.kubernetes.io/name: app-%05d\n"
                 "    app.kubernetes.io/part-of: bench\n"
                 "    tier: backend\n"
                 "  annotations:\n"
                 "    example.com/owner: \"team-%d\"\n"
                 "spec:\n"
                 "  type: %s\n"
                 "  selector:\n"
                 "    app: app-%05d\n"
                 "    tier: backend\n"
                 "  ports:\n"
                 "  - name: http\n"
                 "    protocol: TCP\n"
                 "    port: 80\n"
                 "    targetPort: 8080\n"
                 "%s"
                 "  - name: https\n"
                 "    protocol: TCP\n"
                 "    port: 443\n"
                 "    targetPort: https\n"
                 "  sessionAffinity: %s\n"
                 "%s",
                 i, i % 100, i, i % 7, type, i,
                 std::strcmp(type, "ClusterIP") ? "    nodePort: 30080\n" : "",
                 i % 3 == 0 ? "ClientIP" : "None",
                 i % 3 == 0 ? "  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 600\n"
                            : "");
        out += buf;
    }
    return out;
}

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

} // namespace

int main(int argc, char **argv)
{
    int n = 10000;
    int repeat = 3;
    const char *dump = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else
            n = std::max(1, std::atoi(argv[i]));
    }
    const std::string text = makeFile(n);
    const double mb = double(text.size()) / (1024.0 * 1024.0);
    if (dump) { // the input, for comparing with other parsers
        FILE *f = std::fopen(dump, "wb");
        if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size())
            return 1;
        std::fclose(f);
    }
    std::printf("input: %d services, %.2f MiB, %d repeats (best shown)\n", n, mb, repeat);

    double bestParse = 1e9, bestLoad = 1e9, bestValidate = 1e9, bestDecode = 1e9;
    size_t errors = 0;
    for (int r = 0; r < repeat; ++r) {
        {
            const auto t0 = Clock::now();
            auto docs = parseYaml(text);
            const auto t1 = Clock::now();
            if (!docs) {
                std::fprintf(stderr, "parse failed: %s\n", docs.error().toString().c_str());
                return 1;
            }
            bestParse = std::min(bestParse, seconds(t0, t1));
            std::vector<ManifestObject> objects;
            objects.reserve(docs->size());
            const auto t2 = Clock::now();
            for (auto &d : *docs)
                objects.push_back(decodeObject(std::move(d.root)));
            const auto t3 = Clock::now();
            bestDecode = std::min(bestDecode, seconds(t2, t3));
        } // the tree is freed before the next measurement
        const auto t1 = Clock::now();
        auto file = loadManifestText(text, "bench.yaml");
        const auto t2 = Clock::now();
        const auto verdicts = checkManifest(*file, ValidationSettings{}, {});
        const auto t3 = Clock::now();
        errors = 0;
        for (const auto &v : verdicts)
            errors += v.errors.size();
        bestLoad = std::min(bestLoad, seconds(t1, t2));
        bestValidate = std::min(bestValidate, seconds(t2, t3));
    }
    std::printf("parse (YAML -> tree):             %8.3f s  %9.0f manifests/s  %7.1f MB/s\n",
                bestParse, n / bestParse, mb / bestParse);
    std::printf("decode (tree -> model):           %8.3f s  %9.0f manifests/s  %7.1f MB/s\n",
                bestDecode, n / bestDecode, mb / bestDecode);
    std::printf("load (parse + decode):            %8.3f s  %9.0f manifests/s  %7.1f MB/s\n",
                bestLoad, n / bestLoad, mb / bestLoad);
    std::printf("validate (default + validate):    %8.3f s  %9.0f manifests/s  %7.1f MB/s\n",
                bestValidate, n / bestValidate, mb / bestValidate);
    std::printf("parse + decode + validate:        %8.3f s  %9.0f manifests/s  %7.1f MB/s\n",
                bestLoad + bestValidate, n / (bestLoad + bestValidate),
                mb / (bestLoad + bestValidate));
    // For comparison: the same parse with the fast path off (libyaml for everything).
    ReadLimits libyamlOnly;
    libyamlOnly.allowFastPath = false;
    double bestLib = 1e9;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        auto docs = parseYaml(text, libyamlOnly);
        bestLib = std::min(bestLib, seconds(t0, Clock::now()));
    }
    std::printf("parse with libyaml only:          %8.3f s  %9.0f manifests/s  %7.1f MB/s"
                "  (fast path is %.1fx)\n",
                bestLib, n / bestLib, mb / bestLib, bestLib / bestParse);
    std::printf("errors found: %zu (expected 0)\n", errors);
    return errors == 0 ? 0 : 1;
}
