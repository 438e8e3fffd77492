// SPDX-License-Identifier: Apache-2.0
// The TLS wizard on the offscreen platform, driven like a user would: files chosen and checked
// inline, names and context, TLS settings with the preview of what is sent, then the upload to
// the simulated module over a real pty — each file's progress bar full and "module x / ours x ✓"
// shown — and the summary. A second run meets "file exists" and keeps one file, deletes and
// retries the others; a third is stopped and tried again. Paths (never contents) are remembered.
// Before any of that, the files page checks the files against each other: a key of another
// certificate is shown as a bad line and nothing is uploaded; a client certificate from another CA
// is a warning the user must accept (a problem when the broker checks clients with that CA).

#include "at/checksum.h"
#include "broker.h"
#include "io/session.h"
#include "sim/ptyserver.h"
#include "sim/simmodule.h"
#include "tlswizard.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace qmt;
using session::TlsFileRole;
using ui::TlsWizard;

namespace {

constexpr int kWait = 30000;

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The text of a status line (an icon label and a text label) or of any widget made of labels.
QString labelText(QWidget *w)
{
    if (!w)
        return {};
    if (auto *l = qobject_cast<QLabel *>(w))
        return l->text();
    QStringList parts;
    for (QLabel *l : w->findChildren<QLabel *>())
        if (!l->text().isEmpty())
            parts << l->text();
    return parts.join(QLatin1Char('\n'));
}

// The lines of the files page's certificate checks, each "tone: text".
QStringList checkLines(QWidget &w)
{
    QStringList out;
    auto *box = w.findChild<QWidget *>(QStringLiteral("certChecks"));
    if (!box || !box->isVisible())
        return out;
    for (QWidget *line : box->findChildren<QWidget *>(QStringLiteral("certCheck")))
        out << line->property("tone").toString() + QStringLiteral(": ") + labelText(line);
    return out;
}

QString checksumText(const QString &path)
{
    const QString c = QString::fromLatin1(at::formatChecksum(at::qfuplChecksum(fileBytes(path))));
    return QStringLiteral("module %1 / ours %1 ").arg(c) + QChar(0x2713);
}

} // namespace

