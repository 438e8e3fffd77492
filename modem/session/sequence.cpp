#include "sequence.h"

namespace qmt::session {

Sequence::Sequence(QObject *parent)
    : QObject(parent)
{
}

void Sequence::setName(const QString &name)
{
    m_name = name;
    emit changed();
}

void Sequence::append(const SequenceStep &step)
{
    m_steps.append(step);
    emit changed();
}

void Sequence::insert(int index, const SequenceStep &step)
{
    m_steps.insert(qBound(0, index, int(m_steps.size())), step);
    emit changed();
}

void Sequence::replace(int index, const SequenceStep &step)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_steps[index] = step;
    emit changed();
}

void Sequence::remove(int index)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_steps.removeAt(index);
    emit changed();
}

void Sequence::move(int from, int to)
{
    if (from < 0 || from >= m_steps.size() || to < 0 || to >= m_steps.size() || from == to)
        return;
    m_steps.move(from, to);
    emit changed();
}

void Sequence::clear()
{
    m_steps.clear();
    emit changed();
}

void Sequence::setSteps(const QList<SequenceStep> &steps)
{
    m_steps = steps;
    emit changed();
}

} // namespace qmt::session
