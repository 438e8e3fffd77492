// SPDX-License-Identifier: Apache-2.0
#pragma once
// FormsPanel: a form for every command (at/formschema.h), chosen from a searchable list grouped
// as Configure, Network, Session, Publish/Subscribe, Receive, Files & TLS, PDP and Basic. Inputs
// follow the module's own ranges while a port is open, the seed's otherwise. "Read from module"
// reads every AT+QMTCFG setting of a slot back (a session::CommandBatch) and fills the
// configuration forms. A form is built when it is first shown or asked for (there are dozens).

#include "at/formschema.h"
#include "io/commandbatch.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace qmt::session {
class Session;
struct CommandResult;
} // namespace qmt::session

namespace qmt::ui {

class FormWidget;
struct UiContext;

class FormsPanel : public QWidget
{
    Q_OBJECT
public:
    FormsPanel(UiContext &ctx, QWidget *parent = nullptr);
    ~FormsPanel() override;

    // The form of a command, built now if it was not yet; nullptr for an unknown id.
    FormWidget *form(QByteArrayView id);
    // The form if it has been built, else nullptr (builds nothing).
    FormWidget *builtForm(QByteArrayView id) const { return m_forms.value(id.toByteArray()); }
    int builtFormCount() const { return int(m_forms.size()); }
    FormWidget *currentForm() const;
    // Shows a form and selects it in the list; false for an unknown id.
    bool showForm(QByteArrayView id);

    // Sends the read-back of every AT+QMTCFG sub-command of slot idx; when all are answered the
    // configuration forms show the slot's values (readBackFinished).
    void readFromModule(int idx);
    bool isReading() const { return m_reading != nullptr; }

    // The ranges the forms use now: the module's while a port is open, else the seed's.
    const at::RangeTable &ranges() const { return m_ranges; }
    void refreshRanges();

    QLineEdit *searchField() const { return m_search; }
    QTreeWidget *commandList() const { return m_list; }
    QSpinBox *readSlotBox() const { return m_readSlot; }
    QPushButton *readButton() const { return m_readButton; }
    QLabel *readStatus() const { return m_readStatus; }
    QLabel *rangeSource() const { return m_rangeSource; }

signals:
    // answered: the settings the module answered (their forms are filled); asked: all of them.
    void readBackFinished(int idx, int answered, int asked);

protected:
    void changeEvent(QEvent *e) override;
    void showEvent(QShowEvent *e) override;

private:
    void buildList();
    void retranslate();
    void applyFilter(const QString &text);
    void onReadBackFinished();

    UiContext &m_ctx;
    QPointer<session::Session> m_session;
    at::RangeTable m_ranges;
    int m_observer = 0;
    QTimer *m_rangeTimer;

    QLineEdit *m_search;
    QTreeWidget *m_list;
    QStackedWidget *m_stack;
    QSplitter *m_split;
    QLabel *m_slotLabel = nullptr;
    QSpinBox *m_readSlot;
    QPushButton *m_readButton;
    QLabel *m_readStatus;
    QLabel *m_rangeSource;
    bool m_splitRestored = false; // the user's splitter position was restored (else sized on first show)
    QHash<QByteArray, FormWidget *> m_forms; // the forms built so far
    QHash<QByteArray, QWidget *> m_pages;
    QHash<QByteArray, at::FormValues> m_readValues; // read back for forms not built yet
    QHash<QByteArray, QTreeWidgetItem *> m_items;

    // Read from module in progress
    QPointer<session::CommandBatch> m_reading;
    QList<at::CfgSetting> m_readSettings; // what each command of the batch reads
    int m_readIdx = -1;
    QStringList m_readFailures; // the commands that could not be built
};

} // namespace qmt::ui
