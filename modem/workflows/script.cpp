// SPDX-License-Identifier: Apache-2.0
#include "workflows/script.h"

#include "at/atcommand.h"
#include "engine/framer.h"

namespace qmt::session {

namespace {
bool startsWithAt(QByteArrayView l)
{
    return l.size() >= 2 && (l[0] == 'A' || l[0] == 'a') && (l[1] == 'T' || l[1] == 't');
}

QList<QByteArrayView> splitLines(QByteArrayView text)
{
    QList<QByteArrayView> l;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == '\n') {
            QByteArrayView v = text.sliced(start, i - start);
            if (v.endsWith('\r'))
                v.chop(1);
            l << v;
            start = i + 1;
        }
    return l;
}
} // namespace

QList<SequenceStep> Script::parse(QByteArrayView text, QString *error)
{
    QList<SequenceStep> out;
    auto fail = [&](int lineNo, const QString &why) {
        if (error)
            *error = tr("line %1: %2").arg(lineNo).arg(why);
        return QList<SequenceStep>{};
    };
    bool awaitingData = false; // the last command asks for data on a '>' line
    qsizetype declared = -1;
    int commandLine = 0;
    const QList<QByteArrayView> lines = splitLines(text);
    for (int n = 0; n < lines.size(); ++n) {
        const int lineNo = n + 1;
        const QByteArrayView raw = lines[n];
        const QByteArrayView l = raw.trimmed();
        if (l.startsWith('>')) {
            if (!awaitingData)
                return fail(lineNo, tr("data on a '>' line, but the command before it takes none"));
            QByteArray data = raw.sliced(raw.indexOf('>') + 1).toByteArray();
            // "> data" (the module's prompt is '>' and a space) or ">data" (as in the seed)
            if (declared >= 0 && data.size() == declared + 1 && data.startsWith(' '))
                data.remove(0, 1);
            if (declared >= 0 && data.size() != declared)
                return fail(lineNo, tr("the command on line %1 declares %2 bytes of data, this line has %3")
                                        .arg(commandLine)
                                        .arg(declared)
                                        .arg(data.size()));
            out.last().data = data;
            awaitingData = false;
            continue;
        }
        if (awaitingData)
            return fail(commandLine, tr("the command needs its data on a '>' line after it"));
        if (!startsWithAt(l))
            continue; // a comment, an empty line or a module's answer in a transcript
        const at::AtCommand c = at::AtCommand::fromText(l);
        if (c.dataPhase == at::DataPhase::Connect)
            return fail(lineNo, tr("file uploads cannot be scripted here; use the TLS wizard"));
        if (c.dataPhase == at::DataPhase::Prompt || c.dataPhase == at::DataPhase::CtrlZ) {
            awaitingData = true;
            declared = c.dataPhase == at::DataPhase::Prompt ? at::Framer::payloadLengthOfCommand(c.line) : -1;
            commandLine = lineNo;
        }
        SequenceStep step;
        step.command = c.line;
        out << step;
    }
    if (awaitingData)
        return fail(commandLine, tr("the command needs its data on a '>' line after it"));
    if (error)
        error->clear();
    return out;
}

QByteArray Script::walkthrough()
{
    // One publish, last: a message coming back while the module waits for a later command's
    // data (after its '>') would be taken for that data's echo by the framer.
    return QByteArrayLiteral(
        "# QMT Scope's demo walkthrough: the core of the seed's section 5.1 session.\n"
        "# The demo module sends any host name but localhost and IP addresses to its own broker.\n"
        "AT+QMTCFG=\"recv/mode\",0,0,1\n"
        "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\n"
        "AT+QMTCONN=0,\"clientExample\"\n"
        "AT+QMTSUB=0,1,\"topic/example\",2\n"
        "AT+QMTSUB=0,2,\"topic/pub\",0\n"
        "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\n"
        ">This is test data, hello MQTT.\n");
}

} // namespace qmt::session
