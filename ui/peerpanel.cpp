// SPDX-License-Identifier: Apache-2.0
#include "peerpanel.h"

#include "io/session.h"
#include "sim/demomodule.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace qmt::ui {

namespace {
constexpr int kTopicRole = Qt::UserRole + 1;
int seriesKey(session::E2eDirection dir, int qos)
{
    return int(dir) * 3 + qos;
}
// Short, for the legend: ↑ module → peer, ↓ peer → module (the chart's title says so).
QString seriesName(int key)
{
    return QStringLiteral("%1 QoS %2")
        .arg(key / 3 == 0 ? QStringLiteral("↑") : QStringLiteral("↓"))
        .arg(key % 3);
}
} // namespace

PeerPanel::PeerPanel(UiContext &ctx, QWidget *parent) : QWidget(parent), m_ctx(ctx)
{
    setObjectName(QStringLiteral("peerPanel"));
    m_filter.setSourceModel(&m_messages);
    m_filter.setFilterRole(state::PeerMessageModel::TopicRole);

    auto *layout = new QVBoxLayout(this);
    // ---- the connection ----
    auto *conn = new QGridLayout;
    m_hostLabel = new QLabel(this);
    m_host = new QLineEdit(QStringLiteral("127.0.0.1"), this);
    m_host->setObjectName(QStringLiteral("peerHost"));
    m_portLabel = new QLabel(this);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("peerPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(1883);
    m_idLabel = new QLabel(this);
    m_clientId = new QLineEdit(QStringLiteral("qmtscope-peer"), this);
    m_clientId->setObjectName(QStringLiteral("peerClientId"));
    m_userLabel = new QLabel(this);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("peerUser"));
    m_passwordLabel = new QLabel(this);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("peerPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_tls = new QCheckBox(this);
    m_tls->setObjectName(QStringLiteral("peerTls"));
    m_ca = new QLineEdit(this);
    m_ca->setObjectName(QStringLiteral("peerCa"));
    m_cert = new QLineEdit(this);
    m_cert->setObjectName(QStringLiteral("peerCert"));
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("peerKey"));
    m_fromSlot = new QComboBox(this);
    m_fromSlot->setObjectName(QStringLiteral("peerFromSlot"));
    for (int i = 0; i < 6; ++i)
        m_fromSlot->addItem(QString(), i);
    m_copy = new QPushButton(this);
    m_copy->setObjectName(QStringLiteral("peerCopyFromSlot"));
    m_connect = new QPushButton(this);
    m_connect->setObjectName(QStringLiteral("peerConnect"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("peerState"));
    m_state->setWordWrap(true);
    conn->addWidget(m_hostLabel, 0, 0);
    conn->addWidget(m_host, 0, 1);
    conn->addWidget(m_portLabel, 0, 2);
    conn->addWidget(m_port, 0, 3);
    conn->addWidget(m_idLabel, 0, 4);
    conn->addWidget(m_clientId, 0, 5);
    conn->addWidget(m_fromSlot, 0, 6);
    conn->addWidget(m_copy, 0, 7);
    conn->addWidget(m_userLabel, 1, 0);
    conn->addWidget(m_user, 1, 1);
    conn->addWidget(m_passwordLabel, 1, 2);
    conn->addWidget(m_password, 1, 3);
    conn->addWidget(m_tls, 1, 4);
    auto *files = new QHBoxLayout;
    files->addWidget(m_ca);
    files->addWidget(m_cert);
    files->addWidget(m_key);
    conn->addLayout(files, 1, 5, 1, 2);
    conn->addWidget(m_connect, 1, 7);
    conn->setColumnStretch(1, 2);
    conn->setColumnStretch(5, 3);
    layout->addLayout(conn);
    layout->addWidget(m_state);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("peerPages"));
    auto *messagesPage = new QWidget(m_pages);
    auto *checkPage = new QWidget(m_pages);
    buildMessagesPage(messagesPage);
    buildCheckPage(checkPage);
    m_pages->addTab(messagesPage, QString());
    m_pages->addTab(checkPage, QString());
    layout->addWidget(m_pages, 1);

    connect(m_copy, &QPushButton::clicked, this, [this] { copyFromSlot(m_fromSlot->currentData().toInt()); });
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_peer.state() == mqtt::MqttClient::State::Disconnected && !m_reconnect.isActive())
            connectPeer();
        else
            disconnectPeer();
    });
    connect(m_tls, &QCheckBox::toggled, this, &PeerPanel::updateState);
    connect(&m_peer, &mqtt::MqttClient::stateChanged, this, &PeerPanel::updateState);
    connect(&m_peer, &mqtt::MqttClient::connected, this, [this] {
        say(tr("Connected to %1:%2").arg(m_host->text()).arg(m_port->value()));
        // subscriptions made before a reconnect are made again (a clean session forgets them)
        for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it)
            m_pendingSubscribe.insert(m_peer.subscribe(it.key(), it.value()), it.key());
    });
    connect(&m_peer, &mqtt::MqttClient::connackRefused, this, [this](int code) {
        say(tr("The broker refused the connection: %1").arg(mqtt::MqttClient::connackText(code)), true);
    });
    connect(&m_peer, &mqtt::MqttClient::disconnected, this, [this](int error, bool expected) {
        if (expected || !m_wantConnected) {
            say(tr("Disconnected"));
            return;
        }
        say(tr("Lost the broker: %1; trying again every 2 s")
                .arg(m_peer.errorString().isEmpty() ? mqtt::MqttClient::errorText(error)
                                                    : m_peer.errorString()),
            true);
        m_reconnect.start();
    });
    m_reconnect.setInterval(2000);
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, [this] {
        if (m_wantConnected && m_peer.state() == mqtt::MqttClient::State::Disconnected) {
            const QString lost = m_status;
            connectPeer();
            m_status = lost; // still the reason, until connected
            m_statusBad = true;
            updateState();
        }
    });
    for (QLineEdit *e : {m_host, m_user, m_password, m_clientId})
        connect(e, &QLineEdit::textEdited, this, [this] { m_filledByUser = true; });
    connect(&m_peer, &mqtt::MqttClient::errorOccurred, this,
            [this](int, const QString &message) { say(message, true); });
    connect(&m_peer, &mqtt::MqttClient::subscribed, this, [this](int mid, const QList<int> &granted) {
        const QByteArray filter = m_pendingSubscribe.take(mid);
        if (filter.isEmpty())
            return;
        if (granted.value(0, 0x80) == 0x80) {
            m_subscriptions.remove(filter);
            say(tr("The broker refused the subscription to %1").arg(QString::fromUtf8(filter)), true);
        } else {
            say(tr("Subscribed to %1 (QoS %2)").arg(QString::fromUtf8(filter)).arg(granted.value(0)));
        }
        m_subList->clear();
        for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it)
            m_subList->addItem(
                QStringLiteral("%1  (QoS %2)").arg(QString::fromUtf8(it.key())).arg(it.value()));
        updateState();
    });
    connect(&m_peer, &mqtt::MqttClient::messageReceived, this,
            [this](int, const QByteArray &topic, const QByteArray &payload, int qos, bool retained) {
                onMessage(topic, payload, qos, retained);
            });

    m_chartTimer.setInterval(100);
    connect(&m_chartTimer, &QTimer::timeout, this, &PeerPanel::flushChart);
    retranslate();
    updateState();
}

