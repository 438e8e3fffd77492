// SPDX-License-Identifier: Apache-2.0
#pragma once
// PEM checks for the files a TLS set-up uploads with AT+QFUPL (PROTOCOL.md §4): a CA or client
// certificate must hold one or more -----BEGIN CERTIFICATE----- blocks, a client key exactly one
// unencrypted private key (PKCS#8, PKCS#1 RSA or SEC1 EC). Everything else — DER binaries,
// encrypted keys, a key chosen as a certificate, a CSR, a whole system CA bundle — is refused
// with a specific, translated message (context "qmt::at::Pem") that says what to do instead.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace qmt::at {

// What a file is meant to be.
enum class PemRole : std::uint8_t { Certificate, PrivateKey };

// Files larger than this are refused. PROTOCOL.md gives no size limit for AT+QFUPL; real
// certificate chains and keys are a few KB, while a system's whole CA bundle (~200 KB) is the
// classic wrong choice, and every byte goes over the serial line.
constexpr qsizetype kMaxPemFileSize = 64 * 1024;

struct PemCheck
{
    enum class Problem : std::uint8_t {
        None,
        Empty,             // nothing, or only white space
        TooLarge,          // over kMaxPemFileSize
        Binary,            // DER or another binary file
        NotPem,            // text without any -----BEGIN block
        Malformed,         // a BEGIN without its END, mismatched labels, bad base64
        Encrypted,         // ENCRYPTED PRIVATE KEY, or a PKCS#1 key with Proc-Type: 4,ENCRYPTED
        KeyNotCertificate, // a private key where a certificate is expected
        CertificateNotKey, // a certificate where a private key is expected
        WrongKind,         // a CSR, a public key, PKCS#7 ...: neither a certificate nor a key
        Mixed,             // a certificate file that also holds a key, or a key file with more
    };

    Problem problem = Problem::None;
    QString message;      // translated; empty when the file is fine
    int certificates = 0; // CERTIFICATE blocks found
    int keys = 0;         // private key blocks found (encrypted ones included)
    QByteArray keyLabel;  // "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY"
    QStringList notes;    // translated remarks that do not refuse the file
    qsizetype size = 0;

    bool ok() const { return problem == Problem::None; }
    // One translated line for a good file: "1 certificate, 1188 bytes", "RSA private key (PKCS#1), 1679
    // bytes".
    QString describe() const;
};

// Checks data read from a file meant as `role`.
PemCheck checkPem(QByteArrayView data, PemRole role);

} // namespace qmt::at
