// SPDX-License-Identifier: Apache-2.0
#include "eventdump.h"

#include "engine/pipeline.h"

namespace qmt::test {

QString dumpFrame(const at::Frame &f)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(int(f.kind))
        .arg(f.offset)
        .arg(f.truncated ? 1 : 0)
        .arg(f.payloadStart)
        .arg(f.payloadLength)
        .arg(QString::fromLatin1(f.text.toByteArray().toHex()));
}

QString dumpEvent(const at::AtEvent &e)
{
    QStringList args;
    for (qsizetype i = 0; i < e.argCount(); ++i)
        args << (e.arg(i).quoted ? QStringLiteral("\"%1\"") : QStringLiteral("%1"))
                    .arg(QString::fromUtf8(e.arg(i).text.toByteArray()));
    return QStringLiteral(
               "t%1 w%2 d%3 %4 f%5 e%6 x%7 i%8 @%9 [%10] {%11} topic=%12 payload=%13 len=%14 c%15 cme=%16/%17")
        .arg(int(e.type))
        .arg(int(e.what))
        .arg(int(e.dir))
        .arg(QString::fromLatin1(at::cmdName(e.cmd)))
        .arg(int(e.form))
        .arg(e.echo ? 1 : 0)
        .arg(e.truncated ? 1 : 0)
        .arg(e.clientIdx)
        .arg(e.offset)
        .arg(QString::fromLatin1(e.text.toByteArray().toHex()))
        .arg(args.join(QLatin1Char(',')))
        .arg(QString::fromUtf8(e.topic.toByteArray()))
        .arg(QString::fromLatin1(e.payload.toByteArray().toHex()))
        .arg(e.declaredLength)
        .arg(e.payloadComplete ? 1 : 0)
        .arg(e.cmeCode)
        .arg(QString::fromUtf8(e.cmeText.toByteArray()));
}

QStringList frameDump(const QByteArray &bytes, qsizetype chunk)
{
    QStringList out;
    at::Framer framer;
    auto sink = [&](const at::Frame &f) { out << dumpFrame(f); };
    if (chunk <= 0)
        chunk = bytes.size();
    for (qsizetype i = 0; i < bytes.size(); i += chunk)
        framer.feed(QByteArrayView(bytes).sliced(i, std::min(chunk, bytes.size() - i)), sink);
    framer.finish(sink);
    return out;
}

QStringList eventDump(const QByteArray &bytes, qsizetype chunk)
{
    QStringList out;
    session::ManualClock clock;
    session::Pipeline p(&clock);
    p.addObserver([&](const at::AtEvent &e) { out << dumpEvent(e); });
    if (chunk <= 0)
        chunk = bytes.size();
    for (qsizetype i = 0; i < bytes.size(); i += chunk)
        p.received(QByteArrayView(bytes).sliced(i, std::min(chunk, bytes.size() - i)));
    p.endOfInput();
    return out;
}

static QByteArray readFrom(const char *env, const QString &name)
{
    QFile f(QString::fromLocal8Bit(qgetenv(env)) + QLatin1Char('/') + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read test file %s (%s)", qPrintable(f.fileName()), env);
    return f.readAll();
}

QByteArray transcript(const QString &name)
{
    return readFrom("QMT_TRANSCRIPTS", name);
}

QString testDataPath(const QString &name)
{
    return QString::fromLocal8Bit(qgetenv("QMT_TEST_DATA")) + QLatin1Char('/') + name;
}

QByteArray testData(const QString &name)
{
    return readFrom("QMT_TEST_DATA", name);
}

} // namespace qmt::test
