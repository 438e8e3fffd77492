// SPDX-License-Identifier: Apache-2.0
// Sequences: the text format (round trip of any bytes, errors with line numbers), the shipped
// templates, the matching rules, the item models, and the runner against the simulated module
// on a real pty with a real Mosquitto broker behind it — stop on the first unexpected answer,
// the report of each step, stepping, stopping, the §5.1 and §5.2 templates end to end.

#include "at/checksum.h"
#include "broker.h"
#include "simrig.h"
#include "workflows/sequence.h"
#include "workflows/sequencemodel.h"
#include "workflows/sequencerunner.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QRandomGenerator>
#include <QSerialPort>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using session::Sequence;
using session::SequenceParseError;
using session::SequenceRunner;
using session::SequenceStep;
using session::StepReport;
using Status = StepReport::Status;
using namespace std::chrono_literals;

namespace {

constexpr int kWait = 30000; // ms; generous for a loaded machine, never a fixed sleep
const QString kTemplate51 = QStringLiteral(":/qmtscope/sequences/seed_5_1.qmtseq");
const QString kTemplate52 = QStringLiteral(":/qmtscope/sequences/seed_5_2.qmtseq");

SequenceStep step(const QByteArray &command, const QByteArray &expect = {}, const QByteArray &data = {},
                  std::chrono::milliseconds timeout = 0ms, const QString &note = {})
{
    return SequenceStep{command, data, expect, timeout, note, {}, {}};
}

// The simulated module on a pty, a channel on the other side, a runner over the channel.
struct Rig : test::SimOnPty
{
    explicit Rig(test::TestBroker &broker, quint16 tlsPort = 0) : SimOnPty(broker.port(), tlsPort)
    {
        runner.setSequence(&sequence);
    }
    bool start() { return open(); }
    // Runs and waits for the end; the verdict of the run.
    bool run(bool all = true)
    {
        QSignalSpy done(&runner, &SequenceRunner::finished);
        all ? runner.runAll() : runner.step();
        if (!QTest::qWaitFor([&] { return !done.isEmpty(); }, kWait))
            return false;
        return done.first().first().toBool();
    }
    QString describe() const
    {
        QStringList out;
        for (int i = 0; i < runner.reports().size(); ++i) {
            const StepReport &r = runner.reports()[i];
            out << QStringLiteral("%1 [%2] %3 -> %4 | %5")
                       .arg(i + 1)
                       .arg(int(r.status))
                       .arg(QString::fromUtf8(r.sent), QString::fromUtf8((r.answer + r.urcs).join(" / ")),
                            r.why);
        }
        return out.join(QLatin1Char('\n'));
    }
    Sequence sequence;
    SequenceRunner runner{&channel, &pipeline};
};

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool copyTo(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

} // namespace

class tst_Sequence : public QObject
{
    Q_OBJECT
private slots:
    // ---- the format ----
    void roundTrip_data()
    {
        QTest::addColumn<QList<SequenceStep>>("steps");
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QList<SequenceStep>{} << QString();
        QTest::newRow("plain") << QList<SequenceStep>{step("AT+QMTOPEN=0,\"h\",1883", "+QMTOPEN: 0,0", {},
                                                           30s, QStringLiteral("open"))}
                               << QStringLiteral("A name");
        QTest::newRow("payload with CR LF, quotes, commas")
            << QList<SequenceStep>{step("AT+QMTPUBEX=0,1,1,0,\"t\",{size}", "+QMTPUBEX: 0,1,0",
                                        "{\"a\":1,\"b\":\"x, y\"}\r\nline two\r\n\ttab \\ back")}
            << QString();
        QTest::newRow("non-ASCII") << QList<SequenceStep>{step("AT+QMTPUBEX=0,0,0,0,\"主题/温度\",9", {},
                                                               "温度 ✓", 1500ms,
                                                               QStringLiteral("中文的备注 — ✓"))}
                                   << QStringLiteral("§5.1 序列");
        QByteArray all;
        for (int i = 0; i < 256; ++i)
            all.append(char(i));
        QTest::newRow("every byte") << QList<SequenceStep>{step("AT+QFUPL=\"RAM:b\",256", {}, all)}
                                    << QString();
        QTest::newRow("mostly binary")
            << QList<SequenceStep>{step("AT+QFUPL=\"RAM:b\",4", {}, QByteArray("\x00\x01\xff\x1a", 4))}
            << QString();
        QTest::newRow("odd commands") << QList<SequenceStep>{step("+++"),   step("AT+X  "), step("  AT"),
                                                             step("at\tx"), step("\"AT\""), step("#AT")}
                                      << QString();
        QTest::newRow("odd values")
            << QList<SequenceStep>{step("AT", "\nOK\n \"x\" \n+CME ERROR: *", {}, 1ms,
                                        QStringLiteral("  spaced  \nsecond line")),
                                   step("AT", "\"quoted\"", {}, 3600s, QStringLiteral("\"")),
                                   step("AT", "# not a comment", {}, 0ms, QStringLiteral("#also"))}
            << QStringLiteral("  ");
        SequenceStep file = step("AT+QFUPL=\"RAM:cacert.pem\",{size},100", "+QFUPL: {size},{checksum}");
        file.dataFile = QStringLiteral("certs dir/ca cert.pem");
        SequenceStep file2 = step("AT+QFUPL=\"RAM:k\",{size}");
        file2.dataFile = QStringLiteral(" \"odd\" name.pem");
        QTest::newRow("data files") << QList<SequenceStep>{file, file2} << QString();
    }
    void roundTrip()
    {
        QFETCH(QList<SequenceStep>, steps);
        QFETCH(QString, name);
        const QByteArray text = Sequence::format(steps, name);
        QList<SequenceStep> back;
        QString backName;
        QList<SequenceParseError> errors;
        QVERIFY2(
            Sequence::parse(text, &back, &backName, &errors),
            qPrintable(QString::fromUtf8(text) + (errors.isEmpty() ? QString() : errors.first().toString())));
        QCOMPARE(back.size(), steps.size());
        for (int i = 0; i < steps.size(); ++i) {
            QCOMPARE(back[i].command, steps[i].command);
            QCOMPARE(back[i].data, steps[i].data);
            QCOMPARE(back[i].expect, steps[i].expect);
            QCOMPARE(back[i].timeout, steps[i].timeout);
            QCOMPARE(back[i].note, steps[i].note);
            QCOMPARE(back[i].dataFile, steps[i].dataFile);
        }
        QCOMPARE(backName, name);
        QCOMPARE(Sequence::format(back, backName), text);
    }

