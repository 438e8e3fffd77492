// SPDX-License-Identifier: Apache-2.0
#pragma once
// ConnectBar: choose a serial port (with its USB identity, Quectel modules marked and their AT
// interface preselected), a baud rate and flow control, open or close it through the Session,
// and say whether a lost port should be reopened when it comes back. The port list is rescanned
// on request (F5) and every two seconds while no port is open.

#include "io/portcatalog.h"
#include "io/portdoctor.h"
#include "io/session.h"

#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QToolButton;

namespace qmt::ui {

class ConnectBar : public QWidget
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kRescanInterval{2000};

    explicit ConnectBar(session::Session *session, QWidget *parent = nullptr);
    ~ConnectBar() override;

    // The settings chosen in the bar.
    session::PortSettings settings() const;
    // Selects a port (listed even when the scan does not find it, e.g. a pty), baud and flow.
    void setSettings(const session::PortSettings &settings);
    // "Reopen when it comes back" (Session::setAutoReopen).
    void setAutoReopen(bool on);
    // The demo module's port: listed first under its own name while set; empty removes it.
    void setDemoPort(const QString &path);
    // Opens the chosen port (true on success); closes the open one first.
    bool openChosen();

    // Ctrl+O: open the chosen port, or close the open one. F5: rescan.
    QAction *openAction() const { return m_openAction; }
    QAction *rescanAction() const { return m_rescanAction; }

    void rescan();
    // The doctor that looks at the chosen port (a made-up machine in tests).
    void setPortDoctor(const session::PortDoctor &doctor);
    // The warning shown beside the port picker ("portWarning": a DM or NMEA interface chosen).
    QString portWarning() const;
    // The ports listed now (system paths), for tests.
    QStringList listedPaths() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateState();
    void fillPorts(const QList<session::PortEntry> &ports);
    QString labelFor(const session::PortEntry &e) const;
    void selectPath(const QString &path);
    void updatePortWarning();

    QPointer<session::Session> m_session;
    session::PortDoctor m_doctor;
    QString m_warnedPath;
    QLabel *m_portWarning = nullptr;
    QLabel *m_portLabel = nullptr;
    QComboBox *m_port = nullptr;
    QToolButton *m_rescanButton = nullptr;
    QLabel *m_baudLabel = nullptr;
    QComboBox *m_baud = nullptr;
    QLabel *m_flowLabel = nullptr;
    QComboBox *m_flow = nullptr;
    QToolButton *m_openButton = nullptr;
    QCheckBox *m_reopen = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_rescanAction = nullptr;
    QTimer m_rescanTimer;
    QString m_demoPath;
    QStringList m_extraPaths;              // paths chosen by the user or the command line
    QString m_wanted;                      // the port the user chose or opened last: kept selected, even
                                           // while it is gone (listed as missing), never swapped for another
    QStringList m_lastSignature;           // what the list shows, to leave it alone when nothing changed
    QList<session::PortEntry> m_lastPorts; // what the list shows
    QStringList m_suggestedBefore;         // suggested AT interfaces of the previous scan
};

} // namespace qmt::ui
