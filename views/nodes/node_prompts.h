// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The questions an SSH connection asks the user, as dialogs: an unknown host's key (its
// SHA256 fingerprint, Trust / Refuse), a key file's passphrase, a login password and sudo's
// password. The SSH work runs on worker threads; the callbacks made here block the worker
// until the user answers on the GUI thread (deployToHosts asks one question at a time).
//
// Threading: construct and destroy on the GUI thread; the callbacks may run on any thread.
// After close() every question is refused at once (no dialog), so that a panel going away
// never waits for a worker that waits for it.

#ifndef Q_MOC_RUN
#include "ssh/ssh_session.h"
#endif

#include <QObject>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

namespace studio::views {

class NodePrompts : public QObject
{
    Q_OBJECT
public:
    enum class Secret { Passphrase, Password, SudoPassword };

    explicit NodePrompts(QWidget *dialogParent);

    // GUI thread: shows the dialog and waits for the answer.
    bool confirmUnknownHost(const UnknownHostKey &key);
    std::optional<std::string> askSecret(Secret kind, const QString &sshPrompt);

    // Any thread (each call blocks until answered).
    std::function<bool(const UnknownHostKey &)> hostConfirmer();
    std::function<std::optional<std::string>(const std::string &)> secretAsker(Secret kind);

    void close() { m_closed = true; }
    bool closed() const { return m_closed; }

Q_SIGNALS:
    // A question is about to be shown (GUI thread), for tests and the status line.
    void asking(const QString &what);

private:
    template<typename T>
    T onGuiThread(const std::function<T()> &fn, T refused);

    QPointer<QWidget> m_parent;
    std::atomic<bool> m_closed{false};
};

} // namespace studio::views
