// SPDX-License-Identifier: Apache-2.0
// The simulated module: the MQTT commands (AT+QMTCFG, QMTOPEN, QMTCLOSE, QMTCONN, QMTDISC,
// QMTSUB, QMTUNS, QMTPUBEX, QMTPUB, QMTRECV) over real libmosquitto clients.

#include "sim/simmodule_p.h"

#include "at/settings.h"

namespace qmt::sim {

void SimModule::Private::handleCfg(Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        static const QByteArray answer = testAnswer(at::cfgSettings()); // (the same in every module)
        reply(answer);
        return;
    }
    const at::SettingInfo *row = (form == Form::Set && a.size() >= 2 && a[0].quoted)
                                     ? at::findSetting(Cmd::QMTCFG, a[0].text)
                                     : nullptr;
    Slot *sp = row ? slotArg(a, 1) : nullptr;
    if (!sp) {
        error();
        return;
    }
    Slot &s = *sp;
    if (a.size() == 2) { // read back
        info("+QMTCFG: " + quote(row->name) + ',' + row->readBackValues(s.cfg));
        ok();
        return;
    }
    QList<QByteArray> values;
    if (s.mq != Slot::Mq::Idle // only while the MQTT connection is not created
        || !settingValues(*row, a, 2, &values)) {
        error();
        return;
    }
    if (row->flagGated && values.size() == 1 && values.front() != "0") {
        // The flag alone turns on what was configured before; there must be something.
        at::SlotConfig probe = s.cfg;
        row->apply(probe, values);
        for (std::size_t i = 1; i < row->fields.size(); ++i) {
            const QByteArray v = row->fields[i].getCfg(probe);
            if (v.isEmpty() || v == "-1") {
                error();
                return;
            }
        }
    }
    const auto data = std::find_if(row->fields.begin(), row->fields.end(),
                                   [](const at::SettingField &f) { return f.kind == at::ValueKind::Data; });
    if (data != row->fields.end()) { // willex: the bytes follow the prompt
        const int idx = s.idx;
        const qsizetype len = values.value(qsizetype(data - row->fields.begin())).toLongLong();
        const at::SettingInfo *r = row;
        const auto field = data;
        expectData(len, [this, idx, r, values, field](const QByteArray &msg) {
            at::SlotConfig &c = slotList[std::size_t(idx)].cfg;
            r->apply(c, values);
            field->setData(c, msg);
            ok();
        });
        return;
    }
    row->apply(s.cfg, values);
    ok();
}

void SimModule::Private::handleOpen(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info(cmd == Cmd::QMTOPEN
                 ? "+QMTOPEN: " + idxR + ",\"host_name\"," + rangeText(ranges.range(Param::Port))
                 : "+QMTCLOSE: " + idxR);
        ok();
        return;
    }
    if (cmd == Cmd::QMTOPEN && form == Form::Query) {
        QByteArray o;
        for (const Slot &s : slotList)
            if (s.net == Slot::Net::Open)
                o += "\r\n+QMTOPEN: " + num(s.idx) + ',' + quote(s.host) + ',' + num(s.port);
        reply(o);
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    if (!sp) {
        error();
        return;
    }
    Slot &s = *sp;
    if (cmd == Cmd::QMTCLOSE) {
        // Closed (or still opening): there is no network to close. Open: the link ends (FIN).
        // Connected: DISCONNECT, then the link ends; +QMTCLOSE reports it, no +QMTSTAT follows.
        if (a.size() != 1 || s.net != Slot::Net::Open) {
            error();
            return;
        }
        okAsync(s.idx, Cmd::QMTCLOSE);
        if (s.client && s.mq != Slot::Mq::Idle) {
            s.closing = true;
            if (s.mq == Slot::Mq::Connected)
                s.client->disconnectFromHost(); // DISCONNECT; the link's end reports the close
            else
                s.link->disconnectFromHost();
            return;
        }
        const int idx = s.idx;
        closeSlot(s, true);
        resultUrc(idx, Cmd::QMTCLOSE, "+QMTCLOSE: " + num(idx) + ",0");
        return;
    }
    QByteArray host;
    qint64 port = 0;
    if (a.size() != 3 || !strArg(a, 1, Param::HostLen, &host) || !inRange(a, 2, Param::Port, &port)) {
        error();
        return;
    }
    if (s.net != Slot::Net::Closed) {
        okAsync(s.idx, Cmd::QMTOPEN);
        resultUrc(s.idx, Cmd::QMTOPEN, "+QMTOPEN: " + num(s.idx) + ",2"); // index occupied
        return;
    }
    s.host = host;
    s.port = int(port);
    s.net = Slot::Net::Opening;
    okAsync(s.idx, Cmd::QMTOPEN);
    open(s);
}

