// SPDX-License-Identifier: Apache-2.0
// The simulated module: SSL contexts (AT+QSSLCFG) and the TLS set-up of a slot from them.

#include "sim/simmodule_p.h"

#include "at/settings.h"

namespace qmt::sim {

void SimModule::Private::handleSsl(Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        static const QByteArray answer = testAnswer(at::sslSettings()); // (the same in every module)
        reply(answer);
        return;
    }
    qint64 ctxIdx = 0;
    const at::SettingInfo *row = (form == Form::Set && a.size() >= 2 && a[0].quoted)
                                     ? at::findSetting(Cmd::QSSLCFG, a[0].text)
                                     : nullptr;
    if (!row || !inRange(a, 1, Param::SslContextId, &ctxIdx) || ctxIdx < 0 || ctxIdx >= qint64(ssl.size())) {
        error();
        return;
    }
    SslCtx &c = ssl[std::size_t(ctxIdx)];
    if (a.size() == 2) { // read back
        info("+QSSLCFG: " + quote(row->name) + ',' + num(ctxIdx) + ',' + row->readBackValues(c));
        ok();
        return;
    }
    QList<QByteArray> values;
    if (!settingValues(*row, a, 2, &values) || values.size() != qsizetype(row->fields.size())) {
        error();
        return;
    }
    row->apply(c, values);
    ok();
}

QSslConfiguration SimModule::Private::sslConfiguration(const Slot &s) const
{
    const SslCtx &c = ssl[std::size_t(s.cfg.sslCtx)];
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    const SimOptions::TlsStandIn &standIn = opt.tlsStandIn;
    // The files come from what was uploaded (never from a path a host named: "../x")
    const auto uploaded = [this](const QByteArray &name) {
        const auto it = files.find(normalFileName(name));
        return it == files.end() ? QByteArray() : it->second;
    };
    if (!c.caCert.isEmpty()) {
        QList<QSslCertificate> cas = QSslCertificate::fromData(uploaded(c.caCert));
        if (cas.isEmpty() && !standIn.caCert.isEmpty())
            cas = QSslCertificate::fromPath(standIn.caCert);
        conf.setCaCertificates(cas);
    }
    if (!c.clientCert.isEmpty()) {
        auto certs = QSslCertificate::fromData(uploaded(c.clientCert));
        if (certs.isEmpty() && !standIn.clientCert.isEmpty())
            certs = QSslCertificate::fromPath(standIn.clientCert);
        if (!certs.isEmpty())
            conf.setLocalCertificate(certs.first());
    }
    if (!c.clientKey.isEmpty()) {
        const auto keyOf = [](const QByteArray &pem) {
            QSslKey key(pem, QSsl::Rsa);
            return key.isNull() ? QSslKey(pem, QSsl::Ec) : key;
        };
        QSslKey key = keyOf(uploaded(c.clientKey));
        if (key.isNull() && !standIn.clientKey.isEmpty()) {
            QFile f(standIn.clientKey);
            key = f.open(QIODevice::ReadOnly) ? keyOf(f.readAll()) : QSslKey();
        }
        conf.setPrivateKey(key);
    }
    conf.setPeerVerifyMode(c.secLevel == 0 ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    switch (c.sslVersion) {
    case 3:
        conf.setProtocol(QSsl::TlsV1_2);
        break;
    default:
        conf.setProtocol(QSsl::SecureProtocols);
        break;
    }
    return conf;
}

} // namespace qmt::sim
