// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/exec_credential.h"

#include "apiserver/json_reader.h"
#include "manifest/writer.h"
#include "model/field_error.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

#include <cctype>
#include <ctime>

namespace studio {

namespace {

constexpr qint64 kMaxOutput = 4 * 1024 * 1024;

std::string firstLines(const QByteArray &text, int maxLines, size_t maxChars)
{
    std::string out;
    int lines = 0;
    for (const QByteArray &line : text.split('\n')) {
        const QByteArray t = line.trimmed();
        if (t.isEmpty())
            continue;
        if (lines++ == maxLines)
            break;
        if (!out.empty())
            out += " | ";
        out += t.toStdString();
        if (out.size() > maxChars) {
            out.resize(maxChars);
            out += "...";
            break;
        }
    }
    return out;
}

std::string commandName(const ExecConfig &c)
{
    return c.command;
}

} // namespace

std::optional<std::chrono::system_clock::time_point> parseRfc3339(std::string_view s)
{
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
    auto digits = [&](size_t pos, size_t n, int &out) {
        if (pos + n > s.size())
            return false;
        out = 0;
        for (size_t i = 0; i < n; ++i) {
            const char c = s[pos + i];
            if (c < '0' || c > '9')
                return false;
            out = out * 10 + (c - '0');
        }
        return true;
    };
    int Y, M, D, h, m, sec;
    if (!digits(0, 4, Y) || s.size() < 20 || s[4] != '-' || !digits(5, 2, M) || s[7] != '-'
        || !digits(8, 2, D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(11, 2, h)
        || s[13] != ':' || !digits(14, 2, m) || s[16] != ':' || !digits(17, 2, sec))
        return std::nullopt;
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
        return std::nullopt;
    size_t pos = 19;
    long nanos = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        long scale = 100'000'000;
        const size_t start = pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
            nanos += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
    }
    int offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':'
            || !digits(pos + 4, 2, om))
            return std::nullopt;
        offset = (oh * 60 + om) * 60 * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = Y - 1900;
    tm.tm_mon = M - 1;
    tm.tm_mday = D;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = sec;
    const time_t t = timegm(&tm) - offset;
    return std::chrono::system_clock::from_time_t(t)
           + std::chrono::duration_cast<std::chrono::system_clock::duration>(
               std::chrono::nanoseconds(nanos));
}

std::string execInfoJson(const ExecConfig &config, const ExecClusterInfo &cluster)
{
    Node root = Node::map();
    root.set("kind", Node::string("ExecCredential"));
    root.set("apiVersion", Node::string(config.apiVersion));
    Node spec = Node::map();
    if (config.provideClusterInfo) {
        Node c = Node::map();
        c.set("server", Node::string(cluster.server));
        if (!cluster.tlsServerName.empty())
            c.set("tls-server-name", Node::string(cluster.tlsServerName));
        if (cluster.insecureSkipTlsVerify)
            c.set("insecure-skip-tls-verify", Node::boolean(true));
        if (!cluster.caPem.empty())
            c.set("certificate-authority-data",
                  Node::string(QByteArray::fromStdString(cluster.caPem).toBase64().toStdString()));
        if (!cluster.proxyUrl.empty())
            c.set("proxy-url", Node::string(cluster.proxyUrl));
        spec.set("cluster", std::move(c));
    }
    // We never hand the plugin a terminal.
    spec.set("interactive", Node::boolean(false));
    root.set("spec", std::move(spec));
    return writeJson(root, -1);
}