void SimModule::Private::open(Slot &s)
{
    const int idx = s.idx;
    const quint32 gen = generation;
    const AirStep step = s.cfg.sslEnabled ? AirStep::OpenTls : AirStep::Open;
    const bool hostName = QHostAddress(QString::fromUtf8(s.host)).isNull();
    auto land = [this, idx, gen](int result) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.net != Slot::Net::Opening)
            return;
        t.openLanding = false;
        if (result == 0 && !t.link) {
            result = -1; // the socket died while the news was in the air
        } else if (result == 0) {
            // The socket stays: it is the slot's connection until AT+QMTCLOSE.
            t.net = Slot::Net::Open;
            QObject::disconnect(t.link, nullptr, q, nullptr);
            QObject::connect(t.link, &QAbstractSocket::disconnected, q, [this, idx, gen] {
                if (gen == generation)
                    onLinkClosed(idx);
            });
            QObject::connect(t.link, &QAbstractSocket::errorOccurred, q, [this, idx, gen] {
                if (gen == generation)
                    onLinkClosed(idx);
            });
            QObject::connect(t.link, &QIODevice::readyRead, q, [this, idx, gen] {
                if (gen != generation)
                    return;
                Slot &u = slotList[std::size_t(idx)];
                if (u.local && u.link) {
                    u.local->write(u.link->readAll());
                    u.local->flush();
                }
            });
        } else {
            closeSlot(t);
        }
        resultUrc(idx, Cmd::QMTOPEN, "+QMTOPEN: " + num(idx) + ',' + num(result));
    };
    // The outcome is known here at once; the host learns it after the air time of DNS, the TCP
    // connect and the TLS handshake (latency.h).
    auto finish = [this, idx, gen, step, hostName, land](int result) {
        if (gen != generation || slotList[std::size_t(idx)].net != Slot::Net::Opening)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.openLanding)
            return; // already decided
        t.openLanding = true;
        later(idx, air.delay(step, hostName), [land, result] { land(result); });
    };
    if (s.openFailure) {
        const int r = *s.openFailure;
        s.openFailure.reset();
        QTimer::singleShot(50ms, q, [finish, r] { finish(r); });
        return;
    }
    // The module brings up the PDP context the slot names, as real modules do on QMTOPEN; with
    // no network (no SIM, not registered, radio off) or a refusal that fails: 3.
    if (!pdp[s.cfg.pdpCid].active && !cell.canActivatePdp()) {
        QTimer::singleShot(50ms, q, [finish] { finish(3); });
        return;
    }
    pdp[s.cfg.pdpCid].active = true;
    if (s.host.endsWith(".invalid")) {
        QTimer::singleShot(50ms, q, [finish] { finish(4); });
        return;
    }
    route(s);
    // The module opens its socket: TCP, and the TLS handshake when the slot's SSL context is
    // enabled (a failed handshake is -1, as on real modules). It is kept until AT+QMTCLOSE; the
    // MQTT CONNECT of AT+QMTCONN goes through it.
    QTcpSocket *sock = nullptr;
    if (s.cfg.sslEnabled) {
        auto *tls = new QSslSocket(q);
        tls->setSslConfiguration(sslConfiguration(s));
        QObject::connect(tls, &QSslSocket::encrypted, q, [finish, tls] {
            tls->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            finish(0);
        });
        const bool ignoreTime = ssl[std::size_t(s.cfg.sslCtx)].ignoreLocalTime == 1;
        QObject::connect(
            tls, &QSslSocket::sslErrors, q, [finish, tls, ignoreTime](const QList<QSslError> &errors) {
                // What the module checks of the server's certificate (docs/protocol-rulings.md): the
                // chain to the uploaded CA and, unless "ignorelocaltime" is 1, the validity period;
                // not the host name (the module has no setting for it).
                QList<QSslError> ignorable, fatal;
                for (const QSslError &e : errors) {
                    const bool timeOnly = e.error() == QSslError::CertificateExpired ||
                                          e.error() == QSslError::CertificateNotYetValid;
                    (e.error() == QSslError::HostNameMismatch || (timeOnly && ignoreTime) ? ignorable : fatal)
                        << e;
                }
                if (fatal.isEmpty()) {
                    tls->ignoreSslErrors(ignorable);
                    return;
                }
                for (const QSslError &e : fatal)
                    qCInfo(lcSim) << "TLS handshake:" << e.errorString();
                finish(-1); // a failed handshake is -1, as on real modules
            });
        sock = tls;
        tls->connectToHostEncrypted(s.routeHost, s.routePort);
    } else {
        sock = new QTcpSocket(q);
        QObject::connect(sock, &QTcpSocket::connected, q, [finish, sock] {
            sock->setSocketOption(QAbstractSocket::LowDelayOption, 1); // no Nagle delay
            finish(0);
        });
        sock->connectToHost(s.routeHost, s.routePort);
    }
    QObject::connect(sock, &QAbstractSocket::errorOccurred, q, [finish](QAbstractSocket::SocketError e) {
        finish(e == QAbstractSocket::HostNotFoundError ? 4 : -1);
    });
    QTimer::singleShot(kProbeTimeout, sock, [finish] { finish(-1); });
    s.link = sock;
}