PeerPanel::~PeerPanel()
{
    if (m_e2e)
        m_e2e->disconnect(this);
}

void PeerPanel::buildMessagesPage(QWidget *page)
{
    auto *layout = new QVBoxLayout(page);
    auto *subRow = new QHBoxLayout;
    m_subLabel = new QLabel(page);
    m_subTopic = new QLineEdit(QStringLiteral("#"), page);
    m_subTopic->setObjectName(QStringLiteral("peerSubTopic"));
    m_subQos = new QComboBox(page);
    m_subQos->setObjectName(QStringLiteral("peerSubQos"));
    for (int q = 0; q < 3; ++q)
        m_subQos->addItem(QStringLiteral("QoS %1").arg(q), q);
    m_subscribe = new QPushButton(page);
    m_subscribe->setObjectName(QStringLiteral("peerSubscribe"));
    m_unsubscribe = new QPushButton(page);
    m_unsubscribe->setObjectName(QStringLiteral("peerUnsubscribe"));
    m_clear = new QPushButton(page);
    m_clear->setObjectName(QStringLiteral("peerClear"));
    subRow->addWidget(m_subLabel);
    subRow->addWidget(m_subTopic, 2);
    subRow->addWidget(m_subQos);
    subRow->addWidget(m_subscribe);
    subRow->addWidget(m_unsubscribe);
    subRow->addStretch(1);
    subRow->addWidget(m_clear);
    layout->addLayout(subRow);

    auto *split = new QSplitter(Qt::Horizontal, page);
    auto *left = new QSplitter(Qt::Vertical, split);
    m_subList = new QListWidget(left);
    m_subList->setObjectName(QStringLiteral("peerSubscriptions"));
    m_tree = new QTreeWidget(left);
    m_tree->setObjectName(QStringLiteral("peerTopicTree"));
    m_tree->setColumnCount(2);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    left->setStretchFactor(1, 3);
    left->setSizes({80, 400});
    auto *right = new QSplitter(Qt::Vertical, split);
    m_table = new QTableView(right);
    m_table->setObjectName(QStringLiteral("peerMessages"));
    m_table->setModel(&m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (const int c : {state::PeerMessageModel::Time, state::PeerMessageModel::Qos,
                        state::PeerMessageModel::Retain, state::PeerMessageModel::Size})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(state::PeerMessageModel::Topic,
                                                      QHeaderView::Interactive);
    m_table->horizontalHeader()->resizeSection(state::PeerMessageModel::Topic, 200);
    m_table->setWordWrap(false);
    auto *payloadBox = new QWidget(right);
    auto *payloadLayout = new QVBoxLayout(payloadBox);
    payloadLayout->setContentsMargins(0, 0, 0, 0);
    m_format = new QComboBox(payloadBox);
    m_format->setObjectName(QStringLiteral("peerPayloadFormat"));
    m_format->addItems({QString(), QString(), QString()});
    m_payload = new QPlainTextEdit(payloadBox);
    m_payload->setObjectName(QStringLiteral("peerPayload"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    payloadLayout->addWidget(m_format, 0, Qt::AlignLeft);
    payloadLayout->addWidget(m_payload);
    right->setStretchFactor(0, 3);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    auto *pubRow = new QHBoxLayout;
    m_pubLabel = new QLabel(page);
    m_pubTopic = new QLineEdit(page);
    m_pubTopic->setObjectName(QStringLiteral("peerPubTopic"));
    m_pubQos = new QComboBox(page);
    m_pubQos->setObjectName(QStringLiteral("peerPubQos"));
    for (int q = 0; q < 3; ++q)
        m_pubQos->addItem(QStringLiteral("QoS %1").arg(q), q);
    m_pubRetain = new QCheckBox(page);
    m_pubPayloadLabel = new QLabel(page);
    m_pubPayload = new QLineEdit(page);
    m_pubPayload->setObjectName(QStringLiteral("peerPubPayload"));
    m_publish = new QPushButton(page);
    m_publish->setObjectName(QStringLiteral("peerPublish"));
    pubRow->addWidget(m_pubLabel);
    pubRow->addWidget(m_pubTopic, 2);
    pubRow->addWidget(m_pubQos);
    pubRow->addWidget(m_pubRetain);
    pubRow->addWidget(m_pubPayloadLabel);
    pubRow->addWidget(m_pubPayload, 3);
    pubRow->addWidget(m_publish);
    layout->addLayout(pubRow);

    connect(m_subscribe, &QPushButton::clicked, this, &PeerPanel::subscribe);
    connect(m_subTopic, &QLineEdit::returnPressed, this, &PeerPanel::subscribe);
    connect(m_unsubscribe, &QPushButton::clicked, this, &PeerPanel::unsubscribe);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_messages.clear();
        m_tree->clear();
        m_payload->clear();
    });
    connect(m_publish, &QPushButton::clicked, this, &PeerPanel::publish);
    connect(m_pubPayload, &QLineEdit::returnPressed, this, &PeerPanel::publish);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PeerPanel::showPayload);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PeerPanel::showPayload);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        // a level of the tree shows its messages and those below it
        const QString topic = item ? item->data(0, kTopicRole).toString() : QString();
        m_filter.setFilterRegularExpression(
            topic.isEmpty() ? QString() : QStringLiteral("^%1(/|$)").arg(QRegularExpression::escape(topic)));
    });
}

