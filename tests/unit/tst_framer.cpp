// SPDX-License-Identifier: Apache-2.0
// The framer: frames of each input form, and the same frames and events for every chunking.

#include "engine/framer.h"
#include "eventdump.h"

#include <QTest>

using namespace qmt;
using qmt::at::Frame;
using qmt::at::Framer;

namespace {

struct F
{
    Frame::Kind kind;
    QByteArray text;
    qsizetype payloadStart = -1;
    qsizetype payloadLength = 0;
    bool truncated = false;
};

std::vector<F> frames(const QByteArray &in, qsizetype chunk = 0)
{
    std::vector<F> out;
    Framer fr;
    auto sink = [&](const Frame &f) {
        out.push_back(F{f.kind, f.text.toByteArray(), f.payloadStart, f.payloadLength, f.truncated});
    };
    if (chunk <= 0)
        chunk = qMax<qsizetype>(1, in.size());
    for (qsizetype i = 0; i < in.size(); i += chunk)
        fr.feed(QByteArrayView(in).sliced(i, std::min(chunk, in.size() - i)), sink);
    fr.finish(sink);
    return out;
}

// A live exchange: what the module sent (rx, cut into `chunk`-byte reads) and what the host
// wrote, in the order they happened.
struct Step
{
    bool hostWrote;
    QByteArray bytes;
};
std::vector<F> liveFrames(const std::vector<Step> &steps, qsizetype chunk)
{
    std::vector<F> out;
    Framer fr;
    auto sink = [&](const Frame &f) {
        out.push_back(F{f.kind, f.text.toByteArray(), f.payloadStart, f.payloadLength, f.truncated});
    };
    for (const Step &s : steps) {
        if (s.hostWrote) {
            fr.hostWrote(!s.bytes.startsWith("AT"), s.bytes);
            continue;
        }
        for (qsizetype i = 0; i < s.bytes.size(); i += chunk)
            fr.feed(QByteArrayView(s.bytes).sliced(i, std::min(chunk, s.bytes.size() - i)), sink);
    }
    fr.finish(sink);
    return out;
}
QString describe(const std::vector<F> &frames)
{
    QStringList l;
    for (const F &f : frames)
        l << QStringLiteral("%1%2:%3")
                 .arg(QLatin1String(f.kind == Frame::Line     ? "L"
                                    : f.kind == Frame::Prompt ? "P"
                                                              : "D"))
                 .arg(QLatin1String(f.truncated ? "!" : ""))
                 .arg(QString::fromLatin1(f.text.toPercentEncoding()));
    return l.join(QLatin1Char(' '));
}

// A stretch of module output as it crosses the wire with echo on: URCs inside responses,
// counted payloads holding CR LF, quotes and commas, a prompt with its echoed data, an upload.
QByteArray wireSession()
{
    QByteArray b;
    b +=
        "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n";
    b += "ATE1\r\r\nOK\r\n";
    b += "AT+QMTCFG=\"recv/mode\",0,0,1\r\r\nOK\r\n";
    b += "AT+QMTOPEN=0,\"127.0.0.1\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n";
    b += "AT+QMTOPEN?\r\r\n+QMTOPEN: 0,\"127.0.0.1\",1883\r\n\r\n+QMTRECV: 1,0,\"t\",2,\"ab\"\r\n\r\nOK\r\n";
    b += "AT+QMTCONN=0,\"dev\"\r\r\n+QMTCONN: 0,0,0\r\n\r\nOK\r\n"; // result URC before the final result
    b += "AT+QMTSUB=0,1,\"a/b\",1,\"c/#\",2\r\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1,2\r\n";
    b += "AT+QMTPUBEX=0,5,1,0,\"a/b\",9\r\r\n> \"x\",\r\n\"y\"\r\n\r\nOK\r\n\r\n+QMTPUBEX: 0,5,0\r\n";
    b += "\r\n+QMTRECV: 0,7,\"a/b\",14,\"{\"k\":\"v,\r\n\"}\r\n\"\r\n";
    b += "\r\n+QMTRECV: 0,8,\"a/b\",5,line\n\r\n";
    b += "\r\n+QMTRECV: 0,9,\"a/b\",\"no length, \"quoted\"\"\r\n";
    b += "AT+QMTPUB=0,0,0,0,\"a/b\"\r\r\n> hello\x1a\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n";
    b += "AT+QFUPL=\"RAM:ca.pem\",10,5\r\r\nCONNECT\r\n+QFUPL: 10,1a2b\r\n\r\nOK\r\n";
    b += QByteArray("\x00\xff garbage\x07\r\n", 13);
    b += "\r\n+CME ERROR: 407\r\n\r\n+CME ERROR: file already exist\r\n";
    b += "\r\n+QMTSTAT: 0,1\r\n\r\n+QMTPING: 0,1\r\n";
    b += "AT+QMTCFG=\"willex\",0,1,1,0,\"w\",4\r\r\n> bye!\r\nOK\r\n";
    b += "\r\nPOWERED DOWN\r\n\r\n+QMTRECV: 0,3,\"cut\",100,\"stream ends insi";
    return b;
}

} // namespace

