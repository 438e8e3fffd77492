// SPDX-License-Identifier: Apache-2.0
// The console's QtCore helpers: CommandHistory (de-duplicated, capped, Up/Down walk with the
// draft, kept in QSettings) and PromptWatcher (data mode from the pipeline's events).

#include "engine/pipeline.h"
#include "commandhistory.h"
#include "promptwatcher.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using state::CommandHistory;
using state::PromptWatcher;

class tst_ConsoleInput : public QObject
{
    Q_OBJECT
private slots:
    void historyDeduplicatesAndCaps()
    {
        CommandHistory h;
        h.add(QStringLiteral("ATI"));
        h.add(QStringLiteral("  AT+GMR  "));
        h.add(QString());
        h.add(QStringLiteral("   "));
        h.add(QStringLiteral("ATI"));
        QCOMPARE(h.entries(), (QStringList{QStringLiteral("AT+GMR"), QStringLiteral("ATI")}));
        for (int i = 0; i < 600; ++i)
            h.add(QStringLiteral("AT+QMTCFG=\"keepalive\",0,%1").arg(i));
        QCOMPARE(h.size(), CommandHistory::kMaxEntries);
        QCOMPARE(h.entries().first(), QStringLiteral("AT+QMTCFG=\"keepalive\",0,100"));
        QCOMPARE(h.entries().last(), QStringLiteral("AT+QMTCFG=\"keepalive\",0,599"));
    }

    void historyWalk()
    {
        CommandHistory h;
        QCOMPARE(h.older(QStringLiteral("draft")), QStringLiteral("draft")); // nothing older
        h.add(QStringLiteral("one"));
        h.add(QStringLiteral("two"));
        h.add(QStringLiteral("three"));
        QVERIFY(!h.walking());
        QCOMPARE(h.older(QStringLiteral("typing")), QStringLiteral("three"));
        QVERIFY(h.walking());
        QCOMPARE(h.older(QStringLiteral("three")), QStringLiteral("two"));
        QCOMPARE(h.older(QStringLiteral("two")), QStringLiteral("one"));
        QCOMPARE(h.older(QStringLiteral("one")), QStringLiteral("one")); // the oldest stays
        QCOMPARE(h.newer(QStringLiteral("one")), QStringLiteral("two"));
        QCOMPARE(h.newer(QStringLiteral("two")), QStringLiteral("three"));
        QCOMPARE(h.newer(QStringLiteral("three")), QStringLiteral("typing")); // the draft comes back
        QVERIFY(!h.walking());
        QCOMPARE(h.newer(QStringLiteral("typing")), QStringLiteral("typing"));
        h.older(QString());
        h.add(QStringLiteral("two")); // sending ends the walk, and moves the line to the end
        QVERIFY(!h.walking());
        QCOMPARE(h.older(QString()), QStringLiteral("two"));
        QCOMPARE(h.older(QString()), QStringLiteral("three"));
    }

