// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli diagnose: a log (or raw bytes) through the import and the pipeline, and the
// diagnosis of what went wrong — per slot, in time order, each failure with its meaning, likely
// causes, fix and the command that caused it, at the lines of the file.

#include "cliinput.h"
#include "engine/pipeline.h"
#include "workflows/diagnosis.h"
#include "workflows/htmlreport.h"
#include "workflows/logimport.h"
#include "workflows/timeline.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

int runDiagnose(const QStringList &args, QTextStream &out, QTextStream &err)
{
    auto usage = [](QTextStream &s, int status, const QString &problem = {}) {
        if (!problem.isEmpty())
            s << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        s << QCoreApplication::translate(
            "qmtscope-cli", "Usage: qmtscope-cli diagnose [--json] [--html FILE] <file | ->\n"
                            "  Reads a log (as decode does), and names every failure it shows per slot, in\n"
                            "  time order: what happened, what it means, the likely causes, the fix and the\n"
                            "  command that caused it, with the lines of the file; then the patterns behind\n"
                            "  them (URCs on another port, data lengths, TLS without a CA, settings after\n"
                            "  connecting, keep-alive, client ids, PDP context, module restarts).\n"
                            "  --html FILE  also writes a one-file HTML report: the slots, the timeline,\n"
                            "               the findings and the log with its lines (no secrets).\n"
                            "  Exit status: 0 no error found, 3 errors found, 1 usage error, 2 a file\n"
                            "  cannot be read or written.\n");
        s.flush();
        return status;
    };
    bool json = false;
    QString path, html;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--json"))
            json = true;
        else if (a == QLatin1String("--html")) {
            if (i + 1 >= args.size())
                return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "--html needs a file name"));
            html = args[++i];
        } else if (a == QLatin1String("-h") || a == QLatin1String("--help"))
            return usage(out, 0);
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
                     QCoreApplication::translate("qmtscope-cli", "diagnose needs a file (or - for stdin)"));
    CliInput in;
    QString readError;
    if (!in.open(path, &readError)) {
        err << QStringLiteral("qmtscope-cli: ") << readError << '\n';
        return 2;
    }
    const qmt::session::LogImport import = qmt::session::LogImport::read(in.bytes());
    qmt::session::ManualClock clock;
    qmt::session::Pipeline pipeline(import.hasTimes() ? static_cast<const qmt::session::Clock *>(&clock)
                                                      : qmt::session::SystemClock::instance());
    qmt::session::Diagnosis diagnosis(pipeline);
    qmt::session::Timeline timeline(pipeline);
    timeline.setByOrder(!import.hasTimes());
    import.feed(pipeline, &clock);
    diagnosis.finish();
    diagnosis.addImportFindings(import);
    if (!html.isEmpty()) {
        qmt::session::HtmlReportInput report;
        report.name = path == QLatin1String("-") ? QStringLiteral("stdin") : QFileInfo(path).fileName();
        report.original = in.bytes();
        report.import = &import;
        report.store = &pipeline.store();
        report.diagnosis = &diagnosis;
        report.timeline = &timeline;
        QSaveFile file(html);
        if (!file.open(QIODevice::WriteOnly) || file.write(qmt::session::HtmlReport::write(report)) < 0 ||
            !file.commit()) {
            err << QStringLiteral("qmtscope-cli: ")
                << QCoreApplication::translate("qmtscope-cli", "cannot write %1: %2")
                       .arg(html, file.errorString())
                << '\n';
            return 2;
        }
    }
    if (json) {
        QJsonObject o = diagnosis.toJson([&](qint64 offset) { return import.lineAt(offset); });
        o.insert(QStringLiteral("import"), import.summary());
        const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    } else {
        out << diagnosis.toText([&](qint64 offset) {
            return QCoreApplication::translate("qmtscope-cli", "line %1").arg(import.lineAt(offset));
        });
        out << import.summary() << '\n';
        out.flush();
    }
    return diagnosis.errorCount() > 0 ? 3 : 0;
}
