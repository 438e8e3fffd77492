// The command channel over a real pseudo-terminal opened with QSerialPort; the test plays the
// module on the master side with a short script.

#include "at/spec.h"
#include "pty.h"
#include "io/commandchannel.h"

#include <QSerialPort>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTest>
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
        : m_pty(pty)
        , m_notifier(pty.masterFd(), QSocketNotifier::Read)
    {
        connect(&m_notifier, &QSocketNotifier::activated, this, [this] { onReadable(); });
    }
    // Answers a command line: bytes to send at once, and bytes to send after `laterMs`.
    std::function<void(const QByteArray &line)> onLine;
    // After '>' or CONNECT: how many data bytes to take, then onData.
    qsizetype expectData = 0;
    std::function<void(const QByteArray &data)> onData;
    QByteArrayList lines;
    int outstanding = 0;    // lines received and not yet answered
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
        QObject::connect(&channel, &session::CommandChannel::commandFinished, &channel,
                         [this](quint64 id, const at::AtCommand &, const CommandResult &r) { finished.append({id, r}); });
        return true;
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
        const quint64 id = r.channel.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"keepalive\",0,60"));
        QTRY_COMPARE(r.finished.size(), 1);
        QCOMPARE(r.finished[0].first, id);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::Ok);
        QCOMPARE(r.pipeline.store().slot(0).config.keepAlive, 60);
        QCOMPARE(r.module.lines, QByteArrayList{"AT+QMTCFG=\"keepalive\",0,60"});
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
        r.channel.enqueue(at::AtCommand::fromText("AT+QMTOPEN=0,\"broker\",1883"));
        // OK alone does not finish QMTOPEN
        QTRY_VERIFY(r.pipeline.bytesReceived() >= qint64(QByteArray("AT+QMTOPEN=0,\"broker\",1883\r\r\nOK\r\n").size()));
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
        r.channel.enqueue(at::AtCommand::fromText("AT+QMTCONN=0,\"c\",\"u\",\"p\""));
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
        r.channel.enqueue(c);
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
            r.module.sendLater(20, "\r\n+QMTRECV: 1,0,\"news\",2,\"" + QByteArray::number(r.module.lines.size() % 10) + "!\"\r\n");
            const QByteArray answer = l.startsWith("AT+QMTSUB")
                                          ? "\r\nOK\r\n\r\n+QMTSUB: 0," + l.split(',').at(1) + ",0,1\r\n"
                                          : QByteArray("\r\nOK\r\n");
            QTimer::singleShot(40, &r.module, [&r, answer] {
                r.module.answered(); // before the answer leaves: the next line may follow at once
                r.module.send(answer);
            });
        };
        for (int i = 1; i <= 4; ++i)
            r.channel.enqueue(at::AtCommand::fromText("AT+QMTSUB=0," + QByteArray::number(i) + ",\"t" + QByteArray::number(i) + "\",1"));
        r.channel.enqueue(at::AtCommand::fromText("AT+QMTCFG=\"qmtping\",1"));
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
        r.channel.enqueue(silent);
        r.channel.enqueue(at::AtCommand::fromText("AT+QFUPL=\"RAM:a.pem\",10"));
        r.channel.enqueue(at::AtCommand::fromText("AT+QMTDISC=1"));
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
        QVERIFY(r.channel.timeoutFor(at::AtCommand::fromText("AT+QMTSUB=0,1,\"t\",0")) < sub); // slot 0: defaults
    }

    void portClosedMidCommand()
    {
        Rig r;
        QVERIFY(r.open());
        r.module.onLine = [&](const QByteArray &) { r.module.answered(); }; // never answers
        r.channel.enqueue(at::AtCommand::fromText("AT+QMTOPEN=0,\"h\",1"));
        r.channel.enqueue(at::AtCommand::fromText("AT+QMTCONN=0,\"c\""));
        QTRY_COMPARE(r.module.lines.size(), 1);
        r.port.close();
        QTRY_COMPARE(r.finished.size(), 2);
        QCOMPARE(r.finished[0].second.outcome, CommandResult::Outcome::PortLost);
        QCOMPARE(r.finished[1].second.outcome, CommandResult::Outcome::PortLost);
        QVERIFY(!r.channel.isBusy());
    }
};

QTEST_GUILESS_MAIN(tst_Channel)
#include "tst_channel.moc"