class tst_Framer : public QObject
{
    Q_OBJECT
private slots:
    void lineEnds()
    {
        const auto f = frames("AT\r\r\nOK\r\nA\nB\r\rC");
        QCOMPARE(f.size(), size_t(5));
        QCOMPARE(f[0].text, QByteArray("AT"));
        QCOMPARE(f[1].text, QByteArray("OK"));
        QCOMPARE(f[2].text, QByteArray("A"));
        QCOMPARE(f[3].text, QByteArray("B"));
        QCOMPARE(f[4].text, QByteArray("C")); // the end of the stream ends the last line
    }

    void promptAndEchoedPayload()
    {
        const auto f = frames("AT+QMTPUBEX=0,0,0,0,\"t\",7\r\r\n> a\r\nb,\"c\r\nOK\r\n");
        QCOMPARE(f.size(), size_t(4));
        QCOMPARE(f[1].kind, Frame::Prompt);
        QCOMPARE(f[1].text, QByteArray("> "));
        QCOMPARE(f[2].kind, Frame::Payload);
        QCOMPARE(f[2].text, QByteArray("a\r\nb,\"c"));
        QCOMPARE(f[3].text, QByteArray("OK"));
    }

    void promptWithoutEcho()
    {
        // Echo off: the command is not in the stream, so nothing is taken as data.
        const auto f = frames("\r\n> \r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n");
        QCOMPARE(f.size(), size_t(3));
        QCOMPARE(f[0].kind, Frame::Prompt);
        QCOMPARE(f[1].text, QByteArray("OK"));
    }

    void logStylePrompt()
    {
        const auto f = frames("AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\n>This is test data, hello MQTT.\nOK\n");
        QCOMPARE(f.size(), size_t(4));
        QCOMPARE(f[1].text, QByteArray(">"));
        QCOMPARE(f[2].text, QByteArray("This is test data, hello MQTT."));
    }

    void ctrlZPayload()
    {
        const auto f = frames("AT+QMTPUB=0,0,0,0,\"t\"\r\r\n> ab\r\ncd\x1a\r\nOK\r\n");
        QCOMPARE(f.size(), size_t(4));
        QCOMPARE(f[2].kind, Frame::Payload);
        QCOMPARE(f[2].text, QByteArray("ab\r\ncd\x1a"));
    }