// The broker (or the network) ended the slot's connection.
void SimModule::Private::onLinkClosed(int idx)
{
    Slot &s = slotList[std::size_t(idx)];
    if (!s.link || s.net != Slot::Net::Open)
        return;
    if (s.closing) { // AT+QMTCLOSE: done
        closeSlot(s, true);
        resultUrc(idx, Cmd::QMTCLOSE, "+QMTCLOSE: " + num(idx) + ",0");
        return;
    }
    if (s.mq == Slot::Mq::Disconnecting || s.discReported) {
        // after our DISCONNECT the server closed the connection: the normal end (seed, table 4)
        const bool reported = s.discReported;
        closeSlot(s, true);
        if (!reported)
            resultUrc(idx, Cmd::QMTDISC, "+QMTDISC: " + num(idx) + ",0");
        slotUrc(idx, "+QMTSTAT: " + num(idx) + ",5");
        return;
    }
    if (s.client && s.local) {
        // The MQTT client learns it from its own socket (a CONNACK refusal, a lost session) and
        // reports it as it always did; what the broker sent last still reaches it first.
        s.local->write(s.link->readAll());
        s.local->disconnectFromHost();
        return;
    }
    if (s.client)
        return; // the client's connection to the splice is on its way; it fails and reports
    // open, no MQTT connection yet: the server closed it
    closeSlot(s);
    slotUrc(idx, "+QMTSTAT: " + num(idx) + ",1");
}

// The MQTT client closed its side (after DISCONNECT, or dying): the bytes it wrote have been
// passed on; the link ends gracefully after a DISCONNECT, at once otherwise.
void SimModule::Private::onLocalClosed(int idx)
{
    Slot &s = slotList[std::size_t(idx)];
    if (!s.link)
        return;
    if (s.local && s.local->bytesAvailable())
        s.link->write(s.local->readAll());
    if (s.discReported || s.mq == Slot::Mq::Disconnecting || s.closing)
        s.link->disconnectFromHost(); // the FIN follows the DISCONNECT; onLinkClosed reports
}

// A private loopback listener for the slot's MQTT client: its one connection is joined to the
// slot's link, so the broker sees the CONNECT on the socket AT+QMTOPEN opened.
bool SimModule::Private::spliceClient(Slot &s)
{
    const int idx = s.idx;
    const quint32 gen = generation;
    auto *server = new QTcpServer(q);
    if (!server->listen(QHostAddress::LocalHost, 0)) {
        qCWarning(lcSim) << "slot" << idx << "cannot listen on loopback:" << server->errorString();
        delete server;
        return false;
    }
    server->setMaxPendingConnections(1);
    s.splice = server;
    QObject::connect(server, &QTcpServer::newConnection, q, [this, idx, gen, server] {
        QTcpSocket *sock = server->nextPendingConnection();
        server->close();
        if (gen != generation || !sock)
            return;
        sock->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Slot &t = slotList[std::size_t(idx)];
        if (t.splice != server || t.local || !t.link) {
            sock->abort();
            sock->deleteLater();
            return;
        }
        sock->setParent(q);
        t.local = sock;
        QObject::connect(sock, &QIODevice::readyRead, q, [this, idx, gen] {
            if (gen != generation)
                return;
            Slot &u = slotList[std::size_t(idx)];
            if (u.local && u.link) {
                u.link->write(u.local->readAll());
                u.link->flush(); // on the wire now, even if the event loop is not run for a while
            }
        });
        QObject::connect(sock, &QAbstractSocket::disconnected, q, [this, idx, gen] {
            if (gen == generation)
                onLocalClosed(idx);
        });
        if (t.link->bytesAvailable())
            sock->write(t.link->readAll());
    });
    return true;
}

