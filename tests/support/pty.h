// SPDX-License-Identifier: Apache-2.0
#pragma once
// A real pseudo-terminal pair for tests: the slave is opened by the code under test (through
// QSerialPort), the master plays the module's side.

#include <QByteArray>
#include <QString>

namespace qmt::test {

class PtyPair
{
public:
    PtyPair(); // opens the master in raw mode; check isOpen()
    ~PtyPair();
    PtyPair(const PtyPair &) = delete;
    PtyPair &operator=(const PtyPair &) = delete;

    bool isOpen() const { return m_master >= 0; }
    QString slavePath() const { return m_slavePath; }
    int masterFd() const { return m_master; }

    // Writes all bytes to the master (the module's output).
    bool write(const QByteArray &bytes);
    // Reads what is available on the master now (non-blocking); waits up to timeoutMs for
    // at least one byte.
    QByteArray read(int timeoutMs = 0);
    void closeMaster();

private:
    int m_master = -1;
    QString m_slavePath;
};

} // namespace qmt::test
