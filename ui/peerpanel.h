// SPDX-License-Identifier: Apache-2.0
#pragma once
// PeerPanel: the desktop itself as an MQTT client on the broker a slot uses (mqtt::MqttClient,
// the libmosquitto adapter). Connect (host, port, TLS with the same CA, user, password; "Copy
// from slot" fills them from a slot's settings, or from the demo's broker), subscribe (wildcards
// allowed), watch what arrives (a topic tree, the messages, the payload as text, hex or JSON),
// publish to any topic. Its second page runs the end-to-end check (workflows/endtoend.h): a
// message leaves a slot and must arrive here, one leaves here and must reach the slot, each
// timed, with a pass/fail line per direction and QoS and the latencies and rate on charts
// (Qt Charts), exported as PNG and CSV.

#include "models/peermessagemodel.h"
#include "mqtt/mqttclient.h"
#include "uicontext.h"
#include "workflows/endtoend.h"

#include <QMap>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace qmt::ui {

class PeerPanel : public QWidget
{
    Q_OBJECT
public:
    PeerPanel(UiContext &ctx, QWidget *parent = nullptr);
    ~PeerPanel() override;

    mqtt::MqttClient *peer() { return &m_peer; }
    state::PeerMessageModel *messages() { return &m_messages; }
    session::EndToEnd *endToEnd() { return m_e2e; }

    // The connection fields from slot `idx` (the demo's broker when the demo runs); the password
    // only if the user typed one here. The client ID gets "-peer" (the broker would otherwise
    // drop the module's session).
    void copyFromSlot(int idx);
    void connectPeer();
    // The demo started: unless the user has filled the connection in, it becomes the demo's broker.
    void offerDemo();
    void disconnectPeer();
    // Starts the end-to-end check with the page's settings; false (with a message) when it cannot.
    bool runCheck();
    // Connects (if not connected) and then runs the check with `count` messages per direction
    // and QoS (qmtscope --peer-check: the demo's round trip in one command).
    void connectAndCheck(int count);
    // The charts and the samples, as the export buttons write them.
    bool savePicture(const QString &path) const;
    bool saveCsv(const QString &path, QString *error = nullptr) const;
    QString resultsText() const;
    int chartPoints() const; // points on the latency chart, for tests

signals:
    void checkFinished(bool passed);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildMessagesPage(QWidget *page);
    void buildCheckPage(QWidget *page);
    void retranslate();
    void updateState();
    void onMessage(const QByteArray &topic, const QByteArray &payload, int qos, bool retained);
    void addToTree(const QByteArray &topic);
    void showPayload();
    void subscribe();
    void unsubscribe();
    void publish();
    void onSample(const session::E2eSample &sample);
    void flushChart();
    void onCheckFinished(bool passed);
    void say(const QString &text, bool bad = false);

    UiContext &m_ctx;
    mqtt::MqttClient m_peer;
    state::PeerMessageModel m_messages;
    QSortFilterProxyModel m_filter;
    QPointer<session::EndToEnd> m_e2e;
    QMap<QByteArray, int> m_subscriptions; // topic filter → QoS asked
    QMap<int, QByteArray> m_pendingSubscribe;

    // connection
    QLabel *m_hostLabel, *m_portLabel, *m_userLabel, *m_passwordLabel, *m_idLabel;
    QLineEdit *m_host, *m_user, *m_password, *m_clientId;
    QSpinBox *m_port;
    QCheckBox *m_tls;
    QLineEdit *m_ca, *m_cert, *m_key;
    QComboBox *m_fromSlot;
    QPushButton *m_copy, *m_connect;
    QLabel *m_state;
    QTabWidget *m_pages;
    // messages page
    QLineEdit *m_subTopic;
    QComboBox *m_subQos;
    QPushButton *m_subscribe, *m_unsubscribe, *m_clear;
    QListWidget *m_subList;
    QTreeWidget *m_tree;
    QTableView *m_table;
    QComboBox *m_format;
    QPlainTextEdit *m_payload;
    QLineEdit *m_pubTopic, *m_pubPayload;
    QComboBox *m_pubQos;
    QCheckBox *m_pubRetain;
    QPushButton *m_publish;
    QLabel *m_subLabel, *m_pubLabel, *m_pubPayloadLabel;
    // check page
    QLabel *m_checkSlotLabel, *m_checkCountLabel, *m_checkSizeLabel, *m_checkQosLabel;
    QSpinBox *m_checkSlot, *m_checkCount, *m_checkSize;
    QCheckBox *m_qos[3];
    QCheckBox *m_binary;
    QPushButton *m_run, *m_savePng, *m_saveCsv;
    QLabel *m_results;
    QChartView *m_latencyView, *m_rateView;
    QWidget *m_charts;
    QMap<int, QLineSeries *> m_latencySeries; // key: dir * 3 + qos
    QMap<int, QLineSeries *> m_rateSeries;
    QMap<int, QList<QPointF>> m_pendingLatency, m_pendingRate;
    QMap<int, qint64> m_lastArrival;
    QValueAxis *m_latencyX = nullptr, *m_latencyY = nullptr, *m_rateX = nullptr, *m_rateY = nullptr;
    double m_maxLatency = 1, m_maxRate = 1, m_maxX = 1, m_maxT = 1;
    qint64 m_checkStartUs = -1;
    QTimer m_chartTimer;
    QTimer m_reconnect; // a lost broker is tried again every 2 s until Disconnect
    bool m_wantConnected = false;
    bool m_filledByUser = false; // the connection fields were typed or copied: the demo leaves them
    QString m_status;
    bool m_statusBad = false;
};

} // namespace qmt::ui
