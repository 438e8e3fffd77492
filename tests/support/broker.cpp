// SPDX-License-Identifier: Apache-2.0
#include "broker.h"

namespace qmt::test {

bool makeTestPki(const QString &dir, TestPki *out, QString *error)
{
    const TestPki pki = mqtt::Pki::in(dir);
    mqtt::PkiOptions options;
    options.organisation = QStringLiteral("QMT Scope tests");
    options.clientName = QStringLiteral("qmt-test-client");
    options.days = 365; // no "expires soon" warning in the TLS checks (workflows/certcheck.h)
    if (!mqtt::PkiMaker::makeAndWait(pki, options, error))
        return false;
    *out = pki;
    return true;
}

} // namespace qmt::test
