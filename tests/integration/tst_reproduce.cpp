// SPDX-License-Identifier: Apache-2.0
// Reproducing a customer's log (workflows/reproduce.h, qmtscope-cli reproduce): the seed's §5.1
// session as a sequence, a run against the simulated module with a deliberately different
// customer answer, the comparison's statuses, delays from the events' times, and the .qmtseq
// round trip with delays.

#include "broker.h"
#include "mqtt/pkimaker.h"
#include "engine/clock.h"
#include "engine/pipeline.h"
#include "io/commandchannel.h"
#include "sim/simdevice.h"
#include "sim/simmodule.h"
#include "workflows/logimport.h"
#include "workflows/reproduce.h"
#include "workflows/sequence.h"
#include "workflows/sequencerunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using namespace std::chrono_literals;
using session::CompareRow;
using session::Comparison;
using session::LoggedLine;
using session::Reproduction;
using session::Sequence;
using session::SequenceStep;
using session::StepComparison;
using session::StepReport;

namespace {

QByteArray seedLog()
{
    QFile f(qEnvironmentVariable("QMT_TRANSCRIPTS") + QStringLiteral("/seed_5_1.log"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

Reproduction fromText(const QByteArray &log, const Reproduction::Options &o = {})
{
    return Reproduction::fromLog(session::LogImport::read(log), o);
}

// The simulated module in-process, its slots on a private broker, every host routed there.
struct SimRig
{
    explicit SimRig(quint16 brokerPort) : module(options(brokerPort)), device(&module)
    {
        device.open(QIODevice::ReadWrite);
        channel.setDevice(&device);
    }
    static sim::SimOptions options(quint16 port)
    {
        sim::SimOptions o;
        o.brokerPort = port;
        o.routeEveryHost = true;
        o.bootUrcs = false;
        return o;
    }
    sim::SimModule module;
    sim::SimDevice device;
    session::Pipeline pipeline;
    session::CommandChannel channel{&pipeline};
};

StepReport answered(const QByteArray &sent, const QByteArrayList &lines,
                    session::CommandResult::Outcome outcome)
{
    StepReport r;
    r.status = StepReport::Status::Passed;
    r.sent = sent;
    r.answered = true;
    r.result.outcome = outcome;
    r.result.lines = lines;
    return r;
}

} // namespace

class tst_Reproduce : public QObject
{
    Q_OBJECT
private slots:
    // The seed's §5.1 session: one step per host command, the data of the publish, the final
    // result and the command's result URC as expectations, URCs that are no result (the
    // +QMTRECV of another device's message) only shown, test forms expecting their OK only, the
    // log's line numbers in the notes. The seed has no times: no delays.
    void seedSessionBecomesASequence()
    {
        const QByteArray log = seedLog();
        QVERIFY(!log.isEmpty());
        const Reproduction r = fromText(log);
        const QList<session::ReproStep> &s = r.steps();
        const QByteArrayList commands = {
            "AT+QMTCFG=\"recv/mode\",0,0,1",
            "AT+QMTCFG=\"aliauth\",0,\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"",
            "AT+QMTOPEN=?",
            "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883",
            "AT+QMTOPEN?",
            "AT+QMTCONN=?",
            "AT+QMTCONN=0,\"clientExample\"",
            "AT+QMTSUB=?",
            "AT+QMTSUB=0,1,\"topic/example\",2",
            "AT+QMTSUB=0,1,\"topic/pub\",0",
            "AT+QMTUNS=0,2,\"topic/example\"",
            "AT+QMTPUBEX=?",
            "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30",
            "AT+QMTDISC=0",
        };
        QCOMPARE(r.count(), commands.size());
        for (int i = 0; i < r.count(); ++i) {
            QCOMPARE(s[i].step.command, commands[i]);
            QCOMPARE(s[i].step.delay, 0ms);
            QCOMPARE(s[i].step.timeout, 0ms);
        }
        // commands, answers and their lines
        QCOMPARE(s[0].commandLine, 4);
        QCOMPARE(s[0].step.expect, QByteArray("OK"));
        QCOMPARE(s[0].step.note, QStringLiteral("log line 4; answer on line 5"));
        QCOMPARE(s[2].step.expect, QByteArray("OK")); // a test form: the ranges are shown, not expected
        QCOMPARE(s[2].answers.size(), 2);
        QVERIFY(!s[2].compared(s[2].answers[0]));
        QCOMPARE(s[3].step.expect, QByteArray("OK\n+QMTOPEN: 0,0"));
        QCOMPARE(s[3].step.note, QStringLiteral("log line 14; answers on lines 15, 17"));
        QCOMPARE(s[4].step.expect,
                 QByteArray("+QMTOPEN: 0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\nOK"));
        QCOMPARE(s[6].step.expect, QByteArray("OK\n+QMTCONN: 0,0,0"));
        QCOMPARE(s[6].commandLine, 28);
        QCOMPARE(s[9].step.expect, QByteArray("OK\n+QMTSUB: 0,1,0,0")); // the second msgid 1 gets its own
        // the message another device published is shown beside the step it came in, not expected
        QCOMPARE(s[9].answers.last().kind, LoggedLine::Kind::Shown);
        QVERIFY(s[9].answers.last().text.startsWith("+QMTRECV: 0,0,"));
        QCOMPARE(s[9].answers.last().line, 48);
        QCOMPARE(s[12].step.data, QByteArray("This is test data, hello MQTT."));
        QCOMPARE(s[12].dataLine, 61);
        QVERIFY(!s[12].dataLeftOut);
        QCOMPARE(s[12].step.expect, QByteArray("OK\n+QMTPUBEX: 0,0,0"));
        QCOMPARE(s[13].step.expect, QByteArray("OK\n+QMTDISC: 0,0"));
        QCOMPARE(s[13].step.note, QStringLiteral("log line 70; answers on lines 71, 73"));
        QCOMPARE(r.placeholders(), 0);
        QVERIFY(!r.hasDelays());
        // every step passes the runner's own check before sending
        for (const SequenceStep &st : r.sequenceSteps())
            QVERIFY2(session::SequenceRunner::checkStep(st.command, st.data).isEmpty(),
                     st.command.constData());
    }

    // Result URCs belong to their command by slot and message id, not by order; timestamps give
    // the pauses (from the last answer before the command); data left out is a marked placeholder.
    void resultsDelaysAndPlaceholders()
    {
        const QByteArray log = "[10:00:00.000] AT+QMTOPEN=0,\"a.example.com\",1883\n"
                               "[10:00:00.050] OK\n"
                               "[10:00:00.100] AT+QMTOPEN=1,\"b.example.com\",1883\n"
                               "[10:00:00.150] OK\n"
                               "[10:00:01.000] +QMTOPEN: 1,0\n"
                               "[10:00:01.200] +QMTOPEN: 0,3\n"
                               "[10:00:03.200] AT+QMTPUBEX=1,1,1,0,\"t\",5\n"
                               "[10:00:03.210] >\n"
                               "[10:00:03.220] <data>\n"
                               "[10:00:03.300] OK\n"
                               "[10:00:03.400] +QMTPUBEX: 1,1,0\n"
                               "[10:00:04.000] +QMTSTAT: 1,1\n"
                               "[10:00:04.500] AT+QFUPL=\"RAM:cacert.pem\",1758,100\n"
                               "[10:00:04.510] CONNECT\n"
                               "[10:00:04.520] <Input the cacert.pem data, the size is 1758 bytes>\n"
                               "[10:00:04.600] +QFUPL: 1758,384a\n"
                               "[10:00:04.610] OK\n";
        const Reproduction r = fromText(log);
        QCOMPARE(r.count(), 4);
        const auto &s = r.steps();
        QCOMPARE(s[0].step.expect, QByteArray("OK\n+QMTOPEN: 0,3"));
        QCOMPARE(s[1].step.expect, QByteArray("OK\n+QMTOPEN: 1,0"));
        QCOMPARE(s[0].step.note, QStringLiteral("log line 1; answers on lines 2, 6"));
        // the pauses: 50 ms after the first OK; 2 s after the last answer before the publish
        // (+QMTOPEN: 0,3 of the first step came last)
        QCOMPARE(s[0].step.delay, 0ms);
        QCOMPARE(s[1].step.delay, 50ms);
        QCOMPARE(s[2].step.delay, 2000ms);
        QCOMPARE(s[3].step.delay, 1100ms); // from +QMTPUBEX: the +QMTSTAT after it is no answer
        QVERIFY(r.hasDelays());
        // the publish: placeholder bytes of the declared length, marked with the line
        QVERIFY(s[2].dataLeftOut);
        QCOMPARE(s[2].step.data, QByteArray("....."));
        QCOMPARE(s[2].dataLine, 9);
        QVERIFY(s[2].step.note.contains(QStringLiteral("DATA LEFT OUT in the log (line 9)")));
        QCOMPARE(s[2].step.expect, QByteArray("OK\n+QMTPUBEX: 1,1,0"));
        QCOMPARE(s[2].answers.last().text, QByteArray("+QMTSTAT: 1,1"));
        QCOMPARE(s[2].answers.last().kind, LoggedLine::Kind::Shown);
        // the upload: a data file named after the module's file
        QVERIFY(s[3].dataLeftOut);
        QCOMPARE(s[3].step.dataFile, QStringLiteral("cacert.pem"));
        QVERIFY(s[3].step.data.isEmpty());
        QVERIFY(s[3].step.note.contains(QStringLiteral("put cacert.pem next to the sequence file")));
        QCOMPARE(s[3].step.expect, QByteArray("+QFUPL: 1758,384a\nOK"));
        QCOMPARE(r.placeholders(), 2);

        // scaled and capped
        Reproduction::Options o;
        o.delayScale = 0.1;
        o.maxDelay = 100ms;
        const Reproduction fast = fromText(log, o);
        QCOMPARE(fast.steps()[1].step.delay, 5ms);
        QCOMPARE(fast.steps()[2].step.delay, 100ms);
        o.maxDelay = 0ms;
        QVERIFY(!fromText(log, o).hasDelays());
    }

    // Timing comes from the events' times: a pipeline on a ManualClock, events whose times the
    // test sets; equal times give no delay.
    void delaysFromEventTimes()
    {
        session::ManualClock clock;
        session::Pipeline pipeline(&clock);
        Reproduction::Builder builder(Reproduction::Options{});
        pipeline.addObserver([&](const at::AtEvent &ev) { builder.observe(ev); });
        clock.set(1'000'000);
        pipeline.received("AT+QMTCFG=\"keepalive\",0,60\r\r\nOK\r\n");
        clock.set(1'750'400); // 750.4 ms later
        pipeline.received("AT+QMTCFG=\"keepalive\",0\r\r\n+QMTCFG: \"keepalive\",0,60\r\n\r\nOK\r\n");
        pipeline.received("AT+QMTCFG=\"session\",0,1\r\r\nOK\r\n"); // the same time: none
        pipeline.endOfInput();
        const Reproduction r = builder.finish();
        QCOMPARE(r.count(), 3);
        QCOMPARE(r.steps()[1].step.delay, 750ms);
        QCOMPARE(r.steps()[1].step.expect, QByteArray("+QMTCFG: \"keepalive\",0,60\nOK"));
        QCOMPARE(r.steps()[2].step.delay, 0ms);
        QCOMPARE(r.steps()[1].commandLine, 0); // no log: no lines
    }

    // The comparison's statuses, without a module: same, different, missing, extra, unlogged;
    // the first divergence is the first step that is different, missing or extra.
    void comparisonStatuses()
    {
        QCOMPARE(Reproduction::normalise("  +QMTOPEN:0 , 0  "), QByteArray("+QMTOPEN: 0,0"));
        QCOMPARE(Reproduction::normalise("+QMTOPEN: 0, \"a  b\" ,  1883"),
                 QByteArray("+QMTOPEN: 0,\"a  b\",1883"));
        QVERIFY(!Reproduction::comparesInfo("ATI"));
        QVERIFY(!Reproduction::comparesInfo("AT+QMTOPEN=?"));
        QVERIFY(Reproduction::comparesInfo("AT+QMTCFG=\"keepalive\",0"));

        const Reproduction r = fromText("AT+QMTCFG=\"keepalive\",0,60\nOK\n"
                                        "AT+QMTOPEN=0,\"h.example.com\",1883\nOK\n" // no result URC logged
                                        "AT+QMTCONN=0,\"c\"\nOK\n+QMTCONN: 0,0,0\n" // ours never answers
                                        "AT+QMTSUB=0,1,\"t\",1\n"                   // no answer logged
                                        "AT+QMTDISC=0\nOK\n+QMTDISC: 0,0\n");
        QCOMPARE(r.count(), 5);
        using O = session::CommandResult::Outcome;
        QList<StepReport> ours;
        ours << answered(r.steps()[0].step.command, {}, O::Ok);
        ours << answered(r.steps()[1].step.command, {"+QMTOPEN: 0,0"}, O::Ok);
        ours << StepReport{};
        ours << answered(r.steps()[3].step.command, {"+QMTSUB: 0,1,0,1"}, O::Ok);
        ours << answered(r.steps()[4].step.command, {"+QMTDISC: 0,-1"}, O::Ok);
        const Comparison c = Comparison::compare(r, ours);
        QCOMPARE(c.steps().size(), 5);
        QCOMPARE(c.steps()[0].status, StepComparison::Status::Same);
        QCOMPARE(c.steps()[1].status, StepComparison::Status::Extra);
        QCOMPARE(c.steps()[1].rows.last().ours, QByteArray("+QMTOPEN: 0,0"));
        QCOMPARE(c.steps()[1].rows.last().status, CompareRow::Status::Extra);
        QCOMPARE(c.steps()[2].status, StepComparison::Status::Missing);
        QCOMPARE(c.steps()[3].status, StepComparison::Status::Unlogged);
        QVERIFY(!c.steps()[3].diverges());
        QCOMPARE(c.steps()[4].status, StepComparison::Status::Different);
        QCOMPARE(c.firstDivergence(), 1);
        QVERIFY(c.steps()[1].firstDivergence);
        QVERIFY(!c.steps()[4].firstDivergence);
        QCOMPARE(c.count(StepComparison::Status::Same), 1);
        const QJsonObject j = c.toJson();
        QCOMPARE(j.value(QStringLiteral("firstDivergence")).toInt(), 2);
        QCOMPARE(j.value(QStringLiteral("firstDivergenceLine")).toInt(), 3);
        QCOMPARE(j.value(QStringLiteral("steps"))
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("missing"));
    }

    // The run: the seed's session with the customer's CONNACK changed to 5 (not authorized),
    // played against the simulated module, shows exactly that step as the first divergence and
    // every other as the same, side by side and in JSON; the CLI says so with exit status 4.
    void divergenceAgainstTheSimulator()
    {
        if (mqtt::LocalBroker::mosquittoPath().isEmpty())
            QSKIP("mosquitto is not installed");
        QByteArray log = seedLog();
        QVERIFY(log.contains("\n+QMTCONN: 0,0,0\n"));
        log.replace("\n+QMTCONN: 0,0,0\n", "\n+QMTCONN: 0,0,5\n");
        const Reproduction r = fromText(log);
        QCOMPARE(r.count(), 14);

        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        SimRig rig(broker.port());
        session::Reproducer rep(&rig.channel, &rig.pipeline);
        QSignalSpy done(&rep, &session::Reproducer::finished);
        rep.start(r);
        QVERIFY(done.wait(20000));
        const Comparison &c = rep.comparison();
        QCOMPARE(c.steps().size(), 14);
        QCOMPARE(c.firstDivergence(), 6);
        for (const StepComparison &s : c.steps()) {
            if (s.index == 6)
                continue;
            QVERIFY2(
                s.status == StepComparison::Status::Same,
                qPrintable(
                    QStringLiteral("step %1: %2").arg(s.index + 1).arg(Comparison::statusKey(s.status))));
        }
        const StepComparison &d = c.steps()[6];
        QCOMPARE(d.status, StepComparison::Status::Different);
        QVERIFY(d.firstDivergence);
        QCOMPARE(d.commandLine, 28);
        QCOMPARE(d.rows.size(), 2);
        QCOMPARE(d.rows[0].status, CompareRow::Status::Same); // OK
        QCOMPARE(d.rows[1].theirs, QByteArray("+QMTCONN: 0,0,5"));
        QCOMPARE(d.rows[1].theirLine, 31);
        QCOMPARE(d.rows[1].ours, QByteArray("+QMTCONN: 0,0,0"));
        QCOMPARE(d.rows[1].status, CompareRow::Status::Different);
        // the runner ran every step after the divergence (the connection worked here)
        QCOMPARE(rep.runner().report(13).status, StepReport::Status::Passed);

        const QString text = c.toText(QStringLiteral("simulated"));
        QVERIFY(text.contains(QStringLiteral("First divergence: step 7 (log line 28)")));
        const QStringList lines = text.split(QLatin1Char('\n'));
        const QStringList marked = lines.filter(QStringLiteral("FIRST DIVERGENCE"));
        QCOMPARE(marked.size(), 1);
        QVERIFY(marked.first().contains(QStringLiteral("AT+QMTCONN=0,\"clientExample\"")));
        QVERIFY(!lines
                     .filter(QRegularExpression(
                         QStringLiteral("^\\s+31\\s+\\+QMTCONN: 0,0,5\\s+≠\\s+\\+QMTCONN: 0,0,0$")))
                     .isEmpty());

        // the command line: exit status 4, the JSON names step 7; the sequence is written
        QTemporaryDir dir;
        const QString logPath = dir.filePath(QStringLiteral("customer.log"));
        const QString seqPath = dir.filePath(QStringLiteral("customer.qmtseq"));
        QFile f(logPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(log);
        f.close();
        QProcess p;
        p.start(qEnvironmentVariable("QMT_BIN_DIR") + QStringLiteral("/qmtscope-cli"),
                {QStringLiteral("reproduce"), logPath, QStringLiteral("--sim"), QStringLiteral("--json"),
                 QStringLiteral("--sequence-out"), seqPath});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 4);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(j.value(QStringLiteral("firstDivergence")).toInt(), 7);
        QCOMPARE(j.value(QStringLiteral("counts")).toObject().value(QStringLiteral("same")).toInt(), 13);
        Sequence written;
        QVERIFY(written.load(seqPath));
        QCOMPARE(written.steps(), r.sequenceSteps());
    }

    // Exit statuses without a run: usage 1, unreadable 2, the sequence printed with 0.
    void cliWithoutARun()
    {
        const QString cli = qEnvironmentVariable("QMT_BIN_DIR") + QStringLiteral("/qmtscope-cli");
        QProcess p;
        p.start(cli, {QStringLiteral("reproduce")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 1);
        p.start(cli, {QStringLiteral("reproduce"), QStringLiteral("/nonexistent/customer.log")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        p.start(cli, {QStringLiteral("reproduce"), QStringLiteral("x.log"), QStringLiteral("--sim"),
                      QStringLiteral("--port"), QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 1);
        p.start(cli, {QStringLiteral("reproduce"),
                      qEnvironmentVariable("QMT_TRANSCRIPTS") + QStringLiteral("/seed_5_1.log")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QList<SequenceStep> steps;
        QVERIFY(Sequence::parse(out, &steps, nullptr, nullptr));
        QCOMPARE(steps.size(), 14);
    }

    // The seed's TLS session (§5.2) against the simulator: the broker gets a TLS listener that
    // wants a client certificate, the simulator stands a throw-away CA's files in for the uploads
    // the log left out, and every step from the SSL settings to the disconnect is the same.
    void tlsLogAgainstTheSimulator()
    {
        if (mqtt::LocalBroker::mosquittoPath().isEmpty() || mqtt::PkiMaker::opensslPath().isEmpty())
            QSKIP("mosquitto or openssl is not installed");
        QProcess p;
        p.start(qEnvironmentVariable("QMT_BIN_DIR") + QStringLiteral("/qmtscope-cli"),
                {QStringLiteral("reproduce"),
                 qEnvironmentVariable("QMT_TRANSCRIPTS") + QStringLiteral("/seed_5_2.log"),
                 QStringLiteral("--sim"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(120000));
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonArray steps = o.value(QStringLiteral("steps")).toArray();
        QVERIFY2(steps.size() >= 17, p.readAllStandardError().constData());
        int tlsSteps = 0;
        for (const QJsonValue &v : steps) {
            const QJsonObject step = v.toObject();
            const QString command = step.value(QStringLiteral("command")).toString();
            if (!command.startsWith(QLatin1String("AT+QSSLCFG")) &&
                !command.startsWith(QLatin1String("AT+QMT")))
                continue; // the uploads: their data files are placeholders
            ++tlsSteps;
            QVERIFY2(
                step.value(QStringLiteral("status")).toString() == QLatin1String("same"),
                qPrintable(command + QLatin1Char(' ') + step.value(QStringLiteral("verdict")).toString()));
        }
        QCOMPARE(tlsSteps, 14); // 2 QMTCFG, 7 QSSLCFG, open, connect, subscribe, publish, disconnect
    }

    // .qmtseq with delays: written and read back the same; older files (no delay) load with none;
    // a bad or second delay is refused with its line.
    void sequenceFileWithDelays()
    {
        QList<SequenceStep> steps(3);
        steps[0].command = "AT+QMTOPEN=0,\"h\",1883";
        steps[0].expect = "OK\n+QMTOPEN: 0,0";
        steps[1].command = "AT+QMTCONN=0,\"c\"";
        steps[1].delay = 1500ms;
        steps[1].note = QStringLiteral("log line 6; answers on lines 7, 8");
        steps[2].command = "AT+QMTDISC=0";
        steps[2].delay = 2s;
        steps[2].timeout = 5s;
        const QByteArray text = Sequence::format(steps, QStringLiteral("r"));
        QVERIFY(text.contains("    delay 1500ms\n"));
        QVERIFY(text.contains("    delay 2s\n"));
        QList<SequenceStep> back;
        QList<session::SequenceParseError> errors;
        QVERIFY(Sequence::parse(text, &back, nullptr, &errors));
        QCOMPARE(back, steps);
        SequenceStep other = steps[1];
        other.delay = 1s;
        QVERIFY(other != steps[1]);

        QVERIFY(
            Sequence::parse("AT\n    timeout 2s\nAT+QMTDISC=0\n    delay 0.25s\n", &back, nullptr, &errors));
        QCOMPARE(back[0].delay, 0ms);
        QCOMPARE(back[1].delay, 250ms);
        QVERIFY(!Sequence::parse("AT\n    delay soon\nATI\n    delay 1s\n    delay 2s\n", &back, nullptr,
                                 &errors));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0].line, 2);
        QVERIFY(errors[0].message.contains(QStringLiteral("delay")));
        QCOMPARE(errors[1].line, 5);
    }

    // The runner waits a step's delay on a timer in a run of every step (not in Step); Stop
    // during the wait sends nothing.
    void runnerWaitsTheDelays()
    {
        sim::SimOptions o;
        o.bootUrcs = false;
        sim::SimModule module(o);
        sim::SimDevice device(&module);
        QVERIFY(device.open(QIODevice::ReadWrite));
        session::Pipeline pipeline;
        session::CommandChannel channel(&pipeline);
        channel.setDevice(&device);
        session::SequenceRunner runner(&channel, &pipeline);
        Sequence seq;
        SequenceStep a;
        a.command = "AT";
        SequenceStep b = a;
        b.delay = 120ms;
        seq.setSteps({a, b, b});
        runner.setSequence(&seq);
        QSignalSpy finished(&runner, &session::SequenceRunner::finished);
        QElapsedTimer t;
        t.start();
        runner.runAll();
        QVERIFY(finished.wait(5000));
        QVERIFY(finished.last().first().toBool());
        QVERIFY2(t.elapsed() >= 240, qPrintable(QString::number(t.elapsed())));

        // Stop while step 2 waits: it is stopped, and nothing more is written
        QSignalSpy stepDone(&runner, &session::SequenceRunner::stepFinished);
        runner.runAll();
        QVERIFY(stepDone.wait(5000));
        QCOMPARE(runner.report(0).status, StepReport::Status::Passed);
        QCOMPARE(runner.currentStep(), 1);
        const qint64 written = pipeline.bytesWritten();
        runner.stop();
        QCOMPARE(runner.report(1).status, StepReport::Status::Stopped);
        QTest::qWait(150); // longer than the delay: the cancelled timer sends nothing
        QCOMPARE(pipeline.bytesWritten(), written);

        // Step sends at once
        runner.reset();
        runner.step();
        runner.step(); // busy: ignored
        QVERIFY(finished.wait(5000));
        t.restart();
        runner.step();
        QVERIFY(finished.wait(5000));
        QVERIFY2(t.elapsed() < 100, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_MAIN(tst_Reproduce)
#include "tst_reproduce.moc"