void SimModule::Private::handleConn(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info(cmd == Cmd::QMTCONN ? "+QMTCONN: " + idxR + ",\"clientid\",\"username\",\"password\""
                                 : "+QMTDISC: " + idxR);
        ok();
        return;
    }
    if (cmd == Cmd::QMTCONN && form == Form::Query) {
        QByteArray o;
        for (const Slot &s : slotList) {
            if (s.net != Slot::Net::Open)
                continue;
            const int state = s.mq == Slot::Mq::Idle         ? 1
                              : s.mq == Slot::Mq::Connecting ? 2
                              : s.mq == Slot::Mq::Connected  ? 3
                                                             : 4;
            o += "\r\n+QMTCONN: " + num(s.idx) + ',' + num(state);
        }
        reply(o);
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    if (!sp) {
        error();
        return;
    }
    Slot &s = *sp;
    if (cmd == Cmd::QMTDISC) {
        if (a.size() != 1 || s.mq != Slot::Mq::Connected || !s.client) {
            error();
            return;
        }
        okAsync(s.idx, Cmd::QMTDISC);
        s.mq = Slot::Mq::Disconnecting;
        s.client->disconnectFromHost();
        return;
    }
    QByteArray clientId, user, pass;
    const bool shapeOk = (a.size() == 2 || a.size() == 3 || a.size() == 4) &&
                         strArg(a, 1, Param::ClientIdLen, &clientId) &&
                         (a.size() < 3 || strArg(a, 2, Param::UserNameLen, &user, true)) &&
                         (a.size() < 4 || strArg(a, 3, Param::PasswordLen, &pass, true));
    if (!shapeOk || s.net != Slot::Net::Open || s.mq != Slot::Mq::Idle) {
        error();
        return;
    }
    okAsync(s.idx, Cmd::QMTCONN);
    connect(s, clientId, a.size() >= 3 ? std::optional(user) : std::nullopt,
            a.size() >= 4 ? std::optional(pass) : std::nullopt);
}

