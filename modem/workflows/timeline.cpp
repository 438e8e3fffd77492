// SPDX-License-Identifier: Apache-2.0
#include "workflows/timeline.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>

namespace qmt::session {

using state::MqttState;
using state::NetState;

namespace {

// Geometry of the picture, in pixels.
constexpr double kLabelWidth = 78;
constexpr double kRightMargin = 14;
constexpr double kTop = 8;
constexpr double kModuleLane = 20;
constexpr double kSlotLane = 46;
constexpr double kAxis = 30;
constexpr double kLegend = 22;
constexpr quint32 kGridColour = 0xd8d8d8;
constexpr quint32 kTextColour = 0x303030;
constexpr quint32 kLaneShade = 0xf4f4f4;

// A step of 1, 2 or 5 × 10^n of at least `raw`.
double niceStep(double raw)
{
    if (raw <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw)
            return m * p;
    return 10 * p;
}

QString tickLabel(double value, double step, bool byOrder)
{
    if (byOrder)
        return QLocale().toString(qint64(std::llround(value)));
    const double s = value / 1e6;
    const double stepS = step / 1e6;
    if (stepS >= 60) {
        const qint64 total = qint64(std::llround(s));
        return QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    }
    if (stepS >= 1)
        return QStringLiteral("%1 s").arg(qint64(std::llround(s)));
    if (stepS >= 0.001) {
        const int decimals = stepS >= 0.1 ? 1 : stepS >= 0.01 ? 2 : 3;
        return QStringLiteral("%1 s").arg(s, 0, 'f', decimals);
    }
    return QStringLiteral("%1 ms").arg(s * 1000, 0, 'f', 3);
}

QString duration(qint64 from, qint64 to, bool byOrder)
{
    if (byOrder)
        return Timeline::tr("%n event(s)", nullptr, int(std::min<qint64>(to - from, INT32_MAX)));
    const double s = double(to - from) / 1e6;
    // SI units, as the fault menu and the traffic write them in every language
    return s >= 1 ? QStringLiteral("%1 s").arg(s, 0, 'f', 1)
                  : QStringLiteral("%1 ms").arg(s * 1000, 0, 'f', 1);
}

QString networkName(NetState s)
{
    switch (s) {
    case NetState::Closed:
        return Timeline::tr("network closed");
    case NetState::Opening:
        return Timeline::tr("network opening");
    case NetState::Open:
        return Timeline::tr("network open");
    case NetState::Failed:
        return Timeline::tr("network open failed");
    case NetState::Unknown:
        break;
    }
    return Timeline::tr("network state unknown");
}

QString mqttName(MqttState s)
{
    switch (s) {
    case MqttState::Idle:
        return Timeline::tr("MQTT idle");
    case MqttState::Connecting:
        return Timeline::tr("MQTT connecting");
    case MqttState::Connected:
        return Timeline::tr("MQTT connected");
    case MqttState::Disconnecting:
        return Timeline::tr("MQTT disconnecting");
    case MqttState::Disconnected:
        return Timeline::tr("MQTT disconnected");
    case MqttState::Unknown:
        break;
    }
    return Timeline::tr("MQTT state unknown");
}

QString markName(TimelineMark::Kind k, int count)
{
    switch (k) {
    case TimelineMark::Kind::Out:
        return Timeline::tr("%n message(s) published", nullptr, count);
    case TimelineMark::Kind::OutFailed:
        return Timeline::tr("%n publish(es) failed", nullptr, count);
    case TimelineMark::Kind::In:
        return Timeline::tr("%n message(s) received", nullptr, count);
    case TimelineMark::Kind::Error:
        return Timeline::tr("%n error(s)", nullptr, count);
    case TimelineMark::Kind::Restart:
        break;
    }
    return Timeline::tr("the module restarted");
}

} // namespace

// ---- recording -------------------------------------------------------------------------------

Timeline::Timeline(Pipeline &pipeline, std::function<qint64()> row)
    : m_pipeline(pipeline), m_row(std::move(row))
{
    m_open.fill(std::size_t(-1));
    m_observer = m_pipeline.addObserver([this](const at::AtEvent &ev) { onEvent(ev); });
}

Timeline::~Timeline()
{
    m_pipeline.removeObserver(m_observer);
}

void Timeline::clear()
{
    for (auto &c : m_changes)
        c.clear();
    m_marks.clear();
    m_open.fill(std::size_t(-1));
    m_stride = 1;
    m_seen = {};
    m_events = 0;
    m_firstUs = m_lastUs = 0;
    ++m_generation;
}

void Timeline::thin()
{
    m_stride *= 2;
    // pairs of each kind and slot, in order: the first of a pair stands for both
    std::array<std::size_t, kKinds * kLanes> pending;
    pending.fill(std::size_t(-1));
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_marks.size(); ++i) {
        TimelineMark &m = m_marks[i];
        const std::size_t k = std::size_t(int(m.kind) * kLanes + m.slot + 1);
        if (m.kind != TimelineMark::Kind::Restart && pending[k] != std::size_t(-1)) {
            m_marks[pending[k]].weight += m.weight;
            pending[k] = std::size_t(-1);
            continue;
        }
        if (kept != i)
            m_marks[kept] = std::move(m);
        m_open[k] = kept;
        if (m_marks[kept].kind != TimelineMark::Kind::Restart)
            pending[k] = kept;
        ++kept;
    }
    m_marks.resize(kept);
}

