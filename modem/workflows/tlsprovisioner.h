// SPDX-License-Identifier: Apache-2.0
#pragma once
// TlsProvisioner: sets a module up for MQTT over TLS through a Session, the way the seed's §5.2
// does by hand (PROTOCOL.md §4): uploads the CA certificate, client certificate and client key
// with AT+QFUPL, checks each +QFUPL: <size>,<checksum> against the file's own size and
// checksum, stops at "file exists" until told to delete and retry, keep the module's file, or
// cancel; then writes the AT+QSSLCFG settings of an SSL context and binds a client slot to it
// with AT+QMTCFG="ssl". Each command is followed through its CommandReply; upload progress is
// the reply's uploadProgress (the channel counts the data bytes the port wrote after CONNECT). The
// TLS wizard (ui/) is a view over this object.

#include "at/builders.h"
#include "at/pem.h"
#include "io/commandchannel.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace qmt::session {

class Session;

// The three files, in upload order.
enum class TlsFileRole : std::uint8_t { CaCert, ClientCert, ClientKey };
constexpr int kTlsFileRoles = 3;
QString tlsFileRoleName(TlsFileRole role); // translated: "CA certificate", "client certificate", "client key"
// The seed's module names: "RAM:cacert.pem", "RAM:client.pem", "RAM:user_key.pem".
QString defaultModuleFileName(TlsFileRole role);
// Which files a seclevel needs: 0 none, 1 the CA certificate, 2 all three.
bool tlsFileNeeded(TlsFileRole role, int secLevel);

// A cipher suite the AT+QSSLCFG="ciphersuite" test answer lists, with its IANA name.
struct CipherSuite
{
    int value;        // 0x0035 ... 0xFFFF
    const char *name; // "TLS_RSA_WITH_AES_256_CBC_SHA"; "all supported suites" for 0xFFFF (translate with
                      // context qmt::session::TlsProvisioner)
};
const QList<CipherSuite> &knownCipherSuites();

// Everything the provisioner does, with the seed's §5.2 values as defaults.
struct TlsPlan
{
    struct File
    {
        QString localPath; // for the summary; the data is what is uploaded
        QByteArray data;
        QString moduleName; // "RAM:cacert.pem", "UFS:cacert.pem", "cacert.pem"
    };
    TlsPlan(); // the seed's module names
    std::array<File, kTlsFileRoles> files;
    int sslCtx = 2;    // AT+QSSLCFG context 0-5
    int clientIdx = 0; // the slot bound with AT+QMTCFG="ssl",<idx>,1,<ctx>
    bool bindSlot = true;
    int secLevel = 2; // 0 none, 1 verify the server, 2 server and client
    // The broker checks client certificates with the CA certificate given here too (it does not
    // have to: the module uses that CA only to check the server). Then a client certificate that
    // CA did not issue is a problem, not a warning (workflows/certcheck.h).
    bool caChecksClients = false;
    int sslVersion = 4;       // 0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all
    int cipherSuite = 0xFFFF; // all
    bool ignoreLocalTime = true;
    std::optional<bool> sni;                 // unset: not sent, the module keeps its own setting
    std::optional<int> uploadTimeoutSeconds; // unset: derived from the file size and the baud rate

    File &file(TlsFileRole r) { return files[std::size_t(r)]; }
    const File &file(TlsFileRole r) const { return files[std::size_t(r)]; }
    bool needs(TlsFileRole r) const { return tlsFileNeeded(r, secLevel); }
    // Reads a file into file(r).data and sets localPath; false with *error on failure.
    bool load(TlsFileRole r, const QString &path, QString *error = nullptr);
};

// What happened to one file.
struct TlsFileOutcome
{
    enum class Action : std::uint8_t { NotNeeded, Uploaded, Replaced, Kept, NotDone };
    Action action = Action::NotDone;
    QString moduleName;
    qint64 size = -1;          // ours
    QByteArray ourChecksum;    // as the module would print it ("384a")
    qint64 moduleSize = -1;    // from +QFUPL (or +QFLST for a kept file); -1 unknown
    QByteArray moduleChecksum; // from +QFUPL; empty for a kept file
};

struct TlsSummary
{
    bool ok = false;
    bool cancelled = false;
    QString failure; // why it stopped, translated; empty if ok
    std::array<TlsFileOutcome, kTlsFileRoles> files;
    QList<QByteArray> commands; // every command line that succeeded, in order
    int sslCtx = -1, clientIdx = -1;
    bool slotBound = false;
    QString text() const; // several translated lines for the summary page
};

