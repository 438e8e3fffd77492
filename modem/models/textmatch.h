// SPDX-License-Identifier: Apache-2.0
#pragma once
// TextMatcher: does a frame's text match what the user searches for — a part of it (ASCII
// letters in either case unless asked, other bytes exactly) or a regular expression (Perl
// syntax, QRegularExpression). One matcher for the traffic view's search (TrafficFilterModel)
// and the journal search (qmtscope-cli search), so both find the same frames.

#include <QByteArray>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QString>

#include <string>

namespace qmt::state {

class TextMatcher
{
    Q_DECLARE_TR_FUNCTIONS(qmt::state::TextMatcher)
public:
    TextMatcher() = default;
    TextMatcher(const QString &text, bool regex, bool caseSensitive);

    bool isEmpty() const { return m_needle.isEmpty(); } // matches everything
    // Why the pattern is not a regular expression ("" when it is, or none is used); such a
    // matcher matches nothing.
    QString error() const { return m_error; }
    // Not reentrant: it folds the text into a buffer of its own.
    bool matches(QByteArrayView text) const;

private:
    QByteArray m_needle; // the text in UTF-8 (ASCII folded to lower case: any-case text)
    bool m_regexMode = false;
    bool m_caseSensitive = false;
    QRegularExpression m_regex;
    QString m_error;
    mutable std::string m_folded; // a text folded to lower case (ASCII) for the search
};

} // namespace qmt::state
