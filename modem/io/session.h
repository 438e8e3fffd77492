// SPDX-License-Identifier: Apache-2.0
#pragma once
// Session: the one object that owns the connection to a module — the serial port, the
// pipeline, the command channel and the models over them (Qt Creator's SerialControl plays the
// same part). Widgets only call it and listen to it. A port that disappears is closed at once
// (QSerialPort would otherwise report ReadError in a tight loop) and, if wanted, reopened when
// it comes back.

#include "io/commandchannel.h"
#include "io/portdoctor.h"
#include "engine/pipeline.h"
#include "models/slottablemodel.h"
#include "models/trafficmodel.h"

#include <QObject>

#include <memory>
#include <QSerialPort>
#include <QTimer>

namespace qmt::session {

class Journal;

struct PortSettings
{
    QString path; // "/dev/ttyUSB2" or a pty
    qint32 baud = 115200;
    QSerialPort::FlowControl flow = QSerialPort::NoFlowControl;
};

class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    Pipeline &pipeline() { return m_pipeline; }
    CommandChannel &channel() { return m_channel; }
    const state::SlotStore &store() const { return m_pipeline.store(); }
    state::TrafficModel *trafficModel() { return &m_traffic; }
    // While a large journal is read (JournalPlayer), a model of its last frames that the traffic
    // views show instead of trafficModel(), so its end is on screen at once; nullptr otherwise.
    // Not owned.
    state::TrafficModel *previewTraffic() const { return m_preview; }
    void setPreviewTraffic(state::TrafficModel *preview);
    state::SlotTableModel *slotModel() { return &m_slotModel; }

    // Opens the port; on success reads the module's identity, echo state and QMTCFG ranges.
    bool open(const PortSettings &settings);
    // Talks to a device that is no serial port — the simulated module in-process
    // (sim::SimDevice), a socket — named `name` in messages; the same pipeline, channel and
    // models. The device is opened if it is not; the session does not own it (it must outlive
    // the session or be closed with close() first). Port loss and reopening are the serial
    // port's: a device that closes itself (aboutToClose) counts as lost.
    bool openDevice(QIODevice *device, const QString &name);

    // The session journal (io/journal.h): every byte from now on, and the port's events, go to a
    // new file at `path`; false with *error set when it cannot be made. stopJournal() commits
    // and closes it.
    bool startJournal(const QString &path, QString *error);
    void stopJournal();
    Journal *journal() const { return m_journal.get(); }
    // Every port opened from now on writes a journal into `folder` (created when missing; one
    // file per port, named by the time it opened and the port); empty: no journals.
    void setJournalFolder(const QString &folder) { m_journalFolder = folder; }
    QString journalFolder() const { return m_journalFolder; }
    // Each journal from now on (and the one open) stops at `maxBytes` (0: no limit) and when its
    // disk has less than `minimumFree` free (Journal::setSizeLimit / setMinimumFree).
    void setJournalLimits(qint64 maxBytes, qint64 minimumFree);
    void close();
    bool isOpen() const { return m_device && m_device->isOpen(); }
    PortSettings settings() const { return m_settings; }
    QString errorString() const { return m_error; }
    // What is wrong with the port opened last (io/portdoctor.h): why it did not open, or a warning
    // about the one that did (a DM interface, other readers); Kind::None when nothing.
    PortProblem portProblemNow() const { return m_problem; }

    // Reopen a lost port when its device comes back (polled every 500 ms).
    void setAutoReopen(bool on);
    bool autoReopen() const { return m_autoReopen; }

    // Queues a command (built by the builders or parsed from text) and returns its reply (owned
    // as commandchannel.h says); nullptr, with a status message, when no port is open.
    CommandReply *send(const at::AtCommand &command);
    // Console input: a line starting with AT is a command (queued, so the dashboard stays
    // true); anything else is written as it is, followed by CR unless it is data for a prompt.
    void sendText(const QString &text);
    // ATI, AT+GMR, AT+QMTCFG=? — what the app asks a module it has just opened.
    void identify();

    // Shows bytes that are not from a port (an imported log, a recording) through the same
    // pipeline and models: beginReplay() closes the port, clears the slots and the traffic and
    // stamps events with `clock` until endReplay(). The next port opened starts afresh.
    void beginReplay(const Clock *clock);
    // A clock for replays, owned by the session (outlives whatever replays into it).
    ManualClock *replayClock() { return &m_replayClock; }
    void endReplay();
    bool showsReplay() const { return m_replayed; }

    // How many port errors were reported since open() (a spinning port would make it climb).
    int portErrorCount() const { return m_portErrors; }

signals:
    void opened(const QString &path);
    void closed(const QString &path, const QString &reason); // reason empty when asked to close
    void portLost(const QString &path, const QString &error);
    void statusMessage(const QString &message);
    // open() found a problem (portProblemNow()): it failed, or it opened with a warning.
    void portProblem(const qmt::session::PortProblem &problem);
    // beginReplay() cleared the slots and traffic and replayed bytes follow; endReplay() ended
    // them (an imported log is shown whole).
    void replayStarted();
    void replayFinished();
    void previewTrafficChanged();

private:
    void onPortError(QSerialPort::SerialPortError error);
    void started(QIODevice *device);
    void lost(const QString &error);
    void resynchronise();
    void clearReplay();
    void tryReopen();

    Pipeline m_pipeline;
    state::TrafficModel *m_preview = nullptr;
    CommandChannel m_channel{&m_pipeline};
    std::unique_ptr<Journal> m_journal;
    QString m_journalFolder;
    qint64 m_journalMaxBytes = 0;
    qint64 m_journalMinimumFree = -1; // -1: the journal's default
    QString m_journalPort;            // the port the journal is of
    state::TrafficModel m_traffic;
    state::SlotTableModel m_slotModel{&m_pipeline.store()};
    QSerialPort m_port;
    QIODevice *m_device = nullptr; // &m_port, or what openDevice() was given
    PortSettings m_settings;
    QString m_error;
    PortProblem m_problem;
    bool m_reopening = false; // tryReopen() is opening: failures are not problems to show
    bool m_autoReopen = true;
    bool m_lost = false;
    ManualClock m_replayClock;
    bool m_replayed = false; // the slots and traffic are a replay's: cleared when a port opens
    int m_portErrors = 0;
    QTimer m_reopenTimer;
};

} // namespace qmt::session
