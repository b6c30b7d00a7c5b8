// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_export.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QWidget>

#include <algorithm>

namespace studio::views {

namespace {
bool isSvg(const QString &path)
{
    return QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0;
}
} // namespace

bool exportScene(QGraphicsScene *scene, const QString &path, qreal scale, const QString &title)
{
    if (!scene)
        return false;
    const QRectF source = scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    if (source.isEmpty())
        return false;
    if (isSvg(path)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(title);
        QPainter p;
        if (!p.begin(&svg))
            return false;
        p.fillRect(QRectF(QPointF(0, 0), source.size()), Qt::white);
        scene->render(&p, QRectF(QPointF(0, 0), source.size()), source);
        return p.end();
    }
    // Keep huge scenes (10,000 pods) to an image a viewer can open.
    const qreal maxSide = 16000;
    const qreal s = std::min(scale, maxSide / std::max(source.width(), source.height()));
    QImage image((source.size() * s).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return false;
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        scene->render(&p, QRectF(image.rect()), source);
    }
    return image.save(path, "PNG");
}

bool exportWidget(QWidget *widget, const QString &path, const QString &title)
{
    if (!widget || widget->size().isEmpty())
        return false;
    if (isSvg(path)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(widget->size());
        svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
        svg.setTitle(title);
        QPainter p;
        if (!p.begin(&svg))
            return false;
        widget->render(&p);
        return p.end();
    }
    return widget->grab().save(path, "PNG");
}

QString askExportFileName(QWidget *parent, const QString &suggestedBaseName)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return QFileDialog::getSaveFileName(
        parent, QCoreApplication::translate("studio::views::ViewExport", "Export"),
        dir + QLatin1Char('/') + suggestedBaseName + QStringLiteral(".png"),
        QCoreApplication::translate("studio::views::ViewExport",
                                    "PNG image (*.png);;SVG drawing (*.svg)"));
}

} // namespace studio::views