void PeerPanel::buildCheckPage(QWidget *page)
{
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_checkSlotLabel = new QLabel(page);
    m_checkSlot = new QSpinBox(page);
    m_checkSlot->setObjectName(QStringLiteral("checkSlot"));
    m_checkSlot->setRange(0, 5);
    m_checkCountLabel = new QLabel(page);
    m_checkCount = new QSpinBox(page);
    m_checkCount->setObjectName(QStringLiteral("checkCount"));
    m_checkCount->setRange(1, 100000);
    m_checkCount->setValue(20);
    m_checkSizeLabel = new QLabel(page);
    m_checkSize = new QSpinBox(page);
    m_checkSize->setObjectName(QStringLiteral("checkSize"));
    m_checkSize->setRange(22, 4096);
    m_checkSize->setValue(64);
    m_checkQosLabel = new QLabel(page);
    row->addWidget(m_checkSlotLabel);
    row->addWidget(m_checkSlot);
    row->addWidget(m_checkCountLabel);
    row->addWidget(m_checkCount);
    row->addWidget(m_checkSizeLabel);
    row->addWidget(m_checkSize);
    row->addWidget(m_checkQosLabel);
    for (int q = 0; q < 3; ++q) {
        m_qos[q] = new QCheckBox(QString::number(q), page);
        m_qos[q]->setObjectName(QStringLiteral("checkQos%1").arg(q));
        m_qos[q]->setChecked(q < 2);
        row->addWidget(m_qos[q]);
    }
    m_binary = new QCheckBox(page);
    m_binary->setObjectName(QStringLiteral("checkBinary"));
    row->addWidget(m_binary);
    row->addStretch(1);
    m_run = new QPushButton(page);
    m_run->setObjectName(QStringLiteral("checkRun"));
    m_savePng = new QPushButton(page);
    m_savePng->setObjectName(QStringLiteral("checkSavePng"));
    m_saveCsv = new QPushButton(page);
    m_saveCsv->setObjectName(QStringLiteral("checkSaveCsv"));
    row->addWidget(m_run);
    row->addWidget(m_savePng);
    row->addWidget(m_saveCsv);
    layout->addLayout(row);
    m_results = new QLabel(page);
    m_results->setObjectName(QStringLiteral("checkResults"));
    m_results->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_results->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_results->setWordWrap(false);
    layout->addWidget(m_results);

    m_charts = new QWidget(page);
    auto *charts = new QHBoxLayout(m_charts);
    charts->setContentsMargins(0, 0, 0, 0);
    auto makeChart = [this](QValueAxis **x, QValueAxis **y) {
        auto *chart = new QChart;
        chart->legend()->setAlignment(Qt::AlignBottom);
        chart->setMargins(QMargins(4, 4, 4, 4));
        *x = new QValueAxis(chart);
        *y = new QValueAxis(chart);
        chart->addAxis(*x, Qt::AlignBottom);
        chart->addAxis(*y, Qt::AlignLeft);
        auto *view = new QChartView(chart, m_charts);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(220);
        return view;
    };
    m_latencyView = makeChart(&m_latencyX, &m_latencyY);
    m_latencyView->setObjectName(QStringLiteral("latencyChart"));
    m_rateView = makeChart(&m_rateX, &m_rateY);
    m_rateView->setObjectName(QStringLiteral("rateChart"));
    charts->addWidget(m_latencyView, 1);
    charts->addWidget(m_rateView, 1);
    layout->addWidget(m_charts, 1);

    connect(m_run, &QPushButton::clicked, this, [this] {
        if (m_e2e && m_e2e->isRunning())
            m_e2e->cancel();
        else
            runCheck();
    });
    connect(m_savePng, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the Charts"), QStringLiteral("e2e.png"), tr("PNG images (*.png)"));
        if (!path.isEmpty() && !savePicture(path))
            say(tr("Cannot write %1").arg(path), true);
    });
    connect(m_saveCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the Measurements"),
                                                          QStringLiteral("e2e.csv"), tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !saveCsv(path, &error))
            say(tr("Cannot write %1: %2").arg(path, error), true);
    });
}