void SimModule::Private::connect(Slot &s, const QByteArray &clientIdIn, std::optional<QByteArray> user,
                                 std::optional<QByteArray> pass)
{
    const int idx = s.idx;
    const quint32 gen = generation;
    s.mq = Slot::Mq::Connecting;
    if (s.refuseCode) {
        const int code = s.refuseCode;
        s.refuseCode = 0;
        QTimer::singleShot(50ms, q, [this, idx, gen, code] {
            if (gen != generation)
                return;
            resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",0," + num(code));
            closeSlot(slotList[std::size_t(idx)]);
            slotUrc(idx, "+QMTSTAT: " + num(idx) + ",4");
        });
        return;
    }
    mqtt::MqttClient::Options o;
    o.clientId = clientIdIn;
    if (!user && !s.cfg.aliProductKey.isEmpty()) {
        // Alibaba Cloud's signature from the aliauth credentials (hmacsha1, securemode 3).
        const QByteArray content =
            "clientId" + clientIdIn + "deviceName" + s.cfg.aliDeviceName + "productKey" + s.cfg.aliProductKey;
        user = s.cfg.aliDeviceName + '&' + s.cfg.aliProductKey;
        pass = QMessageAuthenticationCode::hash(content, s.cfg.aliDeviceSecret, QCryptographicHash::Sha1)
                   .toHex();
        o.clientId = clientIdIn + "|securemode=3,signmethod=hmacsha1|";
    }
    o.username = user;
    o.password = pass;
    o.keepAlive = std::chrono::seconds(s.cfg.keepAlive == 0 ? 0 : std::max(5, s.cfg.keepAlive));
    o.cleanSession = s.cfg.cleanSession == 1;
    o.protocolVersion = s.cfg.version;
    if (s.cfg.will.enabled)
        o.will =
            mqtt::MqttClient::Will{s.cfg.will.topic, s.cfg.will.message, s.cfg.will.qos, s.cfg.will.retain};
    // TLS, if any, is the link's (AT+QMTOPEN did the handshake): the client speaks plain MQTT
    // into the splice that joins it to the link.
    if (!spliceClient(s)) {
        QTimer::singleShot(0, q, [this, idx, gen] {
            if (gen != generation)
                return;
            resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",2");
            closeSlot(slotList[std::size_t(idx)]);
            slotUrc(idx, "+QMTSTAT: " + num(idx) + ",3");
        });
        return;
    }
    auto *c = new mqtt::MqttClient(q);
    s.client = c;
    // A broker that accepts the connection but never answers CONNECT: after pkt_timeout the
    // module gives up, +QMTCONN: <idx>,2 and +QMTSTAT: <idx>,4 (CONNACK timed out, seed table 4).
    // (CONNECT is not sent again on the same connection: MQTT allows one per connection.)
    QTimer::singleShot(std::chrono::seconds(s.cfg.pktTimeout), c, [this, idx, gen, c] {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.client != c || t.mq != Slot::Mq::Connecting)
            return;
        qCInfo(lcSim) << "slot" << idx << "no CONNACK within pkt_timeout";
        closeSlot(t);
        resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",2");
        slotUrc(idx, "+QMTSTAT: " + num(idx) + ",4");
    });
    QObject::connect(c, &mqtt::MqttClient::connected, q,
                     inAir(idx, AirStep::Connect, [this, idx, gen, c](bool) {
                         if (gen != generation)
                             return;
                         Slot &t = slotList[std::size_t(idx)];
                         if (t.client != c)
                             return;
                         t.mq = Slot::Mq::Connected;
                         resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",0,0");
                     }));
    QObject::connect(c, &mqtt::MqttClient::connackRefused, q,
                     inAir(idx, AirStep::Connect, [this, idx, gen](int code) {
                         if (gen != generation)
                             return;
                         Slot &t = slotList[std::size_t(idx)];
                         t.statOverride = 4;
                         resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",0," + num(code));
                     }));
    QObject::connect(c, &mqtt::MqttClient::disconnected, q, [this, idx, gen, c](int error, bool expected) {
        later(idx, air.delay(expected ? AirStep::Disconnect : AirStep::Receive),
              [this, idx, gen, c, error, expected] {
                  if (gen != generation)
                      return;
                  Slot &t = slotList[std::size_t(idx)];
                  if (t.client != c)
                      return;
                  const Slot::Mq was = t.mq;
                  const int override = t.statOverride;
                  if (t.closing && expected)
                      return; // AT+QMTCLOSE: the link's end reports it (onLinkClosed)
                  if (was == Slot::Mq::Disconnecting && expected) {
                      // DISCONNECT sent: +QMTDISC now, +QMTSTAT: <idx>,5 when the server closes the link
                      t.mq = Slot::Mq::Idle;
                      t.client = nullptr;
                      c->disconnect(q);
                      c->deleteLater();
                      if (!t.discReported) {
                          t.discReported = true;
                          resultUrc(idx, Cmd::QMTDISC, "+QMTDISC: " + num(idx) + ",0");
                      }
                      if (!t.link || t.link->state() == QAbstractSocket::UnconnectedState) {
                          closeSlot(t);
                          slotUrc(idx, "+QMTSTAT: " + num(idx) + ",5");
                      }
                      return;
                  }
                  const bool closing = t.closing;
                  // What was waiting for the broker's acknowledgement will never get it: each
                  // SUBSCRIBE/UNSUBSCRIBE/PUBLISH reports failed (…,2) before the +QMTSTAT.
                  std::vector<std::pair<Cmd, int>> unacked;
                  if (!closing && was == Slot::Mq::Connected)
                      for (const Packet &p : t.packets)
                          unacked.emplace_back(p.cmd, p.msgId);
                  closeSlot(t);
                  for (const auto &[cmd, msgId] : unacked)
                      resultUrc(idx, cmd,
                                '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(msgId) +
                                    ",2");
                  if (closing) {
                      resultUrc(idx, Cmd::QMTCLOSE, "+QMTCLOSE: " + num(idx) + ",0");
                  } else if (override) {
                      slotUrc(idx, "+QMTSTAT: " + num(idx) + ',' + num(override));
                  } else if (was == Slot::Mq::Connecting) {
                      resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",2");
                      slotUrc(idx, "+QMTSTAT: " + num(idx) + ",3");
                  } else {
                      slotUrc(idx, "+QMTSTAT: " + num(idx) + ',' +
                                       num(error == mqtt::MqttClient::KeepAliveTimeout ? 2 : 1));
                  }
              });
    });
    QObject::connect(c, &mqtt::MqttClient::subscribed, q,
                     inAir(idx, AirStep::Subscribe, [this, idx, gen](int mid, const QList<int> &granted) {
                         if (gen != generation)
                             return;
                         Slot &t = slotList[std::size_t(idx)];
                         for (auto it = t.packets.begin(); it != t.packets.end(); ++it) {
                             auto m = std::find(it->mids.begin(), it->mids.end(), mid);
                             if (it->cmd != Cmd::QMTSUB || m == it->mids.end())
                                 continue;
                             it->mids.erase(m);
                             const auto pos =
                                 std::find(it->allMids.begin(), it->allMids.end(), mid) - it->allMids.begin();
                             it->granted[std::size_t(pos)] = granted.value(0, 128);
                             if (it->mids.empty()) {
                                 QByteArray l = "+QMTSUB: " + num(idx) + ',' + num(it->msgId) + ",0";
                                 for (int g : it->granted)
                                     l += ',' + num(g);
                                 delete it->timer;
                                 const int msgId = it->msgId;
                                 t.packets.erase(it);
                                 Q_UNUSED(msgId);
                                 resultUrc(idx, Cmd::QMTSUB, l);
                             }
                             return;
                         }
                     }));
    QObject::connect(c, &mqtt::MqttClient::unsubscribed, q,
                     inAir(idx, AirStep::Unsubscribe, [this, idx, gen](int mid) {
                         if (gen != generation)
                             return;
                         Slot &t = slotList[std::size_t(idx)];
                         for (auto it = t.packets.begin(); it != t.packets.end(); ++it) {
                             auto m = std::find(it->mids.begin(), it->mids.end(), mid);
                             if (it->cmd != Cmd::QMTUNS || m == it->mids.end())
                                 continue;
                             it->mids.erase(m);
                             if (it->mids.empty()) {
                                 const QByteArray l = "+QMTUNS: " + num(idx) + ',' + num(it->msgId) + ",0";
                                 delete it->timer;
                                 t.packets.erase(it);
                                 resultUrc(idx, Cmd::QMTUNS, l);
                             }
                             return;
                         }
                     }));
    QObject::connect(c, &mqtt::MqttClient::published, q, [this, idx, gen](int mid) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        pumpLink(t); // what the client wrote is on the link before the module says it was sent
        auto isIt = [mid](const Packet &p) {
            return (p.cmd == Cmd::QMTPUBEX || p.cmd == Cmd::QMTPUB) && !p.mids.empty() &&
                   p.mids.front() == mid;
        };
        const auto it = std::find_if(t.packets.begin(), t.packets.end(), isIt);
        if (it == t.packets.end() || it->qos == 0)
            return; // QoS 0: reported when written (handlePublish)
        // The PUBLISH took half a round trip already (handlePublish); the acknowledgement comes
        // back in the other half (QoS 1), or after one more round trip (QoS 2's PUBREL/PUBCOMP).
        const AirStep step = it->qos == 1 ? AirStep::Receive : AirStep::Publish1;
        later(idx, air.delay(step), [this, idx, gen, isIt] {
            if (gen != generation)
                return;
            Slot &u = slotList[std::size_t(idx)];
            const auto p = std::find_if(u.packets.begin(), u.packets.end(), isIt);
            if (p == u.packets.end())
                return;
            const Cmd cmd = p->cmd;
            const QByteArray l =
                '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(p->msgId) + ",0";
            delete p->timer;
            u.packets.erase(p);
            resultUrc(idx, cmd, l);
        });
    });
    QObject::connect(
        c, &mqtt::MqttClient::messageReceived, q,
        [this, idx, gen](int mid, const QByteArray &topic, const QByteArray &payload, int qos, bool) {
            if (gen == generation)
                deliver(slotList[std::size_t(idx)], mid, topic, payload, qos);
        });
    QObject::connect(c, &mqtt::MqttClient::errorOccurred, q, [idx](int error, const QString &message) {
        qCInfo(lcSim) << "slot" << idx << "MQTT error" << error << message;
    });
    c->connectToHost(QStringLiteral("127.0.0.1"), s.splice->serverPort(), o);
}

