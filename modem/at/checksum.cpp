// SPDX-License-Identifier: Apache-2.0
#include "at/checksum.h"

namespace qmt::at {

void QfuplChecksum::add(QByteArrayView data)
{
    const auto *p = reinterpret_cast<const uchar *>(data.data());
    qsizetype n = data.size();
    if (n == 0)
        return;
    quint16 acc = m_value;
    // Complete a word whose high byte came with the previous chunk.
    if (m_size & 1) {
        acc ^= *p++;
        --n;
    }
    for (; n >= 2; n -= 2, p += 2)
        acc ^= quint16((quint16(p[0]) << 8) | p[1]);
    if (n == 1) // an odd byte out is the high byte of a word whose low byte is 0 (so far)
        acc ^= quint16(quint16(*p) << 8);
    m_value = acc;
    m_size += data.size();
}

quint16 qfuplChecksum(QByteArrayView data)
{
    QfuplChecksum c;
    c.add(data);
    return c.value();
}

QByteArray formatChecksum(quint16 checksum)
{
    return QByteArray::number(checksum, 16);
}

} // namespace qmt::at
