// SPDX-License-Identifier: Apache-2.0
#pragma once
// PtyServer: puts a byte-stream device — the simulated module — on a pseudo-terminal, so that
// any serial tool (minicom, picocom, pyserial, QSerialPort) can open its slave side.

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QSocketNotifier;
class QTimer;

namespace qmt::sim {

class SimModule;

class PtyServer : public QObject
{
    Q_OBJECT
public:
    explicit PtyServer(SimModule *module, QObject *parent = nullptr);
    ~PtyServer() override;

    // Creates the pseudo-terminal; false with errorString() on failure.
    bool open();
    void close();
    bool isOpen() const { return m_master >= 0; }
    QString devicePath() const { return m_slavePath; } // e.g. /dev/pts/7
    // A stable symlink to devicePath() (replaced if it exists; removed by close()).
    bool createLink(const QString &path);
    QString errorString() const { return m_error; }

    // Bytes the module wrote that the pty could not take yet (no reader); dropped beyond 1 MiB.
    qsizetype backlog() const { return m_pending.size(); }

    // The serial line's own speed (qmtscope-sim --baud-pace): bytes cross at `baud` bits per
    // second, ten bits a byte (8N1), both ways — a 1500-byte publish takes 130 ms at 115200.
    // 0 (the default): as fast as the pty goes.
    void setBaudPace(qint32 baud);
    qint32 baudPace() const { return m_pace; }

private:
    void onReadable();
    void onWritable();
    void send(const QByteArray &bytes);
    void pace();
    void emitToMaster(const QByteArray &bytes);

    SimModule *m_module;
    int m_master = -1;
    int m_slaveKeeper = -1; // our own slave fd: the master never sees a hang-up, so never spins
    QString m_slavePath;
    QString m_link;
    QString m_error;
    QByteArray m_pending;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    // pacing: what waits to cross the line each way, and how much has crossed since the line
    // last became busy in that direction
    qint32 m_pace = 0;
    QByteArray m_toModule, m_toHost;
    qint64 m_toModuleSent = 0, m_toHostSent = 0;
    qint64 m_toModuleSinceUs = 0, m_toHostSinceUs = 0;
    QElapsedTimer m_paceClock;
    QTimer *m_paceTimer = nullptr;
};

} // namespace qmt::sim
