// SPDX-License-Identifier: Apache-2.0
#include "models/jsonindent.h"

#include <algorithm>

namespace qmt::state {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The index of the first byte at or after `i` that is not JSON whitespace.
qsizetype skipSpace(QByteArrayView json, qsizetype i)
{
    while (i < json.size() && isSpace(json[i]))
        ++i;
    return i;
}

} // namespace

QByteArray indentJson(QByteArrayView json, int indent)
{
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    auto newline = [&] {
        out += '\n';
        out.append(qsizetype(std::max(depth, 0)) * indent, ' ');
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        switch (c) {
        case '"': { // a string, copied as it is up to its closing quote (escapes included)
            const qsizetype start = i++;
            while (i < json.size() && json[i] != '"')
                i += json[i] == '\\' ? 2 : 1;
            out += json.sliced(start, std::min(i + 1, json.size()) - start);
            break;
        }
        case '{':
        case '[': {
            const qsizetype next = skipSpace(json, i + 1);
            if (next < json.size() && json[next] == (c == '{' ? '}' : ']')) { // {} and []
                out += c;
                out += json[next];
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            if (!isSpace(c))
                out += c;
        }
    }
    return out;
}

} // namespace qmt::state