Result<ExecCredential> parseExecCredential(std::string_view output, const ExecConfig &config)
{
    const std::string who = "exec plugin \"" + commandName(config) + "\"";
    auto bad
        = [&](const std::string &what) { return makeError("exec-bad-output", who + ": " + what); };
    auto doc = parseJson(output);
    if (!doc) {
        return bad("its output is not an ExecCredential (invalid JSON at line "
                   + std::to_string(doc.error().line) + ", column "
                   + std::to_string(doc.error().column) + ": " + doc.error().message + ")");
    }
    const Node &root = *doc;
    if (!root.isMap())
        return bad("its output is not an ExecCredential (a JSON " + root.typeName()
                   + ", not an object)");
    const Node *kind = root.find("kind");
    if (!kind || !kind->isString() || kind->text() != "ExecCredential")
        return bad("its output is not an ExecCredential (kind is "
                   + (kind && kind->isString() ? goQuote(kind->text()) : std::string("missing"))
                   + ")");
    const Node *apiVersion = root.find("apiVersion");
    const std::string got = apiVersion && apiVersion->isString() ? apiVersion->text() : "";
    if (got != config.apiVersion)
        return bad("exec plugin is configured to use API version " + config.apiVersion
                   + ", plugin returned version " + (got.empty() ? "(none)" : got));
    const Node *status = root.find("status");
    if (!status || !status->isMap())
        return bad("exec plugin didn't return a status field");
    ExecCredential c;
    auto text = [&](const char *key, std::string &out) -> bool {
        const Node *n = status->find(key);
        if (!n || n->isNull())
            return true;
        if (!n->isString())
            return false;
        out = n->text();
        return true;
    };
    if (!text("token", c.token) || !text("clientCertificateData", c.clientCertificatePem)
        || !text("clientKeyData", c.clientKeyPem))
        return bad("status.token, status.clientCertificateData and status.clientKeyData must be "
                   "strings");
    if (c.token.empty() && c.clientCertificatePem.empty() && c.clientKeyPem.empty())
        return bad("exec plugin didn't return a token or cert/key pair");
    if (c.clientCertificatePem.empty() != c.clientKeyPem.empty())
        return bad("exec plugin returned only certificate or key, not both");
    std::string ts;
    if (!text("expirationTimestamp", ts))
        return bad("status.expirationTimestamp must be a string");
    if (!ts.empty()) {
        c.expiry = parseRfc3339(ts);
        if (!c.expiry)
            return bad("failed to parse status.expirationTimestamp " + goQuote(ts)
                       + " (want RFC 3339)");
    }
    return c;
}

ExecCredentialProvider::ExecCredentialProvider(ExecConfig config,
                                               ExecClusterInfo cluster,
                                               QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_cluster(std::move(cluster))
    , m_clock([] { return std::chrono::system_clock::now(); })
{}

ExecCredentialProvider::~ExecCredentialProvider()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

bool ExecCredentialProvider::validCache() const
{
    return m_cache && !m_cache->expired(m_clock());
}

std::optional<ExecCredential> ExecCredentialProvider::cached() const
{
    return validCache() ? m_cache : std::nullopt;
}

void ExecCredentialProvider::invalidate()
{
    m_cache.reset();
}

Result<std::string> ExecCredentialProvider::program() const
{
    const QString cmd = QString::fromStdString(m_config.command);
    QString path;
    if (cmd.contains(QLatin1Char('/'))) {
        QFileInfo fi(cmd);
        if (fi.exists() && fi.isFile() && fi.isExecutable())
            path = fi.absoluteFilePath();
    } else {
        path = QStandardPaths::findExecutable(cmd);
    }
    if (path.isEmpty()) {
        std::string msg = "exec: executable " + m_config.command
                          + " not found (a client-go credential plugin that is not installed?)";
        if (!m_config.installHint.empty()) {
            std::string hint = m_config.installHint;
            for (char &c : hint)
                if (c == '\n')
                    c = ' ';
            msg += "; " + hint;
        }
        return makeError("exec-not-found", msg);
    }
    return path.toStdString();
}

void ExecCredentialProvider::setupProcess(QProcess &p, const std::string &programPath) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const ExecEnvVar &v : m_config.env)
        env.insert(QString::fromStdString(v.name), QString::fromStdString(v.value));
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
               QString::fromStdString(execInfoJson(m_config, m_cluster)));
    p.setProcessEnvironment(env);
    QStringList args;
    for (const std::string &a : m_config.args)
        args << QString::fromStdString(a);
    p.setProgram(QString::fromStdString(programPath));
    p.setArguments(args);
    p.setStandardInputFile(QProcess::nullDevice());
    p.setProcessChannelMode(QProcess::SeparateChannels);
}

