// SPDX-License-Identifier: Apache-2.0
#pragma once
// The file (or stdin, "-") a qmtscope-cli subcommand reads: mapped when it can be, else read
// whole; the bytes stay valid as long as the CliInput lives.

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QString>

class CliInput
{
public:
    // False with *error set (translated, naming the path) when it cannot be read.
    bool open(const QString &path, QString *error);
    QByteArrayView bytes() const { return m_view; }

private:
    QFile m_file;
    QByteArray m_owned;
    QByteArrayView m_view;
};