void PeerPanel::say(const QString &text, bool bad)
{
    m_status = text;
    m_statusBad = bad;
    updateState();
}

void PeerPanel::updateState()
{
    const auto st = m_peer.state();
    const bool up = st == mqtt::MqttClient::State::Connected;
    const bool idle = st == mqtt::MqttClient::State::Disconnected && !m_reconnect.isActive();
    for (QWidget *w : std::initializer_list<QWidget *>{m_host, m_port, m_clientId, m_user, m_password, m_tls,
                                                       m_copy, m_fromSlot})
        w->setEnabled(idle);
    for (QLineEdit *e : {m_ca, m_cert, m_key})
        e->setEnabled(idle && m_tls->isChecked());
    m_connect->setText(idle ? tr("&Connect") : tr("&Disconnect"));
    for (QWidget *w : std::initializer_list<QWidget *>{m_subscribe, m_unsubscribe, m_publish})
        w->setEnabled(up);
    const bool running = m_e2e && m_e2e->isRunning();
    m_run->setEnabled(up || running);
    m_run->setText(running ? tr("&Stop") : tr("&Run Check"));
    m_savePng->setEnabled(!m_latencySeries.isEmpty());
    m_saveCsv->setEnabled(m_e2e && !m_e2e->samples().isEmpty());
    const QString state = st == mqtt::MqttClient::State::Connected       ? tr("connected")
                          : st == mqtt::MqttClient::State::Connecting    ? tr("connecting…")
                          : st == mqtt::MqttClient::State::Disconnecting ? tr("disconnecting…")
                                                                         : tr("not connected");
    m_state->setText(tr("Desktop client: %1%2")
                         .arg(state, m_status.isEmpty() ? QString() : QStringLiteral(" — ") + m_status));
    m_state->setStyleSheet(m_statusBad ? QStringLiteral("color: #b00020") : QString());
}

