// SPDX-License-Identifier: Apache-2.0
#include "at/pem.h"

#include <QCoreApplication>

#include <vector>

namespace qmt::at {

// The context of every message here, written out at each call so lupdate files them under it.
class Pem
{
    Q_DECLARE_TR_FUNCTIONS(qmt::at::Pem)
};

namespace {

enum class Kind : std::uint8_t { Certificate, Key, EncryptedKey, Ignored, Other };

struct Block
{
    QByteArray label;
    Kind kind = Kind::Other;
    int line = 0; // of its BEGIN, 1-based
};

Kind classify(const QByteArray &label)
{
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE")
        return Kind::Certificate;
    if (label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY")
        return Kind::Key;
    if (label == "ENCRYPTED PRIVATE KEY")
        return Kind::EncryptedKey;
    if (label == "EC PARAMETERS") // openssl ecparam -genkey writes them before the key
        return Kind::Ignored;
    return Kind::Other;
}

bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// The body of a block decodes as base64 to a DER SEQUENCE (every certificate and key is one).
bool validBody(const QByteArray &body)
{
    if (body.isEmpty() || body.size() % 4 != 0)
        return false;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0 || !isBase64Char(c)) // '=' only at the very end
            return false;
    }
    if (padding > 2)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
    return decoded.decodingStatus == QByteArray::Base64DecodingStatus::Ok && !decoded.decoded.isEmpty() &&
           quint8(decoded.decoded[0]) == 0x30;
}

// Control characters that no PEM file holds: NUL, and C0 codes other than tab, LF, CR, FF.
bool looksBinary(QByteArrayView data)
{
    const qsizetype n = std::min<qsizetype>(data.size(), 4096);
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = quint8(data[i]);
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
            return true;
    }
    return false;
}

QString wrongKindMessage(const QByteArray &label, PemRole role)
{
    const QString l = QString::fromLatin1(label);
    if (label.contains("CERTIFICATE REQUEST"))
        return Pem::tr("This is a certificate request (CSR), not a certificate. Have it signed by your CA "
                       "(or the cloud console) and choose the certificate you get back.");
    if (label.contains("PUBLIC KEY"))
        return role == PemRole::PrivateKey
                   ? Pem::tr("This is a public key. The module needs the private key that "
                             "belongs to the client certificate.")
                   : Pem::tr("This is a public key, not a certificate.");
    if (label == "TRUSTED CERTIFICATE")
        return Pem::tr(
            "This is OpenSSL's \"TRUSTED CERTIFICATE\" form, which modules do not read. Convert it: "
            "openssl x509 -in <file> -out cert.pem");
    if (label == "OPENSSH PRIVATE KEY")
        return Pem::tr(
            "This is an OpenSSH key, not a TLS key. Choose the key that belongs to the client certificate.");
    if (label.endsWith("PRIVATE KEY"))
        return Pem::tr("This is a %1, which the module cannot use. Use an RSA or EC key "
                       "(-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY).")
            .arg(l);
    if (label == "PKCS7")
        return Pem::tr(
            "This is a PKCS#7 bundle. Extract the certificates: openssl pkcs7 -print_certs -in <file> "
            "-out certs.pem");
    return role == PemRole::PrivateKey
               ? Pem::tr("This file holds a -----BEGIN %1----- block, not a private key.").arg(l)
               : Pem::tr("This file holds a -----BEGIN %1----- block, not a certificate.").arg(l);
}

} // namespace

QString PemCheck::describe() const
{
    if (!ok())
        return message;
    if (keys > 0) {
        const QString kind = keyLabel == "RSA PRIVATE KEY"  ? Pem::tr("RSA private key (PKCS#1)")
                             : keyLabel == "EC PRIVATE KEY" ? Pem::tr("EC private key (SEC1)")
                                                            : Pem::tr("private key (PKCS#8)");
        return Pem::tr("%1, %2 bytes").arg(kind).arg(size);
    }
    return Pem::tr("%n certificate(s), %1 bytes", nullptr, certificates).arg(size);
}