qint64 Timeline::first() const
{
    return m_byOrder ? 0 : m_firstUs;
}

qint64 Timeline::last() const
{
    return m_byOrder ? m_events : m_lastUs;
}

void Timeline::onEvent(const at::AtEvent &ev)
{
    const qint64 seq = m_events++;
    if (seq == 0)
        m_firstUs = ev.timeUs;
    m_lastUs = std::max(m_lastUs, ev.timeUs);
    ++m_generation;
    const qint64 row = m_row ? m_row() : -1;
    auto mark = [&](TimelineMark::Kind kind, int slot, QString text = {}) {
        std::size_t &open = m_open[std::size_t(int(kind) * kLanes + slot + 1)];
        if (kind != TimelineMark::Kind::Restart && open < m_marks.size() && m_marks[open].weight < m_stride) {
            ++m_marks[open].weight; // (thinned: the kind's latest mark stands for it)
            return;
        }
        m_marks.push_back(TimelineMark{kind, slot, ev.timeUs, seq, ev.offset, row, std::move(text)});
        open = m_marks.size() - 1;
        if (m_marks.size() > m_budget)
            thin();
    };

    const bool restart = ev.type == at::EventType::Boot && ev.text == "RDY";
    if (restart)
        mark(TimelineMark::Kind::Restart, -1, tr("the module restarted (RDY)"));
    const state::SlotStore &store = m_pipeline.store();
    bool slotError = false;
    for (int i = 0; i < state::kSlotCount; ++i) {
        const state::ClientSlot &s = store.slot(i);
        Seen &seen = m_seen[std::size_t(i)];
        if (s.network != seen.network || s.mqtt != seen.mqtt) {
            m_changes[std::size_t(i)].push_back(
                TimelineChange{ev.timeUs, seq, ev.offset, row, s.network, s.mqtt});
            seen.network = s.network;
            seen.mqtt = s.mqtt;
        }
        const state::SlotCounters &c = s.counters;
        if (restart || c.published < seen.published || c.received < seen.received ||
            c.publishFailed < seen.publishFailed) { // the store started its counters afresh
            seen.published = c.published;
            seen.publishFailed = c.publishFailed;
            seen.received = c.received;
        }
        for (; seen.published < c.published; ++seen.published)
            mark(TimelineMark::Kind::Out, i);
        for (; seen.publishFailed < c.publishFailed; ++seen.publishFailed)
            mark(TimelineMark::Kind::OutFailed, i, s.lastError.text());
        for (; seen.received < c.received; ++seen.received)
            mark(TimelineMark::Kind::In, i);
        if (s.lastError.serial != seen.errorSerial) {
            seen.errorSerial = s.lastError.serial;
            // a failed publish is already its own mark
            if (s.lastError.isSet() &&
                !(m_marks.size() && m_marks.back().kind == TimelineMark::Kind::OutFailed &&
                  m_marks.back().seq == seq && m_marks.back().slot == i)) {
                mark(TimelineMark::Kind::Error, i, s.lastError.text());
                slotError = true;
            }
        }
    }
    if (!slotError && (ev.type == at::EventType::Error || ev.type == at::EventType::CmeError))
        mark(TimelineMark::Kind::Error, -1, QString::fromUtf8(ev.text));
}

// ---- colours ---------------------------------------------------------------------------------

