// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared helpers of the apiserver e2e tests: the one cluster of this test binary, clients
// from its kubeconfigs, and waiting on callbacks with the event loop running.

#include "../../support/event_loop_wait.h"
#include "apiserver/api_client.h"
#include "apiserver/apiserver_backend.h"
#include "apiserver/kubeconfig.h"
#include "test_cluster.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace studio::test {

// The cluster the environment started (see e2e_main.cpp).
TestCluster &cluster();

// Runs the event loop until done() or the timeout; returns done().
inline bool waitFor(const std::function<bool()> &done, int timeoutMs = 30000)
{
    return runEventLoopUntil(done, timeoutMs);
}

inline void spin(int ms)
{
    waitFor([] { return false; }, ms);
}

// Calls start(callback) and waits for the callback's result.
template<typename T>
ApiResult<T> await(const std::function<void(std::function<void(ApiResult<T>)>)> &start,
                   int timeoutMs = 60000)
{
    std::optional<ApiResult<T>> r;
    start([&r](ApiResult<T> v) { r.emplace(std::move(v)); });
    waitFor([&] { return r.has_value(); }, timeoutMs);
    if (!r)
        return apiClientTimeout("the test gave up waiting for an answer");
    return std::move(*r);
}

inline ClientOptions e2eOptions()
{
    ClientOptions o;
    o.requestTimeout = std::chrono::milliseconds(30'000);
    o.watchBackoffBase = std::chrono::milliseconds(200);
    o.watchBackoffMax = std::chrono::milliseconds(2'000);
    return o;
}

inline Result<RestConfig> restConfigFrom(const std::string &kubeconfigPath,
                                         const std::string &context = {})
{
    KubeconfigLoadOptions load;
    load.explicitPath = kubeconfigPath;
    auto kc = loadKubeconfig(load);
    if (!kc)
        return kc.error();
    return kc->resolve(context);
}

inline std::unique_ptr<ApiClient> clientFor(RestConfig rc, ClientOptions o = e2eOptions())
{
    auto c = ApiClient::fromConfig(std::move(rc), o);
    EXPECT_TRUE(c.ok()) << (c ? "" : c.error().toString());
    return c ? std::move(c).value() : nullptr;
}

inline std::unique_ptr<ApiClient> clientFrom(const std::string &kubeconfigEnvKey)
{
    auto rc = restConfigFrom(cluster().env(kubeconfigEnvKey));
    EXPECT_TRUE(rc.ok()) << (rc ? "" : rc.error().toString());
    if (!rc)
        return nullptr;
    return clientFor(std::move(rc).value());
}

inline std::unique_ptr<ApiServerBackend> adminBackend(const std::string &key = "ADMIN_KUBECONFIG")
{
    auto c = clientFrom(key);
    if (!c)
        return nullptr;
    return std::make_unique<ApiServerBackend>(std::move(c));
}

// Creates a namespace (admin) and waits until its default ServiceAccount has a token, so
// that pods can be created in it. Returns false on error (with a gtest failure).
bool createNamespace(ApiServerBackend &admin, const std::string &name, bool waitForServiceAccount);

// Writes a file (mode 0600; 0700 with executable).
std::string
writeTempFile(const std::string &name, const std::string &content, bool executable = false);

} // namespace studio::test