void SimModule::Private::deliver(Slot &s, int mid, const QByteArray &topic, const QByteArray &payload,
                                 int qos)
{
    // The message is on its way to the module for a while (air time); a slot closed meanwhile
    // never gets it.
    const int idx = s.idx;
    later(idx, air.delay(AirStep::Receive),
          [this, idx, epoch = s.epoch, m = Message{qos > 0 ? mid : 0, topic, payload}] {
              Slot &t = slotList[std::size_t(idx)];
              if (t.epoch != epoch)
                  return;
              if (t.loseMessages > 0) { // fault: lost in the air
                  --t.loseMessages;
                  qCInfo(lcSim) << "slot" << idx << "message on" << m.topic << "lost (fault)";
                  return;
              }
              if (t.cfg.recvMode == 0) {
                  urc(recvLine(t, m));
                  return;
              }
              for (int i = 0; i < kBuffers; ++i) {
                  if (!t.buffer[std::size_t(i)]) {
                      t.buffer[std::size_t(i)] = m;
                      urc("+QMTRECV: " + num(idx) + ',' + num(i));
                      return;
                  }
              }
              qCInfo(lcSim) << "slot" << idx << "receive buffer full: message on" << m.topic << "dropped";
          });
}

void SimModule::Private::startPacketTimer(Slot &s, Packet &p)
{
    p.timer = new QTimer;
    p.timer->setInterval(std::chrono::seconds(s.cfg.pktTimeout));
    const int idx = s.idx;
    const Cmd cmd = p.cmd;
    const int msgId = p.msgId;
    QObject::connect(p.timer, &QTimer::timeout, q,
                     [this, idx, cmd, msgId] { onPacketTimeout(idx, cmd, msgId); });
    p.timer->start();
}