quint32 Timeline::networkColour(NetState s)
{
    switch (s) {
    case NetState::Closed:
        return 0;
    case NetState::Opening:
        return 0xf0c05a;
    case NetState::Open:
        return 0x5b9bd5;
    case NetState::Failed:
        return 0xd9534f;
    case NetState::Unknown:
        break;
    }
    return 0xc8c8c8;
}

quint32 Timeline::mqttColour(MqttState s)
{
    switch (s) {
    case MqttState::Idle:
        return 0;
    case MqttState::Connecting:
    case MqttState::Disconnecting:
        return 0xf0c05a;
    case MqttState::Connected:
        return 0x3aa655;
    case MqttState::Disconnected:
        return 0xa0a0a0;
    case MqttState::Unknown:
        break;
    }
    return 0xc8c8c8;
}

quint32 Timeline::markColour(TimelineMark::Kind k)
{
    switch (k) {
    case TimelineMark::Kind::Out:
        return 0x1f6fd1;
    case TimelineMark::Kind::OutFailed:
        return 0xd9534f;
    case TimelineMark::Kind::In:
        return 0x2e8b57;
    case TimelineMark::Kind::Error:
        return 0xd62728;
    case TimelineMark::Kind::Restart:
        break;
    }
    return 0x7f3fbf;
}

// ---- layout ----------------------------------------------------------------------------------

double TimelineScene::xOf(double value) const
{
    if (to <= from)
        return plotLeft;
    return plotLeft + (value - double(from)) * (plotRight - plotLeft) / double(to - from);
}

double TimelineScene::valueAt(double x) const
{
    if (plotRight <= plotLeft)
        return double(from);
    return double(from) + (x - plotLeft) * double(to - from) / (plotRight - plotLeft);
}

const TimelineItem *TimelineScene::itemAt(QPointF p, double tolerance) const
{
    const TimelineItem *band = nullptr;
    double best = tolerance + 1;
    const TimelineItem *mark = nullptr;
    for (const TimelineItem &it : items) {
        switch (it.shape) {
        case TimelineItem::Shape::Out:
        case TimelineItem::Shape::In:
        case TimelineItem::Shape::Error:
        case TimelineItem::Shape::Restart: {
            const QRectF r = it.rect.adjusted(-tolerance, -tolerance, tolerance, tolerance);
            if (it.slot >= -1 && r.contains(p)) {
                const double d = std::abs(it.rect.center().x() - p.x());
                if (d < best) {
                    best = d;
                    mark = &it;
                }
            }
            break;
        }
        case TimelineItem::Shape::Band:
            if (it.slot >= 0 && it.rect.contains(p))
                band = &it;
            break;
        default:
            break;
        }
    }
    return mark ? mark : band;
}