    // With the host's writes known (a live session, a journal), the data after '>' is the
    // echo only while it is what the host wrote: a module that reboots instead of echoing, that
    // reports before the host wrote, or that does not echo the Ctrl+Z has its lines framed as
    // lines (the soak found a reboot after a prompt taking 700 bytes of boot URCs and answers
    // as "echo").
    void echoIsCheckedAgainstWhatTheHostWrote_data()
    {
        QTest::addColumn<QVector<QByteArray>>("script"); // "<" prefix: the host wrote it
        QTest::addColumn<QString>("expected");
        const QByteArray cmd = "AT+QMTPUBEX=0,0,0,0,\"t\",7";
        QTest::newRow("echoed")
            << QVector<QByteArray>{"<" + cmd, cmd + "\r\r\n> ", "<a\r\nb,\"c", "a\r\nb,\"c\r\nOK\r\n"}
            << QStringLiteral(
                   "L:AT%2BQMTPUBEX%3D0%2C0%2C0%2C0%2C%22t%22%2C7 P:%3E%20 D:a%0D%0Ab%2C%22c L:OK");
        QTest::newRow("reboot after the prompt")
            << QVector<QByteArray>{"<" + cmd, cmd + "\r\r\n> ", "<abcdefg",
                                   "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\nAPP RDY\r\n"}
            << QStringLiteral(
                   "L:AT%2BQMTPUBEX%3D0%2C0%2C0%2C0%2C%22t%22%2C7 P:%3E%20 L:RDY L:%2BCFUN%3A%201 L:APP%20RDY");
        QTest::newRow("echo cut by a reboot")
            << QVector<QByteArray>{"<" + cmd, cmd + "\r\r\n> ", "<abcdefg", "abc\r\nRDY\r\n"}
            << QStringLiteral("L:AT%2BQMTPUBEX%3D0%2C0%2C0%2C0%2C%22t%22%2C7 P:%3E%20 D!:abc L:RDY");
        QTest::newRow("a report before the host wrote")
            << QVector<QByteArray>{"<" + cmd, cmd + "\r\r\n> \r\n+QMTSTAT: 0,1\r\n"}
            << QStringLiteral(
                   "L:AT%2BQMTPUBEX%3D0%2C0%2C0%2C0%2C%22t%22%2C7 P:%3E%20 L:%2BQMTSTAT%3A%200%2C1");
        const QByteArray pub = "AT+QMTPUB=0,0,0,0,\"t\"";
        QTest::newRow("Ctrl+Z echoed")
            << QVector<QByteArray>{"<" + pub, pub + "\r\r\n> ", "<hello\x1a", "hello\x1a\r\nOK\r\n"}
            << QStringLiteral("L:AT%2BQMTPUB%3D0%2C0%2C0%2C0%2C%22t%22 P:%3E%20 D:hello%1A L:OK");
        QTest::newRow("Ctrl+Z not echoed")
            << QVector<QByteArray>{"<" + pub, pub + "\r\r\n> ", "<hello\x1a", "hello\r\nOK\r\n"}
            << QStringLiteral("L:AT%2BQMTPUB%3D0%2C0%2C0%2C0%2C%22t%22 P:%3E%20 D:hello L:OK");
        QTest::newRow("ESC not echoed")
            << QVector<QByteArray>{"<" + pub, pub + "\r\r\n> ", "<hel\x1b", "hel\r\nOK\r\n"}
            << QStringLiteral("L:AT%2BQMTPUB%3D0%2C0%2C0%2C0%2C%22t%22 P:%3E%20 D:hel L:OK");
    }
    void echoIsCheckedAgainstWhatTheHostWrote()
    {
        QFETCH(QVector<QByteArray>, script);
        QFETCH(QString, expected);
        std::vector<Step> steps;
        qsizetype rx = 0;
        for (const QByteArray &s : script) {
            const bool host = s.startsWith('<');
            steps.push_back(Step{host, host ? s.mid(1) : s});
            rx += host ? 0 : s.size();
        }
        for (qsizetype chunk = 1; chunk <= rx; ++chunk)
            QCOMPARE(describe(liveFrames(steps, chunk)), expected);
        // Without the host's writes (a customer's log) the declared length decides, as before.
        std::vector<Step> rxOnly;
        for (const Step &s : steps)
            if (!s.hostWrote)
                rxOnly.push_back(s);
        const auto logFrames = liveFrames(rxOnly, 1 << 20);
        QVERIFY(logFrames.size() >= 2);
        QCOMPARE(logFrames[1].kind, Frame::Prompt);
    }

