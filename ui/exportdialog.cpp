// SPDX-License-Identifier: Apache-2.0
#include "exportdialog.h"

#include "engine/pipeline.h"
#include "io/journal.h"
#include "workflows/logreplay.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace qmt::ui {

namespace {

enum Source { LiveJournal, OpenedJournal, ImportedLog };

// The first and last time a source shows (µs since the epoch), {0, 0} when it has none.
std::pair<qint64, qint64> spanOf(const QString &journal, const session::ImportedLog *log)
{
    if (log) {
        qint64 first = -1, last = -1;
        const int count = int(log->import.counts().lines);
        for (int n = 1; n <= count && first < 0; ++n)
            first = log->import.lineTimeUs(n);
        for (int n = count; n >= 1 && last < 0; --n)
            last = log->import.lineTimeUs(n);
        // times of day or uptimes (not dates) are no wall clock to pick from
        if (first < 86'400'000'000LL * 365)
            return {0, 0};
        return {first, last};
    }
    QString error;
    const std::optional<session::JournalReader> r = session::JournalReader::open(journal, &error);
    return r ? r->wallSpan() : std::pair<qint64, qint64>{0, 0};
}

} // namespace

ExportDialog::ExportDialog(const Sources &sources, QWidget *parent)
    : QDialog(parent), m_sources(sources), m_done(std::make_shared<std::atomic<qint64>>(0)),
      m_total(std::make_shared<std::atomic<qint64>>(0)), m_stop(std::make_shared<std::atomic<bool>>(false))
{
    setObjectName(QStringLiteral("exportDialog"));
    m_source = new QComboBox(this);
    m_format = new QComboBox(this);
    m_whole = new QRadioButton(this);
    m_range = new QRadioButton(this);
    m_whole->setChecked(true);
    m_from = new QDateTimeEdit(this);
    m_to = new QDateTimeEdit(this);
    for (QDateTimeEdit *e : {m_from, m_to}) {
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        e->setCalendarPopup(true);
        e->setEnabled(false);
    }
    m_redact = new QCheckBox(this);
    m_redact->setChecked(true);
    m_warning = new QLabel(this);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_hide = new QPlainTextEdit(this);
    m_hide->setObjectName(QStringLiteral("hideEdit"));
    m_hide->setMaximumHeight(70);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sourceLabel = new QLabel(this);
    m_formatLabel = new QLabel(this);
    m_hideLabel = new QLabel(this);

    auto *form = new QFormLayout;
    form->addRow(m_sourceLabel, m_source);
    form->addRow(m_formatLabel, m_format);
    auto *range = new QHBoxLayout;
    range->addWidget(m_range);
    range->addWidget(m_from);
    range->addWidget(m_to);
    auto *ranges = new QVBoxLayout;
    ranges->addWidget(m_whole);
    ranges->addLayout(range);
    form->addRow(QString(), ranges);
    form->addRow(QString(), m_redact);
    form->addRow(QString(), m_warning);
    form->addRow(m_hideLabel, m_hide);

    auto *buttons = new QDialogButtonBox(this);
    m_export = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setEnabled(false);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::pickFileAndExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::cancel);
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_range, &QRadioButton::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
    });
    connect(m_redact, &QCheckBox::toggled, this, &ExportDialog::updateRedactionWarning);
    connect(m_source, &QComboBox::currentIndexChanged, this, &ExportDialog::sourceChanged);

    retranslate(); // fills the combo boxes
    const int shown = m_source->findData(m_sources.shown == Sources::Shown::Log      ? ImportedLog
                                         : m_sources.shown == Sources::Shown::Opened ? OpenedJournal
                                                                                     : LiveJournal);
    if (shown >= 0)
        m_source->setCurrentIndex(shown);
    sourceChanged();
    updateRedactionWarning();
    m_export->setEnabled(hasSource());
    resize(560, sizeHint().height());
}

