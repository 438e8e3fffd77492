// SPDX-License-Identifier: Apache-2.0
#include "models/syntaxmodel.h"

namespace qmt::state {

SyntaxModel::SyntaxModel(QObject *parent) : QAbstractListModel(parent)
{
    for (const at::syntax::Hint &h : at::syntax::hints())
        if (!h.urc)
            m_hints.push_back(&h);
}

const at::syntax::Hint *SyntaxModel::hint(int row) const
{
    return row >= 0 && row < int(m_hints.size()) ? m_hints[std::size_t(row)] : nullptr;
}

int SyntaxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hints.size());
}

QVariant SyntaxModel::data(const QModelIndex &index, int role) const
{
    const at::syntax::Hint *h = index.isValid() ? hint(index.row()) : nullptr;
    if (!h)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return QString::fromUtf8(h->completion);
    case Qt::ToolTipRole:
        return at::syntax::line(*h);
    case SyntaxRole:
        return QString::fromUtf8(h->syntax);
    case MeaningRole:
        return at::syntax::meaning(*h);
    default:
        return {};
    }
}

} // namespace qmt::state
