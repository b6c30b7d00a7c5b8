// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <functional>
#include <map>

class QVBoxLayout;

namespace studio::views {

// A strip of notifications under the documents: errors, warnings, results and running work
// (with a busy bar), each with optional actions ("Reload and Reapply") and a close button.
// Instead of stacks of modal dialogs: nothing blocks, errors stay until dismissed, results
// fade after a while. Newest on top, at most kMaxShown.
class NotificationArea : public QWidget
{
    Q_OBJECT
public:
    enum class Severity { Info, Success, Warning, Error, Busy };
    struct Action
    {
        QString text;
        std::function<void()> run;
    };
    static constexpr int kMaxShown = 5;

    explicit NotificationArea(QWidget *parent = nullptr);

    // Returns an id for update() and dismiss().
    int post(Severity severity, const QString &text, const QList<Action> &actions = {});
    void update(int id, Severity severity, const QString &text, const QList<Action> &actions = {});
    void dismiss(int id);
    void clear();

    int count() const { return int(m_items.size()); }
    QString text(int id) const;
    QStringList texts() const; // newest first
    // Runs the action of a notification by its text (what clicking the button does).
    bool trigger(int id, const QString &actionText);

Q_SIGNALS:
    void posted(int id, const QString &text);

private:
    struct Item
    {
        QWidget *widget = nullptr;
        Severity severity = Severity::Info;
        QString text;
        QList<Action> actions;
    };
    QWidget *build(int id, Severity severity, const QString &text, const QList<Action> &actions);

    QVBoxLayout *m_layout;
    std::map<int, Item> m_items;
    int m_next = 1;
};

} // namespace studio::views
