#pragma once
// Sequence: an ordered list of steps (command, data, expected answer, timeout) that the
// sequence runner plays through the command channel. Saved and loaded as a readable text file.
// (Implementation: sequence.cpp; the runner and the file format are documented there.)

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <chrono>

namespace qmt::session {

struct SequenceStep
{
    QByteArray command;                   // the AT command line, e.g. AT+QMTOPEN=0,"h",1883
    QByteArray data;                      // written after '>' or CONNECT (QMTPUBEX, willex, QFUPL)
    QByteArray expect;                    // expected final result or URC line ("OK", "+QMTOPEN: 0,0"); empty: the command succeeds
    std::chrono::milliseconds timeout{0}; // 0: derived from PROTOCOL.md by the channel
    QString note;                         // a comment shown beside the step
};

class Sequence : public QObject
{
    Q_OBJECT
public:
    explicit Sequence(QObject *parent = nullptr);

    const QList<SequenceStep> &steps() const { return m_steps; }
    QString name() const { return m_name; }
    void setName(const QString &name);
    void append(const SequenceStep &step);
    void insert(int index, const SequenceStep &step);
    void replace(int index, const SequenceStep &step);
    void remove(int index);
    void move(int from, int to);
    void clear();
    void setSteps(const QList<SequenceStep> &steps);

signals:
    void changed();

private:
    QList<SequenceStep> m_steps;
    QString m_name;
};

} // namespace qmt::session