void SimModule::Private::onPacketTimeout(int idx, Cmd cmd, int msgId)
{
    Slot &s = slotList[std::size_t(idx)];
    auto it = std::find_if(s.packets.begin(), s.packets.end(),
                           [&](const Packet &p) { return p.cmd == cmd && p.msgId == msgId; });
    if (it == s.packets.end())
        return;
    const QByteArray head = '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(msgId);
    if (++it->tries <= s.cfg.retryTimes) {
        if (s.cfg.timeoutNotice)
            resultUrc(idx, cmd, head + ",1," + num(it->tries));
        return; // the timer runs again
    }
    delete it->timer;
    s.packets.erase(it);
    resultUrc(idx, cmd, head + ",2");
}

void SimModule::Private::handleSubUns(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info(cmd == Cmd::QMTSUB ? "+QMTSUB: " + idxR + ",<msgid>,list of [\"topic\",qos]"
                                : "+QMTUNS: " + idxR + ",<msgid>,list of [\"topic\"]");
        ok();
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    qint64 msgId = 0;
    if (!sp || !inRange(a, 1, Param::MsgId, &msgId) || a.size() < 3) {
        error();
        return;
    }
    Slot &s = *sp;
    const std::size_t step = cmd == Cmd::QMTSUB ? 2 : 1;
    if ((a.size() - 2) % step != 0 || s.mq != Slot::Mq::Connected || !s.client) {
        error();
        return;
    }
    std::vector<std::pair<QByteArray, int>> topics;
    for (std::size_t i = 2; i < a.size(); i += step) {
        QByteArray t;
        qint64 qos = 0;
        if (!strArg(a, i, Param::TopicLen, &t) || (step == 2 && !inRange(a, i + 1, Param::Qos, &qos))) {
            error();
            return;
        }
        topics.emplace_back(t, int(qos));
    }
    Packet p;
    p.cmd = cmd;
    p.msgId = int(msgId);
    for (const auto &[t, qos] : topics) {
        const int mid = cmd == Cmd::QMTSUB ? s.client->subscribe(t, qos) : s.client->unsubscribe(t);
        if (mid < 0) {
            error();
            return;
        }
        p.mids.push_back(mid);
        p.allMids.push_back(mid);
        p.granted.push_back(128);
    }
    okAsync(s.idx, cmd);
    s.packets.push_back(std::move(p));
    startPacketTimer(s, s.packets.back());
}

