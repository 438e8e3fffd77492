// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli: the engine on the command line. `decode` runs a transcript through the same
// framer, parser and slot store as the app and prints the six slots as JSON.

#include "engine/pipeline.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace {

// The help text; on stdout with exit status 0 when asked for (--help), on stderr with 1 after a
// usage error, which is named first.
int usage(QTextStream &out, int status, const QString &problem = {})
{
    if (!problem.isEmpty())
        out << QStringLiteral("qmtscope-cli: ") << problem << '\n';
    out << QCoreApplication::translate(
        "qmtscope-cli", "Usage: qmtscope-cli decode [--compact] [--include-secrets] <file | ->\n"
                        "       qmtscope-cli --help | --version\n"
                        "  Reads a transcript (raw bytes from a module, or a text log of commands and\n"
                        "  responses; - reads stdin), runs it through the QMT Scope pipeline and prints\n"
                        "  the final state of the six MQTT client slots as JSON.\n"
                        "  Exit status: 0 decoded, 1 usage error, 2 the file cannot be read.\n");
    out.flush();
    return status;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qmtscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QMT_VERSION));
    QTextStream err(stderr);
    QTextStream textOut(stdout);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty())
        return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "no subcommand given"));
    if (args.first() == QLatin1String("-h") || args.first() == QLatin1String("--help"))
        return usage(textOut, 0);
    if (args.first() == QLatin1String("--version")) {
        textOut << QStringLiteral("qmtscope-cli %1\n").arg(QCoreApplication::applicationVersion());
        return 0;
    }
    if (args.first() != QLatin1String("decode"))
        return usage(
            err, 1,
            args.first().startsWith(QLatin1Char('-'))
                ? QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(args.first())
                : QCoreApplication::translate("qmtscope-cli", "unknown subcommand %1").arg(args.first()));
    bool compact = false, secrets = false;
    QString path;
    for (const QString &a : args.mid(1)) {
        if (a == QLatin1String("--compact"))
            compact = true;
        else if (a == QLatin1String("--include-secrets"))
            secrets = true;
        else if (a == QLatin1String("-h") || a == QLatin1String("--help"))
            return usage(textOut, 0);
        else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-"))
            return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        else if (path.isEmpty())
            path = a;
        else
            return usage(err, 1,
                         QCoreApplication::translate("qmtscope-cli", "one file only; %1 is a second").arg(a));
    }
    if (path.isEmpty())
        return usage(err, 1,
                     QCoreApplication::translate("qmtscope-cli", "decode needs a file (or - for stdin)"));

    qmt::session::Pipeline pipeline;
    QFile file;
    const bool isStdin = path == QLatin1String("-");
    const bool opened = isStdin ? file.open(stdin, QIODevice::ReadOnly)
                                : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        err << QCoreApplication::translate("qmtscope-cli", "qmtscope-cli: cannot read %1: %2\n")
                   .arg(path, file.errorString());
        return 2;
    }
    if (!isStdin && file.size() > 0) {
        if (uchar *map = file.map(0, file.size())) {
            constexpr qint64 kChunk = 1 << 20;
            for (qint64 off = 0; off < file.size(); off += kChunk)
                pipeline.received(QByteArrayView(reinterpret_cast<const char *>(map) + off,
                                                 std::min(kChunk, file.size() - off)));
        } else {
            err << QCoreApplication::translate("qmtscope-cli", "qmtscope-cli: cannot read %1: %2\n")
                       .arg(path, file.errorString());
            return 2;
        }
    } else {
        // stdin or a file that cannot be sized (a pipe): read until the end.
        QByteArray buf(1 << 16, Qt::Uninitialized);
        const int fd = isStdin ? 0 : file.handle();
        for (;;) {
            const ssize_t n = ::read(fd, buf.data(), size_t(buf.size()));
            if (n < 0) {
                err << QCoreApplication::translate("qmtscope-cli", "qmtscope-cli: cannot read %1\n")
                           .arg(path);
                return 2;
            }
            if (n == 0)
                break;
            pipeline.received(QByteArrayView(buf.constData(), n));
        }
    }
    pipeline.endOfInput();

    const QJsonDocument doc(pipeline.store().toJson(secrets));
    const QByteArray out = doc.toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented);
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    const auto unknown = pipeline.store().module().unknownLines;
    if (unknown > 0)
        err << QCoreApplication::translate(
            "qmtscope-cli", "qmtscope-cli: %n line(s) were not AT traffic (kept and counted)\n", nullptr,
            int(unknown));
    return 0;
}