class TlsProvisioner : public QObject
{
    Q_OBJECT
public:
    explicit TlsProvisioner(Session *session, QObject *parent = nullptr);
    ~TlsProvisioner() override;

    // What stops `plan` from running (translated, empty if nothing): missing or wrong files (the
    // PEM checks, and the Bad findings of checkCertificates(): a key of another certificate, an
    // expired certificate, ...), bad module names, the same name twice, values out of the module's ranges.
    QStringList problems(const TlsPlan &plan) const;
    // What might go wrong but does not stop it: the slot is open (the module refuses AT+QMTCFG
    // while a connection exists), RAM: files vanish when the module restarts, ...
    QStringList warnings(const TlsPlan &plan) const;

    // The command lines a run of `plan` sends, in order (without the replies' delete-and-retry).
    QList<QByteArray> preview(const TlsPlan &plan) const;

    // Starts; false (and nothing sent) if problems() is not empty, the port is closed or a run is
    // in progress.
    bool start(const TlsPlan &plan);
    bool isRunning() const { return m_stage != Stage::Idle; }
    bool isWaitingForDecision() const { return m_stage == Stage::Decide; }

    // After fileExists(): delete the module's file (AT+QFDEL) and upload ours again ...
    void deleteAndRetry();
    // ... or keep the module's file (its size is read with AT+QFLST for the summary) ...
    void keepExisting();
    // ... or stop. Also stops a run at any time: the command in flight is left to finish, nothing
    // more is sent.
    void cancel();

    const TlsSummary &summary() const { return m_summary; }
    const TlsPlan &plan() const { return m_plan; }

signals:
    void uploadStarted(qmt::session::TlsFileRole role, const QString &moduleName, qint64 size);
    void uploadProgress(qmt::session::TlsFileRole role, qint64 sent, qint64 total);
    // The module's +QFUPL matched the file: size and checksum (lower-case hex, as printed).
    void verified(qmt::session::TlsFileRole role, qint64 size, const QByteArray &moduleChecksum,
                  const QByteArray &ourChecksum);
    // +CME ERROR: 407 (or "file already exists"): waits for deleteAndRetry / keepExisting / cancel.
    void fileExists(qmt::session::TlsFileRole role, const QString &moduleName);
    void fileDeleted(qmt::session::TlsFileRole role, const QString &moduleName);
    void fileKept(qmt::session::TlsFileRole role, const QString &moduleName, qint64 moduleSize);
    void commandDone(const QByteArray &line);   // each AT+QSSLCFG / AT+QMTCFG that answered OK
    void configured(int sslCtx, int clientIdx); // every setting written (clientIdx -1 if not bound)
    void failed(const QString &reason);
    void cancelled();
    void finished(const qmt::session::TlsSummary &summary); // after configured, failed or cancelled

private:
    enum class Stage : std::uint8_t { Idle, Upload, Decide, Delete, List, Configure };
    void next();
    void uploadCurrent();
    void configureNext();
    void send(const at::Built &built, Stage stage);
    void onFinished(const at::AtCommand &command, const CommandResult &result);
    void onUploadFinished(const CommandResult &result);
    void onUploadProgress(qint64 sent, qint64 total);
    void release(); // forgets the command in flight
    void fail(const QString &reason);
    void done();
    int uploadTimeout(const TlsPlan &plan, qsizetype size) const;
    QList<at::Built> settingCommands(const TlsPlan &plan) const;

    QPointer<Session> m_session;
    TlsPlan m_plan;
    TlsSummary m_summary;
    Stage m_stage = Stage::Idle;
    int m_role = 0;                   // the file being handled
    bool m_replacing = false;         // the current file was deleted first
    QPointer<CommandReply> m_pending; // our command in flight
    int m_setting = 0;                // the next of settingCommands()
    qint64 m_lastProgress = -1;       // the upload progress reported last
    int m_observer = 0;
    // what the module reported for our command in flight: +QFUPL size and checksum, +QFLST entries
    std::optional<std::pair<qint64, QByteArray>> m_uploaded;
    QList<std::pair<QByteArray, qint64>> m_listed;
};

} // namespace qmt::session

Q_DECLARE_METATYPE(qmt::session::TlsFileRole)
Q_DECLARE_METATYPE(qmt::session::TlsSummary)
