#include "at/commands.h"

#include <array>

namespace qmt::at {

namespace {
constexpr std::array<const char *, static_cast<int>(Cmd::Count_)> kNames = {
    "",        "QMTCFG", "QMTOPEN", "QMTCLOSE", "QMTCONN", "QMTDISC", "QMTSUB", "QMTUNS", "QMTPUBEX",
    "QMTPUB",  "QMTRECV", "QMTSTAT", "QMTPING", "QFUPL",   "QFLST",   "QFDEL",  "QFLDS",  "QSSLCFG",
    "QICSGP",  "QIACT",  "QIDEACT", "AT",      "E",       "I",       "GMR",    "CGMR",   "CMEE",
    "CFUN",    "CPIN",   "QURCCFG", "QUSIM",   "QIND",    "QIURC",
};

// Names of at most 8 letters, packed upper-case into a 64-bit key: one compare per name.
constexpr quint64 packName(const char *s)
{
    quint64 k = 0;
    for (int i = 0; s[i] && i < 8; ++i)
        k = (k << 8) | quint64(quint8(s[i]));
    return k;
}

struct NameKey
{
    quint64 key;
    Cmd cmd;
};

const std::array<NameKey, kNames.size()> &nameKeys()
{
    static const auto keys = [] {
        std::array<NameKey, kNames.size()> k{};
        for (std::size_t i = 0; i < kNames.size(); ++i) {
            const auto c = static_cast<Cmd>(i);
            // The letters after "AT" of the basic commands (E, I) are not names after "+".
            const bool lookup = i > 0 && c != Cmd::AT && c != Cmd::ATE && c != Cmd::ATI;
            k[i] = NameKey{lookup ? packName(kNames[i]) : 0, c};
        }
        return k;
    }();
    return keys;
}

} // namespace

const char *cmdName(Cmd c)
{
    const auto i = static_cast<std::size_t>(c);
    return i < kNames.size() ? kNames[i] : "";
}

Cmd cmdFromName(QByteArrayView name)
{
    if (name.isEmpty() || name.size() > 8)
        return Cmd::Unknown;
    quint64 key = 0;
    for (char c : name) {
        if (c >= 'a' && c <= 'z')
            c = char(c - 32);
        key = (key << 8) | quint64(quint8(c));
    }
    for (const NameKey &k : nameKeys())
        if (k.key == key)
            return k.cmd;
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
