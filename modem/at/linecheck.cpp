// SPDX-License-Identifier: Apache-2.0
#include "at/linecheck.h"

#include "at/commands.h"
#include "at/settings.h"

#include <QCoreApplication>

namespace qmt::at {

namespace {

struct Typed
{
    QByteArray text;
    bool quoted = false;
};

// The arguments after '=': commas inside quotes do not count; an unclosed quote runs to the end.
std::vector<Typed> splitTyped(QByteArrayView s)
{
    std::vector<Typed> out;
    Typed cur;
    bool inQuote = false;
    for (char c : s) {
        if (c == '"') {
            inQuote = !inQuote;
            cur.quoted = true;
        } else if (c == ',' && !inQuote) {
            if (!cur.quoted)
                cur.text = cur.text.trimmed();
            out.push_back(cur);
            cur = Typed{};
        } else {
            cur.text.append(c);
        }
    }
    if (!cur.quoted)
        cur.text = cur.text.trimmed();
    out.push_back(cur);
    return out;
}

QString bare(const QString &name)
{
    if (name.size() >= 2 && name.startsWith(QLatin1Char('<')) && name.endsWith(QLatin1Char('>')))
        return name.mid(1, name.size() - 2);
    return name;
}

// Checks one argument; appends an issue when it is off.
void checkArg(std::vector<LineIssue> &out, int arg, Param p, bool text, const Typed &typed,
              const RangeTable &ranges)
{
    if (p == Param::Count_)
        return;
    const Range &r = ranges.range(p);
    LineIssue issue;
    issue.arg = arg;
    issue.param = p;
    issue.name = paramName(p);
    issue.value = typed.text;
    issue.range = r;
    if (text) {
        if (!typed.quoted)
            return; // not written as a text: the module will say so
        const qsizetype len = typed.text.size();
        if (r.contains(len))
            return;
        issue.length = true;
        issue.message =
            len == 0
                ? QCoreApplication::translate("qmt::at::Builders", "%1 must not be empty")
                      .arg(bare(issue.name))
                : QCoreApplication::translate("qmt::at::Builders",
                                              "%1 is %2 bytes long in UTF-8; the allowed length is %3 bytes")
                      .arg(bare(issue.name), QString::number(len), r.toString());
        out.push_back(issue);
        return;
    }
    if (typed.quoted || typed.text.isEmpty())
        return; // left out (or still being typed), or quoted where a number belongs: not ours to judge
    bool ok = false;
    const Range value = Range::parse(typed.text, &ok);
    if (!ok || value.items().size() != 1 || value.min() != value.max()) {
        issue.message = QCoreApplication::translate("qmt::at::LineCheck", "%1 %2 is not a number")
                            .arg(bare(issue.name), QString::fromUtf8(typed.text));
        out.push_back(issue);
        return;
    }
    const qint64 v = value.min();
    if (r.contains(v))
        return;
    const QString shown = r.hexDigits() > 0 ? QString::fromUtf8(typed.text) : QString::number(v);
    issue.message = r.isSingleInterval()
                        ? QCoreApplication::translate("qmt::at::Builders", "%1 %2 is out of range %3")
                              .arg(bare(issue.name), shown, r.toString())
                        : QCoreApplication::translate("qmt::at::Builders", "%1 %2 is not one of %3")
                              .arg(bare(issue.name), shown, r.toString());
    out.push_back(issue);
}

char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? char(c - 32) : c;
}

} // namespace

std::vector<LineIssue> checkLine(QByteArrayView line, const RangeTable &ranges)
{
    std::vector<LineIssue> out;
    line = line.trimmed();
    if (line.size() < 3 || upper(line[0]) != 'A' || upper(line[1]) != 'T')
        return out;
    // ATE<value>
    if (line.size() >= 4 && upper(line[2]) == 'E' && line[3] >= '0' && line[3] <= '9') {
        checkArg(out, 0, Param::Echo, false, Typed{line.sliced(3).toByteArray(), false}, ranges);
        return out;
    }
    if (line[2] != '+')
        return out;
    const qsizetype eq = line.indexOf('=');
    if (eq < 0 || line.sliced(eq + 1).trimmed().startsWith('?'))
        return out; // no arguments, or the test form
    const Cmd cmd = cmdFromName(line.sliced(3, eq - 3).trimmed());
    const std::vector<Typed> args = splitTyped(line.sliced(eq + 1));

    if (cmd == Cmd::QMTCFG || cmd == Cmd::QSSLCFG) {
        if (args.empty() || !args[0].quoted)
            return out;
        const SettingInfo *s = findSetting(cmd, args[0].text);
        if (!s)
            return out;
        const Param index = cmd == Cmd::QMTCFG ? Param::ClientIdx : Param::SslContextId;
        if (args.size() > 1)
            checkArg(out, 1, index, false, args[1], ranges);
        for (std::size_t i = 0; i < s->fields.size() && i + 2 < args.size(); ++i) {
            const SettingField &f = s->fields[i];
            // A flag-gated setting whose flag is 0 takes no more fields.
            if (f.gated && s->flagGated && i > 0 && args[2].text == "0" && !args[2].quoted)
                break;
            checkArg(out, int(i) + 2, f.param, f.isQuoted(), args[i + 2], ranges);
        }
        return out;
    }

    const SetLayout *layout = setLayout(cmd);
    if (!layout)
        return out;
    const auto &positions = layout->args;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::size_t at = i;
        if (at >= positions.size()) {
            if (layout->repeat < 0)
                break;
            const std::size_t period = positions.size() - std::size_t(layout->repeat);
            at = std::size_t(layout->repeat) + (i - std::size_t(layout->repeat)) % period;
        }
        // BG9x modules take AT+QMTPUBEX's message in the line ("<msg>") where EC2x take its
        // length: either is a publish, checked as what it is.
        const bool inlineMessage = cmd == Cmd::QMTPUBEX && at == 5 && args[i].quoted;
        checkArg(out, int(i), positions[at].param, positions[at].text || inlineMessage, args[i], ranges);
    }
    // AT+QMTPUBEX / AT+QMTPUB: msgid 0 is for QoS 0 only.
    if ((cmd == Cmd::QMTPUBEX || cmd == Cmd::QMTPUB) && args.size() > 2 && !args[1].quoted &&
        !args[2].quoted && args[1].text == "0") {
        bool ok = false;
        const int qos = args[2].text.toInt(&ok);
        if (ok && qos > 0 && ranges.range(Param::Qos).contains(qos)) {
            LineIssue issue;
            issue.arg = 1;
            issue.param = Param::PubMsgId;
            issue.name = paramName(Param::PubMsgId);
            issue.value = args[1].text;
            issue.range = Range(1, ranges.range(Param::PubMsgId).max());
            issue.message = QCoreApplication::translate(
                                "qmt::at::Builders",
                                "msgid 0 is only allowed with qos 0; qos %1 needs a msgid of at least 1")
                                .arg(qos);
            out.push_back(issue);
        }
    }
    return out;
}

} // namespace qmt::at
