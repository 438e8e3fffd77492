// SPDX-License-Identifier: Apache-2.0
#pragma once
// File > Export Session (issue 10): the session shown — the live session's journal, a journal
// opened with File > Open Session, or an imported log — or a time range of it, written as a text
// log, JSON Lines or a one-file HTML report (workflows/sessionexport.h). Secrets are redacted
// unless the user turns that off for this export; texts the user marks are hidden too. The
// export runs beside the window (a 1 GB journal takes a while) with a progress bar and Cancel.

#include "workflows/sessionexport.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QThread;

namespace qmt::session {
struct ImportedLog;
}

namespace qmt::ui {

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    // What can be exported; a source that is not there is left empty.
    struct Sources
    {
        QString liveJournal;   // the journal the open port writes (committed before reading)
        QString openedJournal; // the journal shown with File > Open Session
        std::shared_ptr<const session::ImportedLog> log;
        enum class Shown : std::uint8_t { Live, Opened, Log } shown = Shown::Live;
    };

    explicit ExportDialog(const Sources &sources, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Whether any source can be exported.
    bool hasSource() const;
    QComboBox *sourceBox() const { return m_source; }
    QComboBox *formatBox() const { return m_format; }
    QCheckBox *redactBox() const { return m_redact; }
    QPlainTextEdit *hideEdit() const { return m_hide; }
    QRadioButton *rangeButton() const { return m_range; }
    QDateTimeEdit *fromEdit() const { return m_from; }
    QDateTimeEdit *toEdit() const { return m_to; }
    QLabel *statusLabel() const { return m_status; }
    bool isRunning() const { return m_thread != nullptr; }
    // The options the dialog's fields give.
    session::ExportOptions options() const;

public slots:
    // Writes the chosen source to `path` (no file dialog); false when one runs already.
    bool exportTo(const QString &path);
    void cancel();

signals:
    void exported(bool ok, const QString &path);

protected:
    void changeEvent(QEvent *event) override;
    void reject() override;

private:
    void retranslate();
    void sourceChanged();
    void pickFileAndExport();
    void updateRedactionWarning();
    void finished(bool ok, const QString &path, const QString &error);

    Sources m_sources;
    QLabel *m_sourceLabel = nullptr, *m_formatLabel = nullptr, *m_hideLabel = nullptr, *m_warning = nullptr;
    QComboBox *m_source = nullptr;
    QComboBox *m_format = nullptr;
    QRadioButton *m_whole = nullptr, *m_range = nullptr;
    QDateTimeEdit *m_from = nullptr, *m_to = nullptr;
    QCheckBox *m_redact = nullptr;
    QPlainTextEdit *m_hide = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_export = nullptr, *m_cancel = nullptr, *m_close = nullptr;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<qint64>> m_done, m_total;
    std::shared_ptr<std::atomic<bool>> m_stop;
    QString m_lastPath;
};

} // namespace qmt::ui
