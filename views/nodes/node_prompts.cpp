// SPDX-License-Identifier: GPL-3.0-or-later
#include "nodes/node_prompts.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QThread>

namespace studio::views {

NodePrompts::NodePrompts(QWidget *dialogParent)
    : QObject(dialogParent)
    , m_parent(dialogParent)
{}

bool NodePrompts::confirmUnknownHost(const UnknownHostKey &key)
{
    if (m_closed)
        return false;
    QMessageBox box(
        QMessageBox::Question, tr("Unknown host key"), QString(), QMessageBox::NoButton, m_parent);
    box.setObjectName(QStringLiteral("unknownHostDialog"));
    const QString host
        = key.port == 22
              ? QString::fromStdString(key.host)
              : QStringLiteral("[%1]:%2").arg(QString::fromStdString(key.host)).arg(key.port);
    //: %1: host name or address, %2: key type (ssh-ed25519), %3: SHA256:... fingerprint
    box.setText(tr("The authenticity of host %1 cannot be established.\n\n"
                   "Its %2 key fingerprint is\n%3\n\n"
                   "Compare it with the fingerprint the node's administrator gives you "
                   "(ssh-keygen -l -f /etc/ssh/ssh_host_*_key.pub on the node).")
                    .arg(host,
                         QString::fromStdString(key.keyType),
                         QString::fromStdString(key.fingerprint)));
    //: %1: the known_hosts file
    box.setInformativeText(
        tr("Trust this key and record it in %1?").arg(QString::fromStdString(key.knownHostsFile)));
    QPushButton *trust = box.addButton(tr("Trust"), QMessageBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustButton"));
    QPushButton *refuse = box.addButton(tr("Refuse"), QMessageBox::RejectRole);
    refuse->setObjectName(QStringLiteral("refuseButton"));
    box.setDefaultButton(refuse);
    box.setEscapeButton(refuse);
    Q_EMIT asking(QStringLiteral("host-key"));
    box.exec();
    return box.clickedButton() == trust;
}

std::optional<std::string> NodePrompts::askSecret(Secret kind, const QString &sshPrompt)
{
    if (m_closed)
        return std::nullopt;
    QInputDialog dialog(m_parent);
    dialog.setObjectName(QStringLiteral("secretPrompt"));
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setTextEchoMode(QLineEdit::Password);
    switch (kind) {
    case Secret::Passphrase:
        dialog.setWindowTitle(tr("Key passphrase"));
        break;
    case Secret::Password:
        dialog.setWindowTitle(tr("SSH password"));
        break;
    case Secret::SudoPassword:
        dialog.setWindowTitle(tr("sudo password"));
        break;
    }
    // The prompt names the key file or user@host; it comes from the SSH layer, untranslated.
    dialog.setLabelText(sshPrompt);
    Q_EMIT asking(kind == Secret::Passphrase ? QStringLiteral("passphrase")
                  : kind == Secret::Password ? QStringLiteral("password")
                                             : QStringLiteral("sudo-password"));
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue().toStdString();
}

template<typename T>
T NodePrompts::onGuiThread(const std::function<T()> &fn, T refused)
{
    if (m_closed)
        return refused;
    if (QThread::currentThread() == thread())
        return fn();
    T answer = refused;
    // Blocking: the worker waits for the user. Safe because the GUI thread never waits for a
    // worker while prompts are open (close() first, see the panel's destructor).
    QMetaObject::invokeMethod(
        this, [&] { answer = m_closed ? refused : fn(); }, Qt::BlockingQueuedConnection);
    return answer;
}

std::function<bool(const UnknownHostKey &)> NodePrompts::hostConfirmer()
{
    QPointer<NodePrompts> self(this);
    return [self](const UnknownHostKey &key) {
        if (!self)
            return false;
        return self->onGuiThread<bool>([&] { return self->confirmUnknownHost(key); }, false);
    };
}

std::function<std::optional<std::string>(const std::string &)> NodePrompts::secretAsker(Secret kind)
{
    QPointer<NodePrompts> self(this);
    return [self, kind](const std::string &prompt) -> std::optional<std::string> {
        if (!self)
            return std::nullopt;
        return self->onGuiThread<std::optional<std::string>>(
            [&] { return self->askSecret(kind, QString::fromStdString(prompt)); }, std::nullopt);
    };
}

} // namespace studio::views
