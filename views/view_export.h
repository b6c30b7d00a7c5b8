// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QGraphicsScene;
class QWidget;

namespace studio::views {

// PNG and SVG export for slides and handouts. The format follows the file's suffix (".svg",
// anything else is PNG). Return false when the file cannot be written or there is nothing
// to draw.

// The whole scene (its items' bounding rect plus a margin), at `scale` for PNG.
bool exportScene(QGraphicsScene *scene, const QString &path, qreal scale = 2.0,
                 const QString &title = {});
// A widget as it looks now (children included).
bool exportWidget(QWidget *widget, const QString &path, const QString &title = {});
// Asks for a file name (PNG or SVG); empty when the user cancels.
QString askExportFileName(QWidget *parent, const QString &suggestedBaseName);

} // namespace studio::views
