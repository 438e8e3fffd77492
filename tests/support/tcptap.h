// SPDX-License-Identifier: Apache-2.0
#pragma once
// A TCP tap between a client and a server (the simulated module and the broker): it accepts on a
// free loopback port, opens one connection to the server per client connection and passes the
// bytes both ways, recording what the client sent on each connection and when it closed. What a
// broker would see of its clients' sockets, without asking the broker.

#include <QByteArray>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include <vector>

namespace qmt::test {

class TcpTap : public QObject
{
    Q_OBJECT
public:
    struct Connection
    {
        QByteArray fromClient; // every byte the client sent on it
        QByteArray fromServer; // every byte the server sent on it
        bool clientClosed = false;
        bool serverClosed = false;
    };

    explicit TcpTap(quint16 serverPort, QObject *parent = nullptr);
    ~TcpTap() override;
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    const std::vector<Connection> &connections() const { return m_connections; }
    // The server ends connection i (as a broker that drops a client).
    void closeFromServer(std::size_t i);

private:
    struct Pair
    {
        QTcpSocket *client = nullptr;
        QTcpSocket *server = nullptr;
    };
    void onNewConnection();

    quint16 m_serverPort;
    QTcpServer m_server;
    std::vector<Connection> m_connections;
    std::vector<Pair> m_pairs;
};

} // namespace qmt::test
