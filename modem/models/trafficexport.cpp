// SPDX-License-Identifier: Apache-2.0
#include "models/trafficexport.h"

#include "models/trafficmodel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSaveFile>

namespace qmt::state {

namespace {
constexpr std::chrono::milliseconds kSlice{10};
constexpr int kRowsPerClockLook = 256;
} // namespace

QString trafficLine(const QAbstractItemModel *model, int row)
{
    const QModelIndex time = model->index(row, TrafficModel::TimeColumn);
    const qint64 us = time.data(TrafficModel::TimeUsRole).toLongLong();
    QString out =
        QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    for (int c : {int(TrafficModel::DirectionColumn), int(TrafficModel::SlotColumn),
                  int(TrafficModel::KindColumn), int(TrafficModel::TextColumn)}) {
        out += QLatin1Char('\t');
        out += model->index(row, c).data(Qt::DisplayRole).toString();
    }
    return out;
}

QString trafficHeaderLine(const QAbstractItemModel *model)
{
    QStringList names;
    for (int c = 0; c < TrafficModel::ColumnCount; ++c)
        names << model->headerData(c, Qt::Horizontal).toString();
    return names.join(QLatin1Char('\t'));
}

TrafficExporter::TrafficExporter(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &TrafficExporter::step);
}

TrafficExporter::~TrafficExporter()
{
    if (m_file)
        m_file->cancelWriting();
}

bool TrafficExporter::start(const QAbstractItemModel *model, const QString &path)
{
    if (m_file) {
        m_error = tr("An export is already running");
        return false;
    }
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Text)) {
        m_error = tr("Cannot write %1: %2").arg(path, file->errorString());
        return false;
    }
    m_error.clear();
    m_file = std::move(file);
    m_model = model;
    m_next = 0;
    m_total = model->rowCount();
    m_file->write(trafficHeaderLine(model).toUtf8() + '\n');
    // Rows of the snapshot vanish if the model is reset (cleared, or a new filter).
    m_reset = connect(model, &QAbstractItemModel::modelReset, this,
                      [this] { fail(tr("The traffic changed (cleared or filtered) during the export")); });
    m_timer.start();
    return true;
}

void TrafficExporter::cancel()
{
    if (m_file)
        fail(tr("Export cancelled"));
}

void TrafficExporter::fail(const QString &error)
{
    m_timer.stop();
    disconnect(m_reset);
    if (m_file)
        m_file->cancelWriting();
    m_file.reset();
    m_error = error;
    emit finished(false);
}

void TrafficExporter::step()
{
    if (!m_file)
        return;
    if (!m_model) {
        fail(tr("The traffic went away during the export"));
        return;
    }
    QElapsedTimer clock;
    clock.start();
    QByteArray chunk;
    while (m_next < m_total) {
        chunk += trafficLine(m_model, int(m_next)).toUtf8();
        chunk += '\n';
        ++m_next;
        if (m_next % kRowsPerClockLook == 0 && clock.elapsed() >= kSlice.count())
            break;
    }
    if (m_file->write(chunk) != chunk.size()) {
        fail(tr("Cannot write %1: %2").arg(m_file->fileName(), m_file->errorString()));
        return;
    }
    emit progress(m_next, m_total);
    if (m_next < m_total)
        return;
    m_timer.stop();
    disconnect(m_reset);
    const QString name = m_file->fileName();
    const bool ok = m_file->commit();
    if (!ok)
        m_error = tr("Cannot write %1: %2").arg(name, m_file->errorString());
    m_file.reset();
    emit finished(ok);
}

} // namespace qmt::state
