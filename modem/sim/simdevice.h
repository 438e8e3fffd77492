// SPDX-License-Identifier: Apache-2.0
#pragma once
// The simulated module as a QIODevice, in-process: what is written to the device goes to the
// module, what the module sends is read from it (readyRead as for a serial port). Tests and the
// demo can use it where no pseudo-terminal is wanted; qmtscope-sim keeps the pty (ptyserver.h).

#include <QIODevice>

namespace qmt::sim {

class SimModule;

class SimDevice : public QIODevice
{
    Q_OBJECT
public:
    // The module must outlive the device.
    explicit SimDevice(SimModule *module, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_in.size() + QIODevice::bytesAvailable(); }
    SimModule *module() const { return m_module; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    SimModule *m_module;
    QByteArray m_in; // from the module, not read yet
};

} // namespace qmt::sim
