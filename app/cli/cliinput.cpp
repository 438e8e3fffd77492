// SPDX-License-Identifier: Apache-2.0
#include "cliinput.h"

#include <QCoreApplication>

#include <cstdio>
#include <cerrno>
#include <cstring>
#include <unistd.h>

bool CliInput::open(const QString &path, QString *error)
{
    const bool isStdin = path == QLatin1String("-");
    const bool opened = isStdin ? m_file.open(stdin, QIODevice::ReadOnly)
                                : (m_file.setFileName(path), m_file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error =
            QCoreApplication::translate("qmtscope-cli", "cannot read %1: %2").arg(path, m_file.errorString());
        return false;
    }
    if (!isStdin && m_file.size() > 0) {
        uchar *map = m_file.map(0, m_file.size());
        if (!map) {
            *error = QCoreApplication::translate("qmtscope-cli", "cannot read %1: %2")
                         .arg(path, m_file.errorString());
            return false;
        }
        m_view = QByteArrayView(reinterpret_cast<const char *>(map), m_file.size());
        return true;
    }
    // stdin or a file that cannot be sized (a pipe): read until the end.
    QByteArray buf(1 << 16, Qt::Uninitialized);
    const int fd = isStdin ? 0 : m_file.handle();
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), size_t(buf.size()));
        if (n < 0) {
            *error = QCoreApplication::translate("qmtscope-cli", "cannot read %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (n == 0)
            break;
        m_owned.append(buf.constData(), n);
    }
    m_view = m_owned;
    return true;
}
