#pragma once
// The tests' private Mosquitto broker (TestBroker, an alias of qmt::mqtt::LocalBroker: its own
// config in a temporary directory, free loopback ports, optional password file and TLS listener,
// killed and reaped when the object dies), and makeTestPki(), which writes a throw-away CA and
// certificates with the openssl tool.

#include "mqtt/localbroker.h"

#include <QString>

namespace qmt::test {

struct TestPki
{
    QString caCert; // self-signed CA
    QString caKey;
    QString serverCert; // CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1
    QString serverKey;
    QString clientCert; // CN=qmt-test-client, signed by the CA
    QString clientKey;
};

// Writes the files into dir (which must exist). Each call makes a new, unrelated CA.
bool makeTestPki(const QString &dir, TestPki *out, QString *error);

// The tests' broker is LocalBroker itself (modem/mqtt/localbroker.h), under its old name.
using TestBroker = mqtt::LocalBroker;

// A free TCP port on 127.0.0.1 (bound, read back and released).
inline quint16 freeLoopbackPort()
{
    return mqtt::LocalBroker::freeLoopbackPort();
}

} // namespace qmt::test
