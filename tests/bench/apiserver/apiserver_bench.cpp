// SPDX-License-Identifier: GPL-3.0-or-later
// Scale of the apiserver client against a real, throwaway v1.20 cluster (started here with
// tests/cluster/start-cluster.sh, etcd quota raised, and stopped at the end):
//   - N services created with K requests in flight, while a watch counts the events (events/s);
//   - the services listed in pages of 500 and decoded into the model (time, JSON size, peak
//     RSS growth over the JSON size);
//   - P pods created (as many as fit the time budget), then listed and decoded the same way;
//     the figures are extrapolated linearly to 100,000 pods.
// Prints numbers; asserts nothing (see STYLE.md).
//
//   apiserver_bench [--services N] [--pods N] [--budget SECONDS] [--inflight K] [--page N]
//                   [--repeat R] [--keep]
#include "../../e2e/apiserver/test_cluster.h"

#include "apiserver/api_client.h"
#include "apiserver/apiserver_backend.h"
#include "manifest/writer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <malloc.h>
#include <optional>
#include <string>
#include <vector>

using namespace studio;
using Clock = std::chrono::steady_clock;

namespace {

struct Args
{
    int services = 10'000;
    int pods = 20'000;
    int budgetSeconds = 600; // for all creates together
    int inflight = 48;
    int page = 500;
    int repeat = 3;
    bool keep = false;
};

// Bytes malloc hands out at the moment (all arenas, mmapped blocks included).
long heapKb()
{
    const struct mallinfo2 mi = mallinfo2();
    return long((mi.uordblks + mi.hblkhd) / 1024);
}

long statusKb(const char *field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0)
            return std::atol(line.c_str() + n + 1);
    return -1;
}

// Peak RSS of a phase: reset the kernel's high-water mark when allowed, and sample VmRSS
// every 5 ms meanwhile either way.
class PeakRss
{
public:
    PeakRss()
    {
        malloc_trim(0); // freed heap from earlier phases would hide growth
        std::ofstream clear("/proc/self/clear_refs");
        clear << "5";
        clear.flush();
        m_resetWorked = bool(clear) && statusKb("VmHWM:") <= statusKb("VmRSS:") + 1024;
        m_baseKb = statusKb("VmRSS:");
        m_peakKb = m_baseKb;
        m_heapBaseKb = heapKb();
        m_heapPeakKb = m_heapBaseKb;
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_peakKb = std::max(m_peakKb, statusKb("VmRSS:"));
            m_heapPeakKb = std::max(m_heapPeakKb, heapKb());
        });
        m_timer.start(5);
    }
    long baseKb() const { return m_baseKb; }
    long peakKb()
    {
        m_peakKb = std::max(m_peakKb, statusKb("VmRSS:"));
        if (m_resetWorked)
            m_peakKb = std::max(m_peakKb, statusKb("VmHWM:"));
        return m_peakKb;
    }
    bool exact() const { return m_resetWorked; }
    long heapGrowthKb()
    {
        m_heapPeakKb = std::max(m_heapPeakKb, heapKb());
        return m_heapPeakKb - m_heapBaseKb;
    }
    long heapBaseKb() const { return m_heapBaseKb; }

private:
    QTimer m_timer;
    long m_heapBaseKb = 0;
    long m_heapPeakKb = 0;
    long m_baseKb = 0;
    long m_peakKb = 0;
    bool m_resetWorked = false;
};

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll, deadline;
    deadline.setSingleShot(true);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start(2);
    deadline.start(timeoutMs);
    if (!done())
        loop.exec();
    return done();
}

