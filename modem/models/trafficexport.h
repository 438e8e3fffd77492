// SPDX-License-Identifier: Apache-2.0
#pragma once
// Traffic as text: one line per frame — date and time, direction, slot, kind and the frame's
// text with control characters escaped, separated by tabs — for the clipboard and for export.
// TrafficExporter writes the rows of a model (a TrafficModel or a TrafficFilterModel over one)
// to a file in time slices, so a million rows never freeze the window.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

class QAbstractItemModel;
class QSaveFile;

namespace qmt::state {

// One row of a traffic model (or of a proxy of one) as a line, without the line end.
QString trafficLine(const QAbstractItemModel *model, int row);
// The header line naming the columns (translated).
QString trafficHeaderLine(const QAbstractItemModel *model);

class TrafficExporter : public QObject
{
    Q_OBJECT
public:
    explicit TrafficExporter(QObject *parent = nullptr);
    ~TrafficExporter() override;

    // Starts writing the rows the model shows now; false (with errorString()) when the file
    // cannot be opened or an export runs already.
    bool start(const QAbstractItemModel *model, const QString &path);
    void cancel();
    bool isRunning() const { return m_file != nullptr; }
    QString errorString() const { return m_error; }
    qint64 rowsWritten() const { return m_next; }
    qint64 rowsTotal() const { return m_total; }

signals:
    void progress(qint64 done, qint64 total);
    // ok false: the error is in errorString(); nothing was written to the path.
    void finished(bool ok);

private:
    void step();
    void fail(const QString &error);

    QPointer<const QAbstractItemModel> m_model;
    std::unique_ptr<QSaveFile> m_file;
    QTimer m_timer;
    qint64 m_next = 0;
    qint64 m_total = 0;
    QString m_error;
    QMetaObject::Connection m_reset;
};

} // namespace qmt::state
