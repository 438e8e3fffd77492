#include "commands.h"

#include <array>
#include <cstring>

namespace qmt::at {

namespace {
constexpr std::array<const char *, static_cast<int>(Cmd::Count_)> kNames = {
    "",        "QMTCFG", "QMTOPEN", "QMTCLOSE", "QMTCONN", "QMTDISC", "QMTSUB", "QMTUNS", "QMTPUBEX",
    "QMTPUB",  "QMTRECV", "QMTSTAT", "QMTPING", "QFUPL",   "QFLST",   "QFDEL",  "QFLDS",  "QSSLCFG",
    "QICSGP",  "QIACT",  "QIDEACT", "AT",      "E",       "I",       "GMR",    "CGMR",   "CMEE",
    "CFUN",    "CPIN",   "QURCCFG", "QUSIM",   "QIND",    "QIURC",
};

bool equalsNoCase(QByteArrayView a, const char *b)
{
    const auto n = std::strlen(b);
    if (std::size_t(a.size()) != n)
        return false;
    for (std::size_t i = 0; i < n; ++i) {
        char c = a[qsizetype(i)];
        if (c >= 'a' && c <= 'z')
            c = char(c - 32);
        if (c != b[i])
            return false;
    }
    return true;
}
} // namespace

const char *cmdName(Cmd c)
{
    const auto i = static_cast<std::size_t>(c);
    return i < kNames.size() ? kNames[i] : "";
}

Cmd cmdFromName(QByteArrayView name)
{
    if (name.isEmpty())
        return Cmd::Unknown;
    // The letters after "AT" of the basic commands (E, I) are not names after "+": only the
    // extended names are looked up here; the parser handles ATE/ATI itself.
    for (std::size_t i = 1; i < kNames.size(); ++i) {
        const auto c = static_cast<Cmd>(i);
        if (c == Cmd::AT || c == Cmd::ATE || c == Cmd::ATI)
            continue;
        if (equalsNoCase(name, kNames[i]))
            return c;
    }
    return Cmd::Unknown;
}

bool hasResultUrc(Cmd c)
{
    switch (c) {
    case Cmd::QMTOPEN:
    case Cmd::QMTCLOSE:
    case Cmd::QMTCONN:
    case Cmd::QMTDISC:
    case Cmd::QMTSUB:
    case Cmd::QMTUNS:
    case Cmd::QMTPUBEX:
    case Cmd::QMTPUB:
        return true;
    default:
        return false;
    }
}

} // namespace qmt::at
