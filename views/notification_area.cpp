// SPDX-License-Identifier: GPL-3.0-or-later
#include "notification_area.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace studio::views {

NotificationArea::NotificationArea(QWidget *parent) : QWidget(parent), m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("notificationArea"));
    m_layout->setContentsMargins(4, 2, 4, 2);
    m_layout->setSpacing(2);
    setVisible(false);
}

QWidget *NotificationArea::build(int id, Severity severity, const QString &text,
                                 const QList<Action> &actions)
{
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    const char *bg = "#eef4ff";
    const char *fg = "#1a3d7c";
    switch (severity) {
    case Severity::Success: bg = "#eaf7ea"; fg = "#1d5e20"; break;
    case Severity::Warning: bg = "#fff6e0"; fg = "#7a5200"; break;
    case Severity::Error: bg = "#fdecec"; fg = "#8a1414"; break;
    case Severity::Info:
    case Severity::Busy: break;
    }
    frame->setStyleSheet(QStringLiteral("QFrame { background: %1; color: %2; border-radius: 3px; }")
                             .arg(QLatin1String(bg), QLatin1String(fg)));
    auto *row = new QHBoxLayout(frame);
    row->setContentsMargins(6, 3, 3, 3);
    auto *label = new QLabel(text, frame);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(label, 1);
    if (severity == Severity::Busy) {
        auto *bar = new QProgressBar(frame);
        bar->setRange(0, 0); // busy
        bar->setMaximumWidth(120);
        bar->setTextVisible(false);
        row->addWidget(bar);
    }
    for (const Action &a : actions) {
        auto *b = new QPushButton(a.text, frame);
        row->addWidget(b);
        connect(b, &QPushButton::clicked, this, [this, id, text = a.text] { trigger(id, text); });
    }
    if (severity != Severity::Busy) {
        auto *close = new QToolButton(frame);
        close->setText(QString(QChar(0x2715)));
        close->setToolTip(tr("Dismiss"));
        close->setAutoRaise(true);
        row->addWidget(close);
        connect(close, &QToolButton::clicked, this, [this, id] { dismiss(id); });
    }
    return frame;
}

int NotificationArea::post(Severity severity, const QString &text, const QList<Action> &actions)
{
    const int id = m_next++;
    Item item{build(id, severity, text, actions), severity, text, actions};
    m_layout->insertWidget(0, item.widget);
    m_items[id] = item;
    // Results and information fade; errors, warnings with actions and busy items stay.
    if ((severity == Severity::Info || severity == Severity::Success) && actions.isEmpty())
        QTimer::singleShot(10000, this, [this, id] {
            const auto it = m_items.find(id);
            if (it != m_items.end()
                && (it->second.severity == Severity::Info || it->second.severity == Severity::Success)
                && it->second.actions.isEmpty())
                dismiss(id);
        });
    // Only the newest few are shown; the oldest finished ones go first.
    while (int(m_items.size()) > kMaxShown) {
        auto victim = m_items.end();
        for (auto it = m_items.begin(); it != m_items.end(); ++it)
            if (it->second.severity != Severity::Busy) {
                victim = it;
                break;
            }
        if (victim == m_items.end())
            break;
        dismiss(victim->first);
    }
    setVisible(true);
    Q_EMIT posted(id, text);
    return id;
}

void NotificationArea::update(int id, Severity severity, const QString &text,
                              const QList<Action> &actions)
{
    const auto it = m_items.find(id);
    if (it == m_items.end()) {
        return;
    }
    const int index = m_layout->indexOf(it->second.widget);
    it->second.widget->deleteLater();
    it->second.widget->hide();
    it->second = Item{build(id, severity, text, actions), severity, text, actions};
    m_layout->insertWidget(qMax(0, index), it->second.widget);
    if ((severity == Severity::Info || severity == Severity::Success) && actions.isEmpty())
        QTimer::singleShot(10000, this, [this, id, text] {
            const auto i = m_items.find(id);
            if (i != m_items.end() && i->second.text == text)
                dismiss(id);
        });
    Q_EMIT posted(id, text);
}

void NotificationArea::dismiss(int id)
{
    const auto it = m_items.find(id);
    if (it == m_items.end())
        return;
    it->second.widget->hide();
    it->second.widget->deleteLater();
    m_items.erase(it);
    setVisible(!m_items.empty());
}

void NotificationArea::clear()
{
    while (!m_items.empty())
        dismiss(m_items.begin()->first);
}

QString NotificationArea::text(int id) const
{
    const auto it = m_items.find(id);
    return it == m_items.end() ? QString() : it->second.text;
}

QStringList NotificationArea::texts() const
{
    QStringList out;
    for (auto it = m_items.rbegin(); it != m_items.rend(); ++it)
        out << it->second.text;
    return out;
}

bool NotificationArea::trigger(int id, const QString &actionText)
{
    const auto it = m_items.find(id);
    if (it == m_items.end())
        return false;
    for (const Action &a : it->second.actions)
        if (a.text == actionText) {
            const auto run = a.run; // the action may dismiss (and so destroy) the item
            dismiss(id);
            if (run)
                run();
            return true;
        }
    return false;
}

} // namespace studio::views