void PeerPanel::copyFromSlot(int idx)
{
    const state::ClientSlot &slot = m_ctx.session->store().slot(idx);
    const sim::DemoModule *demo = m_ctx.demo;
    const bool ssl = slot.config.sslEnabled;
    if (demo && demo->isRunning()) {
        // The demo module routes every host to its own broker; the desktop reaches it on loopback.
        m_host->setText(QStringLiteral("127.0.0.1"));
        const sim::DemoCertificates certs = demo->certificates();
        const bool tls = ssl && demo->brokerTlsPort() != 0 && certs.isValid();
        m_port->setValue(tls ? demo->brokerTlsPort() : demo->brokerPort());
        m_tls->setChecked(tls);
        m_ca->setText(tls ? certs.caCert : QString());
        m_cert->setText(tls ? certs.clientCert : QString());
        m_key->setText(tls ? certs.clientKey : QString());
    } else if (!slot.host.isEmpty()) {
        m_host->setText(QString::fromUtf8(slot.host));
        if (slot.port > 0)
            m_port->setValue(slot.port);
        m_tls->setChecked(ssl);
    }
    const QByteArray id = slot.clientId.isEmpty() ? QByteArray("qmtscope") : slot.clientId;
    m_clientId->setText(QString::fromUtf8(id) + QStringLiteral("-peer"));
    m_user->setText(QString::fromUtf8(slot.username));
    // The module's password never shows in the traffic; one typed here stays.
    m_filledByUser = true;
    say(slot.hasPassword && m_password->text().isEmpty()
            ? tr("Settings of slot %1 copied; enter its password").arg(idx)
            : tr("Settings of slot %1 copied").arg(idx));
}

void PeerPanel::showEvent(QShowEvent *event)
{
    offerDemo();
    QWidget::showEvent(event);
}

void PeerPanel::offerDemo()
{
    // In demo mode the fields start as the demo's broker (the demonstrator only clicks Connect).
    if (!m_filledByUser && m_ctx.demo && m_ctx.demo->isRunning() &&
        m_peer.state() == mqtt::MqttClient::State::Disconnected) {
        copyFromSlot(m_fromSlot->currentData().toInt());
        m_filledByUser = false;
    }
}

void PeerPanel::connectPeer()
{
    m_wantConnected = true;
    mqtt::MqttClient::Options o;
    o.clientId = m_clientId->text().toUtf8();
    o.keepAlive = std::chrono::seconds(60);
    if (!m_user->text().isEmpty())
        o.username = m_user->text().toUtf8();
    if (!m_password->text().isEmpty())
        o.password = m_password->text().toUtf8();
    if (m_tls->isChecked()) {
        o.tls.enabled = true;
        o.tls.caFile = m_ca->text();
        o.tls.certFile = m_cert->text();
        o.tls.keyFile = m_key->text();
    }
    m_status.clear();
    m_statusBad = false;
    m_peer.connectToHost(m_host->text().trimmed(), quint16(m_port->value()), o);
    updateState();
}

void PeerPanel::connectAndCheck(int count)
{
    m_checkCount->setValue(count);
    if (m_peer.state() == mqtt::MqttClient::State::Connected) {
        if (!runCheck())
            emit checkFinished(false);
        return;
    }
    auto once = std::make_shared<QMetaObject::Connection>();
    auto failed = std::make_shared<QMetaObject::Connection>();
    *once = connect(&m_peer, &mqtt::MqttClient::connected, this, [this, once, failed] {
        disconnect(*once);
        disconnect(*failed);
        // after the panel's own connected() handling (subscriptions made again)
        QTimer::singleShot(0, this, [this] {
            if (!runCheck())
                emit checkFinished(false);
        });
    });
    *failed = connect(&m_peer, &mqtt::MqttClient::disconnected, this, [this, once, failed] {
        disconnect(*once);
        disconnect(*failed);
        emit checkFinished(false);
    });
    connectPeer();
}

void PeerPanel::disconnectPeer()
{
    m_wantConnected = false;
    m_reconnect.stop();
    if (m_e2e && m_e2e->isRunning())
        m_e2e->cancel();
    m_peer.disconnectFromHost();
}

void PeerPanel::subscribe()
{
    const QByteArray filter = m_subTopic->text().trimmed().toUtf8();
    if (filter.isEmpty() || m_peer.state() != mqtt::MqttClient::State::Connected)
        return;
    const int qos = m_subQos->currentData().toInt();
    m_subscriptions.insert(filter, qos);
    const int mid = m_peer.subscribe(filter, qos);
    if (mid < 0) {
        m_subscriptions.remove(filter);
        say(tr("Cannot subscribe to %1: %2").arg(QString::fromUtf8(filter), m_peer.errorString()), true);
        return;
    }
    m_pendingSubscribe.insert(mid, filter);
}

void PeerPanel::unsubscribe()
{
    const QListWidgetItem *item = m_subList->currentItem();
    if (!item || m_peer.state() != mqtt::MqttClient::State::Connected)
        return;
    const QByteArray filter = item->text().section(QStringLiteral("  ("), 0, 0).toUtf8();
    m_peer.unsubscribe(filter);
    m_subscriptions.remove(filter);
    delete m_subList->takeItem(m_subList->row(item));
    say(tr("Unsubscribed from %1").arg(QString::fromUtf8(filter)));
}