class tst_TlsWizard : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    test::TestPki m_pki;
    test::TestPki m_other; // an unrelated CA with its own client
    std::unique_ptr<sim::SimModule> m_sim;
    std::unique_ptr<sim::PtyServer> m_pty;
    std::unique_ptr<session::Session> m_session;

    template <typename T> static T *child(TlsWizard &w, const char *name)
    {
        return w.findChild<T *>(QString::fromLatin1(name));
    }
    // Files page → module page → settings page → (Upload) upload page.
    static bool toUpload(TlsWizard &w)
    {
        for (int id : {TlsWizard::FilesPageId, TlsWizard::ModulePageId, TlsWizard::SettingsPageId}) {
            if (w.currentId() != id || !w.currentPage()->isComplete()) {
                qWarning() << "stuck on page" << w.currentId();
                return false;
            }
            w.next();
        }
        return w.currentId() == TlsWizard::UploadPageId;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_tlswizard"));
        QSettings().remove(QStringLiteral("tlsWizard"));
        QString error;
        QVERIFY2(test::makeTestPki(m_dir.path(), &m_pki, &error), qPrintable(error));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("other")));
        QVERIFY2(test::makeTestPki(m_dir.filePath(QStringLiteral("other")), &m_other, &error),
                 qPrintable(error));
        m_sim = std::make_unique<sim::SimModule>();
        m_pty = std::make_unique<sim::PtyServer>(m_sim.get());
        QVERIFY(m_pty->open());
        m_session = std::make_unique<session::Session>();
        QVERIFY(m_session->open({m_pty->devicePath(), 115200, QSerialPort::NoFlowControl}));
        QTRY_VERIFY_WITH_TIMEOUT(m_session->store().module().cfgRanges.size() == 11 &&
                                     !m_session->channel().isBusy() && m_session->channel().queued() == 0,
                                 kWait);
    }

    void pemCheckedInline()
    {
        TlsWizard w(m_session.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.currentId(), int(TlsWizard::FilesPageId));
        w.setSecLevel(2);
        w.setFilePath(TlsFileRole::CaCert, m_pki.clientKey); // a key where a certificate belongs
        QVERIFY(labelText(child<QWidget>(w, "caCertStatus"))
                    .contains(QLatin1String("private key, not a certificate")));
        QVERIFY(!w.currentPage()->isComplete());
        w.setFilePath(TlsFileRole::CaCert, m_pki.caCert);
        QVERIFY(labelText(child<QWidget>(w, "caCertStatus")).contains(QLatin1String("1 certificate")));
        w.setFilePath(TlsFileRole::ClientCert, m_pki.clientCert);
        w.setFilePath(TlsFileRole::ClientKey, m_dir.filePath(QStringLiteral("missing.key")));
        QVERIFY(labelText(child<QWidget>(w, "clientKeyStatus")).contains(QLatin1String("no file")));
        QVERIFY(!w.currentPage()->isComplete());
        w.setSecLevel(1); // the client files are no longer needed
        QVERIFY(w.currentPage()->isComplete());
        QVERIFY(labelText(child<QWidget>(w, "clientKeyStatus")).contains(QLatin1String("Not needed")));
        w.reject();
    }

    void keyOfAnotherCertificateRefused()
    {
        TlsWizard w(m_session.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setSecLevel(2);
        w.setFilePath(TlsFileRole::CaCert, m_pki.caCert);
        w.setFilePath(TlsFileRole::ClientCert, m_pki.clientCert);
        w.setFilePath(TlsFileRole::ClientKey, m_other.clientKey); // a key made for another certificate
        QVERIFY(labelText(child<QWidget>(w, "clientKeyStatus"))
                    .contains(QLatin1String("private key"))); // good PEM
        const QStringList lines = checkLines(w);
        const auto mismatch = std::find_if(lines.begin(), lines.end(), [](const QString &l) {
            return l.startsWith(QLatin1String("bad: client.key does not belong to client.crt")) &&
                   l.contains(QLatin1String("Pick the key that was made with client.crt"));
        });
        QVERIFY2(mismatch != lines.end(), qPrintable(lines.join(QLatin1Char('\n'))));
        QVERIFY2(lines.filter(QLatin1String("good: client.crt was issued by ca.crt")).size() == 1,
                 qPrintable(lines.join(QLatin1Char('\n'))));
        // no way on: no override for a hard failure, Next disabled and refused
        QVERIFY(!w.currentPage()->isComplete());
        QVERIFY(!child<QCheckBox>(w, "acceptWarnings")->isVisible());
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        w.next();
        QCOMPARE(w.currentId(), int(TlsWizard::FilesPageId));
        QVERIFY(!w.provisioner()->isRunning());
        QVERIFY(w.provisioner()->summary().commands.isEmpty());
        // the right key, and the way is open
        w.setFilePath(TlsFileRole::ClientKey, m_pki.clientKey);
        QVERIFY2(checkLines(w).filter(QLatin1String("good: client.key belongs to client.crt")).size() == 1,
                 qPrintable(checkLines(w).join(QLatin1Char('\n'))));
        QVERIFY(checkLines(w).filter(QLatin1String("bad:")).isEmpty());
        QVERIFY(w.currentPage()->isComplete());
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
        w.reject();
    }

    void clientOfAnotherCaNeedsConsent()
    {
        TlsWizard w(m_session.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *sameCa = child<QCheckBox>(w, "caChecksClients");
        auto *accept = child<QCheckBox>(w, "acceptWarnings");
        sameCa->setChecked(false);
        w.setSecLevel(2);
        w.setFilePath(TlsFileRole::CaCert, m_other.caCert); // verifies the server; not the client's CA
        w.setFilePath(TlsFileRole::ClientCert, m_pki.clientCert);
        w.setFilePath(TlsFileRole::ClientKey, m_pki.clientKey);
        QVERIFY2(checkLines(w).filter(QLatin1String("warning: client.crt was issued by")).size() == 1,
                 qPrintable(checkLines(w).join(QLatin1Char('\n'))));
        QVERIFY(accept->isVisible());
        QVERIFY(!accept->isChecked());
        QVERIFY(!w.currentPage()->isComplete());
        accept->setChecked(true); // the user overrides the warning
        QVERIFY(w.currentPage()->isComplete());
        // the broker checks clients with that CA: now it is a hard failure, with no override
        sameCa->setChecked(true);
        QVERIFY2(checkLines(w).filter(QLatin1String("bad: client.crt was issued by")).size() == 1,
                 qPrintable(checkLines(w).join(QLatin1Char('\n'))));
        QVERIFY(!accept->isVisible());
        QVERIFY(!w.currentPage()->isComplete());
        // back to a warning: it must be accepted again
        sameCa->setChecked(false);
        QVERIFY(accept->isVisible());
        QVERIFY(!w.currentPage()->isComplete());
        w.reject();
    }

    void uploadShowsChecksumMatch()
    {
        TlsWizard w(m_session.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setSecLevel(2);
        w.setFilePath(TlsFileRole::CaCert, m_pki.caCert);
        w.setFilePath(TlsFileRole::ClientCert, m_pki.clientCert);
        w.setFilePath(TlsFileRole::ClientKey, m_pki.clientKey);
        QVERIFY(w.currentPage()->isComplete());
        w.next();
        QCOMPARE(w.currentId(), int(TlsWizard::ModulePageId));
        QVERIFY(labelText(child<QWidget>(w, "moduleWarnings")).contains(QLatin1String("RAM:")));
        w.next();
        QCOMPARE(w.currentId(), int(TlsWizard::SettingsPageId));
        const QString preview = child<QPlainTextEdit>(w, "preview")->toPlainText();
        QVERIFY2(preview.contains(
                     QStringLiteral("AT+QFUPL=\"RAM:cacert.pem\",%1,").arg(fileBytes(m_pki.caCert).size())),
                 qPrintable(preview));
        QVERIFY(preview.contains(QLatin1String("AT+QSSLCFG=\"ciphersuite\",2,0XFFFF")));
        QVERIFY(preview.contains(QLatin1String("AT+QMTCFG=\"ssl\",0,1,2")));
        QVERIFY(w.currentPage()->isComplete());
        w.next(); // Upload
        QCOMPARE(w.currentId(), int(TlsWizard::UploadPageId));

        const std::pair<const char *, QString> rows[] = {
            {"caCert", m_pki.caCert}, {"clientCert", m_pki.clientCert}, {"clientKey", m_pki.clientKey}};
        for (const auto &[key, path] : rows) {
            const QString name = QString::fromLatin1(key);
            auto *checksum = w.findChild<QLabel *>(name + QStringLiteral("Checksum"));
            QVERIFY(checksum);
            QTRY_COMPARE_WITH_TIMEOUT(checksum->text(), checksumText(path), kWait);
            auto *bar = w.findChild<QProgressBar *>(name + QStringLiteral("Progress"));
            QCOMPARE(bar->maximum(), int(fileBytes(path).size()));
            QCOMPARE(bar->value(), bar->maximum());
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.currentPage()->isComplete(), kWait);
        QVERIFY(labelText(child<QWidget>(w, "uploadStatus"))
                    .contains(QLatin1String("slot 0 uses SSL context 2")));
        QVERIFY(child<QPlainTextEdit>(w, "uploadLog")
                    ->toPlainText()
                    .contains(QLatin1String("AT+QMTCFG=\"ssl\",0,1,2")));
        QVERIFY(!child<QWidget>(w, "existsBox")->isVisible());
        w.next();
        QCOMPARE(w.currentId(), int(TlsWizard::SummaryPageId));
        QVERIFY(labelText(child<QWidget>(w, "summaryText")).contains(QLatin1String("checksum")));
        QVERIFY(child<QPlainTextEdit>(w, "summaryCommands")
                    ->toPlainText()
                    .contains(QLatin1String("AT+QSSLCFG=\"seclevel\",2,2")));
        QVERIFY(m_session->store().slot(0).config.sslEnabled);
        QCOMPARE(m_session->store().slot(0).config.sslCtx, 2);
        w.accept();

        // remembered: the paths, never what is in the files
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("tlsWizard/path/clientKey")).toString(), m_pki.clientKey);
        for (const QString &key : s.allKeys()) {
            const QString value = s.value(key).toString();
            QVERIFY2(!value.contains(QLatin1String("PRIVATE KEY")) && !value.contains(QLatin1String("BEGIN")),
                     qPrintable(key));
        }
    }

    void fileExistsKeepOrDeleteAndRetry()
    {
        // run after uploadShowsChecksumMatch: the module holds the three files, the wizard
        // remembers the paths
        TlsWizard w(m_session.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.plan().file(TlsFileRole::ClientCert).localPath, m_pki.clientCert);
        QVERIFY(toUpload(w));
        auto *box = child<QWidget>(w, "existsBox");
        QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), kWait);
        QVERIFY(labelText(child<QWidget>(w, "existsText")).contains(QLatin1String("RAM:cacert.pem")));
        QVERIFY(!w.currentPage()->isComplete());
        child<QPushButton>(w, "keepExisting")->click();
        QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), kWait); // the client certificate exists too
        QVERIFY(labelText(child<QWidget>(w, "existsText")).contains(QLatin1String("RAM:client.pem")));
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(w, "caCertChecksum")->text().contains(QLatin1String("kept")),
                                 kWait);
        child<QPushButton>(w, "deleteAndRetry")->click();
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(w, "clientCertChecksum")->text(),
                                  checksumText(m_pki.clientCert), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), kWait); // and the key
        QVERIFY(labelText(child<QWidget>(w, "existsText")).contains(QLatin1String("RAM:user_key.pem")));
        child<QPushButton>(w, "deleteAndRetry")->click();
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(w, "clientKeyChecksum")->text(),
                                  checksumText(m_pki.clientKey), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentPage()->isComplete(), kWait);
        const QString log = child<QPlainTextEdit>(w, "uploadLog")->toPlainText();
        QVERIFY2(log.contains(QLatin1String("RAM:client.pem deleted")), qPrintable(log));
        w.next();
        const QString summary = labelText(child<QWidget>(w, "summaryText"));
        QVERIFY2(summary.contains(QLatin1String("kept the module's RAM:cacert.pem")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("replaced RAM:client.pem")), qPrintable(summary));
        w.accept();
    }

    void stopAndTryAgain()
    {
        TlsWizard w(m_session.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(toUpload(w));
        auto *box = child<QWidget>(w, "existsBox");
        QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), kWait);
        child<QPushButton>(w, "cancelRun")->click();
        QVERIFY(!box->isVisible());
        QVERIFY(labelText(child<QWidget>(w, "uploadStatus")).contains(QLatin1String("Stopped")));
        auto *again = child<QPushButton>(w, "tryAgain");
        QVERIFY(again->isVisible());
        QVERIFY(!w.currentPage()->isComplete());
        again->click();
        QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), kWait);
        QVERIFY(!again->isVisible());
        w.reject(); // cancels the run waiting for an answer
        QVERIFY(!w.provisioner()->isRunning());
        QVERIFY(w.provisioner()->summary().cancelled);
    }
};

QTEST_MAIN(tst_TlsWizard)
#include "tst_tlswizard.moc"