ExportDialog::~ExportDialog()
{
    if (m_thread) {
        *m_stop = true;
        m_thread->wait();
    }
}

bool ExportDialog::hasSource() const
{
    return m_source->count() > 0;
}

void ExportDialog::retranslate()
{
    setWindowTitle(tr("Export Session"));
    m_sourceLabel->setText(tr("&What:"));
    m_sourceLabel->setBuddy(m_source);
    m_formatLabel->setText(tr("&Format:"));
    m_formatLabel->setBuddy(m_format);
    m_hideLabel->setText(tr("Also &hide:"));
    m_hideLabel->setBuddy(m_hide);
    m_hide->setPlaceholderText(tr("Texts to write as ***, one per line (a client id, a host, a topic)"));
    m_whole->setText(tr("The &whole session"));
    m_range->setText(tr("From … &to:"));
    m_redact->setText(tr("&Redact secrets: MQTT user names and passwords, device secrets, private keys"));
    m_export->setText(tr("&Export…"));
    m_cancel->setText(tr("Cancel Export"));

    const QVariant source = m_source->currentData();
    const QSignalBlocker block(m_source);
    m_source->clear();
    if (!m_sources.liveJournal.isEmpty())
        m_source->addItem(tr("This session (journal %1)").arg(QFileInfo(m_sources.liveJournal).fileName()),
                          LiveJournal);
    if (!m_sources.openedJournal.isEmpty())
        m_source->addItem(tr("The opened journal %1").arg(QFileInfo(m_sources.openedJournal).fileName()),
                          OpenedJournal);
    if (m_sources.log)
        m_source->addItem(tr("The imported log %1").arg(m_sources.log->name), ImportedLog);
    if (source.isValid() && m_source->findData(source) >= 0)
        m_source->setCurrentIndex(m_source->findData(source));

    const int format = m_format->currentIndex();
    m_format->clear();
    m_format->addItem(tr("Text log, one timestamped line per frame (.log)"),
                      int(session::ExportFormat::Text));
    m_format->addItem(tr("JSON Lines, one object per frame (.jsonl)"), int(session::ExportFormat::JsonLines));
    m_format->addItem(tr("HTML report: slots, timeline, findings, traffic (.html)"),
                      int(session::ExportFormat::Html));
    m_format->setCurrentIndex(format < 0 ? 0 : format);
    if (!hasSource())
        m_status->setText(tr("Nothing to export: open a port with the journal on (Settings), open a session "
                             "journal or import a log first."));
    updateRedactionWarning();
}

void ExportDialog::updateRedactionWarning()
{
    m_warning->setText(m_redact->isChecked()
                           ? QString()
                           : tr("This export will hold passwords, device secrets and private keys as they "
                                "were sent. Share it only with people who may see them."));
    m_warning->setVisible(!m_redact->isChecked());
    m_hide->setEnabled(m_redact->isChecked());
}

void ExportDialog::sourceChanged()
{
    const int kind = m_source->currentData().toInt();
    const auto span = spanOf(kind == LiveJournal ? m_sources.liveJournal : m_sources.openedJournal,
                             kind == ImportedLog ? m_sources.log.get() : nullptr);
    const bool timed = span.first > 0;
    m_range->setEnabled(timed);
    if (!timed)
        m_whole->setChecked(true);
    if (timed) {
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(span.first / 1000));
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(span.second / 1000 + 1));
    }
}

session::ExportOptions ExportDialog::options() const
{
    session::ExportOptions o;
    o.format = session::ExportFormat(m_format->currentData().toInt());
    o.redact = m_redact->isChecked();
    for (const QString &line : m_hide->toPlainText().split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (!t.isEmpty())
            o.hide << t.toUtf8();
    }
    if (m_range->isChecked()) {
        o.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
        o.toUs = m_to->dateTime().toMSecsSinceEpoch() * 1000 + 1000; // the last millisecond shown included
    }
    o.name = m_source->currentText();
    return o;
}

