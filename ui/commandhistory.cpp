// SPDX-License-Identifier: Apache-2.0
#include "commandhistory.h"

#include <QSettings>

namespace qmt::state {

void CommandHistory::add(const QString &line)
{
    const QString l = line.trimmed();
    if (!l.isEmpty()) {
        m_entries.removeAll(l);
        m_entries.append(l);
        if (m_entries.size() > kMaxEntries)
            m_entries.erase(m_entries.begin(), m_entries.begin() + (m_entries.size() - kMaxEntries));
    }
    endWalk();
}

void CommandHistory::clear()
{
    m_entries.clear();
    endWalk();
}

QString CommandHistory::older(const QString &current)
{
    if (m_pos > m_entries.size())
        m_pos = m_entries.size();
    if (m_pos == m_entries.size())
        m_draft = current;
    if (m_pos == 0)
        return current;
    return m_entries.at(--m_pos);
}

QString CommandHistory::newer(const QString &current)
{
    if (m_pos >= m_entries.size()) {
        m_pos = m_entries.size();
        return current;
    }
    ++m_pos;
    return m_pos == m_entries.size() ? m_draft : m_entries.at(m_pos);
}

void CommandHistory::endWalk()
{
    m_pos = m_entries.size();
    m_draft.clear();
}

void CommandHistory::load(const QSettings &settings)
{
    m_entries.clear();
    const QStringList stored = settings.value(QLatin1String(kSettingsKey)).toStringList();
    for (const QString &l : stored) {
        const QString t = l.trimmed();
        if (!t.isEmpty()) {
            m_entries.removeAll(t);
            m_entries.append(t);
        }
    }
    if (m_entries.size() > kMaxEntries)
        m_entries.erase(m_entries.begin(), m_entries.begin() + (m_entries.size() - kMaxEntries));
    endWalk();
}

void CommandHistory::save(QSettings &settings) const
{
    settings.setValue(QLatin1String(kSettingsKey), m_entries);
}

} // namespace qmt::state