TimelineScene Timeline::layout(const View &view) const
{
    TimelineScene scene;
    scene.byOrder = m_byOrder;
    scene.width = std::max(view.width, kLabelWidth + kRightMargin + 40);
    scene.plotLeft = kLabelWidth;
    scene.plotRight = scene.width - kRightMargin;
    scene.from = view.from == view.to ? first() : view.from;
    scene.to = view.from == view.to ? last() : view.to;
    if (scene.to <= scene.from)
        scene.to = scene.from + (m_byOrder ? 1 : 1000000); // one event, or one second
    auto &items = scene.items;
    auto add = [&items](TimelineItem::Shape shape, QRectF rect, quint32 rgb,
                        QString text = {}) -> TimelineItem & {
        TimelineItem it;
        it.shape = shape;
        it.rect = rect;
        it.rgb = rgb;
        it.text = std::move(text);
        items.push_back(std::move(it));
        return items.back();
    };
    auto label = [&](QRectF rect, const QString &text, int align, bool bold = false) {
        TimelineItem &it = add(TimelineItem::Shape::Label, rect, kTextColour, text);
        it.align = align;
        it.bold = bold;
    };
    const double left = scene.plotLeft, right = scene.plotRight;
    auto xOf = [&scene](qint64 v) { return scene.xOf(double(v)); };

    // Which lanes: the module, then every slot that did something (or the one asked for).
    std::vector<int> lanes;
    if (view.onlySlot < 0)
        lanes.push_back(-1);
    for (int i = 0; i < state::kSlotCount; ++i) {
        if (view.onlySlot >= 0 && i != view.onlySlot)
            continue;
        const bool used =
            !m_changes[std::size_t(i)].empty() ||
            std::any_of(m_marks.begin(), m_marks.end(), [i](const TimelineMark &m) { return m.slot == i; });
        if (used || view.onlySlot == i)
            lanes.push_back(i);
    }

    // Lanes: shading, name, the state bands, the marks binned per pixel column.
    double y = kTop;
    std::map<int, std::pair<double, double>> laneY; // slot → top, height
    for (int slot : lanes) {
        const double h = slot < 0 ? kModuleLane : kSlotLane;
        laneY[slot] = {y, h};
        add(TimelineItem::Shape::Band, QRectF(0, y, scene.width, h), slot < 0 ? 0xffffff : kLaneShade).slot =
            -2;
        label(QRectF(4, y, kLabelWidth - 8, h), slot < 0 ? tr("Module") : tr("Slot %1").arg(slot), -1, true);
        if (slot >= 0) {
            const auto &changes = m_changes[std::size_t(slot)];
            // One band per state: from the change that entered it to the next that left it.
            // Network and MQTT each skip the changes of the other.
            auto bands = [&](auto stateOf, auto colourOf, auto nameOf, double top, double height) {
                auto it = std::upper_bound(
                    changes.begin(), changes.end(), scene.from,
                    [this](qint64 v, const TimelineChange &c) { return v < key(c.timeUs, c.seq); });
                TimelineChange current; // closed and idle before the first change
                if (it != changes.begin()) {
                    auto entered = std::prev(it); // back to where the state at `from` began
                    while (entered != changes.begin() && stateOf(*std::prev(entered)) == stateOf(*entered))
                        --entered;
                    current = *entered;
                    current.network = std::prev(it)->network;
                    current.mqtt = std::prev(it)->mqtt;
                }
                qint64 start = scene.from;
                // a band drawn from a to b (clipped to the range), its state lasting to `ends`
                auto band = [&](qint64 a, qint64 b, qint64 ends) {
                    const quint32 rgb = colourOf(stateOf(current));
                    const double x0 = std::max(left, xOf(a)), x1 = std::min(right, xOf(b));
                    if (!rgb || x1 - x0 <= 0)
                        return;
                    const qint64 began = std::min(a, key(current.timeUs, current.seq));
                    TimelineItem &t = add(
                        TimelineItem::Shape::Band, QRectF(x0, y + top, std::max(1.0, x1 - x0), height), rgb,
                        tr("Slot %1: %2 (%3)")
                            .arg(slot)
                            .arg(nameOf(stateOf(current)), duration(began, ends, m_byOrder)));
                    t.slot = slot;
                    t.offset = current.offset;
                    t.row = current.row;
                };
                for (; it != changes.end() && key(it->timeUs, it->seq) < scene.to; ++it) {
                    if (stateOf(*it) == stateOf(current))
                        continue;
                    band(start, key(it->timeUs, it->seq), key(it->timeUs, it->seq));
                    current = *it;
                    start = key(it->timeUs, it->seq);
                }
                // the last state lasts to its next change past the range, or to the end recorded
                qint64 ends = std::max(start, last());
                for (; it != changes.end(); ++it) {
                    if (stateOf(*it) != stateOf(current)) {
                        ends = key(it->timeUs, it->seq);
                        break;
                    }
                }
                band(start, std::min(scene.to, ends), ends);
            };
            bands([](const TimelineChange &c) { return c.network; }, &Timeline::networkColour, &networkName,
                  27, 6);
            bands([](const TimelineChange &c) { return c.mqtt; }, &Timeline::mqttColour, &mqttName, 35, 9);
        }
        y += h;
    }
    const double lanesBottom = y;

    // Marks: one per lane, kind and pixel column, counting what it merges.
    std::map<std::tuple<int, int, long>, std::size_t> bins; // slot, kind, column → item index
    for (const TimelineMark &m : m_marks) {
        const qint64 k = key(m.timeUs, m.seq);
        if (k < scene.from || k > scene.to)
            continue;
        const auto lane = laneY.find(m.slot);
        if (m.kind != TimelineMark::Kind::Restart && lane == laneY.end())
            continue;
        const double x = xOf(k);
        const long column = long(std::floor(x));
        const auto binKey = std::make_tuple(m.slot, int(m.kind), column);
        if (const auto b = bins.find(binKey); b != bins.end()) {
            TimelineItem &it = items[b->second];
            it.count += int(std::min<quint32>(m.weight, INT_MAX - it.count));
            continue;
        }
        TimelineItem it;
        it.count = int(std::min<quint32>(m.weight, INT_MAX));
        it.rgb = markColour(m.kind);
        it.slot = m.slot;
        it.offset = m.offset;
        it.row = m.row;
        it.text = m.text;
        const double top = lane == laneY.end() ? kTop : lane->second.first;
        switch (m.kind) {
        case TimelineMark::Kind::Out:
        case TimelineMark::Kind::OutFailed:
            it.shape = TimelineItem::Shape::Out;
            it.rect = QRectF(x - 4, top + 14, 8, 6);
            break;
        case TimelineMark::Kind::In:
            it.shape = TimelineItem::Shape::In;
            it.rect = QRectF(x - 4, top + 20, 8, 6);
            break;
        case TimelineMark::Kind::Error:
            it.shape = TimelineItem::Shape::Error;
            it.rect = m.slot < 0 ? QRectF(x - 5, top + 5, 10, 10) : QRectF(x - 5, top + 2, 10, 10);
            break;
        case TimelineMark::Kind::Restart:
            it.shape = TimelineItem::Shape::Restart;
            it.rect = QRectF(x, kTop, 0, lanesBottom - kTop);
            break;
        }
        bins.emplace(binKey, items.size());
        items.push_back(std::move(it));
    }
    // tooltips: what the marks of a column are
    for (const auto &[binKey, index] : bins) {
        TimelineItem &it = items[index];
        const auto kind = TimelineMark::Kind(std::get<1>(binKey));
        const QString who = it.slot < 0 ? tr("Module") : tr("Slot %1").arg(it.slot);
        QString tip = who + QStringLiteral(": ") + markName(kind, it.count);
        if (!it.text.isEmpty())
            tip += (it.count > 1 ? tr(", first: %1") : QStringLiteral(": %1")).arg(it.text);
        it.text = tip;
    }

    // The axis: grid lines and their labels, and where it starts.
    const double step = niceStep(double(scene.to - scene.from) * 90.0 / std::max(1.0, right - left));
    const double firstTick = std::ceil(double(scene.from - (m_byOrder ? 0 : first())) / step) * step;
    for (double v = firstTick; v <= double(scene.to - (m_byOrder ? 0 : first())) + step * 1e-9; v += step) {
        const double x = scene.xOf(v + double(m_byOrder ? 0 : first()));
        if (x < left - 0.5 || x > right + 0.5)
            continue;
        add(TimelineItem::Shape::Grid, QRectF(x, kTop, 0, lanesBottom - kTop + 4), kGridColour);
        label(QRectF(x - 40, lanesBottom + 4, 80, 14), tickLabel(v, step, m_byOrder), 0);
    }
    add(TimelineItem::Shape::Grid, QRectF(left, lanesBottom, right - left, 0), 0x909090);
    QString origin;
    if (m_byOrder)
        origin = tr("events");
    else if (!isEmpty())
        origin = QDateTime::fromMSecsSinceEpoch(first() / 1000).toString(QStringLiteral("HH:mm:ss"));
    label(QRectF(4, lanesBottom + 4, kLabelWidth - 8, 14), origin, -1);
    label(QRectF(4, lanesBottom + 17, scene.width - 8, 12),
          m_byOrder ? tr("The log has no times: the axis counts events.")
                    : tr("Shown: %1 of %2")
                          .arg(duration(scene.from, scene.to, false),
                               duration(first(), std::max(first(), last()), false)),
          -1);
    y = lanesBottom + kAxis;

    if (view.legend) {
        double x = 4;
        auto entry = [&](TimelineItem::Shape shape, quint32 rgb, const QString &text) {
            add(shape, QRectF(x, y + 4, shape == TimelineItem::Shape::Swatch ? 14 : 8, 8), rgb).slot = -3;
            x += 18;
            double w = 12; // the text's width, estimated: no font metrics in the core
            for (const QChar c : text)
                w += c.unicode() >= 0x2E80 ? 11.5 : 6.8;
            label(QRectF(x, y, w, 16), text, -1);
            x += w;
        };
        entry(TimelineItem::Shape::Swatch, networkColour(NetState::Open), tr("network open"));
        entry(TimelineItem::Shape::Swatch, mqttColour(MqttState::Connecting), tr("opening, connecting"));
        entry(TimelineItem::Shape::Swatch, mqttColour(MqttState::Connected), tr("MQTT connected"));
        entry(TimelineItem::Shape::Swatch, networkColour(NetState::Failed), tr("failed"));
        entry(TimelineItem::Shape::Out, markColour(TimelineMark::Kind::Out), tr("published"));
        entry(TimelineItem::Shape::In, markColour(TimelineMark::Kind::In), tr("received"));
        entry(TimelineItem::Shape::Error, markColour(TimelineMark::Kind::Error), tr("error"));
        y += kLegend;
    }
    scene.height = y;
    return scene;
}