void PeerPanel::publish()
{
    const QByteArray topic = m_pubTopic->text().trimmed().toUtf8();
    if (topic.isEmpty() || topic.contains('+') || topic.contains('#')) {
        say(tr("A topic to publish to has no wildcards (+, #)"), true);
        return;
    }
    const int mid = m_peer.publish(topic, m_pubPayload->text().toUtf8(), m_pubQos->currentData().toInt(),
                                   m_pubRetain->isChecked());
    if (mid < 0)
        say(tr("Cannot publish: %1").arg(m_peer.errorString()), true);
    else
        say(tr("Published %1 bytes to %2")
                .arg(m_pubPayload->text().toUtf8().size())
                .arg(QString::fromUtf8(topic)));
}

void PeerPanel::onMessage(const QByteArray &topic, const QByteArray &payload, int qos, bool retained)
{
    // The check's own traffic is counted by the check, not listed (10,000 rows would bury the rest).
    if (m_e2e && m_e2e->isRunning() && payload.startsWith("QMTE2E"))
        return;
    m_messages.append({QDateTime::currentMSecsSinceEpoch(), topic, payload, qos, retained});
    addToTree(topic);
    if (m_table->currentIndex().row() < 0 || m_table->currentIndex().row() == m_filter.rowCount() - 2)
        m_table->scrollToBottom();
}

void PeerPanel::addToTree(const QByteArray &topic)
{
    const QStringList levels = QString::fromUtf8(topic).split(QLatin1Char('/'));
    QTreeWidgetItem *parent = nullptr;
    QString path;
    for (int i = 0; i < levels.size(); ++i) {
        path = i == 0 ? levels[0] : path + QLatin1Char('/') + levels[i];
        QTreeWidgetItem *found = nullptr;
        const int n = parent ? parent->childCount() : m_tree->topLevelItemCount();
        for (int k = 0; k < n && !found; ++k) {
            QTreeWidgetItem *c = parent ? parent->child(k) : m_tree->topLevelItem(k);
            if (c->data(0, kTopicRole).toString() == path)
                found = c;
        }
        if (!found) {
            found = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
            found->setText(0, levels[i].isEmpty() ? QStringLiteral("(empty)") : levels[i]);
            found->setData(0, kTopicRole, path);
            found->setExpanded(true);
        }
        found->setText(1, QString::number(found->text(1).toInt() + 1));
        parent = found;
    }
}

