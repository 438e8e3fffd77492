// SPDX-License-Identifier: Apache-2.0
#pragma once
// PromptWatcher: tells the console when the module waits for data it must supply by hand. A
// command line typed without its data (AT+QMTPUBEX=…,<msg_length>, AT+QMTPUB=…,
// AT+QMTCFG="willex",…) is armed with commandSent(); when the pipeline shows that line going
// out and the module answering '>', the watcher is active until all the declared data is written
// (or the Ctrl+Z that ends it), the module gives a final result, or another command starts. It
// reads the pipeline's events only.

#include <QByteArray>
#include <QObject>

namespace qmt::session {
class Pipeline;
}
namespace qmt::at {
struct AtEvent;
}

namespace qmt::state {

class PromptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit PromptWatcher(session::Pipeline &pipeline, QObject *parent = nullptr);
    ~PromptWatcher() override;

    // The console is about to send `line`. Returns true (and waits for its prompt) when the
    // command asks for data after '>'.
    bool commandSent(QByteArrayView line);

    bool isActive() const { return m_state == State::Active; }
    bool isArmed() const { return m_state != State::Idle; }
    QByteArray commandLine() const { return m_line; }
    // The data length the command declared; -1 when its data ends with Ctrl+Z.
    qsizetype declaredLength() const { return m_declared; }
    bool endsWithCtrlZ() const { return m_declared == -2; }
    // Data bytes written since the prompt (the module waits for declaredLength() in all).
    qsizetype writtenLength() const { return m_written; }
    // The bytes to write for `typed`: Ctrl+Z appended when the command's data ends with it.
    QByteArray dataFor(const QByteArray &typed) const;
    // Forget the armed command (the port closed).
    void reset();

signals:
    void activeChanged(bool active);
    // Part of the data was written; the module waits for the rest.
    void dataWritten(qsizetype written);

private:
    enum class State { Idle, Armed, Running, Active };
    void onEvent(const at::AtEvent &ev);
    void setState(State s);

    session::Pipeline &m_pipeline;
    int m_observer = 0;
    State m_state = State::Idle;
    QByteArray m_line;
    qsizetype m_declared = -1;
    qsizetype m_written = 0;
};

} // namespace qmt::state
