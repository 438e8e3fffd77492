// SPDX-License-Identifier: Apache-2.0
#pragma once
// An independent witness on the broker: runs mosquitto_sub, so that what our own client sends is
// checked by a program that shares none of our code.

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <chrono>

namespace qmt::test {

class MosquittoSub
{
public:
    struct Message
    {
        QByteArray topic;
        QByteArray payload;
        int qos = 0;
        bool retained = false;
    };

    static constexpr std::chrono::seconds kDefaultTimeout{20};

    MosquittoSub() = default;
    ~MosquittoSub();
    MosquittoSub(const MosquittoSub &) = delete;
    MosquittoSub &operator=(const MosquittoSub &) = delete;

    // Subscribes to topicFilter and returns once the subscription is in place; the program exits
    // after count messages or after timeout. (Readiness: a retained message on a private sync
    // topic, published beforehand with mosquitto_pub, has arrived. mosquitto_sub's -d output
    // cannot tell: it is block-buffered on a pipe, unlike the messages.)
    bool start(quint16 port, const QByteArray &topicFilter, int count, int qos = 0,
               std::chrono::seconds timeout = kDefaultTimeout);
    // Waits for the count messages (or the program's exit); true if all arrived.
    bool waitForMessages();
    QList<Message> messages() const { return m_messages; }
    QString errorString() const { return m_error; }

private:
    void parseOutput();
    bool runPub(const QStringList &args);

    QProcess m_process;
    QByteArray m_output;
    QList<Message> m_messages;
    quint16 m_port = 0;
    QByteArray m_syncTopic;
    bool m_synced = false;
    int m_count = 0;
    std::chrono::seconds m_timeout{kDefaultTimeout};
    QString m_error;
};

} // namespace qmt::test
