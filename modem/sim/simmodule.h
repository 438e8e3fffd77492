// SPDX-License-Identifier: Apache-2.0
#pragma once
// SimModule: a virtual Quectel module. It interprets the AT command set of PROTOCOL.md on the
// bytes a host writes and answers byte for byte as a module would (echo, '>' prompts, CONNECT
// data mode, URCs); behind each of its six MQTT client slots is a real MQTT client (libmosquitto,
// through mqtt::MqttClient) talking to a real broker. Faults can be injected.
//
// It is transport-free: write() takes the host's bytes, output() carries the module's. A
// PtyServer (ptyserver.h) puts it on a pseudo-terminal; tests and the GUI's demo mode use that.

#include "at/ranges.h"
#include "sim/latency.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>
#include <chrono>
#include <functional>
#include <memory>

namespace qmt::sim {

struct SimOptions
{
    // Where MQTT connections go. QMTOPEN to "localhost" or an IP literal connects there as
    // given; any other host name is routed to this broker (the stand-in for the cloud), except
    // names ending in ".invalid", which fail to resolve (+QMTOPEN: n,4).
    QString brokerHost = QStringLiteral("127.0.0.1");
    quint16 brokerPort = 1883;
    quint16 brokerTlsPort = 0; // slots with SSL enabled are routed here (0: brokerPort)
    // Route every host to the broker, "localhost" and IP literals too (qmtscope-cli reproduce
    // --sim: a customer's log names their own server, which the simulator must not reach).
    // ".invalid" names still fail to resolve.
    bool routeEveryHost = false;
    // Where uploaded files (RAM: and UFS:) are also kept as real files, in ram/ and ufs/, for
    // the user to look at (the module reads them from memory). Empty: in memory only.
    QString storageDir;
    // The module's clock (UTC) for AT+CCLK?, AT+QLTS and +QNTP. Empty: the system's. A fixed one
    // makes those answers reproducible (fuzz_sim compares the answers of two modules).
    std::function<QDateTime()> utcNow;
    // Certificates and a key the simulator stands in when a slot's SSL context names an uploaded
    // file that holds none (qmtscope-cli reproduce --sim: a customer's log shows its uploads left
    // out, or only their sizes). PEM file paths; empty: no stand-in, the TLS handshake fails.
    struct TlsStandIn
    {
        QString caCert, clientCert, clientKey;
    } tlsStandIn;
    QByteArray model = "EC25";
    QByteArray revision = "EC25EFAR06A06M4G";
    QByteArray imei = "866758041234567";       // AT+CGSN, AT+GSN
    QByteArray imsi = "001010123456789";       // AT+CIMI (the test network's MCC/MNC)
    QByteArray iccid = "89860000000000000001"; // AT+QCCID
    bool bootUrcs = true; // the first powerOn() prints RDY … APP RDY (a reboot always does)
    // Air time between OK and the result URCs, and of received messages (latency.h). Instant
    // by default: the library's users (tests) want speed; qmtscope-sim and the demo choose.
    Latency latency;
};

class SimModule : public QObject
{
    Q_OBJECT
public:
    explicit SimModule(const SimOptions &options = {}, QObject *parent = nullptr);
    ~SimModule() override;

    // The module powers up: RDY, +CFUN: 1, +CPIN: READY, +QUSIM: 1, +QIND: SMS DONE, APP RDY.
    void powerOn();
    // Bytes the host wrote to the module.
    void write(QByteArrayView bytes);

    const SimOptions &options() const { return m_options; }
    const at::RangeTable &ranges() const;

    // --- faults (PROTOCOL.md and issue 3 item 3) ---
    // The broker link of a slot breaks: the socket is dropped (the broker publishes the will),
    // the module reports +QMTSTAT: <idx>,1.
    void dropLink(int idx);
    // The slot's pings go unanswered: after its qmtping interval the module reports
    // +QMTSTAT: <idx>,2 and closes the slot.
    void stopAnsweringPings(int idx);
    // The next AT+QMTCONN on the slot is refused with CONNACK `code` (2, 4 or 5):
    // +QMTCONN: <idx>,0,<code>, then +QMTSTAT: <idx>,4.
    void refuseNextConnect(int idx, int code);
    // The next AT+QMTOPEN on the slot fails with `result`: 4 DNS failure, 3 PDP failure,
    // -1 TLS (or network) failure.
    void failNextOpen(int idx, int result);
    // The slot's next `count` messages, either way, are lost between the module and the
    // broker: a publish is reported sent (+QMTPUBEX: <idx>,<msgid>,0) but never reaches the
    // broker; a message from the broker never reaches the host.
    void loseMessages(int idx, int count);
    // Every answer leaves the module this much later (order kept).
    void setResponseDelay(std::chrono::milliseconds delay);
    // The air time of result URCs and received messages from now on (latency.h).
    void setLatency(const Latency &latency);
    Latency latency() const;
    // Asynchronous commands print their result URC before OK (+QMTOPEN: 0,0 then OK).
    void setUrcBeforeFinal(bool on);
    // Bytes that are no AT traffic on the line (default: a burst of binary noise).
    void injectGarbage(const QByteArray &bytes = {});
    // The module restarts: every slot is gone (their brokers see the wills), RAM: files are
    // lost, echo is on again; after a pause it prints RDY … APP RDY.
    void reboot();

    // The same faults from a line of text, for qmtscope-sim's control input and the GUI:
    //   drop <idx> | noping <idx> | lose <idx> <n> | refuse <idx> <2|4|5> | dns <idx> | pdp <idx> | tls <idx>
    //   | sim in|out | network home|roaming|searching|denied|none | signal <rssi> | pdprefuse on|off | slow
    //   <ms> | latency <0|cat1|catm|nb|rtt[/jitter]> | urcfirst on|off | garbage [text] | reboot
    // Returns an empty string on success, else what is wrong with the line.
    QString applyFaultCommand(const QString &line);
    static QString faultCommandHelp();
    // What the module's input is doing, for diagnostics: "command", "data 12/692", "ctrlz", ...
    QString inputState() const;

signals:
    // Bytes the module sends to the host.
    void output(const QByteArray &bytes);

private:
    class Private;
    std::unique_ptr<Private> d;
    SimOptions m_options;
};

} // namespace qmt::sim
