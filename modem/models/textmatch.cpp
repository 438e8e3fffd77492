// SPDX-License-Identifier: Apache-2.0
#include "models/textmatch.h"

#include <algorithm>
#include <string_view>

namespace qmt::state {

namespace {
char foldAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}
} // namespace

TextMatcher::TextMatcher(const QString &text, bool regex, bool caseSensitive)
    : m_needle(text.toUtf8()), m_regexMode(regex), m_caseSensitive(caseSensitive)
{
    if (!regex && !caseSensitive)
        std::transform(m_needle.begin(), m_needle.end(), m_needle.begin(), foldAscii);
    if (regex && !text.isEmpty()) {
        m_regex = QRegularExpression(text, caseSensitive ? QRegularExpression::NoPatternOption
                                                         : QRegularExpression::CaseInsensitiveOption);
        if (m_regex.isValid())
            m_regex.optimize();
        else
            m_error = tr("Not a valid regular expression: %1 (at character %2)")
                          .arg(m_regex.errorString())
                          .arg(m_regex.patternErrorOffset() + 1);
    }
}

bool TextMatcher::matches(QByteArrayView text) const
{
    if (m_needle.isEmpty())
        return true;
    if (m_regexMode)
        return m_error.isEmpty() && m_regex.match(QString::fromUtf8(text)).hasMatch();
    if (m_caseSensitive)
        return text.contains(m_needle);
    // The text folded as the needle is, then searched as it is (memchr and memcmp, not a
    // compare per byte pair).
    m_folded.resize(size_t(text.size()));
    std::transform(text.begin(), text.end(), m_folded.begin(), foldAscii);
    return std::string_view(m_folded).find(std::string_view(m_needle.constData(), size_t(m_needle.size()))) !=
           std::string_view::npos;
}

} // namespace qmt::state
