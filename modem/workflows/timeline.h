// SPDX-License-Identifier: Apache-2.0
#pragma once
// The timeline of a session (issue 9): per slot, the network and MQTT state over time, the
// messages published and received, the errors and the module's restarts — recorded from a
// pipeline as the slot store sees them (the same events give the same timeline), then laid out
// as a picture for a width and a time range. The layout is plain geometry (TimelineScene) that
// the app paints with QPainter (ui/, and PNG from the CLI) and that toSvg() writes as SVG for
// the HTML report and `qmtscope-cli timeline`. Every mark and band keeps the stream offset of the
// frame behind it, and the traffic row when a row source is given: a click leads to the traffic.
//
// A log without times is drawn in event order (the x axis counts events), since its events
// were all stamped within a few milliseconds of each other while it was read.

#include "engine/clientslot.h"
#include "engine/pipeline.h"

#include <QCoreApplication>
#include <QRectF>
#include <QString>

#include <algorithm>
#include <array>
#include <functional>
#include <vector>

namespace qmt::session {

struct TimelineChange // a slot's state from this event on
{
    qint64 timeUs = 0, seq = 0, offset = -1, row = -1;
    state::NetState network = state::NetState::Closed;
    state::MqttState mqtt = state::MqttState::Idle;
};

struct TimelineMark
{
    enum class Kind : std::uint8_t { Out, OutFailed, In, Error, Restart };
    Kind kind = Kind::Out;
    int slot = -1; // -1: the module
    qint64 timeUs = 0, seq = 0, offset = -1, row = -1;
    QString text; // errors and restarts: what happened (translated); else empty
    // How many events of its kind and slot it stands for: beyond Timeline::kMaxMarks marks the
    // timeline keeps one mark in two of each kind and slot (restarts excepted), the kept one
    // counting both, so memory stays bounded and the counts stay exact.
    quint32 weight = 1;
};

// One shape of the picture. Coordinates in pixels from the picture's top left.
struct TimelineItem
{
    enum class Shape : std::uint8_t {
        Band,    // a state over a time span (rect)
        Label,   // text; rect is where it goes, `align` how
        Grid,    // a thin vertical or horizontal line (rect of zero width or height)
        Restart, // a dashed vertical line across the lanes
        Out,     // ▲ published
        In,      // ▼ received
        Error,   // ◆
        Swatch,  // a legend's colour sample
    };
    Shape shape = Shape::Band;
    QRectF rect;
    quint32 rgb = 0;   // 0xRRGGBB
    QString text;      // Label: the text; others: what a tooltip says
    int align = 0;     // Label: -1 left, 0 centre, 1 right
    bool bold = false; // Label
    int slot = -1;     // -1: the module; -2: a lane's background; -3: the legend
    int count = 1;     // marks merged into one pixel column
    qint64 offset = -1, row = -1;

    bool isMark() const
    {
        return shape == Shape::Out || shape == Shape::In || shape == Shape::Error || shape == Shape::Restart;
    }
};

struct TimelineScene
{
    double width = 0, height = 0;
    qint64 from = 0, to = 0; // the range shown (µs, or events in order mode)
    bool byOrder = false;
    double plotLeft = 0, plotRight = 0; // x of `from` and `to`
    std::vector<TimelineItem> items;

    // The mark or band under a point (marks first), nullptr when none.
    const TimelineItem *itemAt(QPointF p, double tolerance = 3) const;
    // The range value at x, and x of a value.
    double valueAt(double x) const;
    double xOf(double value) const;
};

class Timeline
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::Timeline)
public:
    // `row` gives the traffic row of the event being observed (e.g. the traffic model's last
    // row); without it marks carry stream offsets only.
    explicit Timeline(Pipeline &pipeline, std::function<qint64()> row = {});
    ~Timeline();
    Timeline(const Timeline &) = delete;
    Timeline &operator=(const Timeline &) = delete;

    void setByOrder(bool on) { m_byOrder = on; } // x counts events (a log without times)
    bool byOrder() const { return m_byOrder; }
    void clear();

    const std::vector<TimelineChange> &changes(int slot) const { return m_changes[std::size_t(slot)]; }
    const std::vector<TimelineMark> &marks() const { return m_marks; }
    static constexpr std::size_t kMaxMarks = 200000;
    void setMarkBudget(std::size_t marks)
    {
        m_budget = std::max<std::size_t>(marks, 16);
    } // (default kMaxMarks)
    // Events of one kind and slot each mark stands for at most (1: every event its own mark).
    quint32 thinning() const { return m_stride; }
    bool isEmpty() const { return m_events == 0; }
    // The range recorded: first and last event (µs, or 0 and the event count in order mode).
    qint64 first() const;
    qint64 last() const;
    // Bumped on every change, so a view repaints only when there is something new.
    quint64 generation() const { return m_generation; }

    struct View
    {
        double width = 1000;
        qint64 from = 0, to = 0; // from == to: everything recorded
        int onlySlot = -1;       // -1: the module and every slot that did something
        bool legend = true;
    };
    TimelineScene layout(const View &view) const;

    static quint32 networkColour(state::NetState s); // 0: not drawn
    static quint32 mqttColour(state::MqttState s);
    static quint32 markColour(TimelineMark::Kind k);

private:
    void onEvent(const at::AtEvent &ev);
    void thin(); // halves the marks (restarts kept), doubling what each stands for
    qint64 key(qint64 timeUs, qint64 seq) const { return m_byOrder ? seq : timeUs; }

    Pipeline &m_pipeline;
    std::function<qint64()> m_row;
    int m_observer = 0;
    bool m_byOrder = false;
    std::array<std::vector<TimelineChange>, state::kSlotCount> m_changes;
    std::vector<TimelineMark> m_marks;
    // Thinning: per kind and slot (slot + 1), the mark that events of that kind are added to
    // until it stands for m_stride of them.
    static constexpr int kKinds = 5, kLanes = state::kSlotCount + 1;
    std::array<std::size_t, kKinds * kLanes> m_open{};
    quint32 m_stride = 1;
    std::size_t m_budget = kMaxMarks;
    struct Seen
    {
        state::NetState network = state::NetState::Closed;
        state::MqttState mqtt = state::MqttState::Idle;
        quint64 published = 0, publishFailed = 0, received = 0;
        quint32 errorSerial = 0;
    };
    std::array<Seen, state::kSlotCount> m_seen{};
    qint64 m_events = 0;
    qint64 m_firstUs = 0, m_lastUs = 0;
    quint64 m_generation = 0;
};

// The scene as a standalone SVG document (tooltips as <title>; marks link to `link(row or
// offset)` when given, e.g. "#line-12" in the HTML report).
QByteArray toSvg(const TimelineScene &scene, const std::function<QString(const TimelineItem &)> &link = {});

} // namespace qmt::session
