// SPDX-License-Identifier: Apache-2.0
#include "workflows/tlsprovisioner.h"

#include "at/builders.h"
#include "at/checksum.h"
#include "at/spec.h"
#include "io/session.h"
#include "workflows/certcheck.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

namespace qmt::session {

namespace {

constexpr int kMinUploadTimeout = 10; // seconds the module waits for the data, at least
constexpr int kMaxUploadTimeout = 65535;

at::PemRole pemRole(TlsFileRole r)
{
    return r == TlsFileRole::ClientKey ? at::PemRole::PrivateKey : at::PemRole::Certificate;
}

QByteArray bareName(const QByteArray &n)
{
    return n.startsWith("UFS:") || n.startsWith("ufs:") ? n.mid(4) : n;
}

bool isFileExists(const CommandResult &r)
{
    return r.outcome == CommandResult::Outcome::CmeError &&
           (r.cmeCode == 407 || r.cmeText.toLower().contains("already exist"));
}

} // namespace

QString tlsFileRoleName(TlsFileRole role)
{
    switch (role) {
    case TlsFileRole::CaCert:
        return TlsProvisioner::tr("CA certificate");
    case TlsFileRole::ClientCert:
        return TlsProvisioner::tr("client certificate");
    case TlsFileRole::ClientKey:
        return TlsProvisioner::tr("client key");
    }
    return {};
}

QString defaultModuleFileName(TlsFileRole role)
{
    switch (role) {
    case TlsFileRole::CaCert:
        return QStringLiteral("RAM:cacert.pem");
    case TlsFileRole::ClientCert:
        return QStringLiteral("RAM:client.pem");
    case TlsFileRole::ClientKey:
        return QStringLiteral("RAM:user_key.pem");
    }
    return {};
}

bool tlsFileNeeded(TlsFileRole role, int secLevel)
{
    return role == TlsFileRole::CaCert ? secLevel >= 1 : secLevel >= 2;
}

const QList<CipherSuite> &knownCipherSuites()
{
    // The suites of the AT+QSSLCFG=? answer of EC2x modules, with their IANA names.
    static const QList<CipherSuite> suites = {
        {0xFFFF, QT_TRANSLATE_NOOP("qmt::session::TlsProvisioner", "all supported suites")},
        {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
        {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
        {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
        {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
        {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"},
        {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
        {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
        {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    };
    return suites;
}

TlsPlan::TlsPlan()
{
    for (int i = 0; i < kTlsFileRoles; ++i)
        files[std::size_t(i)].moduleName = defaultModuleFileName(TlsFileRole(i));
}

bool TlsPlan::load(TlsFileRole r, const QString &path, QString *error)
{
    File &f = file(r);
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        if (error)
            *error = TlsProvisioner::tr("Cannot read %1: %2").arg(path, in.errorString());
        return false;
    }
    // Read one byte over the limit at most, so that a huge file is refused, not loaded.
    f.data = in.read(at::kMaxPemFileSize + 1);
    f.localPath = path;
    return true;
}

QString TlsSummary::text() const
{
    QStringList out;
    for (int i = 0; i < kTlsFileRoles; ++i) {
        const TlsFileOutcome &f = files[std::size_t(i)];
        QString role = tlsFileRoleName(TlsFileRole(i));
        if (!role.isEmpty())
            role[0] = role[0].toUpper(); // it starts the line
        switch (f.action) {
        case TlsFileOutcome::Action::NotNeeded:
            out << TlsProvisioner::tr("%1: not needed at this security level").arg(role);
            break;
        case TlsFileOutcome::Action::Uploaded:
        case TlsFileOutcome::Action::Replaced:
            out << (f.action == TlsFileOutcome::Action::Uploaded
                        ? TlsProvisioner::tr("%1 uploaded as %2: %3 bytes, checksum %4 matches")
                        : TlsProvisioner::tr("%1 replaced %2: %3 bytes, checksum %4 matches"))
                       .arg(role, f.moduleName)
                       .arg(f.moduleSize)
                       .arg(QString::fromLatin1(f.moduleChecksum));
            break;
        case TlsFileOutcome::Action::Kept:
            out << (f.moduleSize < 0
                        ? TlsProvisioner::tr("%1: kept the module's %2 (its size is unknown; not verified)")
                              .arg(role, f.moduleName)
                        : TlsProvisioner::tr("%1: kept the module's %2 (%3 bytes, ours %4; not verified)")
                              .arg(role, f.moduleName)
                              .arg(f.moduleSize)
                              .arg(f.size));
            break;
        case TlsFileOutcome::Action::NotDone:
            out << TlsProvisioner::tr("%1: not uploaded").arg(role);
            break;
        }
    }
    if (!commands.isEmpty())
        out << TlsProvisioner::tr("%n setting(s) written to SSL context %1", nullptr, int(commands.size()))
                   .arg(sslCtx);
    if (slotBound)
        out << TlsProvisioner::tr(
                   "Client slot %1 uses SSL context %2. Next: AT+QMTOPEN=%1,\"<host>\",8883, then "
                   "AT+QMTCONN.")
                   .arg(clientIdx)
                   .arg(sslCtx);
    if (cancelled)
        out << TlsProvisioner::tr("Cancelled.");
    else if (!ok && !failure.isEmpty())
        out << TlsProvisioner::tr("Stopped: %1").arg(failure);
    return out.join(QLatin1Char('\n'));
}

TlsProvisioner::TlsProvisioner(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    if (!m_session)
        return;
    // What the module reports about files, as the pipeline's parser typed it (no second parser).
    m_observer = m_session->pipeline().addObserver([this](const at::AtEvent &ev) {
        if (ev.dir != at::Direction::FromModule || ev.type != at::EventType::Response)
            return;
        if (ev.what == at::What::FileUploaded) {
            m_uploaded = {ev.intArg(0), ev.arg(1).text.toByteArray().toLower()};
        } else if (ev.what == at::What::FileEntry) {
            m_listed.append({ev.arg(0).text.toByteArray(), ev.intArg(1)});
        }
    });
}

TlsProvisioner::~TlsProvisioner()
{
    if (m_session)
        m_session->pipeline().removeObserver(m_observer);
}

QStringList TlsProvisioner::problems(const TlsPlan &plan) const
{
    QStringList out;
    const at::Builders b = m_session ? at::Builders(m_session->store().module().ranges) : at::Builders();
    auto check = [&out](const at::Built &built) {
        if (!built.ok() && built.error)
            out << built.error->message;
    };
    for (int i = 0; i < kTlsFileRoles; ++i) {
        const auto role = TlsFileRole(i);
        if (!plan.needs(role))
            continue;
        const TlsPlan::File &f = plan.file(role);
        if (f.localPath.isEmpty() && f.data.isEmpty()) {
            out << tr("Choose the %1 file.").arg(tlsFileRoleName(role));
        } else {
            const at::PemCheck pem = at::checkPem(f.data, pemRole(role));
            if (!pem.ok())
                out << tr("%1: %2").arg(tlsFileRoleName(role), pem.message);
        }
        if (f.moduleName.trimmed().isEmpty()) {
            out << tr("Give the %1 a name on the module.").arg(tlsFileRoleName(role));
            continue;
        }
        const at::Built del = b.fileDelete(f.moduleName); // validates the name alone
        if (!del.ok() && del.error)
            out << tr("%1: %2").arg(tlsFileRoleName(role), del.error->message);
        for (int j = 0; j < i; ++j) {
            const auto other = TlsFileRole(j);
            if (plan.needs(other) &&
                plan.file(other).moduleName.compare(f.moduleName, Qt::CaseInsensitive) == 0)
                out << tr("The %1 and the %2 have the same name on the module, %3.")
                           .arg(tlsFileRoleName(other), tlsFileRoleName(role), f.moduleName);
        }
    }
    for (const CertFinding &f : checkCertificates(plan))
        if (f.tone == CertFinding::Tone::Bad)
            out << f.text;
    check(b.sslSecLevel(plan.sslCtx, plan.secLevel));
    check(b.sslVersion(plan.sslCtx, plan.sslVersion));
    check(b.sslCipherSuite(plan.sslCtx, plan.cipherSuite));
    if (plan.bindSlot)
        check(b.cfgSsl(plan.clientIdx, 1, plan.sslCtx));
    if (plan.uploadTimeoutSeconds &&
        (*plan.uploadTimeoutSeconds < 1 || *plan.uploadTimeoutSeconds > kMaxUploadTimeout))
        out << tr("The upload timeout must be 1-%1 s.").arg(kMaxUploadTimeout);
    out.removeDuplicates();
    return out;
}

QStringList TlsProvisioner::warnings(const TlsPlan &plan) const
{
    QStringList out;
    if (plan.secLevel == 0)
        out << tr("Security level 0 checks no certificate: anyone can pretend to be the server.");
    if (!m_session)
        return out;
    const state::SlotStore &store = m_session->store();
    if (plan.bindSlot && plan.clientIdx >= 0 && plan.clientIdx < state::kSlotCount) {
        const state::ClientSlot &s = store.slot(plan.clientIdx);
        if (s.network == state::NetState::Open || s.network == state::NetState::Opening)
            out << tr("Client slot %1 is open (%2:%3): the module refuses AT+QMTCFG while a connection "
                      "exists. "
                      "Disconnect and close it first.")
                       .arg(plan.clientIdx)
                       .arg(QString::fromUtf8(s.host))
                       .arg(s.port);
    }
    bool ram = false;
    for (int i = 0; i < kTlsFileRoles; ++i) {
        const auto role = TlsFileRole(i);
        if (!plan.needs(role))
            continue;
        const QString &name = plan.file(role).moduleName;
        ram = ram || name.startsWith(QLatin1String("RAM:"), Qt::CaseInsensitive);
        const auto it = store.module().files.find(name.toUtf8());
        if (it != store.module().files.end())
            out << tr("The module already holds %1 (%2 bytes): you will be asked whether to replace it.")
                       .arg(name)
                       .arg(it->second.size);
    }
    if (ram)
        out << tr(
            "Files in RAM: are lost when the module restarts: run the wizard again after a restart, or use "
            "UFS: names.");
    return out;
}

bool TlsProvisioner::start(const TlsPlan &plan)
{
    if (isRunning() || !m_session || !m_session->isOpen() || !problems(plan).isEmpty())
        return false;
    m_plan = plan;
    m_summary = TlsSummary{};
    m_summary.sslCtx = plan.sslCtx;
    m_summary.clientIdx = plan.bindSlot ? plan.clientIdx : -1;
    for (int i = 0; i < kTlsFileRoles; ++i) {
        const auto role = TlsFileRole(i);
        TlsFileOutcome &o = m_summary.files[std::size_t(i)];
        o.action = plan.needs(role) ? TlsFileOutcome::Action::NotDone : TlsFileOutcome::Action::NotNeeded;
        o.moduleName = plan.file(role).moduleName;
        o.size = plan.file(role).data.size();
        o.ourChecksum = at::formatChecksum(at::qfuplChecksum(plan.file(role).data));
    }
    m_role = -1;
    m_setting = 0;
    m_stage = Stage::Upload;
    next();
    return true;
}

void TlsProvisioner::next()
{
    do {
        ++m_role;
    } while (m_role < kTlsFileRoles && !m_plan.needs(TlsFileRole(m_role)));
    if (m_role < kTlsFileRoles) {
        m_replacing = false;
        uploadCurrent();
        return;
    }
    m_setting = 0;
    configureNext();
}

int TlsProvisioner::uploadTimeout(const TlsPlan &plan, qsizetype size) const
{
    if (plan.uploadTimeoutSeconds)
        return *plan.uploadTimeoutSeconds;
    // Twice the time the bytes take on the line (10 bits a byte), plus a margin: a lost byte
    // then costs seconds, not the seed's 100.
    const qint64 baud = std::max<qint64>(m_session ? m_session->settings().baud : 115200, 300);
    const qint64 lineSeconds = (qint64(size) * 10 * 2 + baud - 1) / baud;
    return int(std::clamp<qint64>(kMinUploadTimeout + lineSeconds, kMinUploadTimeout, kMaxUploadTimeout));
}

void TlsProvisioner::uploadCurrent()
{
    const auto role = TlsFileRole(m_role);
    const TlsPlan::File &f = m_plan.file(role);
    const at::Builders b(m_session->store().module().ranges);
    emit uploadStarted(role, f.moduleName, f.data.size());
    if (!isRunning())
        return;
    m_lastProgress = -1;
    send(b.fileUpload(f.moduleName, f.data, uploadTimeout(m_plan, f.data.size())), Stage::Upload);
}

QList<QByteArray> TlsProvisioner::preview(const TlsPlan &plan) const
{
    const at::Builders b = m_session ? at::Builders(m_session->store().module().ranges) : at::Builders();
    QList<QByteArray> out;
    QList<at::Built> cmds;
    for (int i = 0; i < kTlsFileRoles; ++i) {
        const auto role = TlsFileRole(i);
        if (plan.needs(role))
            cmds << b.fileUpload(plan.file(role).moduleName, plan.file(role).data,
                                 uploadTimeout(plan, plan.file(role).data.size()));
    }
    cmds << settingCommands(plan);
    for (const at::Built &c : std::as_const(cmds))
        if (c.ok())
            out << c.command->line;
    return out;
}

QList<at::Built> TlsProvisioner::settingCommands(const TlsPlan &p) const
{
    const at::Builders b = m_session ? at::Builders(m_session->store().module().ranges) : at::Builders();
    QList<at::Built> out;
    if (p.needs(TlsFileRole::CaCert))
        out << b.sslCaCert(p.sslCtx, p.file(TlsFileRole::CaCert).moduleName);
    if (p.needs(TlsFileRole::ClientCert))
        out << b.sslClientCert(p.sslCtx, p.file(TlsFileRole::ClientCert).moduleName);
    if (p.needs(TlsFileRole::ClientKey))
        out << b.sslClientKey(p.sslCtx, p.file(TlsFileRole::ClientKey).moduleName);
    out << b.sslSecLevel(p.sslCtx, p.secLevel) << b.sslVersion(p.sslCtx, p.sslVersion)
        << b.sslCipherSuite(p.sslCtx, p.cipherSuite)
        << b.sslIgnoreLocalTime(p.sslCtx, p.ignoreLocalTime ? 1 : 0);
    if (p.sni)
        out << b.sslSni(p.sslCtx, *p.sni ? 1 : 0);
    if (p.bindSlot)
        out << b.cfgSsl(p.clientIdx, 1, p.sslCtx);
    return out;
}

void TlsProvisioner::configureNext()
{
    m_stage = Stage::Configure;
    const QList<at::Built> cmds = settingCommands(m_plan);
    if (m_setting >= cmds.size()) {
        m_summary.slotBound = m_plan.bindSlot;
        emit configured(m_plan.sslCtx, m_plan.bindSlot ? m_plan.clientIdx : -1);
        done();
        return;
    }
    send(cmds[m_setting++], Stage::Configure);
}

void TlsProvisioner::send(const at::Built &built, Stage stage)
{
    if (!built.ok()) {
        fail(built.error ? built.error->message : tr("The command could not be built."));
        return;
    }
    m_stage = stage;
    m_uploaded.reset();
    m_listed.clear();
    release();
    m_pending = m_session ? m_session->send(*built.command) : nullptr;
    if (!m_pending) {
        fail(tr("The port is not open."));
        return;
    }
    CommandReply *reply = m_pending;
    connect(reply, &CommandReply::finished, this, [this, reply](const CommandResult &r) {
        if (reply != m_pending)
            return;
        m_pending = nullptr;
        onFinished(reply->command(), r);
    });
    if (stage == Stage::Upload)
        connect(reply, &CommandReply::uploadProgress, this, &TlsProvisioner::onUploadProgress);
}

void TlsProvisioner::release()
{
    if (m_pending)
        m_pending->disconnect(this); // cancelled or failed: its answer is no news for us
    m_pending = nullptr;
}

void TlsProvisioner::onUploadProgress(qint64 sent, qint64 total)
{
    if (m_stage != Stage::Upload || sent == m_lastProgress)
        return;
    m_lastProgress = sent;
    emit uploadProgress(TlsFileRole(m_role), sent, total);
}

void TlsProvisioner::onFinished(const at::AtCommand &command, const CommandResult &result)
{
    switch (m_stage) {
    case Stage::Upload:
        onUploadFinished(result);
        return;
    case Stage::Delete: {
        const auto role = TlsFileRole(m_role);
        const QString &name = m_plan.file(role).moduleName;
        // 405: not found — gone already, which is what we wanted.
        if (!result.succeeded() &&
            !(result.outcome == CommandResult::Outcome::CmeError && result.cmeCode == 405)) {
            fail(tr("Could not delete %1 on the module: %2").arg(name, result.describe()));
            return;
        }
        emit fileDeleted(role, name);
        if (!isRunning())
            return;
        m_replacing = true;
        uploadCurrent();
        return;
    }
    case Stage::List: {
        const auto role = TlsFileRole(m_role);
        TlsFileOutcome &o = m_summary.files[std::size_t(m_role)];
        o.action = TlsFileOutcome::Action::Kept;
        o.moduleSize = -1;
        if (result.succeeded()) {
            const QByteArray wanted = bareName(o.moduleName.toUtf8());
            for (const auto &[name, size] : m_listed)
                if (bareName(name).compare(wanted, Qt::CaseInsensitive) == 0)
                    o.moduleSize = size;
        }
        emit fileKept(role, o.moduleName, o.moduleSize);
        if (!isRunning())
            return;
        m_stage = Stage::Upload;
        next();
        return;
    }
    case Stage::Configure:
        if (!result.succeeded()) {
            fail(tr("%1 failed: %2").arg(QString::fromUtf8(command.line), result.describe()));
            return;
        }
        m_summary.commands << command.line;
        emit commandDone(command.line);
        if (isRunning())
            configureNext();
        return;
    case Stage::Idle:
    case Stage::Decide:
        return;
    }
}

void TlsProvisioner::onUploadFinished(const CommandResult &r)
{
    const auto role = TlsFileRole(m_role);
    const TlsPlan::File &f = m_plan.file(role);
    TlsFileOutcome &o = m_summary.files[std::size_t(m_role)];
    const bool reported = m_uploaded.has_value(); // the +QFUPL: <size>,<checksum> of this command
    qint64 moduleSize = reported ? m_uploaded->first : -1;
    QByteArray moduleChecksum = reported ? m_uploaded->second : QByteArray();
    if (reported) {
        o.moduleSize = moduleSize;
        o.moduleChecksum = moduleChecksum;
    }

    if (isFileExists(r)) {
        m_stage = Stage::Decide;
        emit fileExists(role, f.moduleName);
        return;
    }
    if (r.outcome == CommandResult::Outcome::CmeError) {
        if (r.cmeCode == 421 || r.cmeText.toLower().contains("time")) {
            fail(reported
                     ? tr("The module received only %1 of %2 bytes of %3 before its timeout (+CME ERROR: "
                          "421). "
                          "Check the flow control and the baud rate, or raise the upload timeout.")
                           .arg(moduleSize)
                           .arg(f.data.size())
                           .arg(f.moduleName)
                     : tr("The upload of %1 timed out on the module (+CME ERROR: 421).").arg(f.moduleName));
            return;
        }
        const spec::CodeText *info = r.cmeCode >= 0 ? spec::fileError(r.cmeCode) : nullptr;
        QString why = r.describe();
        if (info) {
            why = tr("+CME ERROR: %1, %2")
                      .arg(r.cmeCode)
                      .arg(QCoreApplication::translate("qmt::spec", info->text));
            if (info->fix)
                why += QStringLiteral(". ") + QCoreApplication::translate("qmt::spec", info->fix);
        }
        fail(tr("Uploading %1 as %2 failed: %3").arg(tlsFileRoleName(role), f.moduleName, why));
        return;
    }
    if (r.outcome == CommandResult::Outcome::Error) {
        // AT+CMEE=0: the module gives no reason.
        fail(tr("Uploading %1 as %2 failed: ERROR, without a reason. The file may exist already; AT+CMEE=2 "
                "makes "
                "the module say why.")
                 .arg(tlsFileRoleName(role), f.moduleName));
        return;
    }
    if (r.outcome != CommandResult::Outcome::Ok) {
        fail(tr("Uploading %1 as %2 failed: %3").arg(tlsFileRoleName(role), f.moduleName, r.describe()));
        return;
    }
    if (!reported) {
        // The answer may have been seen by the store even if the line was not kept with the result.
        const auto &files = m_session->store().module().files;
        const auto it = files.find(f.moduleName.toUtf8());
        if (it == files.end()) {
            fail(tr("The module answered OK to the upload of %1 without +QFUPL: <size>,<checksum>: it cannot "
                    "be "
                    "verified.")
                     .arg(f.moduleName));
            return;
        }
        moduleSize = o.moduleSize = it->second.size;
        moduleChecksum = o.moduleChecksum = it->second.checksum.toLower();
    }
    const quint16 ours = at::qfuplChecksum(f.data);
    bool hexOk = false;
    const uint theirs = moduleChecksum.toUInt(&hexOk, 16);
    if (moduleSize != f.data.size() || !hexOk || theirs != ours) {
        fail(tr("The module stored %1 with %2 bytes and checksum %3, but the file has %4 bytes and checksum "
                "%5: "
                "the data was damaged on the way. Check the flow control and the baud rate, then try again.")
                 .arg(f.moduleName)
                 .arg(moduleSize)
                 .arg(QString::fromLatin1(moduleChecksum))
                 .arg(f.data.size())
                 .arg(QString::fromLatin1(at::formatChecksum(ours))));
        return;
    }
    o.action = m_replacing ? TlsFileOutcome::Action::Replaced : TlsFileOutcome::Action::Uploaded;
    if (m_lastProgress != f.data.size())
        emit uploadProgress(role, f.data.size(), f.data.size());
    emit verified(role, moduleSize, moduleChecksum, at::formatChecksum(ours));
    if (isRunning()) // a receiver may have cancelled
        next();
}

void TlsProvisioner::deleteAndRetry()
{
    if (m_stage != Stage::Decide)
        return;
    const at::Builders b(m_session->store().module().ranges);
    send(b.fileDelete(m_plan.file(TlsFileRole(m_role)).moduleName), Stage::Delete);
}

void TlsProvisioner::keepExisting()
{
    if (m_stage != Stage::Decide)
        return;
    const at::Builders b(m_session->store().module().ranges);
    send(b.fileList(m_plan.file(TlsFileRole(m_role)).moduleName), Stage::List);
}

void TlsProvisioner::cancel()
{
    if (!isRunning())
        return;
    m_summary.cancelled = true;
    m_summary.failure = tr("Cancelled.");
    m_stage = Stage::Idle;
    release();
    emit cancelled();
    emit finished(m_summary);
}

void TlsProvisioner::fail(const QString &reason)
{
    m_summary.ok = false;
    m_summary.failure = reason;
    m_stage = Stage::Idle;
    release();
    emit failed(reason);
    emit finished(m_summary);
}

void TlsProvisioner::done()
{
    m_summary.ok = true;
    m_stage = Stage::Idle;
    release();
    emit finished(m_summary);
}

} // namespace qmt::session
