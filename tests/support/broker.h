// SPDX-License-Identifier: Apache-2.0
#pragma once
// The tests' private Mosquitto broker (TestBroker, an alias of qmt::mqtt::LocalBroker: its own
// config in a temporary directory, free loopback ports, optional password file and TLS listener,
// killed and reaped when the object dies), and makeTestPki(), which writes a throw-away CA and
// certificates with the openssl tool (mqtt::PkiMaker, waited for in a local event loop).

#include "mqtt/localbroker.h"
#include "mqtt/pkimaker.h"

#include <QString>

namespace qmt::test {

// ca.crt, ca.key, server.crt (CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1),
// server.key, client.crt (CN=qmt-test-client), client.key
using TestPki = mqtt::Pki;

// Writes the files into dir (which must exist). Each call makes a new, unrelated CA. Blocks in a
// local event loop.
bool makeTestPki(const QString &dir, TestPki *out, QString *error);

// The tests' broker is LocalBroker itself (modem/mqtt/localbroker.h), under its old name.
using TestBroker = mqtt::LocalBroker;

// A free TCP port on 127.0.0.1 (bound, read back and released).
inline quint16 freeLoopbackPort()
{
    return mqtt::LocalBroker::freeLoopbackPort();
}

} // namespace qmt::test
