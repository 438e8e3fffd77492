// SPDX-License-Identifier: Apache-2.0
// Scripts (workflows/script.h): AT command lines, with '>' lines of data, read into the steps
// of a sequence without expectations; a transcript is a script.

#include "at/atcommand.h"
#include "workflows/script.h"

#include <QFile>
#include <QTest>

#include <algorithm>

using namespace qmt;

class tst_Script : public QObject
{
    Q_OBJECT
private slots:
    void parseScript_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArrayList>("lines");
        QTest::addColumn<QByteArrayList>("payloads");
        QTest::addColumn<QString>("error"); // a part of the message, empty when none

        QTest::newRow("commands, comments, blank lines, CRLF")
            << QByteArray(
                   "# comment\r\n// also a comment\r\n\r\nAT+QMTOPEN=0,\"h\",1883\r\n  at+qmtconn=0,\"c\"  \r\n")
            << QByteArrayList{"AT+QMTOPEN=0,\"h\",1883", "at+qmtconn=0,\"c\""} << QByteArrayList{"", ""}
            << QString();
        QTest::newRow("prompt data, as in the seed")
            << QByteArray("AT+QMTPUBEX=0,0,0,0,\"t\",5\n>hello\nAT\n")
            << QByteArrayList{"AT+QMTPUBEX=0,0,0,0,\"t\",5", "AT"} << QByteArrayList{"hello", ""}
            << QString();
        QTest::newRow("prompt data after the module's '> '")
            << QByteArray("AT+QMTPUBEX=0,0,0,0,\"t\",5\n> hello\n")
            << QByteArrayList{"AT+QMTPUBEX=0,0,0,0,\"t\",5"} << QByteArrayList{"hello"} << QString();
        QTest::newRow("data of spaces is kept")
            << QByteArray("AT+QMTPUBEX=0,0,0,0,\"t\",2\n>  \n")
            << QByteArrayList{"AT+QMTPUBEX=0,0,0,0,\"t\",2"} << QByteArrayList{"  "} << QString();
        QTest::newRow("willex") << QByteArray("AT+QMTCFG=\"willex\",0,1,0,0,\"w\",3\n>bye\n")
                                << QByteArrayList{"AT+QMTCFG=\"willex\",0,1,0,0,\"w\",3"}
                                << QByteArrayList{"bye"} << QString();
        QTest::newRow("Ctrl+Z publish")
            << QByteArray("AT+QMTPUB=0,0,0,0,\"t\"\n>any length\n")
            << QByteArrayList{"AT+QMTPUB=0,0,0,0,\"t\""} << QByteArrayList{"any length"} << QString();
        QTest::newRow("wrong length")
            << QByteArray("AT\nAT+QMTPUBEX=0,0,0,0,\"t\",5\n>hell\n") << QByteArrayList{} << QByteArrayList{}
            << QStringLiteral("line 3: the command on line 2 declares 5 bytes");
        QTest::newRow("data missing")
            << QByteArray("AT+QMTPUBEX=0,0,0,0,\"t\",5\nAT\n") << QByteArrayList{} << QByteArrayList{}
            << QStringLiteral("line 1: the command needs its data");
        QTest::newRow("data missing at the end")
            << QByteArray("AT\nAT+QMTPUBEX=0,0,0,0,\"t\",5") << QByteArrayList{} << QByteArrayList{}
            << QStringLiteral("line 2: the command needs its data");
        QTest::newRow("data for nothing") << QByteArray("AT\n>hello\n") << QByteArrayList{}
                                          << QByteArrayList{} << QStringLiteral("line 2: data on a '>' line");
        QTest::newRow("uploads refused") << QByteArray("AT+QFUPL=\"RAM:ca.pem\",10\n") << QByteArrayList{}
                                         << QByteArrayList{} << QStringLiteral("line 1: file uploads");
        QTest::newRow("empty") << QByteArray() << QByteArrayList{} << QByteArrayList{} << QString();
    }

    void parseScript()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArrayList, lines);
        QFETCH(QByteArrayList, payloads);
        QFETCH(QString, error);
        QString why = QStringLiteral("untouched");
        const QList<session::SequenceStep> got = session::Script::parse(text, &why);
        if (!error.isEmpty()) {
            QVERIFY(got.isEmpty());
            QVERIFY2(why.startsWith(error), qPrintable(why));
            return;
        }
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(got.size(), lines.size());
        for (int i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].command, lines[i]);
            QCOMPARE(got[i].data, payloads[i]);
            QVERIFY(got[i].expect.isEmpty()); // a script expects nothing but success
        }
    }

    // The seed's §5.1 transcript is itself a script: its commands, with the publish's data.
    void transcriptIsAScript()
    {
        QFile f(qEnvironmentVariable("QMT_TRANSCRIPTS") + QStringLiteral("/seed_5_1.log"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QString error;
        const QList<session::SequenceStep> got = session::Script::parse(f.readAll(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(got.size(), 14);
        QCOMPARE(got.first().command, QByteArray("AT+QMTCFG=\"recv/mode\",0,0,1"));
        const auto pub = std::find_if(got.begin(), got.end(), [](const session::SequenceStep &s) {
            const at::AtCommand c = at::AtCommand::fromText(s.command);
            return c.cmd == at::Cmd::QMTPUBEX && c.form == at::Form::Set;
        });
        QVERIFY(pub != got.end());
        QCOMPARE(pub->data, QByteArray("This is test data, hello MQTT."));
        QCOMPARE(at::AtCommand::fromText(pub->command).dataPhase, at::DataPhase::Prompt);
        QCOMPARE(got.last().command, QByteArray("AT+QMTDISC=0"));
    }

    void walkthroughParses()
    {
        QString error;
        const QList<session::SequenceStep> steps =
            session::Script::parse(session::Script::walkthrough(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(steps.size(), 6);
        QCOMPARE(steps.last().data, QByteArray("This is test data, hello MQTT."));
    }
};

QTEST_GUILESS_MAIN(tst_Script)
#include "tst_script.moc"