PemCheck checkPem(QByteArrayView data, PemRole role)
{
    PemCheck r;
    r.size = data.size();
    auto fail = [&r](PemCheck::Problem p, const QString &message) {
        r.problem = p;
        r.message = message;
        return r;
    };

    if (data.trimmed().isEmpty())
        return fail(PemCheck::Problem::Empty, Pem::tr("The file is empty."));
    if (data.size() > kMaxPemFileSize)
        return fail(
            PemCheck::Problem::TooLarge,
            role == PemRole::Certificate
                ? Pem::tr(
                      "The file has %1 KB, more than the %2 KB a module takes for a certificate. A whole CA "
                      "bundle? Choose only the CA certificate that signed your server's certificate.")
                      .arg((data.size() + 1023) / 1024)
                      .arg(kMaxPemFileSize / 1024)
                : Pem::tr("The file has %1 KB, more than the %2 KB a module takes for a key.")
                      .arg((data.size() + 1023) / 1024)
                      .arg(kMaxPemFileSize / 1024));
    if (looksBinary(data)) {
        if (quint8(data[0]) == 0x30) // an ASN.1 SEQUENCE: DER (or PKCS#12, which is DER too)
            return fail(PemCheck::Problem::Binary,
                        role == PemRole::Certificate
                            ? Pem::tr("This is a binary (DER) file, not PEM. Convert it: "
                                      "openssl x509 -inform der -in <file> -out cert.pem")
                            : Pem::tr("This is a binary (DER) file, not PEM. Convert it: "
                                      "openssl pkey -inform der -in <file> -out key.pem"));
        return fail(PemCheck::Problem::Binary, Pem::tr("This is a binary file, not a PEM text file."));
    }

    std::vector<Block> blocks;
    bool inside = false, inHeaders = false, encryptedHeader = false, outsideText = false;
    Block current;
    QByteArray body;
    int lineNo = 0;
    for (QByteArrayView rest = data; !rest.isEmpty();) {
        const qsizetype nl = rest.indexOf('\n');
        QByteArrayView line = nl < 0 ? rest : rest.first(nl);
        rest = nl < 0 ? QByteArrayView() : rest.sliced(nl + 1);
        ++lineNo;
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        const bool begin = line.startsWith("-----BEGIN ") && line.endsWith("-----") && line.size() > 16;
        const bool end = line.startsWith("-----END ") && line.endsWith("-----") && line.size() > 14;
        if (!inside) {
            if (begin) {
                inside = inHeaders = true;
                encryptedHeader = false;
                current = Block{line.sliced(11, line.size() - 16).toByteArray(), Kind::Other, lineNo};
                current.kind = classify(current.label);
                body.clear();
            } else if (end) {
                return fail(
                    PemCheck::Problem::Malformed,
                    Pem::tr("Line %1 ends a block that never began: the file is damaged.").arg(lineNo));
            } else {
                outsideText = true;
            }
            continue;
        }
        if (begin)
            return fail(PemCheck::Problem::Malformed,
                        Pem::tr("The -----BEGIN %1----- block of line %2 has no END "
                                "line: the file is cut short or damaged.")
                            .arg(QString::fromLatin1(current.label))
                            .arg(current.line));
        if (end) {
            const QByteArrayView label = line.sliced(9, line.size() - 14);
            if (label != current.label)
                return fail(
                    PemCheck::Problem::Malformed,
                    Pem::tr("Line %1 ends a %2 block that began as %3: the file is damaged.")
                        .arg(lineNo)
                        .arg(QString::fromLatin1(label.toByteArray()), QString::fromLatin1(current.label)));
            if (encryptedHeader && current.kind == Kind::Key)
                current.kind = Kind::EncryptedKey;
            if ((current.kind == Kind::Certificate || current.kind == Kind::Key) && !validBody(body))
                return fail(
                    PemCheck::Problem::Malformed,
                    Pem::tr(
                        "The -----BEGIN %1----- block of line %2 is not valid base64: the file is damaged.")
                        .arg(QString::fromLatin1(current.label))
                        .arg(current.line));
            blocks.push_back(current);
            inside = false;
            continue;
        }
        if (inHeaders && line.contains(':')) { // RFC 1421 headers of legacy encrypted keys
            if (line.startsWith("Proc-Type:") && line.contains("ENCRYPTED"))
                encryptedHeader = true;
            continue;
        }
        inHeaders = false;
        body.append(line.data(), line.size());
    }
    if (inside)
        return fail(
            PemCheck::Problem::Malformed,
            Pem::tr(
                "The -----BEGIN %1----- block of line %2 has no END line: the file is cut short or damaged.")
                .arg(QString::fromLatin1(current.label))
                .arg(current.line));

    int encrypted = 0;
    const Block *other = nullptr;
    bool ecParameters = false;
    for (const Block &b : blocks) {
        switch (b.kind) {
        case Kind::Certificate:
            ++r.certificates;
            break;
        case Kind::Key:
            ++r.keys;
            r.keyLabel = b.label;
            break;
        case Kind::EncryptedKey:
            ++r.keys;
            ++encrypted;
            break;
        case Kind::Ignored:
            ecParameters = true;
            break;
        case Kind::Other:
            if (!other)
                other = &b;
            break;
        }
    }

    if (role == PemRole::Certificate) {
        if (r.keys > 0 && r.certificates == 0)
            return fail(
                PemCheck::Problem::KeyNotCertificate,
                Pem::tr(
                    "This is a private key, not a certificate. Choose it as the client key; here choose a "
                    "file with -----BEGIN CERTIFICATE-----."));
        if (r.keys > 0)
            return fail(
                PemCheck::Problem::Mixed,
                Pem::tr("This file holds a private key as well as certificates. Never upload a key as a "
                        "certificate: extract the certificates with openssl x509 -in <file> -out cert.pem."));
        if (r.certificates == 0) {
            if (other)
                return fail(PemCheck::Problem::WrongKind, wrongKindMessage(other->label, role));
            return fail(
                PemCheck::Problem::NotPem,
                Pem::tr("This is not a PEM certificate: there is no -----BEGIN CERTIFICATE----- line."));
        }
        if (r.certificates > 1)
            r.notes << Pem::tr("A chain of %n certificates; the module gets all of them.", nullptr,
                               r.certificates);
    } else {
        if (encrypted > 0)
            return fail(
                PemCheck::Problem::Encrypted,
                Pem::tr(
                    "This key is encrypted with a passphrase, which the module cannot use. Save it without "
                    "one: openssl pkey -in <file> -out key.pem (keep that file safe)."));
        if (r.keys == 0 && r.certificates > 0)
            return fail(
                PemCheck::Problem::CertificateNotKey,
                Pem::tr("This is a certificate, not a private key. Choose the file with -----BEGIN PRIVATE "
                        "KEY----- (or RSA/EC PRIVATE KEY) that belongs to the client certificate."));
        if (r.keys == 0) {
            if (other)
                return fail(PemCheck::Problem::WrongKind, wrongKindMessage(other->label, role));
            return fail(
                PemCheck::Problem::NotPem,
                Pem::tr("This is not a PEM private key: there is no -----BEGIN PRIVATE KEY----- line."));
        }
        if (r.keys > 1)
            return fail(
                PemCheck::Problem::Mixed,
                Pem::tr("This file holds %n private keys; the module takes exactly one.", nullptr, r.keys));
        if (r.certificates > 0)
            return fail(
                PemCheck::Problem::Mixed,
                Pem::tr("This file holds certificates as well as the key; the module expects the key alone. "
                        "Extract it: openssl pkey -in <file> -out key.pem"));
        if (ecParameters)
            r.notes << Pem::tr("The EC PARAMETERS block before the key is uploaded too; modules skip it.");
    }
    if (other)
        r.notes << Pem::tr("The -----BEGIN %1----- block is uploaded too; the module ignores it.")
                       .arg(QString::fromLatin1(other->label));
    if (outsideText)
        r.notes << Pem::tr(
            "Text outside the PEM blocks (such as openssl's \"subject=\" lines) is uploaded as it is.");
    return r;
}

} // namespace qmt::at
