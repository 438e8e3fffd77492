// SPDX-License-Identifier: Apache-2.0
#pragma once
// CommandHistory: the lines typed in the console, oldest first — de-duplicated (typing a line
// again moves it to the end), at most kMaxEntries, kept across runs in QSettings — and the
// Up/Down walk through them that remembers the line being typed.

#include <QString>
#include <QStringList>

class QSettings;

namespace qmt::state {

class CommandHistory
{
public:
    static constexpr int kMaxEntries = 500;
    static constexpr const char *kSettingsKey = "console/history";

    // Appends a line (trimmed; empty lines are ignored), removing an earlier equal one and the
    // oldest beyond kMaxEntries. Ends a walk.
    void add(const QString &line);
    void clear();
    const QStringList &entries() const { return m_entries; }
    int size() const { return int(m_entries.size()); }

    // Up: the entry before the one shown; `current` is what the input holds, remembered as the
    // draft when the walk starts. Returns `current` when there is nothing older.
    QString older(const QString &current);
    // Down: the entry after the one shown, and the draft after the newest.
    QString newer(const QString &current);
    bool walking() const { return m_pos < m_entries.size(); }
    void endWalk();

    void load(const QSettings &settings);
    void save(QSettings &settings) const;

private:
    QStringList m_entries;
    qsizetype m_pos = 0; // == size(): not walking
    QString m_draft;
};

} // namespace qmt::state
