// SPDX-License-Identifier: Apache-2.0
// The command channel over a real pseudo-terminal opened with QSerialPort; the test plays the
// module on the master side with a short script. Each command is followed through its
// CommandReply; the batch helper (io/commandbatch.h) is tested over the same rig.

#include "at/spec.h"
#include "pty.h"
#include "io/commandbatch.h"
#include "io/commandchannel.h"

#include <QSerialPort>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTest>
#include <QPointer>
#include <QTimer>

using namespace qmt;
using session::CommandResult;

Q_DECLARE_METATYPE(qmt::at::AtCommand)
Q_DECLARE_METATYPE(qmt::session::CommandResult)

namespace {

// The module's side: reads command lines (echoing them), answers from a script.
class ScriptedModule : public QObject
{
public:
    explicit ScriptedModule(test::PtyPair &pty)
        : m_pty(pty), m_notifier(pty.masterFd(), QSocketNotifier::Read)
    {
        connect(&m_notifier, &QSocketNotifier::activated, this, [this] { onReadable(); });
    }
    // Answers a command line: bytes to send at once, and bytes to send after `laterMs`.
    std::function<void(const QByteArray &line)> onLine;
    // After '>' or CONNECT: how many data bytes to take, then onData.
    qsizetype expectData = 0;
    std::function<void(const QByteArray &data)> onData;
    QByteArrayList lines;
    int outstanding = 0; // lines received and not yet answered
    int maxOutstanding = 0;
    bool echo = true;

    void send(const QByteArray &b) { m_pty.write(b); }
    void sendLater(int ms, const QByteArray &b)
    {
        QTimer::singleShot(ms, this, [this, b] { send(b); });
    }
    void answered() { --outstanding; }

private:
    void onReadable()
    {
        m_buf += m_pty.read(0);
        for (;;) {
            if (expectData > 0) {
                if (m_buf.size() < expectData)
                    return;
                const QByteArray data = m_buf.first(expectData);
                m_buf.remove(0, expectData);
                expectData = 0;
                if (onData)
                    onData(data);
                continue;
            }
            const qsizetype cr = m_buf.indexOf('\r');
            if (cr < 0)
                return;
            const QByteArray line = m_buf.first(cr);
            m_buf.remove(0, cr + 1);
            lines << line;
            maxOutstanding = std::max(maxOutstanding, ++outstanding);
            if (echo)
                send(line + "\r");
            if (onLine)
                onLine(line);
        }
    }
    test::PtyPair &m_pty;
    QSocketNotifier m_notifier;
    QByteArray m_buf;
};

struct Rig
{
    test::PtyPair pty;
    ScriptedModule module{pty};
    session::Pipeline pipeline;
    QSerialPort port;
    session::CommandChannel channel{&pipeline};
    QList<std::pair<quint64, CommandResult>> finished;

    bool open()
    {
        if (!pty.isOpen())
            return false;
        port.setPortName(pty.slavePath());
        if (!port.open(QIODevice::ReadWrite))
            return false;
        channel.setDevice(&port);
        return true;
    }
    // Enqueues a command and records its result in `finished` when its reply comes.
    quint64 enqueue(const at::AtCommand &c)
    {
        session::CommandReply *reply = channel.enqueue(c);
        const quint64 id = reply->id();
        QObject::connect(reply, &session::CommandReply::finished, &channel,
                         [this, id](const CommandResult &r) {
                             finished.append({id, r});
                         });
        return id;
    }
};

} // namespace

