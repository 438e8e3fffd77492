// SPDX-License-Identifier: Apache-2.0
#include "workflows/certcheck.h"

#include "at/pem.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cmath>
#include <memory>
#include <vector>

namespace qmt::session {

// Every text is qmt::session::CertCheck::tr(...), spelled out: lupdate files a shorter name under
// the wrong context, and the catalogue's strings would never be found.

namespace {

template <typename T, void (*F)(T *)> struct Free
{
    void operator()(T *p) const { F(p); }
};
using X509Ptr = std::unique_ptr<X509, Free<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Free<BIO, BIO_free_all>>;
using StorePtr = std::unique_ptr<X509_STORE, Free<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Free<X509_STORE_CTX, X509_STORE_CTX_free>>;

struct StackFree
{
    void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); } // the certificates stay ours
};

BioPtr memBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QString opensslReason()
{
    const unsigned long e = ERR_peek_last_error();
    const char *reason = e ? ERR_reason_error_string(e) : nullptr;
    ERR_clear_error();
    return reason ? QString::fromLatin1(reason) : QString();
}

// The name a person knows a certificate by: its CN, else the whole name (RFC 2253).
QString displayName(const X509_NAME *name)
{
    const int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (i >= 0) {
        unsigned char *utf8 = nullptr;
        const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
        if (n >= 0) {
            const QString cn = QString::fromUtf8(reinterpret_cast<const char *>(utf8), n);
            OPENSSL_free(utf8);
            return QStringLiteral("CN=") + cn;
        }
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *p = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &p);
    return QString::fromUtf8(p, int(n));
}

QString subjectOf(const X509 *x)
{
    return displayName(X509_get_subject_name(x));
}

QString issuerOf(const X509 *x)
{
    return displayName(X509_get_issuer_name(x));
}