    void historyPersists()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("s.ini"));
        {
            QSettings s(file, QSettings::IniFormat);
            CommandHistory h;
            h.add(QStringLiteral("AT+QMTOPEN=0,\"a,b\",1883"));
            h.add(QStringLiteral("ATE0"));
            h.save(s);
        }
        {
            QSettings s(file, QSettings::IniFormat);
            CommandHistory h;
            h.load(s);
            QCOMPARE(h.entries(),
                     (QStringList{QStringLiteral("AT+QMTOPEN=0,\"a,b\",1883"), QStringLiteral("ATE0")}));
            // a hand-edited file with duplicates and too many lines is cleaned up
            QStringList many;
            for (int i = 0; i < 700; ++i)
                many << QStringLiteral("AT%1").arg(i % 600);
            s.setValue(QLatin1String(CommandHistory::kSettingsKey), many);
            h.load(s);
            QCOMPARE(h.size(), CommandHistory::kMaxEntries);
            QCOMPARE(h.entries().last(), QStringLiteral("AT99"));
        }
    }

    void promptWatcherPublish()
    {
        session::Pipeline p;
        PromptWatcher w(p);
        QSignalSpy active(&w, &PromptWatcher::activeChanged);
        const QByteArray line("AT+QMTPUBEX=0,1,1,0,\"t\",5");
        QVERIFY(!w.commandSent("AT+QMTOPEN?"));
        QVERIFY(!w.isArmed());
        QVERIFY(w.commandSent(line + "\r"));
        QVERIFY(w.isArmed());
        QCOMPARE(w.commandLine(), line);
        QCOMPARE(w.declaredLength(), qsizetype(5));
        QVERIFY(!w.endsWithCtrlZ());
        // another command goes out first (the channel's queue): still waiting for ours
        p.wroteCommand("ATI");
        p.received("ATI\r\r\nQuectel\r\nEC25\r\n\r\nOK\r\n");
        QVERIFY(w.isArmed());
        QVERIFY(!w.isActive());
        p.wroteCommand(line);
        p.received(line + "\r\r\n> ");
        QVERIFY(w.isActive());
        QCOMPARE(active.size(), 1);
        QCOMPARE(active.first().first().toBool(), true);
        p.wroteData(""); // the channel's empty data for a command typed without it
        QVERIFY(w.isActive());
        QSignalSpy written(&w, &PromptWatcher::dataWritten);
        p.wroteData(w.dataFor("hel")); // not all of it: the module still waits
        QVERIFY(w.isActive());
        QCOMPARE(w.writtenLength(), qsizetype(3));
        QCOMPARE(written.size(), 1);
        p.wroteData(w.dataFor("lo"));
        QVERIFY(!w.isActive());
        QVERIFY(!w.isArmed());
        QCOMPARE(active.size(), 2);
        QCOMPARE(w.dataFor("hello"), QByteArray("hello"));
    }

    void promptWatcherCtrlZAndEnds()
    {
        session::Pipeline p;
        PromptWatcher w(p);
        // Ctrl+Z data: the watcher appends it
        QVERIFY(w.commandSent("AT+QMTPUB=0,0,0,0,\"t\""));
        QVERIFY(w.endsWithCtrlZ());
        QCOMPARE(w.dataFor("x"), QByteArray("x\x1a"));
        p.wroteCommand("AT+QMTPUB=0,0,0,0,\"t\"");
        p.received("\r\n> ");
        QVERIFY(w.isActive());
        p.wroteData("part one ");
        QVERIFY(w.isActive()); // no Ctrl+Z yet
        p.wroteData(w.dataFor("two"));
        QVERIFY(!w.isActive());
        // an ERROR instead of the prompt: no data mode
        QVERIFY(w.commandSent("AT+QMTPUB=0,0,0,0,\"t\""));
        p.wroteCommand("AT+QMTPUB=0,0,0,0,\"t\"");
        p.received("\r\nERROR\r\n");
        QVERIFY(!w.isArmed());
        // the willex prompt, echo off: the prompt alone is enough
        QVERIFY(w.commandSent("AT+QMTCFG=\"willex\",0,1,0,0,\"w\",3"));
        QCOMPARE(w.declaredLength(), qsizetype(3));
        p.wroteCommand("AT+QMTCFG=\"willex\",0,1,0,0,\"w\",3");
        p.received("\r\n> ");
        QVERIFY(w.isActive());
        // the module gives up waiting: ERROR ends data mode
        p.received("\r\nERROR\r\n");
        QVERIFY(!w.isActive());
        // a reboot, and reset() (the port closed), forget everything
        QVERIFY(w.commandSent("AT+QMTPUBEX=0,0,0,0,\"t\",1"));
        p.wroteCommand("AT+QMTPUBEX=0,0,0,0,\"t\",1");
        p.received("\r\nRDY\r\n");
        QVERIFY(!w.isArmed());
        QVERIFY(w.commandSent("AT+QMTPUBEX=0,0,0,0,\"t\",1"));
        w.reset();
        QVERIFY(!w.isArmed());
    }
};

QTEST_GUILESS_MAIN(tst_ConsoleInput)
#include "tst_consoleinput.moc"