Result<ExecCredential> ExecCredentialProvider::finish(QProcess &p, bool timedOut)
{
    const std::string who = "exec plugin \"" + commandName(m_config) + "\"";
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    // Whatever the plugin prints on stderr might echo a credential it holds.
    std::vector<std::string> secrets;
    if (m_cache)
        secrets = {m_cache->token, m_cache->clientKeyPem};
    for (const ExecEnvVar &v : m_config.env)
        secrets.push_back(v.value);
    auto stderrText = [&] {
        const std::string s = redactSecrets(firstLines(err, 3, 300), secrets);
        return s.empty() ? std::string() : ": " + s;
    };
    if (timedOut)
        return makeError("exec-timeout",
                         who + " did not finish within " + std::to_string(m_timeout.count() / 1000)
                             + " s");
    if (p.error() == QProcess::FailedToStart)
        return makeError("exec-failed",
                         who + " could not be started: " + p.errorString().toStdString());
    if (p.exitStatus() == QProcess::CrashExit)
        return makeError("exec-failed", who + " was killed by a signal" + stderrText());
    if (p.exitCode() != 0)
        return makeError("exec-failed",
                         "exec: executable " + m_config.command + " failed with exit code "
                             + std::to_string(p.exitCode()) + stderrText());
    if (out.size() > kMaxOutput)
        return makeError("exec-bad-output", who + " printed more than 4 MiB");
    auto cred
        = parseExecCredential(std::string_view(out.constData(), size_t(out.size())), m_config);
    if (!cred)
        return cred;
    if (cred->expired(m_clock()))
        return makeError("exec-bad-output",
                         who
                             + " returned a credential that has already "
                               "expired (status.expirationTimestamp)");
    return cred;
}

Result<ExecCredential> ExecCredentialProvider::credentialBlocking()
{
    if (validCache())
        return *m_cache;
    if (m_config.interactiveMode == "Always")
        return makeError("exec-interactive",
                         "exec plugin \"" + m_config.command
                             + "\" needs a terminal (interactiveMode: Always), which Service "
                               "Studio cannot give it");
    auto prog = program();
    if (!prog)
        return prog.error();
    QProcess p;
    setupProcess(p, *prog);
    ++m_runs;
    p.start();
    bool timedOut = false;
    if (p.waitForStarted(int(m_timeout.count()))) {
        if (!p.waitForFinished(int(m_timeout.count()))) {
            timedOut = true;
            p.kill();
            p.waitForFinished(2000);
        }
    }
    auto r = finish(p, timedOut);
    if (r)
        m_cache = *r;
    return r;
}

void ExecCredentialProvider::credential(Callback done)
{
    if (validCache()) {
        ExecCredential c = *m_cache;
        QTimer::singleShot(0, this, [done = std::move(done), c]() { done(c); });
        return;
    }
    m_waiting.push_back(std::move(done));
    if (m_process)
        return; // one run serves everybody waiting
    auto fail = [this](Error e) { QTimer::singleShot(0, this, [this, e]() { deliver(e); }); };
    if (m_config.interactiveMode == "Always") {
        fail(makeError("exec-interactive",
                       "exec plugin \"" + m_config.command
                           + "\" needs a terminal (interactiveMode: Always), which Service Studio "
                             "cannot give it"));
        return;
    }
    auto prog = program();
    if (!prog) {
        fail(prog.error());
        return;
    }
    m_process = new QProcess(this);
    setupProcess(*m_process, *prog);
    auto *timer = new QTimer(m_process);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, m_process, [this, timedOut]() {
        *timedOut = true;
        m_process->kill();
    });
    auto done_ = [this, timedOut]() {
        QProcess *p = m_process;
        if (!p)
            return;
        m_process = nullptr;
        auto r = finish(*p, *timedOut);
        p->deleteLater();
        if (r)
            m_cache = *r;
        deliver(r);
    };
    connect(m_process, &QProcess::finished, this, done_);
    connect(m_process, &QProcess::errorOccurred, this, [this, done_](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            done_();
    });
    ++m_runs;
    timer->start(m_timeout);
    m_process->start();
}

void ExecCredentialProvider::deliver(const Result<ExecCredential> &r)
{
    std::vector<Callback> waiting;
    waiting.swap(m_waiting);
    for (auto &cb : waiting)
        cb(r);
}

} // namespace studio