QDateTime toDateTime(const ASN1_TIME *t)
{
    struct tm tm = {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

QString day(const QDateTime &t)
{
    return t.toString(QStringLiteral("yyyy-MM-dd"));
}

QString dayAndTime(const QDateTime &t)
{
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

// "RSA 2048-bit", "EC P-256", "ED25519".
QString keyKind(EVP_PKEY *k)
{
    const int id = EVP_PKEY_get_base_id(k);
    if (id == EVP_PKEY_RSA)
        return qmt::session::CertCheck::tr("RSA %1-bit").arg(EVP_PKEY_get_bits(k));
    if (id == EVP_PKEY_EC) {
        char group[80] = {};
        size_t len = 0;
        if (EVP_PKEY_get_group_name(k, group, sizeof group, &len) == 1) {
            const char *nist = EC_curve_nid2nist(OBJ_sn2nid(group));
            return QStringLiteral("EC %1").arg(QString::fromLatin1(nist ? nist : group));
        }
        return QStringLiteral("EC");
    }
    const char *sn = OBJ_nid2sn(id);
    return sn ? QString::fromLatin1(sn) : qmt::session::CertCheck::tr("unknown type");
}

struct Cert
{
    X509Ptr x;
    int index = 0; // among the file's CERTIFICATE blocks
};

// The certificates of a PEM file; a block that does not decode as X.509 gives a finding.
std::vector<Cert> readCertificates(const QByteArray &data, TlsFileRole role, const QString &file,
                                   QList<CertFinding> &out)
{
    std::vector<Cert> certs;
    BioPtr bio = memBio(data);
    int index = 0;
    for (;;) {
        char *name = nullptr, *header = nullptr;
        unsigned char *der = nullptr;
        long len = 0;
        if (PEM_read_bio(bio.get(), &name, &header, &der, &len) != 1)
            break;
        const QByteArray label(name);
        if (label == "CERTIFICATE" || label == "X509 CERTIFICATE") {
            const unsigned char *p = der;
            X509Ptr x(d2i_X509(nullptr, &p, len));
            if (!x || p != der + len) {
                const QString reason = opensslReason();
                out.append(
                    {CertFinding::Check::Readable, CertFinding::Tone::Bad, role, index,
                     qmt::session::CertCheck::tr(
                         "Certificate %1 of %2 is not an X.509 certificate (%3): the file is damaged or "
                         "holds something else under a CERTIFICATE label. Export the certificate "
                         "again, in PEM form.")
                         .arg(index + 1)
                         .arg(file, reason.isEmpty() ? qmt::session::CertCheck::tr("it does not decode")
                                                     : reason)});
            } else {
                certs.push_back({std::move(x), index});
            }
            ++index;
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(der);
    }
    ERR_clear_error(); // the end of the data is reported as an error
    return certs;
}

int refusePassphrase(char *, int, int, void *asked)
{
    *static_cast<bool *>(asked) = true;
    return -1;
}

// "ca.crt (CN=…)" or, in a file of several, "ca.crt, certificate 2 of 3 (CN=…)".
QString certLabel(const QString &file, const Cert &c, std::size_t count)
{
    if (count <= 1)
        return qmt::session::CertCheck::tr("%1 (%2)").arg(file, subjectOf(c.x.get()));
    return qmt::session::CertCheck::tr("%1, certificate %2 of %3 (%4)")
        .arg(file)
        .arg(c.index + 1)
        .arg(count)
        .arg(subjectOf(c.x.get()));
}

int daysBetween(const QDateTime &from, const QDateTime &to)
{
    return int(std::ceil(double(from.secsTo(to)) / 86400.0));
}

CertFinding validity(const Cert &c, TlsFileRole role, const QString &label, const QDateTime &now)
{
    CertFinding f{CertFinding::Check::Validity, CertFinding::Tone::Good, role, c.index, {}};
    const QDateTime from = toDateTime(X509_get0_notBefore(c.x.get()));
    const QDateTime to = toDateTime(X509_get0_notAfter(c.x.get()));
    if (!from.isValid() || !to.isValid()) {
        f.tone = CertFinding::Tone::Bad;
        f.text = qmt::session::CertCheck::tr(
                     "%1 has validity dates that cannot be read. Export the certificate again.")
                     .arg(label);
    } else if (now > to) {
        f.tone = CertFinding::Tone::Bad;
        const QString what =
            role == TlsFileRole::CaCert
                ? qmt::session::CertCheck::tr(
                      "Get the CA certificate in use now from whoever runs the broker.")
                : qmt::session::CertCheck::tr(
                      "Get a new client certificate (and its key) from your CA or cloud console.");
        f.text = qmt::session::CertCheck::tr(
                     "%1 expired on %2 (%n day(s) ago): the connection will be refused. %3", nullptr,
                     std::max(1, daysBetween(to, now)))
                     .arg(label, dayAndTime(to), what);
    } else if (now < from) {
        f.tone = CertFinding::Tone::Warning;
        f.text = qmt::session::CertCheck::tr(
                     "%1 is not valid yet: it is valid from %2 (in %n day(s)) to %3. Until then it is "
                     "refused, unless the clock of this computer is wrong.",
                     nullptr, std::max(1, daysBetween(now, from)))
                     .arg(label, dayAndTime(from), day(to));
    } else if (now.addDays(kExpirySoonDays) > to) {
        f.tone = CertFinding::Tone::Warning;
        f.text = qmt::session::CertCheck::tr(
                     "%1 expires on %2, in %n day(s). Renew it before then, or the connection will fail.",
                     nullptr, std::max(1, daysBetween(now, to)))
                     .arg(label, day(to));
    } else {
        f.text = qmt::session::CertCheck::tr("%1 is valid from %2 to %3.").arg(label, day(from), day(to));
    }
    return f;
}

QString fileName(const TlsPlan &plan, TlsFileRole role)
{
    const QString &path = plan.file(role).localPath;
    return path.isEmpty() ? tlsFileRoleName(role) : QFileInfo(path).fileName();
}

bool pemOk(const TlsPlan &plan, TlsFileRole role)
{
    return plan.needs(role) &&
           at::checkPem(plan.file(role).data,
                        role == TlsFileRole::ClientKey ? at::PemRole::PrivateKey : at::PemRole::Certificate)
               .ok();
}

} // namespace

QList<CertFinding> checkCertificates(const TlsPlan &plan, const QDateTime &nowOrInvalid)
{
    using Tone = CertFinding::Tone;
    using Check = CertFinding::Check;
    const QDateTime now = nowOrInvalid.isValid() ? nowOrInvalid.toUTC() : QDateTime::currentDateTimeUtc();
    QList<CertFinding> out;
    ERR_clear_error();

    const QString caFile = fileName(plan, TlsFileRole::CaCert);
    const QString certFile = fileName(plan, TlsFileRole::ClientCert);
    const QString keyFile = fileName(plan, TlsFileRole::ClientKey);
    std::vector<Cert> cas, clients;
    if (pemOk(plan, TlsFileRole::CaCert))
        cas = readCertificates(plan.file(TlsFileRole::CaCert).data, TlsFileRole::CaCert, caFile, out);
    if (pemOk(plan, TlsFileRole::ClientCert))
        clients =
            readCertificates(plan.file(TlsFileRole::ClientCert).data, TlsFileRole::ClientCert, certFile, out);

    // The key: read by OpenSSL whenever it is needed, so that an encrypted one is named here too.
    PkeyPtr key;
    bool encrypted = false;
    if (plan.needs(TlsFileRole::ClientKey) && !plan.file(TlsFileRole::ClientKey).data.trimmed().isEmpty()) {
        const at::PemCheck pem =
            at::checkPem(plan.file(TlsFileRole::ClientKey).data, at::PemRole::PrivateKey);
        encrypted = pem.problem == at::PemCheck::Problem::Encrypted;
        if (pem.ok()) {
            BioPtr bio = memBio(plan.file(TlsFileRole::ClientKey).data);
            bool asked = false;
            key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, &asked));
            encrypted = encrypted || asked;
            const QString reason = opensslReason();
            if (!key && !encrypted)
                out.append(
                    {Check::Readable, Tone::Bad, TlsFileRole::ClientKey, 0,
                     qmt::session::CertCheck::tr(
                         "%1 is not a private key OpenSSL can read (%2): the file is damaged or of a "
                         "kind the module cannot use either. Export the key again, in PEM form.")
                         .arg(keyFile, reason.isEmpty() ? qmt::session::CertCheck::tr("it does not decode")
                                                        : reason)});
        }
    }

    // The key and the client certificate.
    if (!clients.empty() && (key || encrypted)) {
        X509 *leaf = clients.front().x.get();
        CertFinding f{Check::KeyMatch, Tone::Bad, TlsFileRole::ClientKey, 0, {}};
        if (encrypted) {
            f.text = qmt::session::CertCheck::tr(
                         "%1 and %2 cannot be compared: the key is encrypted with a passphrase, which the "
                         "module cannot enter either. Save the key without one: openssl pkey -in %1 -out "
                         "client-plain.key")
                         .arg(keyFile, certFile);
        } else {
            EVP_PKEY *certKey = X509_get0_pubkey(leaf);
            const int eq = certKey ? EVP_PKEY_eq(certKey, key.get()) : -2;
            if (eq == 1) {
                f.tone = Tone::Good;
                f.text = qmt::session::CertCheck::tr("%1 belongs to %2 (%3, %4).")
                             .arg(keyFile, certFile, keyKind(key.get()), subjectOf(leaf));
            } else if (eq == -1 && certKey) {
                f.text = qmt::session::CertCheck::tr(
                             "%1 is an %2 key, but %3 holds an %4 key: they cannot belong together. Pick the "
                             "key that was made with %3.")
                             .arg(keyFile, keyKind(key.get()), certFile, keyKind(certKey));
            } else {
                // Whose key is it, if it is one of the certificates given?
                QString owner;
                for (const Cert &c : cas)
                    if (EVP_PKEY_eq(X509_get0_pubkey(c.x.get()), key.get()) == 1)
                        owner =
                            qmt::session::CertCheck::tr(
                                "%1 is the key of the CA certificate %2 (%3), not of %4. Pick the key that "
                                "was made with %4, and never put a CA's key on a device.")
                                .arg(keyFile, caFile, subjectOf(c.x.get()), certFile);
                for (std::size_t i = 1; owner.isEmpty() && i < clients.size(); ++i)
                    if (EVP_PKEY_eq(X509_get0_pubkey(clients[i].x.get()), key.get()) == 1)
                        owner = qmt::session::CertCheck::tr(
                                    "%1 belongs to certificate %2 of %3 (%4), not to the first one (%5). "
                                    "Put the client's own certificate first in %3.")
                                    .arg(keyFile)
                                    .arg(clients[i].index + 1)
                                    .arg(certFile, subjectOf(clients[i].x.get()), subjectOf(leaf));
                f.text = !owner.isEmpty()
                             ? owner
                             : qmt::session::CertCheck::tr(
                                   "%1 does not belong to %2 (%3): the key belongs to another certificate. "
                                   "Pick the key that was made with %2.")
                                   .arg(keyFile, certFile, subjectOf(leaf));
            }
            ERR_clear_error();
        }
        out.append(f);
    }

    // Did the CA file's certificates issue the client certificate? Dates are checked below,
    // each certificate on its own line, so they do not count here.
    if (!clients.empty() && !cas.empty() && plan.needs(TlsFileRole::ClientCert)) {
        X509 *leaf = clients.front().x.get();
        StorePtr store(X509_STORE_new());
        for (const Cert &c : cas)
            X509_STORE_add_cert(store.get(), c.x.get());
        X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
        std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
        for (std::size_t i = 1; i < clients.size(); ++i)
            sk_X509_push(untrusted.get(), clients[i].x.get());
        StoreCtxPtr ctx(X509_STORE_CTX_new());
        int ok = 0, error = X509_V_OK;
        X509 *top = leaf; // the highest certificate the chain reached
        if (ctx && X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()) == 1) {
            ok = X509_verify_cert(ctx.get());
            error = X509_STORE_CTX_get_error(ctx.get());
            STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx.get());
            if (chain && sk_X509_num(chain) > 0)
                top = sk_X509_value(chain, sk_X509_num(chain) - 1);
            if (ok == 1 && (top == leaf ||
                            X509_cmp(top, leaf) == 0)) { // the CA file holds the client certificate itself
                ok = 0;
                error = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            }
        }
        ERR_clear_error();
        CertFinding f{Check::Chain, Tone::Good, TlsFileRole::ClientCert, 0, {}};
        if (ok == 1) {
            // the chain ends at a certificate of the CA file (a partial chain is fine)
            f.text = qmt::session::CertCheck::tr("%1 was issued by %2 (%3): the signature checks out.")
                         .arg(certFile, caFile, subjectOf(top));
        } else {
            f.tone = plan.caChecksClients ? Tone::Bad : Tone::Warning;
            // Why: a CA of the same name with another key, another CA, a self-signed client
            // certificate, or something OpenSSL names.
            const X509 *sameName = nullptr;
            for (const Cert &c : cas)
                if (X509_NAME_cmp(X509_get_issuer_name(top), X509_get_subject_name(c.x.get())) == 0)
                    sameName = c.x.get();
            QString why;
            if (sameName)
                why = qmt::session::CertCheck::tr(
                          "%1 names %2 (%3) as its issuer, but the signature does not match that CA's key: "
                          "it was issued by another CA of the same name (one made again?).")
                          .arg(certFile, caFile, subjectOf(sameName));
            else if (top == leaf && X509_check_issued(leaf, leaf) == X509_V_OK)
                why = qmt::session::CertCheck::tr(
                          "%1 is self-signed: no CA issued it, so %2 (%3) did not either.")
                          .arg(certFile, caFile, subjectOf(cas.front().x.get()));
            else if (error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                     error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
                     error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                     error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
                why = qmt::session::CertCheck::tr("%1 was issued by “%2”, not by %3 (%4).")
                          .arg(certFile, issuerOf(top), caFile, subjectOf(cas.front().x.get()));
            else
                why = qmt::session::CertCheck::tr("%1 does not chain to %2: %3.")
                          .arg(certFile, caFile, QString::fromLatin1(X509_verify_cert_error_string(error)));
            const QString what =
                plan.caChecksClients
                    ? qmt::session::CertCheck::tr(
                          "Your broker checks client certificates with %1, so it will refuse this one: pick "
                          "the client certificate (and its key) that %1's CA issued, unless the broker checks "
                          "clients with another CA after all.")
                          .arg(caFile)
                    : qmt::session::CertCheck::tr(
                          "The module uses %1 only to check the server, so this is right if your broker checks "
                          "client certificates with another CA. If not, pick the CA certificate that issued "
                          "%2, or a client certificate from %1's CA.")
                          .arg(caFile, certFile);
            f.text = why + QLatin1Char(' ') + what;
        }
        out.append(f);
    }

    // The CA file must hold CA certificates: the server's own certificate is the classic mix-up.
    for (const Cert &c : cas) {
        if (X509_check_ca(c.x.get()) != 0)
            continue;
        const QString label = certLabel(caFile, c, cas.size());
        out.append({Check::CaIsCa, Tone::Warning, TlsFileRole::CaCert, c.index,
                    qmt::session::CertCheck::tr(
                        "%1 is not a CA certificate but the certificate of a server or client, issued by "
                        "“%2”. The module checks the server with it: pick the CA certificate that issued "
                        "the server's certificate (often called ca.crt, chain.pem or root CA).")
                        .arg(label, issuerOf(c.x.get()))});
    }
    ERR_clear_error();

    for (const Cert &c : cas)
        out.append(validity(c, TlsFileRole::CaCert, certLabel(caFile, c, cas.size()), now));
    for (const Cert &c : clients)
        out.append(validity(c, TlsFileRole::ClientCert, certLabel(certFile, c, clients.size()), now));
    ERR_clear_error();
    return out;
}

CertFinding::Tone worstTone(const QList<CertFinding> &findings)
{
    auto worst = CertFinding::Tone::Good;
    for (const CertFinding &f : findings)
        worst = std::max(worst, f.tone);
    return worst;
}

} // namespace qmt::session