// ---- SVG -------------------------------------------------------------------------------------

namespace {

QString colour(quint32 rgb)
{
    return QStringLiteral("#%1").arg(rgb, 6, 16, QLatin1Char('0'));
}

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

} // namespace

QByteArray toSvg(const TimelineScene &scene, const std::function<QString(const TimelineItem &)> &link)
{
    QString s;
    s.reserve(int(scene.items.size()) * 120 + 512);
    s += QStringLiteral(
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
             "font-family=\"DejaVu Sans, Noto Sans CJK SC, sans-serif\" font-size=\"11\">\n")
             .arg(num(scene.width), num(scene.height));
    s += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (const TimelineItem &it : scene.items) {
        const QRectF &r = it.rect;
        const QString fill = colour(it.rgb);
        QString tag = QStringLiteral("polygon"), attrs;
        switch (it.shape) {
        case TimelineItem::Shape::Band:
        case TimelineItem::Shape::Swatch:
            tag = QStringLiteral("rect");
            attrs = QStringLiteral("x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"")
                        .arg(num(r.x()), num(r.y()), num(r.width()), num(r.height()), fill);
            break;
        case TimelineItem::Shape::Grid:
            tag = QStringLiteral("line");
            attrs = QStringLiteral("x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%4\" stroke=\"%5\"")
                        .arg(num(r.left()), num(r.top()), num(r.right()), num(r.bottom()), fill);
            break;
        case TimelineItem::Shape::Restart:
            tag = QStringLiteral("line");
            attrs = QStringLiteral("x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"%4\" stroke-width=\"2\" "
                                   "stroke-dasharray=\"4 3\"")
                        .arg(num(r.left()), num(r.top()), num(r.bottom()), fill);
            break;
        case TimelineItem::Shape::Out:
            attrs = QStringLiteral("points=\"%1,%2 %3,%4 %5,%4\" fill=\"%6\"")
                        .arg(num(r.center().x()), num(r.top()), num(r.left()), num(r.bottom()),
                             num(r.right()), fill);
            break;
        case TimelineItem::Shape::In:
            attrs = QStringLiteral("points=\"%1,%2 %3,%2 %4,%5\" fill=\"%6\"")
                        .arg(num(r.left()), num(r.top()), num(r.right()), num(r.center().x()),
                             num(r.bottom()), fill);
            break;
        case TimelineItem::Shape::Error:
            attrs = QStringLiteral("points=\"%1,%2 %3,%4 %1,%5 %6,%4\" fill=\"%7\"")
                        .arg(num(r.center().x()), num(r.top()), num(r.right()), num(r.center().y()),
                             num(r.bottom()), num(r.left()), fill);
            break;
        case TimelineItem::Shape::Label: {
            const char *anchor = it.align < 0 ? "start" : it.align > 0 ? "end" : "middle";
            const double x = it.align < 0 ? r.left() : it.align > 0 ? r.right() : r.center().x();
            s += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"%3\" fill=\"%4\"%5>%6</text>\n")
                     .arg(num(x), num(r.center().y() + 4), QLatin1String(anchor), fill,
                          it.bold ? QStringLiteral(" font-weight=\"bold\"") : QString(),
                          it.text.toHtmlEscaped());
            continue;
        }
        }
        const bool shown =
            (it.isMark() && it.slot >= -1) || (it.shape == TimelineItem::Shape::Band && it.slot >= 0);
        QString element =
            shown && !it.text.isEmpty()
                ? QStringLiteral("<%1 %2><title>%3</title></%1>").arg(tag, attrs, it.text.toHtmlEscaped())
                : QStringLiteral("<%1 %2/>").arg(tag, attrs);
        const QString href = shown && link ? link(it) : QString();
        if (!href.isEmpty())
            element = QStringLiteral("<a href=\"%1\">%2</a>").arg(href.toHtmlEscaped(), element);
        s += element + QLatin1Char('\n');
    }
    s += QStringLiteral("</svg>\n");
    return s.toUtf8();
}

} // namespace qmt::session