    void roundTripRandomBytes()
    {
        QRandomGenerator rng(4711);
        auto bytes = [&](int max) {
            QByteArray b(int(rng.bounded(max + 1)), Qt::Uninitialized);
            for (char &c : b)
                c = char(rng.bounded(256));
            return b;
        };
        QList<SequenceStep> steps;
        for (int i = 0; i < 300; ++i) {
            SequenceStep s;
            s.command = "AT" + bytes(20);
            s.data = bytes(64);
            const QByteArrayList parts = bytes(30).split('\n');
            s.expect = parts.join('\n');
            s.timeout = std::chrono::milliseconds(rng.bounded(3600000));
            s.note = QString::fromUtf8(bytes(30)); // notes are text: invalid UTF-8 is replaced first
            steps << s;
        }
        QList<SequenceStep> back;
        QList<SequenceParseError> errors;
        QVERIFY2(Sequence::parse(Sequence::format(steps), &back, nullptr, &errors),
                 qPrintable(errors.value(0).toString()));
        QCOMPARE(back.size(), steps.size());
        for (int i = 0; i < steps.size(); ++i)
            QVERIFY2(back[i] == steps[i], qPrintable(QString::number(i)));
    }

    void saveAndLoad()
    {
        QTemporaryDir dir;
        Sequence a;
        a.setName(QStringLiteral("Saved"));
        a.append(step("AT+QMTPUBEX=0,0,0,0,\"t\",4", "+QMTPUBEX: 0,0,0", "a\r\nb"));
        QVERIFY(a.isModified());
        const QString path = dir.filePath(QStringLiteral("s.qmtseq"));
        QString error;
        QVERIFY2(a.save(path, &error), qPrintable(error));
        QVERIFY(!a.isModified());
        QCOMPARE(a.fileName(), path);

        Sequence b;
        QSignalSpy changed(&b, &Sequence::changed);
        QList<SequenceParseError> errors;
        QVERIFY(b.load(path, &errors));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(b.steps(), a.steps());
        QCOMPARE(b.name(), QStringLiteral("Saved"));
        QVERIFY(!b.isModified());

        // a file that cannot be read, and one with errors: the sequence is left as it was
        QVERIFY(!b.load(dir.filePath(QStringLiteral("missing.qmtseq")), &errors));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().line, 0);
        QFile bad(dir.filePath(QStringLiteral("bad.qmtseq")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("AT\n    data nonsense\n");
        bad.close();
        QVERIFY(!b.load(bad.fileName(), &errors));
        QCOMPARE(b.steps(), a.steps());
        QCOMPARE(b.fileName(), path);

        // data files resolve against the sequence's folder
        SequenceStep f = step("AT+QFUPL=\"RAM:a\",{size}");
        f.dataFile = QStringLiteral("certs/a.pem");
        QCOMPARE(b.resolveDataFile(f), dir.filePath(QStringLiteral("certs/a.pem")));
        f.dataFile = QStringLiteral("/abs/a.pem");
        QCOMPARE(b.resolveDataFile(f), QStringLiteral("/abs/a.pem"));
    }

    void parseErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<int>>("lines");
        QTest::addColumn<QString>("firstMessage"); // a part of the first error's text
        QTest::newRow("attribute first")
            << QByteArray("# c\n  expect OK\n") << QList<int>{2} << QStringLiteral("before the first step");
        QTest::newRow("not a command")
            << QByteArray("AT\nhello there\n") << QList<int>{2} << QStringLiteral("is not a command");
        QTest::newRow("data form") << QByteArray("AT\n    data bogus\n") << QList<int>{2}
                                   << QStringLiteral("hex");
        QTest::newRow("unclosed quote")
            << QByteArray("AT\n\n    data \"abc\n") << QList<int>{3} << QStringLiteral("closing quote");
        QTest::newRow("text after quote") << QByteArray("AT\n    note \"a\" b\n") << QList<int>{2}
                                          << QStringLiteral("after the closing quote");
        QTest::newRow("bad escape") << QByteArray("AT\n    data \"a\\qb\"\n") << QList<int>{2}
                                    << QStringLiteral("\\q");
        QTest::newRow("short \\x") << QByteArray("AT\n    data \"\\x4\"\n") << QList<int>{2}
                                   << QStringLiteral("two hexadecimal digits");
        QTest::newRow("bad hex") << QByteArray("AT\n    data hex 41 4g\n") << QList<int>{2}
                                 << QStringLiteral("\"g\"");
        QTest::newRow("odd hex") << QByteArray("AT\n    data hex 414\n") << QList<int>{2}
                                 << QStringLiteral("odd number");
        QTest::newRow("timeout unit")
            << QByteArray("AT\n    timeout 5\n") << QList<int>{2} << QStringLiteral("unit");
        QTest::newRow("timeout too long")
            << QByteArray("AT\n    timeout 2h\n") << QList<int>{2} << QStringLiteral("unit");
        QTest::newRow("timeout over an hour")
            << QByteArray("AT\n    timeout 61m\n") << QList<int>{2} << QStringLiteral("an hour");
        QTest::newRow("unknown attribute")
            << QByteArray("AT\n    colour red\n") << QList<int>{2} << QStringLiteral("colour");
        QTest::newRow("two notes") << QByteArray("AT\n    note a\n    note b\n") << QList<int>{3}
                                   << QStringLiteral("second note");
        QTest::newRow("two data") << QByteArray("AT\n    data \"a\"\n    data file x\n") << QList<int>{3}
                                  << QStringLiteral("second data");
        QTest::newRow("name after a step")
            << QByteArray("AT\nname x\n") << QList<int>{2} << QStringLiteral("before the first step");
        QTest::newRow("missing value")
            << QByteArray("AT\n    expect\n") << QList<int>{2} << QStringLiteral("missing");
        QTest::newRow("two-line expectation")
            << QByteArray("AT\n    expect \"a\\nb\"\n") << QList<int>{2} << QStringLiteral("one line");
        QTest::newRow("empty quoted command")
            << QByteArray("\"\"\n") << QList<int>{1} << QStringLiteral("empty command");
        QTest::newRow("every error, CRLF")
            << QByteArray("# x\r\nAT\r\n    data hex zz\r\nAT+B\r\n    bogus 1\r\nwhat\r\n")
            << QList<int>{3, 5, 6} << QStringLiteral("hexadecimal");
    }
    void parseErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, lines);
        QFETCH(QString, firstMessage);
        QList<SequenceStep> steps{step("AT+KEEP")};
        QList<SequenceParseError> errors;
        QVERIFY(!Sequence::parse(text, &steps, nullptr, &errors));
        QList<int> got;
        for (const auto &e : errors)
            got << e.line;
        QCOMPARE(got, lines);
        QVERIFY2(errors.first().message.contains(firstMessage), qPrintable(errors.first().message));
        QVERIFY(errors.first().toString().startsWith(QStringLiteral("line %1: ").arg(lines.first())));
        QCOMPARE(steps.size(), 1); // untouched
    }

    void commentsAndBlankLines()
    {
        const QByteArray text = "# top\n\nname  My run  \n\n# step one\nAT+QMTCFG=\"recv/mode\",0,0,1   \n"
                                "\t# indented comment\n\texpect OK\n    expect +X: 1\n\nat+qmtdisc=0\n";
        QList<SequenceStep> steps;
        QString name;
        QVERIFY(Sequence::parse(text, &steps, &name, nullptr));
        QCOMPARE(name, QStringLiteral("My run"));
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps[0].command, QByteArray("AT+QMTCFG=\"recv/mode\",0,0,1"));
        QCOMPARE(steps[0].expectations(), (QByteArrayList{"OK", "+X: 1"}));
        QCOMPARE(steps[1].command, QByteArray("at+qmtdisc=0"));
    }

    void escapes()
    {
        QByteArray out;
        QVERIFY(Sequence::unescape("a\\r\\n\\t\\\"\\\\\\x00\\xFf\"", &out));
        QCOMPARE(out, QByteArray("a\r\n\t\"\\\x00\xff\"", 9));
        QCOMPARE(Sequence::escape(QByteArray("a\r\n\"\\\x01", 6)), QByteArray("a\\r\\n\\\"\\\\\\x01"));
        QCOMPARE(Sequence::escape("温度"), QByteArray("温度")); // valid UTF-8 stays as it is
        QCOMPARE(Sequence::escape("\xe6\xb8"), QByteArray("\\xe6\\xb8"));
        QString why;
        QVERIFY(!Sequence::unescape("x\\", &out, &why));
        QVERIFY(!why.isEmpty());
    }

    void templates()
    {
        Sequence s51;
        QList<SequenceParseError> errors;
        QVERIFY2(s51.load(kTemplate51, &errors), qPrintable(errors.value(0).toString()));
        QCOMPARE(s51.count(), 14);
        QVERIFY(s51.name().contains(QStringLiteral("5.1")));
        QCOMPARE(s51.steps().at(3).command,
                 QByteArray("AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883"));
        QCOMPARE(s51.steps().at(12).data, QByteArray("This is test data, hello MQTT."));
        for (const SequenceStep &st : s51.steps())
            QVERIFY2(
                SequenceRunner::checkStep(SequenceRunner::expand(st.command, st.data), st.data).isEmpty(),
                qPrintable(QString::fromUtf8(st.command)));

        Sequence s52;
        QVERIFY2(s52.load(kTemplate52, &errors), qPrintable(errors.value(0).toString()));
        QCOMPARE(s52.count(), 18);
        QStringList files;
        for (const SequenceStep &st : s52.steps())
            if (!st.dataFile.isEmpty())
                files << st.dataFile;
        QCOMPARE(files, (QStringList{QStringLiteral("cacert.pem"), QStringLiteral("client.pem"),
                                     QStringLiteral("user_key.pem")}));
        QCOMPARE(s52.resolveDataFile(s52.steps().at(3)), QStringLiteral(":/qmtscope/sequences/cacert.pem"));
    }

    // ---- the rules ----
    void matching_data()
    {
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("match");
        QTest::newRow("equal") << QByteArray("+QMTOPEN: 0,0") << QByteArray("+QMTOPEN: 0,0") << true;
        QTest::newRow("blanks") << QByteArray("  OK ") << QByteArray("OK") << true;
        QTest::newRow("not a prefix")
            << QByteArray("+QMTCONN: 0,0") << QByteArray("+QMTCONN: 0,0,5") << false;
        QTest::newRow("star tail") << QByteArray("+QMTRECV: 0,0,\"t\",*")
                                   << QByteArray("+QMTRECV: 0,0,\"t\",3,\"abc\"") << true;
        QTest::newRow("star middle") << QByteArray("+QMTRECV: 0,*,\"t\",3,*")
                                     << QByteArray("+QMTRECV: 0,17,\"t\",3,\"abc\"") << true;
        QTest::newRow("star mismatch") << QByteArray("+QMTRECV: 1,*") << QByteArray("+QMTRECV: 0,1") << false;
        QTest::newRow("case matters") << QByteArray("ok") << QByteArray("OK") << false;
        QTest::newRow("lone star") << QByteArray("*") << QByteArray("anything") << true;
        QTest::newRow("stars backtrack") << QByteArray("a*b*c") << QByteArray("aXbYbZc") << true;
    }
    void matching()
    {
        QFETCH(QByteArray, expect);
        QFETCH(QByteArray, line);
        QFETCH(bool, match);
        QCOMPARE(SequenceRunner::matches(expect, line), match);
    }

    void expandAndCheck()
    {
        const QByteArray pem = "-----BEGIN CERTIFICATE-----\nabc\n";
        QCOMPARE(SequenceRunner::expand("AT+QFUPL=\"RAM:a\",{size},100", pem),
                 QByteArray("AT+QFUPL=\"RAM:a\",") + QByteArray::number(pem.size()) + ",100");
        QCOMPARE(SequenceRunner::expand("+QFUPL: {size},{checksum}", pem),
                 "+QFUPL: " + QByteArray::number(pem.size()) + ',' +
                     at::formatChecksum(at::qfuplChecksum(pem)));

        QVERIFY(SequenceRunner::checkStep("AT+QMTPUBEX=0,0,0,0,\"t\",3", "abc").isEmpty());
        QVERIFY(SequenceRunner::checkStep("AT+QMTPUBEX=0,0,0,0,\"t\",5", "abc")
                    .contains(QStringLiteral("declares 5")));
        QVERIFY(SequenceRunner::checkStep("AT+QMTOPEN=0,\"h\",1", "abc").contains(QStringLiteral("no data")));
        QVERIFY(SequenceRunner::checkStep("AT+QFUPL=\"a\",3", "abc").isEmpty());
        QVERIFY(
            SequenceRunner::checkStep("AT+QFUPL=\"a\",9,100", "abc").contains(QStringLiteral("declares 9")));
        QVERIFY(!SequenceRunner::checkStep("AT+QFUPL=\"a\",9", {}).isEmpty());
        QVERIFY(!SequenceRunner::checkStep("AT+QMTPUB=0,0,0,0,\"t\"", "a\x1a").isEmpty());
        QVERIFY(!SequenceRunner::checkStep("  ", {}).isEmpty());
    }

    // ---- the models ----
    void models()
    {
        Sequence seq;
        session::Pipeline pipeline;
        session::CommandChannel channel(&pipeline);
        SequenceRunner runner(&channel, &pipeline);
        runner.setSequence(&seq);
        session::SequenceModel steps(&seq);
        session::SequenceReportModel reports(&runner);
        QAbstractItemModelTester t1(&steps, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&reports, QAbstractItemModelTester::FailureReportingMode::QtTest);
        seq.append(
            step("AT+QMTPUBEX=0,0,0,0,\"t\",4", "+QMTPUBEX: 0,0,0", "a\r\nb", 5s, QStringLiteral("n")));
        seq.append(step("AT"));
        QCOMPARE(steps.rowCount(), 2);
        QCOMPARE(reports.rowCount(), 2);
        QCOMPARE(steps.index(0, session::SequenceModel::Data).data().toString(), QStringLiteral("a\\r\\nb"));
        QCOMPARE(steps.index(0, session::SequenceModel::Timeout).data().toString(), QStringLiteral("5 s"));
        QCOMPARE(steps.index(1, session::SequenceModel::Expect).data().toString(),
                 QStringLiteral("(succeeds)"));
        QCOMPARE(steps.index(1, session::SequenceModel::Timeout).data().toString(), QStringLiteral("auto"));
        steps.setMarkedRow(1);
        QVERIFY(steps.headerData(1, Qt::Vertical).toString().endsWith(QLatin1String(" 2")));
        QVERIFY(steps.headerData(1, Qt::Vertical).toString() != QStringLiteral("2"));
        seq.move(0, 1);
        seq.remove(0);
        QCOMPARE(steps.rowCount(), 1);
        QCOMPARE(reports.rowCount(), 1);

        // no port: the step fails at once, without sending anything
        QVERIFY(runner.sequence() == &seq);
        QSignalSpy finished(&runner, &SequenceRunner::finished);
        runner.runAll();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(runner.report(0).status, Status::Failed);
        QVERIFY(runner.report(0).why.contains(QStringLiteral("not connected")));
        QCOMPARE(reports.index(0, session::SequenceReportModel::Result).data().toString(),
                 QStringLiteral("failed"));
        QCOMPARE(reports.index(0, 0).data(session::SequenceReportModel::StatusRole).toInt(),
                 int(Status::Failed));
        QCOMPARE(pipeline.bytesWritten(), qint64(0));
    }

    // A script's run (setStopAtFailure(false)) goes on after a failing step and counts the
    // failures; a sequence's run stops at the first. (No port: every step fails at once.)
    void goesOnAfterAFailureWhenAsked()
    {
        Sequence seq;
        seq.setSteps({step("AT"), step("ATI"), step("AT+GMR")});
        session::Pipeline pipeline;
        session::CommandChannel channel(&pipeline);
        SequenceRunner runner(&channel, &pipeline);
        runner.setSequence(&seq);
        QVERIFY(runner.stopsAtFailure());
        QSignalSpy finished(&runner, &SequenceRunner::finished);
        runner.runAll();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(runner.failedCount(), 1);
        QCOMPARE(runner.report(1).status, Status::Pending);

        runner.setStopAtFailure(false);
        runner.runAll();
        QCOMPARE(finished.size(), 2);
        QCOMPARE(finished.last().first().toBool(), false);
        QCOMPARE(runner.failedCount(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(runner.report(i).status, Status::Failed);
        QVERIFY(!runner.isRunning());
    }

    // ---- the runner against the simulated module ----
    void template51RunsAgainstTheSimulator()
    {
        test::TestBroker broker;
        QVERIFY2(broker.startAndWait(), qPrintable(broker.errorString()));
        Rig rig(broker);
        QVERIFY(rig.start());
        QVERIFY(rig.sequence.load(kTemplate51));
        QSignalSpy started(&rig.runner, &SequenceRunner::stepStarted);
        QSignalSpy progress(&rig.runner, &SequenceRunner::progress);
        QVERIFY2(rig.run(), qPrintable(rig.describe()));
        QCOMPARE(rig.runner.passedCount(), 14);
        QCOMPARE(started.size(), 14);
        QCOMPARE(progress.last().at(0).toInt(), 14);
        QCOMPARE(progress.last().at(1).toInt(), 14);

        // the report of the open step: the answer, the time, why it passed
        const StepReport open = rig.runner.report(3);
        QCOMPARE(open.status, Status::Passed);
        QCOMPARE(open.sent, QByteArray("AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883"));
        QCOMPARE(open.answer, (QByteArrayList{"OK", "+QMTOPEN: 0,0"}));
        QVERIFY(open.elapsedMs >= 0);
        QVERIFY(open.why.contains(QStringLiteral("+QMTOPEN: 0,0")));
        // the publish step saw its own message come back
        const StepReport pub = rig.runner.report(12);
        QCOMPARE(pub.dataBytes, qint64(30));
        QVERIFY2(pub.urcs.size() == 1 && pub.urcs.first().startsWith("+QMTRECV: 0,0,\"topic/pub\",30,"),
                 qPrintable(QString::fromUtf8(pub.urcs.join(" / "))));
        QCOMPARE(rig.slot(0).counters.received, 1u);
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is test data, hello MQTT."));
        QCOMPARE(rig.slot(0).counters.published, 1u);
        QCOMPARE(rig.slot(0).mqtt, state::MqttState::Disconnected); // the template ends with QMTDISC
        QCOMPARE(rig.runner.nextStep(), 14);
        QVERIFY(!rig.runner.isRunning());
    }

    void stopsAtTheFirstUnexpectedAnswer()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        rig.sequence.setSteps({step("AT+QMTCFG=\"keepalive\",0,60"),
                               step("AT+QMTCFG=\"keepalive\",0", "+QMTCFG: \"keepalive\",90"),
                               step("AT+QMTCFG=\"keepalive\",0,30")});
        QVERIFY(!rig.run());
        QCOMPARE(rig.runner.report(0).status, Status::Passed);
        const StepReport bad = rig.runner.report(1);
        QCOMPARE(bad.status, Status::Failed);
        QVERIFY2(bad.why.contains(
                     QStringLiteral("expected +QMTCFG: \"keepalive\",90, got +QMTCFG: \"keepalive\",60")),
                 qPrintable(bad.why));
        QCOMPARE(bad.answer, (QByteArrayList{"+QMTCFG: \"keepalive\",60", "OK"}));
        QCOMPARE(rig.runner.report(2).status, Status::Pending);
        QCOMPARE(rig.runner.nextStep(), 2);
        QCOMPARE(rig.slot(0).config.keepAlive, 60); // the third step never ran
        QVERIFY(!rig.channel.isBusy());
        QCOMPARE(rig.channel.queued(), 0);

        // Step goes on from there
        QVERIFY(rig.run(false));
        QCOMPARE(rig.runner.report(2).status, Status::Passed);
        QCOMPARE(rig.slot(0).config.keepAlive, 30);
    }

    void verdicts()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        struct Case
        {
            SequenceStep s;
            bool passes;
            QString why; // a part of the verdict
        };
        const Case cases[] = {
            // a result URC that reports a failure, decided at once, with its meaning
            {step("AT+QMTOPEN=1,\"no-such-host.invalid\",1883", "+QMTOPEN: 1,0"), false,
             QStringLiteral("got +QMTOPEN: 1,4: ")},
            // no expectation: the command must succeed
            {step("AT+QFDEL=\"nofile\""), false, QStringLiteral("+CME ERROR: 405")},
            // an expected error passes
            {step("AT+QFDEL=\"nofile\"", "+CME ERROR: 405"), true, QString()},
            // a URC that never comes: waited for, up to the step's timeout
            {step("AT", "+QMTRECV: 0,*", {}, 300ms), false, QStringLiteral("not seen within 0.3 s")},
            // a final result other than the expected one
            {step("AT+QMTOPEN=9,\"h\",1", "+QMTOPEN: 9,0"), false, QStringLiteral("ERROR")},
            // data that does not fit the command: refused before it is sent
            {step("AT+QMTPUBEX=0,0,0,0,\"t\",5", {}, "abc"), false, QStringLiteral("declares 5")},
            // {size} expanded in the command
            {step("AT+QMTCFG=\"willex\",2,1,0,0,\"w\",{size}", {}, "bye"), true, QString()},
        };
        for (const Case &c : cases) {
            rig.sequence.setSteps({c.s});
            const qint64 written = rig.pipeline.bytesWritten();
            QCOMPARE(rig.run(), c.passes);
            const StepReport r = rig.runner.report(0);
            QVERIFY2(r.why.contains(c.why), qPrintable(rig.describe()));
            if (c.why.startsWith(QStringLiteral("declares")))
                QCOMPARE(rig.pipeline.bytesWritten(), written);
        }
        QCOMPARE(rig.slot(2).config.will.length, qint64(3));
        QVERIFY(rig.slot(2).config.will.enabled);
    }

    void stepByStepAndEdits()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        rig.sequence.setSteps({step("AT+QMTCFG=\"keepalive\",1,11"), step("AT+QMTCFG=\"keepalive\",1,12"),
                               step("AT+QMTCFG=\"keepalive\",1,13")});
        QVERIFY(rig.run(false));
        QCOMPARE(rig.runner.nextStep(), 1);
        QCOMPARE(rig.slot(1).config.keepAlive, 11);
        QCOMPARE(rig.runner.report(1).status, Status::Pending);
        QVERIFY(rig.run(false));
        QCOMPARE(rig.slot(1).config.keepAlive, 12);

        // a step appended (by the forms) keeps the reports; an edited step that ran drops them
        rig.sequence.append(step("AT+QMTCFG=\"keepalive\",1,14"));
        QCOMPARE(rig.runner.reports().size(), 4);
        QCOMPARE(rig.runner.report(1).status, Status::Passed);
        QCOMPARE(rig.runner.nextStep(), 2);
        rig.sequence.replace(3, step("AT+QMTCFG=\"keepalive\",1,15")); // not run yet: kept
        QCOMPARE(rig.runner.nextStep(), 2);
        QVERIFY(rig.run(false));
        QVERIFY(rig.run(false));
        QCOMPARE(rig.slot(1).config.keepAlive, 15);
        QCOMPARE(rig.runner.nextStep(), 4);
        // past the end, Step starts over
        QVERIFY(rig.run(false));
        QCOMPARE(rig.runner.nextStep(), 1);
        QCOMPARE(rig.runner.report(2).status, Status::Pending);
        QCOMPARE(rig.slot(1).config.keepAlive, 11);
        rig.sequence.replace(0, step("AT+QMTCFG=\"keepalive\",1,20"));
        QCOMPARE(rig.runner.nextStep(), 0);
        QCOMPARE(rig.runner.report(0).status, Status::Pending);
    }

    void stopWhileACommandRuns()
    {
        test::TestBroker broker;
        QVERIFY(broker.startAndWait());
        Rig rig(broker);
        QVERIFY(rig.start());
        rig.sequence.setSteps({step("AT+QMTCFG=\"keepalive\",4,44"), step("AT+QMTCFG=\"keepalive\",4,45")});
        rig.sim.setResponseDelay(800ms);
        QSignalSpy finished(&rig.runner, &SequenceRunner::finished);
        QSignalSpy running(&rig.runner, &SequenceRunner::runningChanged);
        rig.runner.runAll();
        QTRY_VERIFY_WITH_TIMEOUT(rig.channel.isBusy(), kWait);
        rig.runner.stop();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(running.last().first().toBool(), false);
        QCOMPARE(rig.runner.report(0).status, Status::Stopped);
        QVERIFY(!rig.runner.report(0).why.isEmpty());
        // the command finishes on the channel; the report stays as it was, nothing else is sent
        QTRY_VERIFY_WITH_TIMEOUT(!rig.channel.isBusy(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(rig.slot(4).config.keepAlive, 44, kWait);
        QCOMPARE(rig.runner.report(0).status, Status::Stopped);
        QCOMPARE(rig.runner.report(1).status, Status::Pending);
        QCOMPARE(finished.size(), 1);
    }

    void template52WithCertificates()
    {
        QTemporaryDir dir;
        test::TestPki pki;
        QString error;
        QVERIFY2(test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));
        test::TestBroker broker;
        test::TestBroker::Config cfg;
        cfg.tls = {true, pki.caCert, pki.serverCert, pki.serverKey, true, false};
        QVERIFY2(broker.startAndWait(cfg), qPrintable(broker.errorString()));
        Rig rig(broker, broker.tlsPort());
        QVERIFY(rig.start());
        QVERIFY(rig.sequence.load(kTemplate52));

        // as docs/sequences.md tells a user: the sequence saved next to the three files
        QTemporaryDir work;
        QVERIFY(copyTo(pki.caCert, work.filePath(QStringLiteral("cacert.pem"))));
        QVERIFY(copyTo(pki.clientCert, work.filePath(QStringLiteral("client.pem"))));
        QVERIFY(copyTo(pki.clientKey, work.filePath(QStringLiteral("user_key.pem"))));
        QVERIFY(rig.sequence.save(work.filePath(QStringLiteral("tls.qmtseq")), &error));
        QVERIFY2(rig.run(), qPrintable(rig.describe()));
        QCOMPARE(rig.runner.passedCount(), 18);
        // the uploads: the module's checksum matched our own
        const QByteArray ca = fileBytes(pki.caCert);
        const StepReport up = rig.runner.report(3);
        QCOMPARE(up.sent, "AT+QFUPL=\"RAM:cacert.pem\"," + QByteArray::number(ca.size()) + ",100");
        QCOMPARE(up.dataBytes, qint64(ca.size()));
        QVERIFY(up.answer.contains("+QFUPL: " + QByteArray::number(ca.size()) + ',' +
                                   at::formatChecksum(at::qfuplChecksum(ca))));
        QCOMPARE(rig.slot(0).messages.back().payload, QByteArray("This is publish data from client"));

        // a missing certificate fails its step with the path
        QVERIFY(QFile::remove(work.filePath(QStringLiteral("client.pem"))));
        QVERIFY(!rig.run());
        QCOMPARE(rig.runner.report(4).status, Status::Failed);
        QVERIFY2(rig.runner.report(4).why.contains(work.filePath(QStringLiteral("client.pem"))),
                 qPrintable(rig.describe()));
    }
};

QTEST_GUILESS_MAIN(tst_Sequence)
#include "tst_sequence.moc"
