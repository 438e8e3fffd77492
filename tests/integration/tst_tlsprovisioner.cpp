// SPDX-License-Identifier: Apache-2.0
// TlsProvisioner end to end: the simulated module on a real pty, opened by a Session, with a
// Mosquitto broker that requires TLS client certificates behind it (a throw-away PKI made with
// openssl). The provisioner uploads the CA, client certificate and key, checks the module's
// checksums, writes the SSL context and binds slot 0; then AT+QMTOPEN reaches the TLS broker and
// AT+QMTCONN connects. A second run meets "file exists" and deletes and retries (numeric and
// text +CME ERROR forms), keeps the module's files, or is cancelled. A scripted module on a pty
// that reports the wrong checksum or too few bytes shows the failures.

#include "at/checksum.h"
#include "broker.h"
#include "pty.h"
#include "replywait.h"
#include "io/session.h"
#include "workflows/tlsprovisioner.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qmt;
using session::CommandResult;
using session::TlsFileOutcome;
using session::TlsFileRole;
using session::TlsPlan;
using session::TlsProvisioner;
using session::TlsSummary;
using state::MqttState;
using state::NetState;

Q_DECLARE_METATYPE(qmt::at::AtCommand)
Q_DECLARE_METATYPE(qmt::session::CommandResult)

namespace {

constexpr int kWait = 30000; // ms; generous for a loaded machine, never a fixed sleep
const QString kAwsHost = QStringLiteral("a1zgnxur10j8ux.iot.us-east-1.amazonaws.com");

// A TLS broker, the module on a pty, a session on its other side.
struct Rig
{
    QTemporaryDir dir;
    test::TestPki pki;
    test::TestBroker broker;
    std::unique_ptr<sim::SimModule> sim;
    std::unique_ptr<sim::PtyServer> pty;
    session::Session session;

    bool start()
    {
        QString error;
        if (!test::makeTestPki(dir.path(), &pki, &error)) {
            qWarning() << error;
            return false;
        }
        test::TestBroker::Config cfg;
        cfg.tls = {true,          pki.caCert, pki.serverCert,
                   pki.serverKey, true,       false}; // client certificates required
        if (!broker.startAndWait(cfg)) {
            qWarning() << broker.errorString();
            return false;
        }
        sim::SimOptions o;
        o.brokerPort = broker.port();
        o.brokerTlsPort = broker.tlsPort();
        sim = std::make_unique<sim::SimModule>(o);
        pty = std::make_unique<sim::PtyServer>(sim.get());
        if (!pty->open() || !session.open({pty->devicePath(), 115200, QSerialPort::NoFlowControl}))
            return false;
        // the identification the session sends on open is answered before the test starts
        return QTest::qWaitFor(
            [this] {
                return session.store().module().cfgRanges.size() == 11 && !session.channel().isBusy() &&
                       session.channel().queued() == 0;
            },
            kWait);
    }
    CommandResult run(const at::Built &b)
    {
        CommandResult aborted;
        aborted.outcome = CommandResult::Outcome::Aborted;
        if (!b.ok())
            return aborted;
        return test::waitForReply(session.send(*b.command), kWait);
    }
    TlsPlan plan() const
    {
        TlsPlan p;
        p.load(TlsFileRole::CaCert, pki.caCert);
        p.load(TlsFileRole::ClientCert, pki.clientCert);
        p.load(TlsFileRole::ClientKey, pki.clientKey);
        return p;
    }
    const state::ClientSlot &slot(int i) const { return session.store().slot(i); }
};

// One run of the provisioner with its signals recorded.
struct Run
{
    explicit Run(TlsProvisioner &p)
        : verified(&p, &TlsProvisioner::verified), progress(&p, &TlsProvisioner::uploadProgress),
          exists(&p, &TlsProvisioner::fileExists), deleted(&p, &TlsProvisioner::fileDeleted),
          kept(&p, &TlsProvisioner::fileKept), configured(&p, &TlsProvisioner::configured),
          failed(&p, &TlsProvisioner::failed), cancelled(&p, &TlsProvisioner::cancelled),
          finished(&p, &TlsProvisioner::finished)
    {
    }
    QSignalSpy verified, progress, exists, deleted, kept, configured, failed, cancelled, finished;
    QList<QList<QVariant>> progressOf(TlsFileRole role) const
    {
        QList<QList<QVariant>> out;
        for (const auto &args : progress)
            if (args.at(0).value<TlsFileRole>() == role)
                out << args;
        return out;
    }
};

#define OPEN_AND_CONNECT(rig, clientId)                                                                      \
    do {                                                                                                     \
        const at::Builders b_;                                                                               \
        const CommandResult open_ = (rig).run(b_.open(0, kAwsHost, 8883));                                   \
        QVERIFY2(open_.succeeded(), qPrintable(open_.describe()));                                           \
        QCOMPARE(open_.resultCode, 0); /* +QMTOPEN: 0,0 */                                                   \
        QCOMPARE((rig).slot(0).network, NetState::Open);                                                     \
        const CommandResult conn_ = (rig).run(b_.connect(0, QStringLiteral(clientId)));                      \
        QVERIFY2(conn_.succeeded(), qPrintable(conn_.describe()));                                           \
        QCOMPARE((rig).slot(0).mqtt, MqttState::Connected);                                                  \
    } while (0)

#define DISCONNECT(rig)                                                                                      \
    do {                                                                                                     \
        const CommandResult disc_ = (rig).run(at::Builders().disconnect(0));                                 \
        QVERIFY2(disc_.succeeded(), qPrintable(disc_.describe()));                                           \
        QCOMPARE((rig).slot(0).network, NetState::Closed);                                                   \
    } while (0)

// A module played by the test on a plain pty: answers OK to every command, CONNECT to AT+QFUPL,
// and after the data the +QFUPL line (and final result) the test asks for.
struct ScriptedModule
{
    test::PtyPair pty;
    QByteArray input;
    qsizetype dataLeft = -1; // >= 0 while in data mode
    qsizetype declared = 0;
    std::function<QByteArray(const QByteArray &data)> afterUpload;

