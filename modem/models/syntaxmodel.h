// SPDX-License-Identifier: Apache-2.0
#pragma once
// SyntaxModel: the commands and sub-commands a user can type (at/syntax.h) as a list for a
// completer — the completion text as DisplayRole/EditRole, the one-line hint as ToolTipRole.

#include "at/syntax.h"

#include <QAbstractListModel>

#include <vector>

namespace qmt::state {

class SyntaxModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        SyntaxRole = Qt::UserRole + 1, // QString: AT+QMTOPEN=<client_idx>,"<host_name>",<port>
        MeaningRole,                   // QString, translated
    };

    explicit SyntaxModel(QObject *parent = nullptr);

    const at::syntax::Hint *hint(int row) const;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<const at::syntax::Hint *> m_hints;
};

} // namespace qmt::state