    void countedRecv_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("framesAfter");
        QTest::newRow("CR LF, quotes, commas")
            << QByteArray("+QMTRECV: 0,1,\"t\",8,\"a\r\n\"b\",c\"\r\nOK\r\n") << QByteArray("a\r\n\"b\",c")
            << 1;
        QTest::newRow("unquoted") << QByteArray("+QMTRECV: 0,0,\"topic/pub\",5,ab\rc\n\r\nOK\n")
                                  << QByteArray("ab\rc\n") << 1;
        QTest::newRow("spaces") << QByteArray("+QMTRECV: 0,0, \"x\" , 3 ,\"a\nb\"\r\n") << QByteArray("a\nb")
                                << 0;
        QTest::newRow("empty") << QByteArray("+QMTRECV: 2,0,\"x\",0,\"\"\r\nOK\r\n") << QByteArray("") << 1;
        QTest::newRow("topic with quote-comma")
            << QByteArray("+QMTRECV: 0,0,\"a\"b\",2,\"\r\n\"\r\n") << QByteArray("\r\n") << 0;
    }
    void countedRecv()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, payload);
        QFETCH(int, framesAfter);
        const auto f = frames(input);
        QCOMPARE(f.size(), size_t(1 + framesAfter));
        QVERIFY(f[0].payloadStart > 0);
        QCOMPARE(f[0].text.mid(f[0].payloadStart, f[0].payloadLength), payload);
    }

    void countedRecvWithWrongLengthFallsBackToTheLine()
    {
        // The seed's §5.2 page break: the declared 32 bytes run into the next line. The byte
        // after the counted payload is not the closing quote, so the length is not trusted.
        const auto f = frames("+QMTRECV: 0,1,\"t\",32,\"This is publish data from\n\nclient\"\nOK\n");
        QCOMPARE(f.size(), size_t(3));
        QCOMPARE(f[0].payloadStart, qsizetype(-1));
        QCOMPARE(f[0].text, QByteArray("+QMTRECV: 0,1,\"t\",32,\"This is publish data from"));
        QCOMPARE(f[1].text, QByteArray("client\""));
    }

    void otherRecvFormsAreLines()
    {
        const auto f =
            frames("+QMTRECV: 0,3\r\n+QMTRECV: 0,1,0,0,1,0\r\n+QMTRECV: 0,0,\"t\",\"p,\"q\"\"\r\n");
        QCOMPARE(f.size(), size_t(3));
        for (const auto &x : f)
            QCOMPARE(x.payloadStart, qsizetype(-1));
        QCOMPARE(f[2].text, QByteArray("+QMTRECV: 0,0,\"t\",\"p,\"q\"\""));
    }

    void streamEndsInsidePayload()
    {
        const auto f = frames("+QMTRECV: 0,3,\"cut\",100,\"only this");
        QCOMPARE(f.size(), size_t(1));
        QVERIFY(f[0].truncated);
        QCOMPARE(f[0].text.mid(f[0].payloadStart, f[0].payloadLength), QByteArray("only this"));
    }

    void overlongLineIsCut()
    {
        QByteArray big(Framer::kMaxLine + 10, 'x');
        big += "\r\nOK\r\n";
        const auto f = frames(big, 1000);
        QCOMPARE(f.size(), size_t(3));
        QVERIFY(f[0].truncated);
        QCOMPARE(f[0].text.size(), Framer::kMaxLine);
        QCOMPARE(f[1].text, QByteArray(10, 'x'));
        QCOMPARE(f[2].text, QByteArray("OK"));
    }

    void offsetsCoverTheStream()
    {
        const QByteArray in = wireSession();
        Framer fr;
        qint64 lastEnd = 0;
        auto sink = [&](const Frame &f) {
            QVERIFY(f.offset >= lastEnd);
            QCOMPARE(in.mid(f.offset, f.text.size()), f.text.toByteArray());
            lastEnd = f.offset + f.text.size();
        };
        fr.feed(in, sink);
        fr.finish(sink);
        QCOMPARE(fr.bytesFed(), qint64(in.size()));
    }

    // The frames' texts and the CR/LF runs between them, in order, are the stream, whatever the
    // chunks; a run is told before the next frame. (The console's hex view shows line ends from it.)
    void lineEndRunsAndFramesAreTheStream()
    {
        const QByteArray tail = "\r\n\r\nOK\r\nAT\r\r\nERROR\n\r";
        for (const QByteArray &in : {wireSession(), tail}) {
            for (qsizetype chunk :
                 {qsizetype(0), qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(7), qsizetype(64)}) {
                Framer fr;
                QByteArray rebuilt;
                QByteArrayList runs;
                fr.setLineEndSink([&](QByteArrayView b) {
                    for (char c : b)
                        QVERIFY(c == '\r' || c == '\n');
                    rebuilt += b.toByteArray();
                    if (runs.isEmpty() || runs.back().endsWith('|'))
                        runs.append(QByteArray());
                    runs.back() += b.toByteArray();
                });
                auto sink = [&](const Frame &f) {
                    QCOMPARE(qint64(rebuilt.size()), f.offset); // every byte before it was told
                    rebuilt += f.text.toByteArray();
                    if (!runs.isEmpty())
                        runs.back() += '|'; // a frame ends the run before it
                };
                const qsizetype step = chunk <= 0 ? in.size() : chunk;
                for (qsizetype i = 0; i < in.size(); i += step)
                    fr.feed(QByteArrayView(in).sliced(i, std::min(step, in.size() - i)), sink);
                fr.finish(sink);
                QCOMPARE(rebuilt, in);
                if (in == tail) // the runs, whole, whatever the chunks
                    QCOMPARE(runs, (QByteArrayList{"\r\n\r\n|", "\r\n|", "\r\r\n|", "\n\r"}));
            }
        }
    }

    // The same bytes in every chunk size give the same frames, and the same events.
    void everyChunkSize_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("seed 5.1") << test::transcript(QStringLiteral("seed_5_1.log"));
        QTest::newRow("seed 5.2") << test::transcript(QStringLiteral("seed_5_2.log"));
        QTest::newRow("wire session") << wireSession();
    }
    void everyChunkSize()
    {
        QFETCH(QByteArray, input);
        const QStringList frames0 = test::frameDump(input, 0);
        const QStringList events0 = test::eventDump(input, 0);
        QVERIFY(frames0.size() > 20);
        QCOMPARE(events0.size(), frames0.size());
        for (qsizetype chunk = 1; chunk <= input.size(); ++chunk) {
            const QStringList ev = test::eventDump(input, chunk);
            if (ev != events0) {
                for (qsizetype i = 0; i < std::min(ev.size(), events0.size()); ++i)
                    QCOMPARE(ev[i], events0[i]);
                QCOMPARE(ev.size(), events0.size());
            }
            // frames too: cheaper, so check a spread of sizes rather than all of them again
            if (chunk < 64 || chunk % 97 == 0)
                QCOMPARE(test::frameDump(input, chunk), frames0);
        }
    }

    void wireSessionFrames()
    {
        const auto f = frames(wireSession());
        QByteArrayList texts;
        for (const auto &x : f)
            texts << x.text;
        QVERIFY(texts.contains("> "));
        QVERIFY(texts.contains("\"x\",\r\n\"y\"")); // the PUBEX payload, echoed
        QVERIFY(texts.contains("bye!"));            // willex data
        QVERIFY(texts.contains(QByteArray("hello\x1a")));
        QVERIFY(texts.contains(QByteArray("\x00\xff garbage\x07", 11)));
        QVERIFY(texts.contains("+QMTRECV: 0,7,\"a/b\",14,\"{\"k\":\"v,\r\n\"}\r\n\""));
    }
};

QTEST_GUILESS_MAIN(tst_Framer)
#include "tst_framer.moc"
