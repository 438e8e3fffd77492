// SPDX-License-Identifier: Apache-2.0
#include "timelinepainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

namespace qmt::paint {

using session::TimelineItem;

namespace {

QPolygonF shapeOf(const TimelineItem &it)
{
    const QRectF r = it.rect;
    switch (it.shape) {
    case TimelineItem::Shape::Out:
        return QPolygonF({QPointF(r.center().x(), r.top()), r.bottomLeft(), r.bottomRight()});
    case TimelineItem::Shape::In:
        return QPolygonF({r.topLeft(), r.topRight(), QPointF(r.center().x(), r.bottom())});
    case TimelineItem::Shape::Error:
        return QPolygonF({QPointF(r.center().x(), r.top()), QPointF(r.right(), r.center().y()),
                          QPointF(r.center().x(), r.bottom()), QPointF(r.left(), r.center().y())});
    default:
        break;
    }
    return QPolygonF(r);
}

} // namespace

void paintTimeline(QPainter &painter, const session::TimelineScene &scene, const TimelineItem *highlight)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QFont font = painter.font();
    font.setPixelSize(11);
    QFont bold = font;
    bold.setBold(true);
    for (const TimelineItem &it : scene.items) {
        const QColor colour = QColor::fromRgb(it.rgb);
        switch (it.shape) {
        case TimelineItem::Shape::Band:
        case TimelineItem::Shape::Swatch:
            painter.fillRect(it.rect, colour);
            break;
        case TimelineItem::Shape::Grid:
            painter.setPen(QPen(colour, 1));
            painter.drawLine(it.rect.topLeft(), it.rect.bottomRight());
            break;
        case TimelineItem::Shape::Restart:
            painter.setPen(QPen(colour, 2, Qt::DashLine));
            painter.drawLine(it.rect.topLeft(), it.rect.bottomLeft());
            break;
        case TimelineItem::Shape::Out:
        case TimelineItem::Shape::In:
        case TimelineItem::Shape::Error:
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawPolygon(shapeOf(it));
            break;
        case TimelineItem::Shape::Label: {
            painter.setFont(it.bold ? bold : font);
            painter.setPen(colour);
            const Qt::Alignment h = it.align < 0   ? Qt::AlignLeft
                                    : it.align > 0 ? Qt::AlignRight
                                                   : Qt::AlignHCenter;
            painter.drawText(it.rect, int(h | Qt::AlignVCenter | Qt::TextDontClip), it.text);
            break;
        }
        }
    }
    if (highlight) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0x20, 0x20, 0x20), 1.5));
        if (highlight->shape == TimelineItem::Shape::Restart)
            painter.drawRect(highlight->rect.adjusted(-3, 0, 3, 0));
        else if (highlight->shape == TimelineItem::Shape::Band)
            painter.drawRect(highlight->rect);
        else
            painter.drawPolygon(shapeOf(*highlight));
    }
    painter.restore();
}

QImage timelineImage(const session::TimelineScene &scene, qreal scale)
{
    QImage image(QSize(int(scene.width * scale + 0.5), int(scene.height * scale + 0.5)),
                 QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintTimeline(painter, scene);
    painter.end();
    return image;
}

} // namespace qmt::paint