void SimModule::Private::handlePublish(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    // BG9x: AT+QMTPUBEX carries the message in the command line; EC2x and Cat 1: its length.
    const bool inlineForm = cmd == Cmd::QMTPUBEX && publishesInline(family);
    if (form == Form::Test) {
        info('+' + QByteArray(at::cmdName(cmd)) + ": " + idxR + ",<msgid>," +
             rangeText(ranges.range(Param::Qos)) + ',' + rangeText(ranges.range(Param::Retain)) +
             ",\"topic\"" +
             (inlineForm             ? ",\"msg\""
              : cmd == Cmd::QMTPUBEX ? ",\"length\""
                                     : ""));
        ok();
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    qint64 msgId = 0, qos = 0, retain = 0, len = -1;
    QByteArray topic, message;
    const bool withLength = a.size() == 6 && !inlineForm;
    if (!sp || !(a.size() == 6 || (cmd == Cmd::QMTPUB && a.size() == 5)) ||
        !inRange(a, 1, Param::PubMsgId, &msgId) || !inRange(a, 2, Param::Qos, &qos) ||
        !inRange(a, 3, Param::Retain, &retain) || !strArg(a, 4, Param::TopicLen, &topic) ||
        (withLength && !inRange(a, 5, Param::PayloadLen, &len)) ||
        (inlineForm &&
         (!strArg(a, 5, Param::PayloadLen, &message, true) || message.size() > kInlineMessageMax)) ||
        (qos > 0 && msgId == 0)) {
        error();
        return;
    }
    Slot &s = *sp;
    if (s.mq != Slot::Mq::Connected || !s.client || s.unackedPublishes() >= kWindow) {
        error();
        return;
    }
    const int idx = s.idx;
    const quint32 gen = generation;
    auto publish = [this, idx, gen, cmd, msgId, qos, retain, topic](const QByteArray &payload) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.mq != Slot::Mq::Connected || !t.client) {
            error();
            return;
        }
        if (t.loseMessages > 0) {
            // Fault: the module reports the publish sent; the broker never sees it.
            --t.loseMessages;
            okAsync(idx, cmd);
            later(idx, air.delay(AirStep::Publish0), [this, idx, gen, cmd, msgId] {
                if (gen == generation)
                    resultUrc(idx, cmd,
                              '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(msgId) + ",0");
            });
            return;
        }
        // The module has the message (OK); the PUBLISH then crosses the air and reaches the
        // broker half a round trip later, where a subscriber sees it. Meanwhile it counts
        // against the window of publishes waiting for their acknowledgement.
        okAsync(idx, cmd);
        if (qos > 0)
            ++t.publishesInAir;
        later(idx, air.delay(AirStep::Publish0), [this, idx, gen, cmd, msgId, qos, retain, topic, payload] {
            if (gen != generation)
                return;
            Slot &u = slotList[std::size_t(idx)];
            if (qos > 0)
                u.publishesInAir = std::max(0, u.publishesInAir - 1);
            const QByteArray failed =
                '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(msgId) + ",2";
            if (u.mq != Slot::Mq::Connected || !u.client) {
                resultUrc(idx, cmd, failed); // the connection went while it was in the air
                return;
            }
            const int mid = u.client->publish(topic, payload, int(qos), retain == 1);
            if (mid < 0) {
                resultUrc(idx, cmd, failed);
                return;
            }
            Packet p;
            p.cmd = cmd;
            p.msgId = int(msgId);
            p.qos = int(qos);
            p.mids.push_back(mid);
            u.packets.push_back(std::move(p));
            startPacketTimer(u, u.packets.back());
            if (qos == 0) {
                // QoS 0 is sent once written: its result goes now, before anything the broker
                // sends back (the slot's own subscription) can arrive.
                pumpLink(u);
                const QByteArray l =
                    '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(msgId) + ",0";
                delete u.packets.back().timer;
                u.packets.pop_back();
                resultUrc(idx, cmd, l);
            }
        });
    };
    if (inlineForm) {
        publish(message); // no prompt: the message was in the line
        return;
    }
    if (withLength) {
        expectData(len, publish);
        return;
    }
    out("\r\n> "); // QMTPUB: data ended by Ctrl+Z
    input = Input::CtrlZ;
    data.clear();
    onData = publish;
}

void SimModule::Private::handleRecv(Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        ok();
        return;
    }
    if (form == Form::Query) {
        QByteArray o;
        for (const Slot &s : slotList) {
            if (s.mq != Slot::Mq::Connected)
                continue;
            o += "\r\n+QMTRECV: " + num(s.idx);
            for (const auto &b : s.buffer)
                o += b ? ",1" : ",0";
        }
        reply(o);
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    qint64 id = -1;
    if (!sp || a.size() > 2 || (a.size() == 2 && !inRange(a, 1, Param::RecvId, &id)) ||
        sp->mq != Slot::Mq::Connected) {
        error();
        return;
    }
    QByteArray o;
    for (int i = 0; i < kBuffers; ++i) {
        auto &b = sp->buffer[std::size_t(i)];
        if ((id < 0 || id == i) && b) {
            o += "\r\n" + recvLine(*sp, *b);
            b.reset();
        }
    }
    reply(o);
}

} // namespace qmt::sim