class tst_Channel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<at::AtCommand>();
        qRegisterMetaType<CommandResult>();
    }

    void simpleCommand()
    {
        Rig r;
        QVERIFY2(r.open(), qPrintable(r.port.errorString()));
        r.module.onLine = [&](const QByteArray &l) {
            if (l == "AT+QMTCFG=\"keepalive\",0,60")
                r.module.send("\r\nOK\r\n");
            r.module.answered();
        };
        const quint64 id = r.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0,60"));
        QTRY_COMPARE(r.finished.size(), 1);
        QCOMPARE(r.finished[0].first, id);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(r.pipeline.store().slot(0).config.keepAlive, 60);
        QCOMPARE(r.module.lines, QByteArrayList{"AT+QMTCFG=\"keepalive\",0,60"});
    }

    // Issue 8.6: RDY while ATI is in flight (the module restarted as the app opened it). The
    // module may still answer; the next command waits until it has, so there are never two
    // commands on the line; without an answer the grace ends it as "the module restarted".
    void rdyWhileACommandIsInFlight()
    {
        Rig r;
        QVERIFY2(r.open(), qPrintable(r.port.errorString()));
        r.module.onLine = [&](const QByteArray &l) {
            if (l == "ATI") {
                r.module.send("\r\nRDY\r\n"); // printed before the module read ATI
                r.module.sendLater(300, "\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n");
                QTimer::singleShot(300, &r.module, [&] { r.module.answered(); });
            } else if (l == "AT+GMR") {
                r.module.send("\r\nEC25EFAR06A06M4G\r\n\r\nOK\r\n");
                r.module.answered();
            } else if (l == "AT+QMTCFG=?") {
                r.module.send("\r\nRDY\r\n"); // this one is never answered
                r.module.answered();
            }
        };
        r.enqueue(at::AtCommand::fromText("ATI"));
        r.enqueue(at::AtCommand::fromText("AT+GMR"));
        r.enqueue(at::AtCommand::fromText("AT+QMTCFG=?"));
        QTRY_COMPARE_WITH_TIMEOUT(r.finished.size(), 3, 10000);
        QCOMPARE(r.module.maxOutstanding, 1); // one command on the line at a time
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Ok); // answered after RDY
        QCOMPARE(r.finished[1].second.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(r.finished[2].second.outcome, CommandResult::Outcome::Rebooted);
        QCOMPARE(r.module.lines, QByteArrayList({"ATI", "AT+GMR", "AT+QMTCFG=?"}));
    }

    void completesOnFinalAndResultUrc()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\nOK\r\n");
            r.module.sendLater(300, "\r\n+QMTOPEN: 0,0\r\n");
            r.module.answered();
        };
        r.enqueue(at::AtCommand::fromText("AT+QMTOPEN=0,\"broker\",1883"));
        // OK alone does not finish QMTOPEN
        QTRY_VERIFY(r.pipeline.bytesReceived() >=
                    qint64(QByteArray("AT+QMTOPEN=0,\"broker\",1883\r\r\nOK\r\n").size()));
        QVERIFY(r.finished.isEmpty());
        QVERIFY(r.channel.isBusy());
        QCOMPARE(r.pipeline.store().slot(0).network, state::NetState::Opening);
        QTRY_COMPARE(r.finished.size(), 1);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Ok);
        QVERIFY(r.finished[0].second.resultUrcSeen);
        QCOMPARE(r.finished[0].second.resultCode, 0);
        QVERIFY(r.finished[0].second.succeeded());
        QCOMPARE(r.pipeline.store().slot(0).network, state::NetState::Open);
    }

    void resultUrcBeforeFinal()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\n+QMTCONN: 0,0,5\r\n");
            r.module.sendLater(50, "\r\nOK\r\n");
            r.module.answered();
        };
        r.enqueue(at::AtCommand::fromText("AT+QMTCONN=0,\"c\",\"u\",\"p\""));
        QTRY_COMPARE(r.finished.size(), 1);
        const CommandResult &res = r.finished[0].second;
        QCOMPARE(res.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(res.resultCode, 5); // CONNACK: not authorized
        QVERIFY(!res.succeeded());
    }

    void promptAnsweredWithPayload()
    {
        Rig r;
        QVERIFY(r.open());
        const QByteArray payload("a\"b,\r\nc");
        QByteArray got;
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\n> ");
            r.module.expectData = payload.size();
        };
        r.module.onData = [&](const QByteArray &d) {
            got = d;
            r.module.send(d + "\r\nOK\r\n\r\n+QMTPUBEX: 0,3,0\r\n"); // the module echoes the data
            r.module.answered();
        };
        at::AtCommand c = at::AtCommand::fromText("AT+QMTPUBEX=0,3,1,0,\"t\",7");
        c.payload = payload;
        r.enqueue(c);
        QTRY_COMPARE(r.finished.size(), 1);
        QCOMPARE(got, payload);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(r.pipeline.store().slot(0).counters.published, 1u);
        QVERIFY(r.pipeline.store().slot(0).inFlight.empty());
    }

    void urcsWhileInFlightAndQueueOneAtATime()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &l) {
            // a message for slot 1 arrives in the middle of each answer
            r.module.sendLater(20, "\r\n+QMTRECV: 1,0,\"news\",2,\"" +
                                       QByteArray::number(r.module.lines.size() % 10) + "!\"\r\n");
            const QByteArray answer = l.startsWith("AT+QMTSUB")
                                          ? "\r\nOK\r\n\r\n+QMTSUB: 0," + l.split(',').at(1) + ",0,1\r\n"
                                          : QByteArray("\r\nOK\r\n");
            QTimer::singleShot(40, &r.module, [&r, answer] {
                r.module.answered(); // before the answer leaves: the next line may follow at once
                r.module.send(answer);
            });
        };
        for (int i = 1; i <= 4; ++i)
            r.enqueue(at::AtCommand::fromText("AT+QMTSUB=0," + QByteArray::number(i) + ",\"t" +
                                              QByteArray::number(i) + "\",1"));
        r.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"qmtping\",1"));
        QCOMPARE(r.channel.queued(), 5);
        QTRY_COMPARE(r.finished.size(), 5);
        QCOMPARE(r.module.maxOutstanding, 1); // never two commands on the wire at once
        for (const auto &f : r.finished)
            QCOMPARE(f.second.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(r.pipeline.store().slot(0).subscriptions.size(), size_t(4));
        QCOMPARE(r.pipeline.store().slot(1).counters.received, 5u);
        QCOMPARE(r.finished[0].first + 4, r.finished[4].first); // in order
    }

    void errorsAndTimeout()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &l) {
            if (l.startsWith("AT+QFUPL"))
                r.module.send("\r\n+CME ERROR: 407\r\n");
            else if (l.startsWith("AT+QMTDISC"))
                r.module.send("\r\nERROR\r\n");
            // AT+QMTCLOSE: no answer at all
            r.module.answered();
        };
        at::AtCommand silent = at::AtCommand::fromText("AT+QMTCLOSE=2");
        silent.timeout = std::chrono::milliseconds{300};
        r.enqueue(silent);
        r.enqueue(at::AtCommand::fromText("AT+QFUPL=\"RAM:a.pem\",10"));
        r.enqueue(at::AtCommand::fromText("AT+QMTDISC=1"));
        QTRY_COMPARE(r.finished.size(), 3);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Timeout);
        QCOMPARE(r.finished[1].second.outcome, CommandResult::Outcome::CmeError);
        QCOMPARE(r.finished[1].second.cmeCode, 407);
        QCOMPARE(r.finished[2].second.outcome, CommandResult::Outcome::Error);
        QCOMPARE(r.pipeline.store().slot(2).lastError.kind, state::SlotError::Kind::Timeout);
        QCOMPARE(r.pipeline.store().slot(1).lastError.source, QByteArray("QMTDISC"));
    }

    void derivedTimeouts()
    {
        using namespace std::chrono;
        Rig r;
        QCOMPARE(r.channel.timeoutFor(at::AtCommand::fromText("AT+QMTOPEN=0,\"h\",1")),
                 spec::commandTimeout(at::Cmd::QMTOPEN));
        QVERIFY(spec::commandTimeout(at::Cmd::QMTOPEN) > seconds{120});
        // QMTSUB: the slot's pkt_timeout x retry_times, read from the slot's configuration
        r.pipeline.received("AT+QMTCFG=\"timeout\",3,20,4,1\nOK\n");
        const auto sub = r.channel.timeoutFor(at::AtCommand::fromText("AT+QMTSUB=3,1,\"t\",0"));
        QCOMPARE(sub, spec::commandTimeout(at::Cmd::QMTSUB, seconds{20}, 4));
        QVERIFY(sub >= seconds{80});
        QVERIFY(r.channel.timeoutFor(at::AtCommand::fromText("AT+QMTCONN=3,\"c\"")) >= seconds{20});
        QVERIFY(r.channel.timeoutFor(at::AtCommand::fromText("AT+QMTSUB=0,1,\"t\",0")) <
                sub); // slot 0: defaults
    }

    void portClosedMidCommand()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) { r.module.answered(); }; // never answers
        r.enqueue(at::AtCommand::fromText("AT+QMTOPEN=0,\"h\",1"));
        r.enqueue(at::AtCommand::fromText("AT+QMTCONN=0,\"c\""));
        QTRY_COMPARE(r.module.lines.size(), 1);
        r.port.close();
        QTRY_COMPARE(r.finished.size(), 2);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::PortLost);
        QCOMPARE(r.finished[1].second.outcome, CommandResult::Outcome::PortLost);
        QVERIFY(!r.channel.isBusy());
    }

    // The reply: started, its information line as it comes, finished exactly once with the
    // result the channel made; then it deletes itself.
    void replyFinishesOnceWithItsResult()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\n+QMTCFG: \"keepalive\",0,120\r\n\r\nOK\r\n");
            r.module.answered();
        };
        QPointer<session::CommandReply> reply =
            r.channel.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0"));
        QVERIFY(reply);
        QVERIFY(reply->autoDelete());
        QCOMPARE(reply->command().line, QByteArray("AT+QMTCFG=\"keepalive\",0"));
        QVERIFY(!reply->isStarted());
        QVERIFY(!reply->isFinished());
        QSignalSpy started(reply.data(), &session::CommandReply::started);
        QSignalSpy lines(reply.data(), &session::CommandReply::lineReceived);
        QList<CommandResult> results;
        bool finishedSeen = false, resultMatched = false;
        connect(reply, &session::CommandReply::finished, this, [&](const CommandResult &res) {
            results << res;
            // inside finished() the reply is whole and still alive
            finishedSeen = reply && reply->isFinished();
            resultMatched =
                reply && reply->result().lines == res.lines && reply->result().outcome == res.outcome;
        });
        QTRY_COMPARE(results.size(), 1);
        QVERIFY(finishedSeen);
        QVERIFY(resultMatched);
        QCOMPARE(started.size(), 1);
        QCOMPARE(results[0].outcome, CommandResult::Outcome::Ok);
        QCOMPARE(results[0].lines, QByteArrayList{"+QMTCFG: \"keepalive\",0,120"});
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0].at(0).toByteArray(), QByteArray("+QMTCFG: \"keepalive\",0,120"));
        QTRY_VERIFY(reply.isNull()); // deleteLater after finished
        QCOMPARE(results.size(), 1);
    }

    // A reply kept by its caller stays after finished(); the caller deletes it.
    void replyKeptByItsCaller()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\nERROR\r\n");
            r.module.answered();
        };
        session::CommandReply *reply = r.channel.enqueue(at::AtCommand::fromText("AT+QMTDISC=1"));
        reply->setAutoDelete(false);
        QPointer<session::CommandReply> guard = reply;
        QSignalSpy finished(reply, &session::CommandReply::finished);
        QTRY_COMPARE(finished.size(), 1);
        QTest::qWait(0);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(guard);
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->result().outcome, CommandResult::Outcome::Error);
        QVERIFY(!reply->result().succeeded());
        delete reply;
    }

    // '>' starts the data phase: prompted(), the data, its progress, then finished().
    void replyReportsThePrompt()
    {
        Rig r;
        QVERIFY(r.open());
        const QByteArray payload("hello!!");
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\n> ");
            r.module.expectData = payload.size();
        };
        r.module.onData = [&](const QByteArray &d) {
            r.module.send(d + "\r\nOK\r\n\r\n+QMTPUBEX: 0,3,0\r\n");
            r.module.answered();
        };
        at::AtCommand c = at::AtCommand::fromText("AT+QMTPUBEX=0,3,1,0,\"t\",7");
        c.payload = payload;
        session::CommandReply *reply = r.channel.enqueue(c);
        QStringList order;
        connect(reply, &session::CommandReply::prompted, this, [&] { order << QStringLiteral("prompted"); });
        QList<std::pair<qint64, qint64>> progress;
        connect(reply, &session::CommandReply::uploadProgress, this, [&](qint64 sent, qint64 total) {
            progress.append({sent, total});
        });
        connect(reply, &session::CommandReply::finished, this, [&](const CommandResult &res) {
            order << (res.succeeded() ? QStringLiteral("ok") : res.describe());
        });
        QTRY_COMPARE(order.size(), 2);
        QCOMPARE(order, (QStringList{QStringLiteral("prompted"), QStringLiteral("ok")}));
        QTRY_VERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), (std::pair<qint64, qint64>{7, 7}));
    }

    // No answer: the reply finishes with a time-out (the time itself is not asserted).
    void replyTimesOut()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) { r.module.answered(); };
        at::AtCommand silent = at::AtCommand::fromText("AT+QMTCLOSE=2");
        silent.timeout = std::chrono::milliseconds{200};
        session::CommandReply *reply = r.channel.enqueue(silent);
        QSignalSpy finished(reply, &session::CommandReply::finished);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished[0].at(0).value<CommandResult>().outcome, CommandResult::Outcome::Timeout);
        QVERIFY(!r.channel.isBusy());
    }

    // Hostile modules (issue 13): a prompt no command asked for, that then never gets data, and a
    // CONNECT no command asked for, never followed by NO CARRIER or a result. The command in
    // flight times out with that said, nothing is written into the phantom data phase, and the
    // next command goes out and is answered.
    void promptAndConnectNobodyAskedFor_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::newRow("prompt") << QByteArray("\r\n> ");
        QTest::newRow("CONNECT") << QByteArray("\r\nCONNECT\r\n");
    }
    void promptAndConnectNobodyAskedFor()
    {
        QFETCH(QByteArray, answer);
        Rig r;
        QVERIFY(r.open());
        int commands = 0;
        r.module.onLine = [&](const QByteArray &line) {
            ++commands;
            if (line.startsWith("AT+QMTOPEN"))
                r.module.send(answer); // and nothing more
            else
                r.module.send("\r\nOK\r\n");
            r.module.answered();
        };
        at::AtCommand open = at::AtCommand::fromText("AT+QMTOPEN=0,\"h\",1883");
        open.timeout = std::chrono::milliseconds{300};
        r.enqueue(open);
        r.enqueue(at::AtCommand::fromText("AT"));
        QTRY_COMPARE_WITH_TIMEOUT(r.finished.size(), 2, 5000);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Timeout);
        QCOMPARE(r.finished[1].second.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(commands, 2);
        QCOMPARE(r.module.lines.size(), 2); // nothing else was written: no data for the phantom phase
        QCOMPARE(r.module.lines[1], QByteArray("AT"));
        QVERIFY(!r.channel.isBusy());
    }

    // The port closes with one command in flight and two queued: every reply finishes, once,
    // with a failure.
    void repliesOfQueuedCommandsFailWhenThePortCloses()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) { r.module.answered(); }; // never answers
        QList<QSignalSpy *> spies;
        for (const char *line : {"AT+QMTOPEN=0,\"h\",1", "AT+QMTCONN=0,\"c\"", "AT+QMTSUB=0,1,\"t\",1"}) {
            session::CommandReply *reply = r.channel.enqueue(at::AtCommand::fromText(line));
            spies << new QSignalSpy(reply, &session::CommandReply::finished);
        }
        QTRY_COMPARE(r.module.lines.size(), 1);
        QCOMPARE(r.channel.queued(), 2);
        r.port.close();
        for (QSignalSpy *spy : std::as_const(spies)) {
            QCOMPARE(spy->size(), 1);
            QCOMPARE(spy->at(0).at(0).value<CommandResult>().outcome, CommandResult::Outcome::PortLost);
        }
        QTest::qWait(10);
        for (QSignalSpy *spy : std::as_const(spies))
            QCOMPARE(spy->size(), 1);
        qDeleteAll(spies);
        QVERIFY(!r.channel.isBusy());
        QCOMPARE(r.channel.queued(), 0);
    }

    // A queued command whose reply is deleted is not sent.
    void deletingAQueuedReplyDropsItsCommand()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) {
            r.module.send("\r\nOK\r\n");
            r.module.answered();
        };
        r.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0,60"));
        delete r.channel.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0,70"));
        r.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0,80"));
        QTRY_COMPARE(r.finished.size(), 2);
        QCOMPARE(r.module.lines,
                 (QByteArrayList{"AT+QMTCFG=\"keepalive\",0,60", "AT+QMTCFG=\"keepalive\",0,80"}));
    }

    // The batch: every command in order, progress, per-command results and the failures counted.
    void batchCountsFailures()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &l) {
            r.module.send(l.contains("70") ? "\r\n+CME ERROR: 601\r\n" : "\r\nOK\r\n");
            r.module.answered();
        };
        QList<at::AtCommand> cmds;
        for (const char *line :
             {"AT+QMTCFG=\"keepalive\",0,60", "AT+QMTCFG=\"keepalive\",0,70", "AT+QMTCFG=\"keepalive\",0,80"})
            cmds << at::AtCommand::fromText(line);
        session::CommandBatch batch(&r.channel, cmds);
        QCOMPARE(batch.policy(), session::CommandBatch::Policy::ContinueAfterFailure);
        QSignalSpy progress(&batch, &session::CommandBatch::progress);
        QSignalSpy each(&batch, &session::CommandBatch::commandFinished);
        QSignalSpy finished(&batch, &session::CommandBatch::finished);
        batch.start();
        QVERIFY(batch.isRunning());
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished[0].at(0).toInt(), 1);
        QVERIFY(batch.isFinished());
        QCOMPARE(batch.failureCount(), 1);
        QCOMPARE(batch.skippedCount(), 0);
        QCOMPARE(batch.results().size(), 3);
        QCOMPARE(batch.results()[0].outcome, CommandResult::Outcome::Ok);
        QCOMPARE(batch.results()[1].outcome, CommandResult::Outcome::CmeError);
        QCOMPARE(batch.results()[1].cmeCode, 601);
        QCOMPARE(batch.results()[2].outcome, CommandResult::Outcome::Ok);
        QCOMPARE(batch.verdict()->cmeCode, 601);
        QCOMPARE(progress.size(), 3);
        QCOMPARE(progress.last().at(0).toInt(), 3);
        QCOMPARE(progress.last().at(1).toInt(), 3);
        QCOMPARE(each.size(), 3);
        QCOMPARE(each[1].at(0).toInt(), 1);
        QCOMPARE(r.module.lines.size(), 3);
        QCOMPARE(r.module.maxOutstanding, 1);
        QCOMPARE(r.pipeline.store().slot(0).config.keepAlive, 80);
    }

    void batchStopsAtTheFirstFailure()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &l) {
            r.module.send(l.contains("70") ? "\r\nERROR\r\n" : "\r\nOK\r\n");
            r.module.answered();
        };
        QList<at::AtCommand> cmds;
        for (const char *line :
             {"AT+QMTCFG=\"keepalive\",0,60", "AT+QMTCFG=\"keepalive\",0,70", "AT+QMTCFG=\"keepalive\",0,80"})
            cmds << at::AtCommand::fromText(line);
        session::CommandBatch batch(&r.channel, cmds, session::CommandBatch::Policy::StopAtFirstFailure);
        QSignalSpy finished(&batch, &session::CommandBatch::finished);
        batch.start();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished[0].at(0).toInt(), 1);
        QCOMPARE(batch.results().size(), 2);
        QCOMPARE(batch.skippedCount(), 1);
        QCOMPARE(r.module.lines.size(), 2); // the third was never sent
        QTest::qWait(20);
        QCOMPARE(r.module.lines.size(), 2);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(r.pipeline.store().slot(0).config.keepAlive, 60);
    }

    void emptyBatchAndClosedPort()
    {
        Rig r;
        session::CommandBatch empty(&r.channel, {});
        QSignalSpy emptyDone(&empty, &session::CommandBatch::finished);
        empty.start();
        QTRY_COMPARE(emptyDone.size(), 1);
        QCOMPARE(empty.failureCount(), 0);
        QVERIFY(!empty.verdict());

        // no device: every command fails (port lost), and the batch still ends
        session::CommandBatch batch(&r.channel,
                                    {at::AtCommand::fromText("AT"), at::AtCommand::fromText("ATI")});
        QSignalSpy done(&batch, &session::CommandBatch::finished);
        batch.start();
        QTRY_COMPARE(done.size(), 1);
        QCOMPARE(batch.failureCount(), 2);
        QCOMPARE(batch.results().value(0).outcome, CommandResult::Outcome::PortLost);
    }
};

QTEST_GUILESS_MAIN(tst_Channel)
#include "tst_channel.moc"