void ExportDialog::pickFileAndExport()
{
    static const char *const suffixes[] = {"log", "jsonl", "html"};
    const int f = std::clamp(m_format->currentData().toInt(), 0, 2);
    const QString filter = f == 0   ? tr("Text logs (*.log *.txt)")
                           : f == 1 ? tr("JSON Lines (*.jsonl)")
                                    : tr("HTML reports (*.html)");
    QString suggested =
        m_lastPath.isEmpty() ? QStringLiteral("session") : QFileInfo(m_lastPath).completeBaseName();
    suggested += QLatin1Char('.') + QLatin1String(suffixes[f]);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Session"),
        m_lastPath.isEmpty() ? suggested : QFileInfo(m_lastPath).dir().filePath(suggested), filter);
    if (!path.isEmpty())
        exportTo(path);
}

bool ExportDialog::exportTo(const QString &path)
{
    if (m_thread || !hasSource())
        return false;
    const session::ExportOptions opt = options();
    const int kind = m_source->currentData().toInt();
    const QString journal = kind == LiveJournal ? m_sources.liveJournal : m_sources.openedJournal;
    const std::shared_ptr<const session::ImportedLog> log = kind == ImportedLog ? m_sources.log : nullptr;
    *m_done = 0;
    *m_total = 0;
    *m_stop = false;
    auto ok = std::make_shared<bool>(false);
    auto error = std::make_shared<QString>();
    auto done = m_done, total = m_total;
    auto stop = m_stop;
    m_thread = QThread::create([=] {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
            return;
        }
        bool written = false;
        QString why;
        if (log) {
            session::ManualClock clock;
            session::Pipeline pipeline(log->import.hasTimes() ? static_cast<const session::Clock *>(&clock)
                                                              : session::SystemClock::instance());
            session::SessionExporter exporter(pipeline, opt, &file);
            log->import.feed(pipeline, &clock);
            written = exporter.finish();
            why = exporter.errorString();
        } else if (const std::optional<session::JournalReader> reader =
                       session::JournalReader::open(journal, &why)) {
            written = session::exportJournal(*reader, opt, &file, &why, [=](qint64 d, qint64 t) {
                *done = d;
                *total = t;
                return !*stop;
            });
        }
        if (written && !file.commit()) {
            written = false;
            why = file.errorString();
        }
        if (!written)
            file.cancelWriting();
        *ok = written;
        *error = why;
    });
    auto *poll = new QTimer(this);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this] {
        const qint64 t = *m_total;
        m_progress->setRange(0, t > 0 ? 1000 : 0);
        if (t > 0)
            m_progress->setValue(int(*m_done * 1000 / t));
    });
    poll->start();
    connect(m_thread, &QThread::finished, this, [this, ok, error, path, poll] {
        poll->deleteLater();
        m_thread->deleteLater();
        m_thread = nullptr;
        finished(*ok, path, *error);
    });
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_export->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Exporting to %1…").arg(QFileInfo(path).fileName()));
    m_lastPath = path;
    m_thread->start();
    return true;
}

void ExportDialog::finished(bool ok, const QString &path, const QString &error)
{
    m_progress->setVisible(false);
    m_export->setEnabled(true);
    m_cancel->setEnabled(false);
    m_status->setText(ok ? (m_redact->isChecked() ? tr("Exported to %1, secrets redacted.").arg(path)
                                                  : tr("Exported to %1, secrets included.").arg(path))
                         : tr("The export failed: %1 (nothing was written to %2)").arg(error, path));
    emit exported(ok, path);
}

void ExportDialog::cancel()
{
    *m_stop = true;
}

void ExportDialog::reject()
{
    if (m_thread) {
        cancel();
        return; // closes after the export stops: the Close button again
    }
    QDialog::reject();
}

void ExportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace qmt::ui
