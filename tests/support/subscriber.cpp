// SPDX-License-Identifier: Apache-2.0
#include "subscriber.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace qmt::test {

namespace {
constexpr std::chrono::milliseconds kReapTimeout{5000};
constexpr std::chrono::milliseconds kExtraWait{5000}; // beyond mosquitto_sub's own -W timeout
} // namespace

MosquittoSub::~MosquittoSub()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(int(kReapTimeout.count()));
    }
}

bool MosquittoSub::runPub(const QStringList &args)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("mosquitto_pub"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("mosquitto_pub not found in PATH");
        return false;
    }
    QProcess pub;
    pub.setProcessChannelMode(QProcess::MergedChannels);
    pub.start(program, QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                                   QString::number(m_port), QStringLiteral("-q"), QStringLiteral("1")} +
                           args);
    const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(m_timeout);
    if (!pub.waitForFinished(int(limit.count()))) {
        pub.kill();
        pub.waitForFinished(int(kReapTimeout.count()));
    }
    if (pub.exitStatus() != QProcess::NormalExit || pub.exitCode() != 0) {
        m_error = QStringLiteral("mosquitto_pub %1 failed: %2")
                      .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(pub.readAll()));
        return false;
    }
    return true;
}

bool MosquittoSub::start(quint16 port, const QByteArray &topicFilter, int count, int qos,
                         std::chrono::seconds timeout)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("mosquitto_sub"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("mosquitto_sub not found in PATH");
        return false;
    }
    m_port = port;
    m_count = count;
    m_timeout = timeout;
    m_output.clear();
    m_messages.clear();
    m_synced = false;
    m_syncTopic = "qmt/test-sync/" + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1();
    if (!runPub({QStringLiteral("-r"), QStringLiteral("-t"), QString::fromLatin1(m_syncTopic),
                 QStringLiteral("-m"), QStringLiteral("sync")}))
        return false;

    // Each message is one line, "<retained> <qos> <payload in hex> <topic>", which survives any
    // payload bytes. The retained sync message comes first, right after the SUBACK.
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program,
                    {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                     QString::number(port), QStringLiteral("-q"), QString::number(qos), QStringLiteral("-t"),
                     QString::fromLatin1(m_syncTopic), QStringLiteral("-t"), QString::fromUtf8(topicFilter),
                     QStringLiteral("-C"), QString::number(count + 1), QStringLiteral("-W"),
                     QString::number(timeout.count()), QStringLiteral("-F"), QStringLiteral("%r %q %x %t")});
    if (!m_process.waitForStarted(int(kReapTimeout.count()))) {
        m_error = QStringLiteral("%1: %2").arg(program, m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        m_output += m_process.readAll();
        parseOutput();
        if (m_synced)
            return true;
        if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()) {
            m_error =
                QStringLiteral("mosquitto_sub did not subscribe:\n%1").arg(QString::fromLocal8Bit(m_output));
            return false;
        }
        m_process.waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 1000)));
    }
}

bool MosquittoSub::waitForMessages()
{
    const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(m_timeout) + kExtraWait;
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(int(limit.count()))) {
        m_process.kill();
        m_process.waitForFinished(int(kReapTimeout.count()));
    }
    m_output += m_process.readAll();
    parseOutput();
    // Remove the retained sync message from the broker.
    runPub(
        {QStringLiteral("-r"), QStringLiteral("-n"), QStringLiteral("-t"), QString::fromLatin1(m_syncTopic)});
    if (m_messages.size() < m_count) {
        m_error = QStringLiteral("mosquitto_sub got %1 of %2 messages:\n%3")
                      .arg(m_messages.size())
                      .arg(m_count)
                      .arg(QString::fromLocal8Bit(m_output));
        return false;
    }
    return true;
}

void MosquittoSub::parseOutput()
{
    m_messages.clear();
    const QList<QByteArray> lines = m_output.split('\n');
    // The last piece has no line end yet unless the output ends with one.
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.size() < 5 || (line[0] != '0' && line[0] != '1') || line[1] != ' ' || line[3] != ' ')
            continue;
        const qsizetype hexEnd = line.indexOf(' ', 4);
        if (hexEnd < 0)
            continue;
        Message m;
        m.retained = line[0] == '1';
        m.qos = line[2] - '0';
        m.payload = QByteArray::fromHex(line.mid(4, hexEnd - 4));
        m.topic = line.mid(hexEnd + 1);
        if (m.topic == m_syncTopic) {
            m_synced = true;
            continue;
        }
        m_messages.append(m);
    }
}

} // namespace qmt::test