void PeerPanel::showPayload()
{
    const QModelIndex index = m_filter.mapToSource(m_table->currentIndex());
    if (!index.isValid()) {
        m_payload->clear();
        return;
    }
    const QByteArray payload = m_messages.message(index.row()).payload;
    switch (m_format->currentIndex()) {
    case 1: { // hex, 16 bytes a line
        QString out;
        for (int i = 0; i < payload.size(); i += 16)
            out += QStringLiteral("%1  %2\n")
                       .arg(i, 6, 16, QLatin1Char('0'))
                       .arg(QString::fromLatin1(payload.mid(i, 16).toHex(' ')));
        m_payload->setPlainText(out);
        break;
    }
    case 2: { // JSON, indented
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
        m_payload->setPlainText(
            doc.isNull() ? tr("Not JSON: %1 (at byte %2)").arg(error.errorString()).arg(error.offset)
                         : QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
        break;
    }
    default:
        m_payload->setPlainText(QString::fromUtf8(payload));
    }
}

bool PeerPanel::runCheck()
{
    if (m_peer.state() != mqtt::MqttClient::State::Connected) {
        say(tr("Connect the desktop client first"), true);
        return false;
    }
    session::EndToEndOptions o;
    o.slot = m_checkSlot->value();
    o.count = m_checkCount->value();
    o.payloadSize = m_checkSize->value();
    o.binary = m_binary->isChecked();
    o.qos.clear();
    for (int q = 0; q < 3; ++q)
        if (m_qos[q]->isChecked())
            o.qos << q;
    if (o.qos.isEmpty()) {
        say(tr("Choose at least one QoS level"), true);
        return false;
    }
    if (!m_ctx.session->isOpen()) {
        say(tr("Open the module's port (or the demo) first"), true);
        return false;
    }
    // A slot that is not connected yet is opened to where the desktop reaches the broker.
    o.host = m_host->text().trimmed();
    o.port = m_port->value();
    const QString path = m_ctx.session->settings().path;
    o.baud = path.startsWith(QLatin1String("/dev/pts/")) ? 0 : m_ctx.session->settings().baud;
    delete m_e2e;
    m_e2e = new session::EndToEnd(&m_ctx.session->channel(), &m_ctx.session->pipeline(), &m_peer, this);
    connect(m_e2e, &session::EndToEnd::progress, this, [this](const QString &step) { say(step); });
    connect(m_e2e, &session::EndToEnd::sampleFinished, this, &PeerPanel::onSample);
    connect(m_e2e, &session::EndToEnd::finished, this, &PeerPanel::onCheckFinished);
    // new charts
    for (QChartView *view : {m_latencyView, m_rateView})
        for (QAbstractSeries *s : view->chart()->series())
            view->chart()->removeSeries(s), delete s;
    m_latencySeries.clear();
    m_rateSeries.clear();
    m_pendingLatency.clear();
    m_pendingRate.clear();
    m_lastArrival.clear();
    m_maxLatency = m_maxRate = m_maxX = m_maxT = 1;
    m_checkStartUs = -1;
    for (const int q : std::as_const(o.qos))
        for (const auto dir : {session::E2eDirection::ModuleToPeer, session::E2eDirection::PeerToModule}) {
            const int key = seriesKey(dir, q);
            auto *lat = new QLineSeries;
            lat->setName(seriesName(key));
            m_latencyView->chart()->addSeries(lat);
            lat->attachAxis(m_latencyX);
            lat->attachAxis(m_latencyY);
            m_latencySeries.insert(key, lat);
            auto *rate = new QLineSeries;
            rate->setName(seriesName(key));
            m_rateView->chart()->addSeries(rate);
            rate->attachAxis(m_rateX);
            rate->attachAxis(m_rateY);
            m_rateSeries.insert(key, rate);
        }
    m_results->clear();
    m_pages->setCurrentIndex(1); // the charts fill as the messages go
    m_chartTimer.start();
    m_e2e->start(o);
    updateState();
    return m_e2e->isRunning();
}

void PeerPanel::onSample(const session::E2eSample &s)
{
    if (m_checkStartUs < 0)
        m_checkStartUs = s.sentUs;
    if (!s.arrived)
        return;
    const int key = seriesKey(s.dir, s.qos);
    const double ms = double(s.latencyUs()) / 1000.0;
    m_pendingLatency[key] << QPointF(s.seq, ms);
    m_maxLatency = std::max(m_maxLatency, ms);
    m_maxX = std::max(m_maxX, double(s.seq));
    // messages per second: from this message's arrival and the previous one's in its series
    const qint64 last = m_lastArrival.value(key, -1);
    m_lastArrival[key] = s.arrivedUs;
    if (last > 0 && s.arrivedUs > last) {
        const double t = double(s.arrivedUs - m_checkStartUs) / 1e6;
        const double rate = 1e6 / double(s.arrivedUs - last);
        m_pendingRate[key] << QPointF(t, rate);
        m_maxRate = std::max(m_maxRate, rate);
        m_maxT = std::max(m_maxT, t);
    }
}

void PeerPanel::flushChart()
{
    for (auto it = m_pendingLatency.begin(); it != m_pendingLatency.end(); ++it)
        if (QLineSeries *s = m_latencySeries.value(it.key()); s && !it.value().isEmpty())
            s->append(it.value());
    for (auto it = m_pendingRate.begin(); it != m_pendingRate.end(); ++it)
        if (QLineSeries *s = m_rateSeries.value(it.key()); s && !it.value().isEmpty())
            s->append(it.value());
    m_pendingLatency.clear();
    m_pendingRate.clear();
    m_latencyX->setRange(0, m_maxX);
    m_latencyY->setRange(0, m_maxLatency * 1.1);
    m_rateX->setRange(0, m_maxT);
    m_rateY->setRange(0, m_maxRate * 1.1);
    if (m_e2e) {
        QStringList lines;
        for (const session::E2eStats &s : m_e2e->stats())
            lines << s.line();
        if (!lines.isEmpty())
            m_results->setText(lines.join(QLatin1Char('\n')));
    }
}

void PeerPanel::onCheckFinished(bool passed)
{
    m_chartTimer.stop();
    flushChart();
    QStringList lines;
    int total = 0, good = 0;
    for (const session::E2eStats &s : m_e2e->stats()) {
        lines << s.line();
        total += s.sent;
        good += s.intact;
    }
    if (!m_e2e->error().isEmpty())
        lines << tr("Stopped: %1").arg(m_e2e->error());
    lines << (passed ? tr("PASS: all %1 messages arrived intact").arg(total)
                     : tr("FAIL: %1 of %2 messages arrived intact").arg(good).arg(total));
    m_results->setText(lines.join(QLatin1Char('\n')));
    m_results->setStyleSheet(passed ? QStringLiteral("color: #1b5e20") : QStringLiteral("color: #b00020"));
    say(passed ? tr("End-to-end check passed") : tr("End-to-end check failed"), !passed);
    emit checkFinished(passed);
}

QString PeerPanel::resultsText() const
{
    return m_results->text();
}

int PeerPanel::chartPoints() const
{
    int n = 0;
    for (const QLineSeries *s : m_latencySeries)
        n += int(s->count());
    return n;
}

bool PeerPanel::savePicture(const QString &path) const
{
    if (m_charts->size().isEmpty()) // never shown: lay it out at a size of its own
        m_charts->resize(1200, 400);
    QPixmap picture = m_charts->grab();
    return !picture.isNull() && picture.save(path, "PNG");
}

bool PeerPanel::saveCsv(const QString &path, QString *error) const
{
    QSaveFile f(path);
    if (!m_e2e || !f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = m_e2e ? f.errorString() : tr("no measurements yet");
        return false;
    }
    f.write(session::EndToEnd::csv(m_e2e->samples()));
    if (!f.commit()) {
        if (error)
            *error = f.errorString();
        return false;
    }
    return true;
}

void PeerPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PeerPanel::retranslate()
{
    m_hostLabel->setText(tr("Broker:"));
    m_host->setToolTip(tr("Where this computer reaches the broker the slot uses"));
    m_portLabel->setText(tr("Port:"));
    m_idLabel->setText(tr("Client ID:"));
    m_clientId->setToolTip(
        tr("Must differ from the module's: the broker drops the older of two clients with one ID"));
    m_userLabel->setText(tr("User:"));
    m_passwordLabel->setText(tr("Password:"));
    m_tls->setText(tr("TLS"));
    m_ca->setPlaceholderText(tr("CA certificate (PEM)"));
    m_cert->setPlaceholderText(tr("client certificate"));
    m_key->setPlaceholderText(tr("client key"));
    for (int i = 0; i < m_fromSlot->count(); ++i)
        m_fromSlot->setItemText(i, tr("Slot %1").arg(i));
    m_copy->setText(tr("Copy from Slot"));
    m_copy->setToolTip(
        tr("The broker, port, TLS and user of that slot (in demo mode: the demo's broker); secrets you "
           "have not typed here are not copied"));
    m_pages->setTabText(0, tr("Messages"));
    m_pages->setTabText(1, tr("End-to-End Check"));
    m_subLabel->setText(tr("Subscribe to:"));
    m_subTopic->setToolTip(tr("A topic filter: + matches one level, # all below"));
    m_subscribe->setText(tr("Subscribe"));
    m_unsubscribe->setText(tr("Unsubscribe"));
    m_clear->setText(tr("Clear"));
    m_tree->setHeaderLabels({tr("Topic"), tr("Messages")});
    m_format->setItemText(0, tr("Text"));
    m_format->setItemText(1, tr("Hex"));
    m_format->setItemText(2, tr("JSON"));
    m_pubLabel->setText(tr("Publish to:"));
    m_pubRetain->setText(tr("Retain"));
    m_pubPayloadLabel->setText(tr("Message:"));
    m_publish->setText(tr("Publish"));
    m_checkSlotLabel->setText(tr("Slot:"));
    m_checkCountLabel->setText(tr("Messages:"));
    m_checkCount->setToolTip(tr("Messages per direction and QoS, one at a time"));
    m_checkSizeLabel->setText(tr("Bytes:"));
    m_checkQosLabel->setText(tr("QoS:"));
    m_binary->setText(tr("Binary"));
    m_binary->setToolTip(tr("Payloads with every byte value"));
    m_run->setToolTip(
        tr("The slot publishes on qmtscope/e2e/up and this client must receive each message intact; "
           "this client publishes on qmtscope/e2e/down and the slot must report it. A slot that is "
           "not connected is opened and connected first."));
    m_savePng->setText(tr("Save Picture…"));
    m_saveCsv->setText(tr("Save CSV…"));
    m_latencyView->chart()->setTitle(tr("Latency (ms) · ↑ module → peer, ↓ peer → module"));
    m_latencyView->setToolTip(
        tr("Per message: from the module's OK after the data (↑) or the desktop's publish (↓) "
           "to its arrival. The serial line's share is in the lines above."));
    m_rateView->chart()->setTitle(tr("Messages per second"));
    m_latencyX->setTitleText(tr("message"));
    m_rateX->setTitleText(tr("seconds"));
    for (auto it = m_latencySeries.cbegin(); it != m_latencySeries.cend(); ++it)
        it.value()->setName(seriesName(it.key()));
    for (auto it = m_rateSeries.cbegin(); it != m_rateSeries.cend(); ++it)
        it.value()->setName(seriesName(it.key()));
    updateState();
}

QWidget *createPeerPanel(UiContext &ctx, QWidget *parent)
{
    return new PeerPanel(ctx, parent);
}

} // namespace qmt::ui
