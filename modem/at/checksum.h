// SPDX-License-Identifier: Apache-2.0
#pragma once
// The checksum AT+QFUPL reports after an upload (+QFUPL: <upload_size>,<checksum>, PROTOCOL.md §4):
// XOR of the data taken as big-endian 16-bit words; an odd last byte is the high byte of a final
// word whose low byte is 0. Printed by the module as lower-case hex without leading zeros.

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace qmt::at {

// One-shot checksum of a whole file.
quint16 qfuplChecksum(QByteArrayView data);

// Incremental checksum of data that arrives in chunks of any size (odd sizes included): the
// result equals qfuplChecksum() of the concatenation of every chunk added.
class QfuplChecksum
{
public:
    void add(QByteArrayView data);
    quint16 value() const { return m_value; }
    qint64 size() const { return m_size; } // bytes added so far
    void reset() { *this = QfuplChecksum{}; }

private:
    quint16 m_value = 0;
    qint64 m_size = 0; // its parity says whether the next byte is a high or a low byte
};

// The module's text for a checksum: lower-case hex, no leading zeros ("2d13", "0" for 0).
QByteArray formatChecksum(quint16 checksum);

} // namespace qmt::at
