// SPDX-License-Identifier: Apache-2.0
#include "tcptap.h"

#include <QHostAddress>

namespace qmt::test {

TcpTap::TcpTap(quint16 serverPort, QObject *parent) : QObject(parent), m_serverPort(serverPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpTap::onNewConnection);
}

TcpTap::~TcpTap()
{
    for (Pair &p : m_pairs) {
        for (QTcpSocket *s : {p.client, p.server}) {
            if (s) {
                s->disconnect(this);
                s->abort();
                delete s;
            }
        }
    }
}

bool TcpTap::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void TcpTap::closeFromServer(std::size_t i)
{
    if (i < m_pairs.size() && m_pairs[i].server)
        m_pairs[i].server->disconnectFromHost();
}

void TcpTap::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(nullptr);
        const std::size_t i = m_connections.size();
        m_connections.push_back({});
        auto *server = new QTcpSocket;
        m_pairs.push_back({client, server});
        connect(client, &QIODevice::readyRead, this, [this, i] {
            const QByteArray b = m_pairs[i].client->readAll();
            m_connections[i].fromClient += b;
            m_pairs[i].server->write(b);
        });
        connect(server, &QIODevice::readyRead, this, [this, i] {
            const QByteArray b = m_pairs[i].server->readAll();
            m_connections[i].fromServer += b;
            m_pairs[i].client->write(b);
        });
        connect(client, &QAbstractSocket::disconnected, this, [this, i] {
            m_connections[i].clientClosed = true;
            m_pairs[i].server->disconnectFromHost();
        });
        connect(server, &QAbstractSocket::disconnected, this, [this, i] {
            m_connections[i].serverClosed = true;
            m_pairs[i].client->disconnectFromHost();
        });
        server->connectToHost(QHostAddress::LocalHost, m_serverPort);
    }
}

} // namespace qmt::test
