// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the certificate checks of the TLS wizard: the PEM check (at/pem.h) and the
// checks of the certificates against each other (workflows/certcheck.h, OpenSSL). The input is
// up to three files, CA certificate, client certificate and client key, separated by the byte
// 0x00 (which no PEM file holds). Properties beyond "no crash":
// - checkPem's verdict agrees with its counts: a good certificate file holds certificates and
//   no key, a good key file exactly one key and no certificate; a refusal has a message, a good
//   file none; the size is the data's;
// - every certificate finding has a text and is about a file the plan needs.

#include "at/pem.h"
#include "fuzzcommon.h"
#include "workflows/certcheck.h"

#include <QByteArray>
#include <cstdint>

using qmt::at::PemCheck;
using qmt::at::PemRole;
using qmt::session::TlsFileRole;

namespace {

void checkVerdict(const PemCheck &c, QByteArrayView data, PemRole role)
{
    if (c.size != data.size() && c.problem != PemCheck::Problem::TooLarge)
        qmt::fuzz::fail("fuzz_pem", "the size is not the data's");
    if (c.ok() != c.message.isEmpty())
        qmt::fuzz::fail("fuzz_pem", "a refusal without a message, or a good file with one");
    if (!c.ok())
        return;
    if (role == PemRole::Certificate && (c.certificates < 1 || c.keys != 0))
        qmt::fuzz::fail("fuzz_pem", "a good certificate file without a certificate, or with a key");
    if (role == PemRole::PrivateKey && (c.keys != 1 || c.certificates != 0))
        qmt::fuzz::fail("fuzz_pem", "a good key file without exactly one key");
    if (c.describe().isEmpty())
        qmt::fuzz::fail("fuzz_pem", "a good file without a description");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 3 * qmt::at::kMaxPemFileSize)
        return 0;
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    qmt::session::TlsPlan plan;
    plan.secLevel = 2;
    plan.caChecksClients = size > 0 && (data[0] & 1);
    QByteArrayView rest = in;
    for (int r = 0; r < qmt::session::kTlsFileRoles; ++r) {
        const qsizetype cut = rest.indexOf('\0');
        const QByteArrayView file = cut < 0 ? rest : rest.first(cut);
        rest = cut < 0 ? QByteArrayView() : rest.sliced(cut + 1);
        plan.files[std::size_t(r)].data = file.toByteArray();
        const PemRole role =
            TlsFileRole(r) == TlsFileRole::ClientKey ? PemRole::PrivateKey : PemRole::Certificate;
        checkVerdict(qmt::at::checkPem(file, role), file, role);
        // the other role too: a key offered as a certificate and the reverse are refused, not crashes
        const PemRole other = role == PemRole::Certificate ? PemRole::PrivateKey : PemRole::Certificate;
        checkVerdict(qmt::at::checkPem(file, other), file, other);
    }
    static const QDateTime now = QDateTime::fromString(QStringLiteral("2026-06-01T00:00:00Z"), Qt::ISODate);
    const QList<qmt::session::CertFinding> findings = qmt::session::checkCertificates(plan, now);
    for (const auto &f : findings) {
        if (f.text.isEmpty())
            qmt::fuzz::fail("fuzz_pem", "a finding without a text");
        if (!plan.needs(f.role))
            qmt::fuzz::fail("fuzz_pem", "a finding about a file the plan does not need");
        if (f.index < 0)
            qmt::fuzz::fail("fuzz_pem", "a finding about a certificate before the first");
    }
    (void)qmt::session::worstTone(findings);
    return 0;
}

#ifndef QMT_LIBFUZZER
// Plain driver: fuzz_pem_driver <corpus files...> [--random N]
#include <QRandomGenerator>

int main(int argc, char **argv)
{
    const qmt::fuzz::DriverArgs args = qmt::fuzz::driverArgs(argc, argv);
    qmt::fuzz::runCorpus(args);
    // Corpus files cut, spliced and with PEM fragments put in.
    static const char *const kPieces[] = {"-----BEGIN CERTIFICATE-----\n",
                                          "-----END CERTIFICATE-----\n",
                                          "-----BEGIN PRIVATE KEY-----\n",
                                          "-----END PRIVATE KEY-----\n",
                                          "-----BEGIN RSA PRIVATE KEY-----\n",
                                          "Proc-Type: 4,ENCRYPTED\n",
                                          "-----BEGIN EC PRIVATE KEY-----\n",
                                          "-----BEGIN CERTIFICATE REQUEST-----\n",
                                          "MIIB",
                                          "====",
                                          "\n",
                                          "\r\n",
                                          "\0",
                                          "\x30\x82\x01\x0a",
                                          "AAAA"};
    QRandomGenerator rng(4242);
    for (int r = 0; r < args.randomRuns; ++r) {
        QByteArray in;
        if (!args.corpus.isEmpty() && rng.bounded(2) == 0) {
            const QByteArray &c = args.corpus[rng.bounded(int(args.corpus.size()))];
            const qsizetype at = c.isEmpty() ? 0 : qsizetype(rng.bounded(int(c.size())));
            const int piece = rng.bounded(int(sizeof kPieces / sizeof *kPieces));
            in = c.left(at) +
                 QByteArray(kPieces[piece], piece == 12 ? 1 : qsizetype(strlen(kPieces[piece]))) +
                 c.mid(at + qsizetype(rng.bounded(8)));
        } else {
            const int n = int(rng.bounded(12));
            for (int k = 0; k < n; ++k) {
                const int piece = rng.bounded(int(sizeof kPieces / sizeof *kPieces));
                in += QByteArray(kPieces[piece], piece == 12 ? 1 : qsizetype(strlen(kPieces[piece])));
            }
        }
        qmt::fuzz::run(in);
    }
    std::printf("fuzz_pem driver: %lld corpus files, %d random inputs: verdicts agree with counts\n",
                qlonglong(args.corpus.size()), args.randomRuns);
    return 0;
}
#endif
