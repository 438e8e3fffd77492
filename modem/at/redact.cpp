// SPDX-License-Identifier: Apache-2.0
#include "at/redact.h"

#include "at/commands.h"
#include "at/settings.h"

#include <vector>

namespace qmt::at {

QByteArray redactSecrets(QByteArrayView line)
{
    const qsizetype eq = line.indexOf('=');
    if (line.size() < 4 || eq < 4 || line[2] != '+')
        return line.toByteArray();
    const Cmd cmd = cmdFromName(line.sliced(3, eq - 3));
    if (cmd != Cmd::QMTCONN && cmd != Cmd::QMTCFG)
        return line.toByteArray();
    // the arguments' spans, commas inside quotes kept
    std::vector<std::pair<qsizetype, qsizetype>> args;
    qsizetype start = eq + 1;
    bool quoted = false;
    for (qsizetype i = start; i <= line.size(); ++i) {
        if (i < line.size() && line[i] == '"')
            quoted = !quoted;
        if (i == line.size() || (!quoted && line[i] == ',')) {
            args.emplace_back(start, i);
            start = i + 1;
        }
    }
    std::vector<bool> secret(args.size(), false);
    if (cmd == Cmd::QMTCONN) {
        for (std::size_t i = 2; i < args.size(); ++i)
            secret[i] = true; // <username>, <password>
    } else if (!args.empty()) {
        QByteArrayView name = line.sliced(args[0].first, args[0].second - args[0].first).trimmed();
        if (name.size() >= 2 && name.startsWith('"') && name.endsWith('"'))
            name = name.sliced(1, name.size() - 2);
        if (const SettingInfo *s = findSetting(cmd, name))
            for (std::size_t f = 0; f < s->fields.size() && f + 2 < args.size(); ++f)
                secret[f + 2] = s->fields[f].kind == ValueKind::Secret;
    }
    QByteArray out = line.first(eq + 1).toByteArray();
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i)
            out += ',';
        const QByteArrayView a = line.sliced(args[i].first, args[i].second - args[i].first);
        if (!secret[i])
            out += a;
        else
            out += a.trimmed().startsWith('"') ? QByteArray("\"***\"") : QByteArray("***");
    }
    return out;
}

QByteArray redactSecretsInLogLine(QByteArrayView line)
{
    qsizetype at = -1;
    for (qsizetype i = 0; i + 3 <= line.size(); ++i) {
        if ((line[i] == 'A' || line[i] == 'a') && (line[i + 1] == 'T' || line[i + 1] == 't') &&
            line[i + 2] == '+') {
            at = i;
            break;
        }
    }
    if (at < 0)
        return line.toByteArray();
    QString command = QString::fromUtf8(line.sliced(at));
    for (QChar &c : command) {
        switch (c.unicode()) {
        case 0x201C: // “ ” „ ＂
        case 0x201D:
        case 0x201E:
        case 0xFF02:
            c = QLatin1Char('"');
            break;
        case 0xFF0C:
            c = QLatin1Char(',');
            break; // ，
        case 0xFF1D:
            c = QLatin1Char('=');
            break; // ＝
        default:
            break;
        }
    }
    QByteArray ascii = command.toUtf8();
    const qsizetype eq = ascii.indexOf('=');
    for (qsizetype i = 0; i < (eq < 0 ? ascii.size() : eq); ++i)
        ascii[i] = QChar::toUpper(uchar(ascii[i])) < 0x80 ? char(QChar::toUpper(uchar(ascii[i]))) : ascii[i];
    const QByteArray redacted = redactSecrets(ascii);
    if (redacted == ascii)
        return line.toByteArray();
    return line.first(at).toByteArray() + redacted;
}

} // namespace qmt::at