Node serviceJson(int i)
{
    Service s;
    char name[32];
    std::snprintf(name, sizeof name, "svc-%05d", i);
    s.metadata.name = name;
    s.metadata.labels = {{"app.kubernetes.io/name", name},
                         {"app.kubernetes.io/part-of", "bench"},
                         {"tier", i % 2 ? "backend" : "frontend"}};
    s.metadata.annotations = {{"example.com/owner", "team-" + std::to_string(i % 7)}};
    // No selector: the endpoints controllers have nothing to do (they are not running anyway).
    ServicePort http;
    http.name = "http";
    http.port = 80;
    http.targetPort = IntOrString::fromInt(8080);
    ServicePort https;
    https.name = "https";
    https.port = 443;
    https.targetPort = IntOrString::fromString("https");
    s.spec.ports = {http, https};
    if (i % 3 == 0) {
        s.spec.sessionAffinity = "ClientIP";
        SessionAffinityConfig c;
        c.clientIP = ClientIPConfig{600};
        s.spec.sessionAffinityConfig = c;
    }
    return encodeObject(s);
}

Node podJson(int i)
{
    Pod p;
    char name[32];
    std::snprintf(name, sizeof name, "pod-%06d", i);
    p.metadata.name = name;
    p.metadata.labels
        = {{"app", "app-" + std::to_string(i % 100)}, {"pod-template-hash", "5d8f7c9b4"}};
    Container c;
    c.name = "app";
    c.image = "registry.invalid/app:1.2.3";
    ContainerPort cp;
    cp.name = "http";
    cp.containerPort = 8080;
    c.ports = {cp};
    p.containers = {c};
    p.nodeName = "bench-node-" + std::to_string(i % 50);
    return encodeObject(p);
}

struct CreateStats
{
    int created = 0;
    int failed = 0;
    double seconds = 0;
    std::string firstError;
};

// Creates objects 0..n-1 with `inflight` requests at a time, until n or the deadline.
CreateStats createMany(ApiClient &c,
                       const ResourceRef &ref,
                       const std::string &ns,
                       int n,
                       int inflight,
                       Clock::time_point deadline,
                       const std::function<Node(int)> &make)
{
    CreateStats st;
    int next = 0, running = 0;
    const auto t0 = Clock::now();
    std::function<void()> pump = [&] {
        while (running < inflight && next < n && Clock::now() < deadline) {
            const int i = next++;
            ++running;
            c.create(ref, ns, make(i), {}, [&](ApiResult<Node> r) {
                --running;
                if (r) {
                    ++st.created;
                } else {
                    ++st.failed;
                    if (st.firstError.empty())
                        st.firstError = r.error().toString();
                }
                pump();
            });
        }
    };
    pump();
    waitFor(
        [&] { return running == 0 && (next >= n || Clock::now() >= deadline); },
        int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count())
            + 120'000);
    st.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return st;
}

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct ListStats
{
    double seconds = 0;
    double cpuSeconds = 0; // of this (the event loop's) thread: parsing, decoding, Qt
    size_t items = 0;
    size_t pages = 0;
    size_t jsonBytes = 0;
    long peakGrowthKb = 0;
    long retainedKb = 0;
    long heapPeakGrowthKb = 0; // malloc'ed bytes, sampled every 5 ms
    long heapRetainedKb = 0;   // malloc'ed bytes still in use with the decoded list held
    bool exactPeak = false;
};

