// SPDX-License-Identifier: Apache-2.0
#include "sim/simdevice.h"

#include "sim/simmodule.h"

#include <QTimer>

#include <cstring>

namespace qmt::sim {

SimDevice::SimDevice(SimModule *module, QObject *parent) : QIODevice(parent), m_module(module)
{
    connect(module, &SimModule::output, this, [this](const QByteArray &bytes) {
        if (!isOpen())
            return; // a closed port hears nothing, like a serial line
        m_in += bytes;
        // Announced from the event loop, as a serial port does: a reader that writes from its
        // readyRead handler never re-enters the module's write.
        QTimer::singleShot(0, this, [this] {
            if (isOpen() && !m_in.isEmpty())
                emit readyRead();
        });
    });
}

qint64 SimDevice::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_in.size());
    std::memcpy(data, m_in.constData(), size_t(n));
    m_in.remove(0, n);
    return n;
}

qint64 SimDevice::writeData(const char *data, qint64 size)
{
    m_module->write(QByteArrayView(data, size));
    emit bytesWritten(size);
    return size;
}

} // namespace qmt::sim
