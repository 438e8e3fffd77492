// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the certificates of a TLS plan say about each other, before anything is uploaded: does the
// client key belong to the client certificate (RSA, EC and any other key type OpenSSL reads; an
// encrypted key is named as such), did the CA certificate issue the client certificate (issuer
// name and signature), is the CA file a CA at all, and is every certificate given valid now and
// for the next kExpirySoonDays days. Each result is one translated line (context
// "qmt::session::CertCheck") with a tone and, when something is wrong, what to do.
//
// The CA file given to the module checks the *server*; the broker checks the client certificate
// with its own CA, which is often, but not always, the same. So a client certificate that the CA
// did not issue is a Warning, and Bad only when the plan says the broker checks clients with that
// same CA (TlsPlan::caChecksClients). Bad findings stop the upload (TlsProvisioner::problems());
// warnings are for the user to weigh. Only files that pass their PEM check (at/pem.h) are looked
// at, except that an encrypted client key is reported here too (it cannot be compared). Uses
// OpenSSL's libcrypto; QtCore only.

#include "workflows/tlsprovisioner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace qmt::session {

// The context of the checks' texts: CertCheck::tr() looks them up as "qmt::session::CertCheck".
class CertCheck
{
    Q_DECLARE_TR_FUNCTIONS(qmt::session::CertCheck)
};

// A certificate expiring within this many days is a warning.
constexpr int kExpirySoonDays = 30;

struct CertFinding
{
    enum class Tone : std::uint8_t { Good, Warning, Bad };
    enum class Check : std::uint8_t {
        Readable, // a CERTIFICATE block that is no X.509 certificate, a key OpenSSL cannot read
        KeyMatch, // the client key belongs to the client certificate (its first certificate)
        Chain,    // the CA file's certificates issued the client certificate
        CaIsCa,   // each certificate of the CA file is a CA certificate
        Validity, // each certificate given: not yet valid, expired, expiring soon
    };
    Check check = Check::Readable;
    Tone tone = Tone::Good;
    TlsFileRole role = TlsFileRole::CaCert; // the file it is about
    int index = 0;                          // which certificate of that file, 0-based
    QString text;                           // translated: what was found, and what to do about it
};

// Checks the files `plan` needs at its security level. `now` (invalid: the current time) decides
// validity.
QList<CertFinding> checkCertificates(const TlsPlan &plan, const QDateTime &now = QDateTime());

// The worst tone of `findings`; Good for none.
CertFinding::Tone worstTone(const QList<CertFinding> &findings);

} // namespace qmt::session