// The backend's list (paged, decoded page by page), with the decoded list held at the end.
ListStats listDecoded(ApiServerBackend &be, ResourceKind kind, const std::string &ns)
{
    ListStats st;
    std::optional<ApiResult<ObjectList>> result;
    {
        PeakRss rss;
        const auto t0 = Clock::now();
        const double c0 = threadCpuSeconds();
        be.list(kind, ns, [&](ApiResult<ObjectList> r) { result.emplace(std::move(r)); });
        waitFor([&] { return result.has_value(); }, 600'000);
        st.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        st.cpuSeconds = threadCpuSeconds() - c0;
        st.peakGrowthKb = rss.peakKb() - rss.baseKb();
        st.retainedKb = statusKb("VmRSS:") - rss.baseKb();
        st.heapPeakGrowthKb = rss.heapGrowthKb();
        st.heapRetainedKb = heapKb() - rss.heapBaseKb();
        st.exactPeak = rss.exact();
    }
    if (result && *result)
        st.items = (*result)->items.size();
    else if (result)
        std::fprintf(stderr, "list failed: %s\n", result->error().toString().c_str());
    return st;
}

// The same pages without decoding: how many bytes, how many pages.
ListStats listRaw(ApiClient &c, const ResourceRef &ref, const std::string &ns, int page)
{
    ListStats st;
    std::optional<ApiResult<ListSummary>> result;
    ListOptions lo;
    lo.limit = page;
    const auto t0 = Clock::now();
    const double c0 = threadCpuSeconds();
    c.list(
        ref,
        ns,
        lo,
        [](ListPage &&) {},
        [&](ApiResult<ListSummary> r) { result.emplace(std::move(r)); });
    waitFor([&] { return result.has_value(); }, 600'000);
    st.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    st.cpuSeconds = threadCpuSeconds() - c0;
    if (result && *result) {
        st.items = (*result)->items;
        st.pages = (*result)->pages;
        st.jsonBytes = (*result)->bytes;
    }
    return st;
}

void reportList(const char *what, const std::vector<ListStats> &runs, const ListStats &raw)
{
    std::vector<double> t;
    for (const auto &r : runs)
        t.push_back(r.seconds);
    std::sort(t.begin(), t.end());
    long peak = 0, retained = 0, heapPeak = 0, heapRetained = 0;
    for (const auto &r : runs) {
        peak = std::max(peak, r.peakGrowthKb);
        retained = std::max(retained, r.retainedKb);
        heapPeak = std::max(heapPeak, r.heapPeakGrowthKb);
        heapRetained = std::max(heapRetained, r.heapRetainedKb);
    }
    const double json = double(std::max<size_t>(raw.jsonBytes, 1));
    const double mb = double(raw.jsonBytes) / 1e6;
    std::printf(
        "  %s: %zu items, %zu pages, JSON %.1f MB\n", what, runs.front().items, raw.pages, mb);
    std::printf(
        "    list + decode (backend): best %.2f s, median %.2f s, worst %.2f s over %zu runs"
        "  (%.0f objects/s)\n",
        t.front(),
        t[t.size() / 2],
        t.back(),
        t.size(),
        double(runs.front().items) / t.front());
    double cpu = 1e9;
    for (const auto &r : runs)
        cpu = std::min(cpu, r.cpuSeconds);
    std::printf(
        "    of which on our thread (parse + decode + Qt, CPU time): %.2f s; the rest is the "
        "apiserver, etcd and the network\n",
        cpu);
    std::printf("    pages only (client list, parsed, not decoded): %.2f s, %.2f s CPU\n",
                raw.seconds,
                raw.cpuSeconds);
    std::printf("    peak RSS growth %.1f MB (%s) = %.2fx the JSON size; RSS still held with the "
                "decoded list %.1f MB (%.2fx)\n",
                double(peak) / 1024.0,
                runs.front().exactPeak ? "VmHWM" : "sampled every 5 ms",
                double(peak) * 1024.0 / json,
                double(retained) / 1024.0,
                double(retained) * 1024.0 / json);
    std::printf("    heap (malloc'ed) peak growth %.1f MB = %.2fx the JSON size; the decoded list "
                "itself %.1f MB = %.2fx\n",
                double(heapPeak) / 1024.0,
                double(heapPeak) * 1024.0 / json,
                double(heapRetained) / 1024.0,
                double(heapRetained) * 1024.0 / json);
}

Args parseArgs(int argc, char **argv)
{
    Args a;
    for (int i = 1; i < argc; ++i) {
        auto next = [&](int &v) {
            if (i + 1 < argc)
                v = std::atoi(argv[++i]);
        };
        if (!std::strcmp(argv[i], "--services"))
            next(a.services);
        else if (!std::strcmp(argv[i], "--pods"))
            next(a.pods);
        else if (!std::strcmp(argv[i], "--budget"))
            next(a.budgetSeconds);
        else if (!std::strcmp(argv[i], "--inflight"))
            next(a.inflight);
        else if (!std::strcmp(argv[i], "--page"))
            next(a.page);
        else if (!std::strcmp(argv[i], "--repeat"))
            next(a.repeat);
        else if (!std::strcmp(argv[i], "--keep"))
            a.keep = true;
        else {
            std::fprintf(stderr,
                         "usage: %s [--services N] [--pods N] [--budget S] [--inflight K] "
                         "[--page N] [--repeat R] [--keep]\n",
                         argv[0]);
            std::exit(2);
        }
    }
    return a;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Args args = parseArgs(argc, argv);

    studio::test::TestCluster cluster;
    studio::test::TestCluster::Options o;
    o.keepDir = args.keep;
    // A throwaway cluster: etcd quota raised (10,000 service creates write ~1.4 GB of
    // allocation records), only the controllers pods need (ServiceAccount admission).
    o.env["STUDIO_ETCD_QUOTA_BYTES"] = std::to_string(16ull << 30);
    // (start-cluster.sh probes the endpoints controller, so it must stay.)
    o.env["STUDIO_KCM_CONTROLLERS"] = "endpoint,serviceaccount-token,serviceaccount";
    std::string error;
    std::fprintf(stderr, "# starting a throwaway cluster...\n");
    if (!cluster.start(o, error)) {
        std::fprintf(stderr, "cluster start failed: %s\n", error.c_str());
        cluster.stop(true);
        return 1;
    }
    std::printf("apiserver bench: %s at %s (cluster up in %.1f s), %d in flight, pages of %d\n",
                cluster.env("KUBE_VERSION").c_str(),
                cluster.env("APISERVER_URL").c_str(),
                cluster.startSeconds(),
                args.inflight,
                args.page);

    auto backend
        = ApiServerBackend::fromKubeconfig({cluster.env("ADMIN_TOKEN_KUBECONFIG"), {}, {}});
    if (!backend) {
        std::fprintf(stderr, "client: %s\n", backend.error().toString().c_str());
        return 1;
    }
    ApiServerBackend &be = **backend;
    be.setListPageSize(args.page);
    ApiClient &client = be.client();
    const std::string ns = "bench";
    {
        Namespace nsValue;
        nsValue.metadata.name = ns;
        Node nsObj = encodeObject(nsValue);
        std::optional<ApiResult<Node>> r;
        client.create(
            ResourceRef::of(ResourceKind::Namespace), "", nsObj, {}, [&](ApiResult<Node> v) {
                r.emplace(std::move(v));
            });
        waitFor([&] { return r.has_value(); }, 30'000);
    }
    const auto deadline = Clock::now() + std::chrono::seconds(args.budgetSeconds);

    // ---- services, with a watch counting events ----
    const ResourceRef svc = ResourceRef::of(ResourceKind::Service);
    std::string rv;
    {
        std::optional<ApiResult<ListPage>> r;
        client.listPage(svc, ns, {}, [&](ApiResult<ListPage> v) { r.emplace(std::move(v)); });
        waitFor([&] { return r.has_value(); }, 30'000);
        if (r && *r)
            rv = (*r)->resourceVersion;
    }
    size_t events = 0;
    Clock::time_point firstEvent{}, lastEvent{};
    WatchOptions wo;
    wo.resourceVersion = rv;
    auto watch = client.watch(svc, ns, wo, [&](const RawWatchEvent &e) {
        if (e.type != WatchEvent::Type::Added)
            return;
        if (events++ == 0)
            firstEvent = Clock::now();
        lastEvent = Clock::now();
    });
    const CreateStats sc
        = createMany(client, svc, ns, args.services, args.inflight, deadline, serviceJson);
    waitFor([&] { return events >= size_t(sc.created); }, 60'000);
    const double watchSpan = std::chrono::duration<double>(lastEvent - firstEvent).count();
    std::printf("\nservices: created %d in %.1f s (%.0f/s)%s%s\n",
                sc.created,
                sc.seconds,
                sc.created / sc.seconds,
                sc.failed ? ", failed " : "",
                sc.failed ? (std::to_string(sc.failed) + " (" + sc.firstError + ")").c_str() : "");
    std::printf(
        "  watch while creating: %zu ADDED events in %.1f s = %.0f events/s (creates ran at "
        "%.0f/s; reconnects %d, duplicates dropped %llu)\n",
        events,
        watchSpan,
        watchSpan > 0 ? double(events) / watchSpan : 0.0,
        sc.created / sc.seconds,
        watch->connects() - 1,
        static_cast<unsigned long long>(watch->duplicatesDropped()));
    watch.reset();

    // The same events again, as fast as the server's watch cache and our client deliver them:
    // a watch from the version before the creates.
    {
        size_t replayed = 0;
        bool gone = false;
        const auto t0 = Clock::now();
        auto replay = client.watch(svc, ns, wo, [&](const RawWatchEvent &e) {
            if (e.type == WatchEvent::Type::Error)
                gone = true;
            else if (e.type == WatchEvent::Type::Added)
                ++replayed;
        });
        waitFor([&] { return gone || replayed >= size_t(sc.created); }, 120'000);
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        if (gone)
            std::printf("  watch replay from before the creates: 410 Gone after %zu events (the "
                        "watch cache no longer reaches back that far)\n",
                        replayed);
        else
            std::printf("  watch replay of those %zu events (watch cache -> decoded Node events): "
                        "%.2f s = %.0f events/s\n",
                        replayed,
                        secs,
                        double(replayed) / secs);
    }

    const ListStats rawSvc = listRaw(client, svc, ns, args.page);
    std::vector<ListStats> svcRuns;
    for (int i = 0; i < args.repeat; ++i)
        svcRuns.push_back(listDecoded(be, ResourceKind::Service, ns));
    reportList("list services", svcRuns, rawSvc);
    std::fflush(stdout);

    // ---- pods, as many as the budget allows ----
    // ServiceAccount admission needs the namespace's default ServiceAccount token first.
    const ResourceRef sa{"", "v1", "serviceaccounts", true};
    waitFor(
        [&] {
            std::optional<ApiResult<Node>> r;
            client.get(sa, ns, "default", [&](ApiResult<Node> v) { r.emplace(std::move(v)); });
            waitFor([&] { return r.has_value(); }, 5000);
            const Node *s = r && *r ? (*r)->find("secrets") : nullptr;
            return s && s->isSequence() && !s->items().empty();
        },
        90'000);
    const ResourceRef pod = ResourceRef::of(ResourceKind::Pod);
    const CreateStats pc = createMany(client, pod, ns, args.pods, args.inflight, deadline, podJson);
    std::printf("\npods: created %d of %d in %.1f s (%.0f/s)%s%s\n",
                pc.created,
                args.pods,
                pc.seconds,
                pc.created / std::max(pc.seconds, 0.001),
                pc.created < args.pods ? " -- stopped by the time budget" : "",
                pc.failed
                    ? (", failed " + std::to_string(pc.failed) + " (" + pc.firstError + ")").c_str()
                    : "");
    const ListStats rawPods = listRaw(client, pod, ns, args.page);
    std::vector<ListStats> podRuns;
    for (int i = 0; i < args.repeat; ++i)
        podRuns.push_back(listDecoded(be, ResourceKind::Pod, ns));
    reportList("list pods", podRuns, rawPods);
    if (rawPods.items > 0) {
        double best = podRuns.front().seconds;
        long peak = 0;
        for (const auto &r : podRuns) {
            best = std::min(best, r.seconds);
            peak = std::max(peak, r.heapPeakGrowthKb);
        }
        const double f = 100'000.0 / double(rawPods.items);
        std::printf(
            "  extrapolated to 100,000 pods (linear, x%.1f): list + decode ~%.1f s, JSON ~%.0f MB, "
            "peak heap growth ~%.0f MB; creating them at the rate above ~%.0f min\n",
            f,
            best * f,
            double(rawPods.jsonBytes) * f / 1e6,
            double(peak) * f / 1024.0,
            100'000.0 / (pc.created / std::max(pc.seconds, 0.001)) / 60.0);
    }
    std::printf("\nprocess peak RSS (whole run): %.1f MB\n", double(statusKb("VmHWM:")) / 1024.0);
    std::fflush(stdout);
    backend->reset();
    cluster.stop(args.keep);
    return 0;
}