    void pump()
    {
        input += pty.read(0);
        for (;;) {
            if (dataLeft >= 0) {
                if (input.size() < dataLeft)
                    return;
                const QByteArray data = input.left(dataLeft);
                input.remove(0, dataLeft);
                dataLeft = -1;
                pty.write(afterUpload(data));
                continue;
            }
            const qsizetype cr = input.indexOf('\r');
            if (cr < 0)
                return;
            const QByteArray line = input.left(cr).trimmed();
            input.remove(0, cr + 1);
            if (line.startsWith("AT+QFUPL=")) {
                const QList<QByteArray> parts = line.split(',');
                declared = dataLeft = parts.value(1).toLongLong();
                pty.write("\r\nCONNECT\r\n");
            } else if (!line.isEmpty()) {
                pty.write("\r\nOK\r\n");
            }
        }
    }
};

} // namespace

class tst_TlsProvisioner : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<at::AtCommand>();
        qRegisterMetaType<CommandResult>();
        qRegisterMetaType<TlsFileRole>();
        qRegisterMetaType<TlsSummary>();
    }

    void provisionConnectAndReplace()
    {
        Rig rig;
        QVERIFY(rig.start());
        TlsProvisioner prov(&rig.session);
        const TlsPlan plan = rig.plan();
        QCOMPARE(prov.problems(plan), QStringList());
        QVERIFY(prov.warnings(plan).join(QLatin1Char(' ')).contains(QLatin1String("RAM:")));

        // ---- first run: everything uploaded and verified, the context written, slot 0 bound
        {
            Run run(prov);
            QVERIFY(prov.start(plan));
            QVERIFY(prov.isRunning());
            QVERIFY(!prov.start(plan)); // one run at a time
            QTRY_COMPARE_WITH_TIMEOUT(run.finished.size(), 1, kWait);
            QVERIFY2(prov.summary().ok, qPrintable(prov.summary().failure));
            QCOMPARE(run.failed.size(), 0);
            QCOMPARE(run.exists.size(), 0);
            QCOMPARE(run.verified.size(), 3);
            for (int i = 0; i < 3; ++i) {
                const auto role = TlsFileRole(i);
                const QByteArray data = plan.file(role).data;
                const QByteArray ours = at::formatChecksum(at::qfuplChecksum(data));
                const QList<QVariant> v = run.verified.at(i);
                QCOMPARE(v.at(0).value<TlsFileRole>(), role);
                QCOMPARE(v.at(1).toLongLong(), data.size());
                QCOMPARE(v.at(2).toByteArray(), ours); // the module's +QFUPL checksum
                QCOMPARE(v.at(3).toByteArray(), ours);
                // the module's own record of the file, as the traffic showed it
                const auto &files = rig.session.store().module().files;
                const auto it = files.find(plan.file(role).moduleName.toUtf8());
                QVERIFY(it != files.end());
                QCOMPARE(it->second.size, data.size());
                QCOMPARE(it->second.checksum, ours);
                const TlsFileOutcome &o = prov.summary().files[std::size_t(i)];
                QCOMPARE(o.action, TlsFileOutcome::Action::Uploaded);
                QCOMPARE(o.moduleChecksum, ours);
                // progress from the port: the line first (0 bytes of data), then all of it
                const auto progress = run.progressOf(role);
                QVERIFY2(progress.size() >= 2, qPrintable(QString::number(progress.size())));
                QCOMPARE(progress.first().at(1).toLongLong(), 0);
                QCOMPARE(progress.last().at(1).toLongLong(), data.size());
                QCOMPARE(progress.last().at(2).toLongLong(), data.size());
                for (qsizetype k = 1; k < progress.size(); ++k)
                    QVERIFY(progress[k].at(1).toLongLong() >= progress[k - 1].at(1).toLongLong());
            }
            QCOMPARE(run.configured.size(), 1);
            QCOMPARE(run.configured.first().at(0).toInt(), 2);
            QCOMPARE(run.configured.first().at(1).toInt(), 0);
            const QList<QByteArray> expected = {
                R"(AT+QSSLCFG="cacert",2,"RAM:cacert.pem")",
                R"(AT+QSSLCFG="clientcert",2,"RAM:client.pem")",
                R"(AT+QSSLCFG="clientkey",2,"RAM:user_key.pem")",
                R"(AT+QSSLCFG="seclevel",2,2)",
                R"(AT+QSSLCFG="sslversion",2,4)",
                R"(AT+QSSLCFG="ciphersuite",2,0XFFFF)",
                R"(AT+QSSLCFG="ignorelocaltime",2,1)",
                R"(AT+QMTCFG="ssl",0,1,2)",
            };
            QCOMPARE(prov.summary().commands, expected);
            QVERIFY(prov.summary().slotBound);
            QVERIFY(prov.summary().text().contains(QLatin1String("checksum")));
            QVERIFY(rig.slot(0).config.sslEnabled);
            QCOMPARE(rig.slot(0).config.sslCtx, 2);
            QCOMPARE(rig.session.store().module().ssl[2].secLevel, 2);
        }
        // the module now reaches the broker over TLS with the client certificate
        OPEN_AND_CONNECT(rig, "M26_0206");
        DISCONNECT(rig);

        // ---- second run: the files exist; delete and retry each one
        {
            Run run(prov);
            QObject::connect(
                &prov, &TlsProvisioner::fileExists, &prov, [&prov] { prov.deleteAndRetry(); },
                Qt::QueuedConnection);
            QVERIFY(prov.warnings(plan).join(QLatin1Char(' ')).contains(QLatin1String("already holds")));
            QVERIFY(prov.start(plan));
            QTRY_COMPARE_WITH_TIMEOUT(run.finished.size(), 1, kWait);
            QVERIFY2(prov.summary().ok, qPrintable(prov.summary().failure));
            QCOMPARE(run.exists.size(), 3);
            QCOMPARE(run.exists.first().at(1).toString(), QStringLiteral("RAM:cacert.pem"));
            QCOMPARE(run.deleted.size(), 3);
            QCOMPARE(run.verified.size(), 3);
            for (const TlsFileOutcome &o : prov.summary().files)
                QCOMPARE(o.action, TlsFileOutcome::Action::Replaced);
            prov.disconnect(&prov, &TlsProvisioner::fileExists, &prov, nullptr);
        }
        OPEN_AND_CONNECT(rig, "M26_0206-again");
        DISCONNECT(rig);
    }

    void existingFilesWithTextErrors()
    {
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.run(at::Builders().cmee(2)).succeeded()); // +CME ERROR: file already exists
        TlsProvisioner prov(&rig.session);
        TlsPlan plan = rig.plan();
        plan.secLevel = 1; // the CA alone
        plan.file(TlsFileRole::CaCert).moduleName = QStringLiteral("UFS:ca.pem");
        plan.sni = true;
        plan.sslCtx = 0;
        plan.clientIdx = 3;
        {
            Run run(prov);
            QVERIFY(prov.start(plan));
            QTRY_COMPARE_WITH_TIMEOUT(run.finished.size(), 1, kWait);
            QVERIFY2(prov.summary().ok, qPrintable(prov.summary().failure));
            QCOMPARE(run.verified.size(), 1);
            QCOMPARE(prov.summary().files[1].action, TlsFileOutcome::Action::NotNeeded);
            QCOMPARE(prov.summary().files[2].action, TlsFileOutcome::Action::NotNeeded);
            QVERIFY(prov.summary().commands.contains(R"(AT+QSSLCFG="sni",0,1)"));
            QVERIFY(prov.summary().commands.contains(R"(AT+QSSLCFG="seclevel",0,1)"));
        }
        // keep the module's file: its size is read back, nothing is uploaded
        {
            Run run(prov);
            QObject::connect(
                &prov, &TlsProvisioner::fileExists, &prov, [&prov] { prov.keepExisting(); },
                Qt::QueuedConnection);
            QVERIFY(prov.start(plan));
            QTRY_COMPARE_WITH_TIMEOUT(run.finished.size(), 1, kWait);
            QVERIFY2(prov.summary().ok, qPrintable(prov.summary().failure));
            QCOMPARE(run.exists.size(), 1);
            QCOMPARE(run.kept.size(), 1);
            QCOMPARE(run.kept.first().at(2).toLongLong(), plan.file(TlsFileRole::CaCert).data.size());
            QCOMPARE(run.verified.size(), 0);
            QCOMPARE(prov.summary().files[0].action, TlsFileOutcome::Action::Kept);
            QVERIFY(prov.summary().text().contains(QLatin1String("kept")));
            prov.disconnect(&prov, &TlsProvisioner::fileExists, &prov, nullptr);
        }
        // cancel while the wizard would ask: nothing more is sent
        {
            Run run(prov);
            QVERIFY(prov.start(plan));
            QTRY_COMPARE_WITH_TIMEOUT(run.exists.size(), 1, kWait);
            QVERIFY(prov.isWaitingForDecision());
            prov.cancel();
            QCOMPARE(run.cancelled.size(), 1);
            QCOMPARE(run.finished.size(), 1);
            QVERIFY(!prov.isRunning());
            QVERIFY(prov.summary().cancelled);
            QVERIFY(!prov.summary().ok);
            QCOMPARE(run.configured.size(), 0);
            QVERIFY(!rig.session.channel().isBusy());
        }
        // what the first run wrote, as the module's answers showed it
        const state::SslContext &ctx = rig.session.store().module().ssl[0];
        QCOMPARE(ctx.secLevel, 1);
        QCOMPARE(ctx.sni, 1);
        QCOMPARE(ctx.caCert, QByteArray("UFS:ca.pem"));
        QVERIFY(ctx.clientCert.isEmpty());
        QVERIFY(rig.slot(3).config.sslEnabled);
        QCOMPARE(rig.slot(3).config.sslCtx, 0);
    }

    void problemsStopTheStart()
    {
        Rig rig;
        QVERIFY(rig.start());
        TlsProvisioner prov(&rig.session);
        TlsPlan plan; // no files
        QStringList problems = prov.problems(plan);
        QCOMPARE(problems.size(), 3);
        QVERIFY(problems.first().contains(QLatin1String("CA certificate")));
        QVERIFY(!prov.start(plan));
        QVERIFY(!prov.isRunning());

        plan = rig.plan();
        std::swap(plan.file(TlsFileRole::ClientCert).data, plan.file(TlsFileRole::ClientKey).data);
        problems = prov.problems(plan);
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.at(0).contains(QLatin1String("private key, not a certificate")));
        QVERIFY(problems.at(1).contains(QLatin1String("certificate, not a private key")));

        plan = rig.plan();
        plan.file(TlsFileRole::ClientKey).moduleName = QStringLiteral("ram:CACERT.pem");
        plan.file(TlsFileRole::CaCert).moduleName = QStringLiteral("RAM:cacert.pem");
        problems = prov.problems(plan);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().contains(QLatin1String("same name")));

        plan = rig.plan();
        plan.file(TlsFileRole::CaCert).moduleName = QStringLiteral("RAM:") + QString(90, QLatin1Char('c'));
        plan.sslCtx = 6;
        problems = prov.problems(plan);
        QVERIFY2(problems.size() >= 2, qPrintable(problems.join(QLatin1Char('\n'))));

        plan = rig.plan();
        plan.secLevel = 0; // no files needed, none uploaded
        QCOMPARE(prov.problems(plan), QStringList());
        QVERIFY(prov.warnings(plan).join(QLatin1Char(' ')).contains(QLatin1String("level 0")));
        Run run(prov);
        QVERIFY(prov.start(plan));
        QTRY_COMPARE_WITH_TIMEOUT(run.finished.size(), 1, kWait);
        QVERIFY(prov.summary().ok);
        QCOMPARE(run.progress.size(), 0);
        QCOMPARE(prov.summary().commands.first(), QByteArray(R"(AT+QSSLCFG="seclevel",2,0)"));
    }

    void checksumMismatchAndShortUpload_data()
    {
        QTest::addColumn<QByteArray>("answer"); // %1 size, %2 checksum of what the module got
        QTest::addColumn<QString>("failureHas");
        QTest::newRow("wrong checksum")
            << QByteArray("\r\n+QFUPL: %1,ffff\r\n\r\nOK\r\n") << QStringLiteral("damaged");
        QTest::newRow("short, 421") << QByteArray("\r\n+QFUPL: 100,%2\r\n\r\n+CME ERROR: 421\r\n")
                                    << QStringLiteral("only 100 of");
        QTest::newRow("disk full") << QByteArray("\r\n+CME ERROR: 420\r\n") << QStringLiteral("420");
        QTest::newRow("ERROR without a reason") << QByteArray("\r\nERROR\r\n") << QStringLiteral("AT+CMEE=2");
        QTest::newRow("no +QFUPL") << QByteArray("\r\nOK\r\n") << QStringLiteral("cannot be verified");
    }

    void checksumMismatchAndShortUpload()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, failureHas);
        ScriptedModule module;
        QVERIFY(module.pty.isOpen());
        module.afterUpload = [&](const QByteArray &data) {
            QByteArray a = answer;
            a.replace("%1", QByteArray::number(data.size()));
            a.replace("%2", at::formatChecksum(at::qfuplChecksum(data)));
            return a;
        };
        QTemporaryDir dir;
        test::TestPki pki;
        QString error;
        QVERIFY2(test::makeTestPki(dir.path(), &pki, &error), qPrintable(error));
        session::Session s;
        QVERIFY(s.open({module.pty.slavePath(), 115200, QSerialPort::NoFlowControl}));
        QVERIFY(QTest::qWaitFor(
            [&] {
                module.pump();
                return !s.channel().isBusy() && s.channel().queued() == 0;
            },
            kWait));
        TlsProvisioner prov(&s);
        TlsPlan plan;
        plan.secLevel = 1;
        QVERIFY(plan.load(TlsFileRole::CaCert, pki.caCert));
        Run run(prov);
        QVERIFY(prov.start(plan));
        QVERIFY(QTest::qWaitFor(
            [&] {
                module.pump();
                return run.finished.size() == 1;
            },
            kWait));
        QCOMPARE(module.declared, plan.file(TlsFileRole::CaCert).data.size());
        QCOMPARE(run.failed.size(), 1);
        QCOMPARE(run.verified.size(), 0);
        QCOMPARE(run.configured.size(), 0);
        QVERIFY(!prov.summary().ok);
        const QString failure = run.failed.first().at(0).toString();
        QVERIFY2(failure.contains(failureHas), qPrintable(failure));
        QCOMPARE(prov.summary().failure, failure);
        QVERIFY(prov.summary().text().contains(failure));
        QVERIFY(prov.summary().commands.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_TlsProvisioner)
#include "tst_tlsprovisioner.moc"
