// SPDX-License-Identifier: Apache-2.0
// qmtscope-cli timeline: a log (or raw bytes) through the import and the pipeline, and the
// timeline picture of its slots — network and MQTT state over time, messages out and in,
// errors, restarts — as SVG (on stdout, or a .svg file) or PNG (a .png file).

#include "cliinput.h"
#include "engine/pipeline.h"
#include "timelinepainter.h"
#include "workflows/logimport.h"
#include "workflows/timeline.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

#include <cmath>
#include <cstdio>

int runTimeline(const QStringList &args, QTextStream &out, QTextStream &err)
{
    auto usage = [](QTextStream &s, int status, const QString &problem = {}) {
        if (!problem.isEmpty())
            s << QStringLiteral("qmtscope-cli: ") << problem << '\n';
        s << QCoreApplication::translate(
            "qmtscope-cli",
            "Usage: qmtscope-cli timeline [--output FILE.svg|FILE.png] [--width N] [--slot N]\n"
            "                             [--from T] [--to T] <file | ->\n"
            "  Reads a log (as decode does) and draws its timeline: per slot, the network and\n"
            "  MQTT state over time, messages published and received, errors and restarts.\n"
            "  --output  a .png or .svg file (default: SVG on stdout)\n"
            "  --width   the picture's width in pixels (300-20000, default 1200)\n"
            "  --slot    only this slot (0-5)\n"
            "  --from, --to  the part shown: seconds from the log's start, or event numbers\n"
            "            when the log has no times\n"
            "  Exit status: 0 drawn, 1 usage error, 2 the file cannot be read or written.\n");
        s.flush();
        return status;
    };
    QString path, output;
    int width = 1200, slot = -1;
    double from = -1, to = -1;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](double low, double high, double *v) {
            bool ok = false;
            *v = i + 1 < args.size() ? args[i + 1].toDouble(&ok) : 0;
            ++i;
            return ok && std::isfinite(*v) && *v >= low && *v <= high;
        };
        double v = 0;
        if (a == QLatin1String("-h") || a == QLatin1String("--help"))
            return usage(out, 0);
        if (a == QLatin1String("--output") || a == QLatin1String("-o")) {
            if (i + 1 >= args.size())
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli", "--output needs a file name"));
            output = args[++i];
            const QString suffix = QFileInfo(output).suffix().toLower();
            if (suffix != QLatin1String("svg") && suffix != QLatin1String("png"))
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli",
                                                         "--output must name a .svg or .png file, not %1")
                                 .arg(output));
        } else if (a == QLatin1String("--width")) {
            if (!value(300, 20000, &v))
                return usage(err, 1,
                             QCoreApplication::translate(
                                 "qmtscope-cli", "--width takes a number of pixels from 300 to 20000"));
            width = int(v);
        } else if (a == QLatin1String("--slot")) {
            if (!value(0, 5, &v) || v != std::floor(v))
                return usage(
                    err, 1,
                    QCoreApplication::translate("qmtscope-cli", "--slot takes a client_idx from 0 to 5"));
            slot = int(v);
        } else if (a == QLatin1String("--from") || a == QLatin1String("--to")) {
            if (!value(0, 1e9, &v))
                return usage(err, 1,
                             QCoreApplication::translate("qmtscope-cli",
                                                         "%1 takes a number of seconds (or events) from 0")
                                 .arg(a));
            (a == QLatin1String("--from") ? from : to) = v;
        } else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "unknown option %1").arg(a));
        } else if (path.isEmpty()) {
            path = a;
        } else {
            return usage(err, 1,
                         QCoreApplication::translate("qmtscope-cli", "one file only; %1 is a second").arg(a));
        }
    }
    if (path.isEmpty())
        return usage(err, 1,
                     QCoreApplication::translate("qmtscope-cli", "timeline needs a file (or - for stdin)"));
    if (from >= 0 && to >= 0 && to <= from)
        return usage(err, 1, QCoreApplication::translate("qmtscope-cli", "--to must come after --from"));
    CliInput in;
    QString readError;
    if (!in.open(path, &readError)) {
        err << QStringLiteral("qmtscope-cli: ") << readError << '\n';
        return 2;
    }
    using namespace qmt::session;
    const LogImport import = LogImport::read(in.bytes());
    ManualClock clock;
    Pipeline pipeline(import.hasTimes() ? static_cast<const Clock *>(&clock) : SystemClock::instance());
    Timeline timeline(pipeline);
    timeline.setByOrder(!import.hasTimes());
    import.feed(pipeline, &clock);

    Timeline::View view;
    view.width = width;
    view.onlySlot = slot;
    if (from >= 0 || to >= 0) {
        const double unit = timeline.byOrder() ? 1 : 1e6;
        view.from = timeline.first() + qint64(std::llround(std::max(0.0, from) * unit));
        view.to = to >= 0 ? timeline.first() + qint64(std::llround(to * unit)) : timeline.last();
        if (view.to <= view.from)
            view.to = view.from + (timeline.byOrder() ? 1 : 1000);
    }
    const TimelineScene scene = timeline.layout(view);
    if (output.isEmpty()) {
        const QByteArray svg = toSvg(scene);
        std::fwrite(svg.constData(), 1, size_t(svg.size()), stdout);
        return 0;
    }
    QSaveFile file(output);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok && output.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        ok = file.write(toSvg(scene)) >= 0;
    else if (ok)
        ok = qmt::paint::timelineImage(scene).save(&file, "PNG");
    if (!ok || !file.commit()) {
        err << QStringLiteral("qmtscope-cli: ")
            << QCoreApplication::translate("qmtscope-cli", "cannot write %1: %2")
                   .arg(output, file.errorString())
            << '\n';
        return 2;
    }
    err << QCoreApplication::translate("qmtscope-cli", "%1: %2 × %3 pixels")
               .arg(output)
               .arg(int(scene.width))
               .arg(int(std::ceil(scene.height)))
        << '\n';
    return 0;
}
