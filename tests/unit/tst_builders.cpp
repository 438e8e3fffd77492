// SPDX-License-Identifier: Apache-2.0
// Tests of the command builders (modem/at/builders.h) and the range table (modem/at/ranges.h):
// exact command text for valid input, and for invalid input (each range boundary, bad strings)
// an error that names the right parameter.

#include "at/builders.h"
#include "at/ranges.h"

#include <QTest>

#include <functional>

using namespace qmt::at;

Q_DECLARE_METATYPE(qmt::at::Built)

namespace {

const Builders &B()
{
    static const Builders b;
    return b;
}

// One integer parameter of one builder, varied on its own while the others stay valid.
struct IntCase
{
    const char *tag;
    std::function<Built(int)> build;
    Param param;
    QString name;          // the parameter's name in the error ("<qos1>"), default paramName(param)
    QByteArray lineFormat; // the expected line with %1 for the value; empty: only check ok()
};

QList<IntCase> intCases()
{
    const Builders &b = B();
    const WillMessage will{1, 0, QStringLiteral("w/t"), QStringLiteral("bye")};
    QList<IntCase> c = {
        {"cfgRead idx",
         [&b](int v) { return b.cfgRead(CfgSetting::KeepAlive, v); },
         Param::ClientIdx,
         {},
         R"(AT+QMTCFG="keepalive",%1)"},
        {"version idx",
         [&b](int v) { return b.cfgVersion(v, 4); },
         Param::ClientIdx,
         {},
         R"(AT+QMTCFG="version",%1,4)"},
        {"version vsn",
         [&b](int v) { return b.cfgVersion(0, v); },
         Param::Version,
         {},
         R"(AT+QMTCFG="version",0,%1)"},
        {"pdpcid cid",
         [&b](int v) { return b.cfgPdpCid(1, v); },
         Param::PdpCid,
         {},
         R"(AT+QMTCFG="pdpcid",1,%1)"},
        {"ssl enable",
         [&b](int v) { return b.cfgSsl(0, v, 2); },
         Param::SslEnable,
         {},
         R"(AT+QMTCFG="ssl",0,%1,2)"},
        {"ssl ctx",
         [&b](int v) { return b.cfgSsl(0, 1, v); },
         Param::SslCtx,
         {},
         R"(AT+QMTCFG="ssl",0,1,%1)"},
        {"keepalive idx",
         [&b](int v) { return b.cfgKeepAlive(v, 120); },
         Param::ClientIdx,
         {},
         R"(AT+QMTCFG="keepalive",%1,120)"},
        {"keepalive time",
         [&b](int v) { return b.cfgKeepAlive(0, v); },
         Param::KeepAlive,
         {},
         R"(AT+QMTCFG="keepalive",0,%1)"},
        {"session",
         [&b](int v) { return b.cfgSession(2, v); },
         Param::CleanSession,
         {},
         R"(AT+QMTCFG="session",2,%1)"},
        {"timeout pkt",
         [&b](int v) { return b.cfgTimeout(0, v, 3, 0); },
         Param::PktTimeout,
         {},
         R"(AT+QMTCFG="timeout",0,%1,3,0)"},
        {"timeout retry",
         [&b](int v) { return b.cfgTimeout(0, 5, v, 0); },
         Param::RetryTimes,
         {},
         R"(AT+QMTCFG="timeout",0,5,%1,0)"},
        {"timeout notice",
         [&b](int v) { return b.cfgTimeout(0, 5, 3, v); },
         Param::TimeoutNotice,
         {},
         R"(AT+QMTCFG="timeout",0,5,3,%1)"},
        {"will flag",
         [&b, will](int v) { return b.cfgWill(0, v, will); },
         Param::WillFlag,
         {},
         R"(AT+QMTCFG="will",0,%1,1,0,"w/t","bye")"},
        {"will qos",
         [&b](int v) {
             return b.cfgWill(0, 1, WillMessage{v, 1, QStringLiteral("t"), QString()});
         },
         Param::WillQos,
         {},
         R"(AT+QMTCFG="will",0,1,%1,1,"t","")"},
        {"will retain",
         [&b](int v) {
             return b.cfgWill(0, 1, WillMessage{2, v, QStringLiteral("t"), QString()});
         },
         Param::WillRetain,
         {},
         R"(AT+QMTCFG="will",0,1,2,%1,"t","")"},
        {"willex flag",
         [&b](int v) { return b.cfgWillEx(0, v, 1, 0, QStringLiteral("t"), "m"); },
         Param::WillFlag,
         {},
         R"(AT+QMTCFG="willex",0,%1,1,0,"t",1)"},
        {"willex qos",
         [&b](int v) { return b.cfgWillEx(0, 1, v, 0, QStringLiteral("t"), "m"); },
         Param::WillQos,
         {},
         R"(AT+QMTCFG="willex",0,1,%1,0,"t",1)"},
        {"willex retain",
         [&b](int v) { return b.cfgWillEx(0, 1, 1, v, QStringLiteral("t"), "m"); },
         Param::WillRetain,
         {},
         R"(AT+QMTCFG="willex",0,1,1,%1,"t",1)"},
        {"recv/mode mode",
         [&b](int v) { return b.cfgRecvMode(0, v, 1); },
         Param::RecvMode,
         {},
         R"(AT+QMTCFG="recv/mode",0,%1,1)"},
        {"recv/mode len",
         [&b](int v) { return b.cfgRecvMode(0, 0, v); },
         Param::MsgLenEnable,
         {},
         R"(AT+QMTCFG="recv/mode",0,0,%1)"},
        {"aliauth idx",
         [&b](int v) {
             return b.cfgAliAuth(v, QStringLiteral("pk"), QStringLiteral("dn"), QStringLiteral("ds"));
         },
         Param::ClientIdx,
         {},
         R"(AT+QMTCFG="aliauth",%1,"pk","dn","ds")"},
        {"qmtping",
         [&b](int v) { return b.cfgQmtPing(0, v); },
         Param::QmtPing,
         {},
         R"(AT+QMTCFG="qmtping",0,%1)"},
        {"open idx",
         [&b](int v) { return b.open(v, QStringLiteral("h"), 1883); },
         Param::ClientIdx,
         {},
         R"(AT+QMTOPEN=%1,"h",1883)"},
        {"open port",
         [&b](int v) { return b.open(0, QStringLiteral("h"), v); },
         Param::Port,
         {},
         R"(AT+QMTOPEN=0,"h",%1)"},
        {"close idx", [&b](int v) { return b.close(v); }, Param::ClientIdx, {}, "AT+QMTCLOSE=%1"},
        {"conn idx",
         [&b](int v) { return b.connect(v, QStringLiteral("c")); },
         Param::ClientIdx,
         {},
         R"(AT+QMTCONN=%1,"c")"},
        {"disc idx", [&b](int v) { return b.disconnect(v); }, Param::ClientIdx, {}, "AT+QMTDISC=%1"},
        {"sub idx",
         [&b](int v) { return b.subscribe(v, 1, QStringLiteral("t"), 0); },
         Param::ClientIdx,
         {},
         R"(AT+QMTSUB=%1,1,"t",0)"},
        {"sub msgid",
         [&b](int v) { return b.subscribe(0, v, QStringLiteral("t"), 0); },
         Param::MsgId,
         {},
         R"(AT+QMTSUB=0,%1,"t",0)"},
        {"sub qos", [&b](int v) { return b.subscribe(0, 1, QStringLiteral("t"), v); }, Param::Qos,
         QStringLiteral("<qos1>"), R"(AT+QMTSUB=0,1,"t",%1)"},
        {"sub second qos",
         [&b](int v) {
             return b.subscribe(0, 1, {{QStringLiteral("a"), 1}, {QStringLiteral("b"), v}});
         },
         Param::Qos, QStringLiteral("<qos2>"), R"(AT+QMTSUB=0,1,"a",1,"b",%1)"},
        {"uns idx",
         [&b](int v) { return b.unsubscribe(v, 2, {QStringLiteral("t")}); },
         Param::ClientIdx,
         {},
         R"(AT+QMTUNS=%1,2,"t")"},
        {"uns msgid",
         [&b](int v) { return b.unsubscribe(0, v, {QStringLiteral("t")}); },
         Param::MsgId,
         {},
         R"(AT+QMTUNS=0,%1,"t")"},
        {"pubex idx",
         [&b](int v) { return b.publish(v, 0, 0, 0, QStringLiteral("t"), "x"); },
         Param::ClientIdx,
         {},
         R"(AT+QMTPUBEX=%1,0,0,0,"t",1)"},
        {"pubex msgid",
         [&b](int v) { return b.publish(0, v, 0, 0, QStringLiteral("t"), "x"); },
         Param::PubMsgId,
         {},
         R"(AT+QMTPUBEX=0,%1,0,0,"t",1)"},
        {"pubex qos",
         [&b](int v) { return b.publish(0, 7, v, 0, QStringLiteral("t"), "x"); },
         Param::Qos,
         {},
         R"(AT+QMTPUBEX=0,7,%1,0,"t",1)"},
        {"pubex retain",
         [&b](int v) { return b.publish(0, 7, 1, v, QStringLiteral("t"), "x"); },
         Param::Retain,
         {},
         R"(AT+QMTPUBEX=0,7,1,%1,"t",1)"},
        {"pub msgid",
         [&b](int v) { return b.publishLegacy(0, v, 0, 0, QStringLiteral("t"), "x"); },
         Param::PubMsgId,
         {},
         R"(AT+QMTPUB=0,%1,0,0,"t")"},
        {"pub qos",
         [&b](int v) { return b.publishLegacy(0, 3, v, 0, QStringLiteral("t"), "x"); },
         Param::Qos,
         {},
         R"(AT+QMTPUB=0,3,%1,0,"t")"},
        {"recv idx", [&b](int v) { return b.recvRead(v); }, Param::ClientIdx, {}, "AT+QMTRECV=%1"},
        {"recv id", [&b](int v) { return b.recvRead(0, v); }, Param::RecvId, {}, "AT+QMTRECV=0,%1"},
        {"qfupl timeout",
         [&b](int v) { return b.fileUpload(QStringLiteral("f"), "abc", v); },
         Param::FileTimeout,
         {},
         R"(AT+QFUPL="f",3,%1)"},
        {"qfupl ackmode",
         [&b](int v) { return b.fileUpload(QStringLiteral("f"), "abc", 9, v); },
         Param::AckMode,
         {},
         R"(AT+QFUPL="f",3,9,%1)"},
        {"ssl read ctx",
         [&b](int v) { return b.sslRead(SslSetting::SecLevel, v); },
         Param::SslContextId,
         {},
         R"(AT+QSSLCFG="seclevel",%1)"},
        {"sslversion ctx",
         [&b](int v) { return b.sslVersion(v, 4); },
         Param::SslContextId,
         {},
         R"(AT+QSSLCFG="sslversion",%1,4)"},
        {"sslversion",
         [&b](int v) { return b.sslVersion(2, v); },
         Param::SslVersion,
         {},
         R"(AT+QSSLCFG="sslversion",2,%1)"},
        {"seclevel",
         [&b](int v) { return b.sslSecLevel(2, v); },
         Param::SecLevel,
         {},
         R"(AT+QSSLCFG="seclevel",2,%1)"},
        {"ignorelocaltime",
         [&b](int v) { return b.sslIgnoreLocalTime(2, v); },
         Param::IgnoreLocalTime,
         {},
         R"(AT+QSSLCFG="ignorelocaltime",2,%1)"},
        {"negotiatetime",
         [&b](int v) { return b.sslNegotiateTime(2, v); },
         Param::NegotiateTime,
         {},
         R"(AT+QSSLCFG="negotiatetime",2,%1)"},
        {"sni", [&b](int v) { return b.sslSni(2, v); }, Param::Sni, {}, R"(AT+QSSLCFG="sni",2,%1)"},
        {"cacert ctx",
         [&b](int v) { return b.sslCaCert(v, QStringLiteral("RAM:ca.pem")); },
         Param::SslContextId,
         {},
         R"(AT+QSSLCFG="cacert",%1,"RAM:ca.pem")"},
        {"ciphersuite ctx",
         [&b](int v) { return b.sslCipherSuite(v, 0xFFFF); },
         Param::SslContextId,
         {},
         R"(AT+QSSLCFG="ciphersuite",%1,0XFFFF)"},
        {"ciphersuite", [&b](int v) { return b.sslCipherSuite(1, v); }, Param::CipherSuite, {}, {}},
        {"qicsgp cid",
         [&b](int v) { return b.pdpConfig(v, 1, QStringLiteral("apn")); },
         Param::PdpContext,
         {},
         R"(AT+QICSGP=%1,1,"apn","","",0)"},
        {"qicsgp type",
         [&b](int v) { return b.pdpConfig(1, v, QStringLiteral("apn")); },
         Param::ContextType,
         {},
         R"(AT+QICSGP=1,%1,"apn","","",0)"},
        {"qicsgp auth",
         [&b](int v) {
             return b.pdpConfig(1, 1, QStringLiteral("apn"), QStringLiteral("u"), QStringLiteral("p"), v);
         },
         Param::PdpAuth,
         {},
         R"(AT+QICSGP=1,1,"apn","u","p",%1)"},
        {"qicsgp read", [&b](int v) { return b.pdpConfigRead(v); }, Param::PdpContext, {}, "AT+QICSGP=%1"},
        {"qiact", [&b](int v) { return b.pdpActivate(v); }, Param::PdpContext, {}, "AT+QIACT=%1"},
        {"qideact", [&b](int v) { return b.pdpDeactivate(v); }, Param::PdpContext, {}, "AT+QIDEACT=%1"},
        {"echo", [&b](int v) { return b.echo(v); }, Param::Echo, {}, "ATE%1"},
        {"cmee", [&b](int v) { return b.cmee(v); }, Param::CmeeMode, {}, "AT+CMEE=%1"},
    };
    return c;
}

QString describe(const Built &b)
{
    if (b.ok())
        return QString::fromUtf8(b.command->line);
    return b.error->param + QStringLiteral(": ") + b.error->message;
}

} // namespace

class TestBuilders : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void boundariesAccepted_data();
    void boundariesAccepted();
    void boundariesRejected_data();
    void boundariesRejected();
    void invalid_data();
    void invalid();
    void errorMessages();
    void fileUploadTimeout();
    void testForms();

    void rangeParse_data();
    void rangeParse();
    void rangeTableDefaults();
    void applyTimeoutTestResponse();
    void applyFullTestResponse();
    void applyRejectsMalformed_data();
    void applyRejectsMalformed();
    void paramNames();
};

// ---- valid input: the exact command ----------------------------------------------------------

void TestBuilders::valid_data()
{
    QTest::addColumn<Built>("built");
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("cmd");
    QTest::addColumn<int>("form");
    QTest::addColumn<int>("idx");
    QTest::addColumn<int>("msgId");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("phase");

    const Builders &b = B();
    const auto row = [](const char *tag, const Built &built, const char *line, Cmd cmd, Form form,
                        int idx = -1, int msgId = -1, const QByteArray &payload = QByteArray(),
                        DataPhase phase = DataPhase::None) {
        QTest::newRow(tag) << built << QByteArray(line) << int(cmd) << int(form) << idx << msgId << payload
                           << int(phase);
    };
    const QString t = QStringLiteral("topic/example");

    // AT+QMTCFG
    row("cfg test", b.cfgTest(), "AT+QMTCFG=?", Cmd::QMTCFG, Form::Test);
    row("version", b.cfgVersion(0, 4), R"(AT+QMTCFG="version",0,4)", Cmd::QMTCFG, Form::Set, 0);
    row("version 3", b.cfgVersion(5, 3), R"(AT+QMTCFG="version",5,3)", Cmd::QMTCFG, Form::Set, 5);
    row("pdpcid", b.cfgPdpCid(1, 16), R"(AT+QMTCFG="pdpcid",1,16)", Cmd::QMTCFG, Form::Set, 1);
    row("ssl on", b.cfgSsl(0, 1, 2), R"(AT+QMTCFG="ssl",0,1,2)", Cmd::QMTCFG, Form::Set, 0);
    row("ssl off", b.cfgSsl(0, 0), R"(AT+QMTCFG="ssl",0,0)", Cmd::QMTCFG, Form::Set, 0);
    row("ssl off with ctx", b.cfgSsl(3, 0, 5), R"(AT+QMTCFG="ssl",3,0,5)", Cmd::QMTCFG, Form::Set, 3);
    row("keepalive", b.cfgKeepAlive(0, 120), R"(AT+QMTCFG="keepalive",0,120)", Cmd::QMTCFG, Form::Set, 0);
    row("keepalive never", b.cfgKeepAlive(4, 0), R"(AT+QMTCFG="keepalive",4,0)", Cmd::QMTCFG, Form::Set, 4);
    row("session", b.cfgSession(0, 1), R"(AT+QMTCFG="session",0,1)", Cmd::QMTCFG, Form::Set, 0);
    row("timeout", b.cfgTimeout(0, 5, 3, 0), R"(AT+QMTCFG="timeout",0,5,3,0)", Cmd::QMTCFG, Form::Set, 0);
    row("will off", b.cfgWill(1, 0), R"(AT+QMTCFG="will",1,0)", Cmd::QMTCFG, Form::Set, 1);
    row("will on",
        b.cfgWill(0, 1, WillMessage{1, 0, QStringLiteral("dev/status"), QStringLiteral("offline")}),
        R"(AT+QMTCFG="will",0,1,1,0,"dev/status","offline")", Cmd::QMTCFG, Form::Set, 0);
    row("will utf8",
        b.cfgWill(0, 1, WillMessage{2, 1, QStringLiteral("t/\u00e9"), QStringLiteral("\u00e0 bient\u00f4t")}),
        "AT+QMTCFG=\"will\",0,1,2,1,\"t/\xc3\xa9\",\"\xc3\xa0 bient\xc3\xb4t\"", Cmd::QMTCFG, Form::Set, 0);
    row("willex", b.cfgWillEx(0, 1, 1, 0, QStringLiteral("dev/status"), R"({"s":"off"})"),
        R"(AT+QMTCFG="willex",0,1,1,0,"dev/status",11)", Cmd::QMTCFG, Form::Set, 0, -1, R"({"s":"off"})",
        DataPhase::Prompt);
    row("recv/mode", b.cfgRecvMode(0, 0, 1), R"(AT+QMTCFG="recv/mode",0,0,1)", Cmd::QMTCFG, Form::Set, 0);
    row("recv/mode no len", b.cfgRecvMode(2, 1), R"(AT+QMTCFG="recv/mode",2,1)", Cmd::QMTCFG, Form::Set, 2);
    row("aliauth",
        b.cfgAliAuth(0, QStringLiteral("oyjtmPI5a5j"), QStringLiteral("MQTT_TEST"),
                     QStringLiteral("wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ")),
        R"(AT+QMTCFG="aliauth",0,"oyjtmPI5a5j","MQTT_TEST","wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ")", Cmd::QMTCFG,
        Form::Set, 0);
    row("qmtping", b.cfgQmtPing(0, 60), R"(AT+QMTCFG="qmtping",0,60)", Cmd::QMTCFG, Form::Set, 0);

    // read-back forms
    row("read version", b.cfgRead(CfgSetting::Version, 0), R"(AT+QMTCFG="version",0)", Cmd::QMTCFG, Form::Set,
        0);
    row("read pdpcid", b.cfgRead(CfgSetting::PdpCid, 1), R"(AT+QMTCFG="pdpcid",1)", Cmd::QMTCFG, Form::Set,
        1);
    row("read ssl", b.cfgRead(CfgSetting::Ssl, 2), R"(AT+QMTCFG="ssl",2)", Cmd::QMTCFG, Form::Set, 2);
    row("read keepalive", b.cfgRead(CfgSetting::KeepAlive, 3), R"(AT+QMTCFG="keepalive",3)", Cmd::QMTCFG,
        Form::Set, 3);
    row("read session", b.cfgRead(CfgSetting::Session, 4), R"(AT+QMTCFG="session",4)", Cmd::QMTCFG, Form::Set,
        4);
    row("read timeout", b.cfgRead(CfgSetting::Timeout, 5), R"(AT+QMTCFG="timeout",5)", Cmd::QMTCFG, Form::Set,
        5);
    row("read will", b.cfgRead(CfgSetting::Will, 0), R"(AT+QMTCFG="will",0)", Cmd::QMTCFG, Form::Set, 0);
    row("read willex", b.cfgRead(CfgSetting::WillEx, 0), R"(AT+QMTCFG="willex",0)", Cmd::QMTCFG, Form::Set,
        0);
    row("read recv/mode", b.cfgRead(CfgSetting::RecvMode, 0), R"(AT+QMTCFG="recv/mode",0)", Cmd::QMTCFG,
        Form::Set, 0);
    row("read aliauth", b.cfgRead(CfgSetting::AliAuth, 0), R"(AT+QMTCFG="aliauth",0)", Cmd::QMTCFG, Form::Set,
        0);
    row("read qmtping", b.cfgRead(CfgSetting::QmtPing, 0), R"(AT+QMTCFG="qmtping",0)", Cmd::QMTCFG, Form::Set,
        0);

    // network and session
    row("open", b.open(0, QStringLiteral("iot-as-mqtt.cn-shanghai.aliyuncs.com"), 1883),
        R"(AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883)", Cmd::QMTOPEN, Form::Set, 0);
    row("open ip", b.open(5, QStringLiteral("192.0.2.1"), 65535), R"(AT+QMTOPEN=5,"192.0.2.1",65535)",
        Cmd::QMTOPEN, Form::Set, 5);
    row("open host 100 bytes", b.open(0, QString(100, QLatin1Char('h')), 1),
        QByteArray("AT+QMTOPEN=0,\"" + QByteArray(100, 'h') + "\",1").constData(), Cmd::QMTOPEN, Form::Set,
        0);
    row("open query", b.openQuery(), "AT+QMTOPEN?", Cmd::QMTOPEN, Form::Query);
    row("open test", b.openTest(), "AT+QMTOPEN=?", Cmd::QMTOPEN, Form::Test);
    row("close", b.close(0), "AT+QMTCLOSE=0", Cmd::QMTCLOSE, Form::Set, 0);
    row("conn", b.connect(0, QStringLiteral("clientExample")), R"(AT+QMTCONN=0,"clientExample")",
        Cmd::QMTCONN, Form::Set, 0);
    row("conn user", b.connect(1, QStringLiteral("c"), QStringLiteral("u"), QStringLiteral("p w")),
        R"(AT+QMTCONN=1,"c","u","p w")", Cmd::QMTCONN, Form::Set, 1);
    row("conn empty user", b.connect(1, QStringLiteral("c"), QString(), QString()),
        R"(AT+QMTCONN=1,"c","","")", Cmd::QMTCONN, Form::Set, 1);
    row("conn query", b.connQuery(), "AT+QMTCONN?", Cmd::QMTCONN, Form::Query);
    row("disc", b.disconnect(0), "AT+QMTDISC=0", Cmd::QMTDISC, Form::Set, 0);

    // subscribe and publish
    row("sub", b.subscribe(0, 1, t, 2), R"(AT+QMTSUB=0,1,"topic/example",2)", Cmd::QMTSUB, Form::Set, 0, 1);
    row("sub aws", b.subscribe(0, 1, QStringLiteral("$aws/things/M26_0206/shadow/update/accepted"), 1),
        R"(AT+QMTSUB=0,1,"$aws/things/M26_0206/shadow/update/accepted",1)", Cmd::QMTSUB, Form::Set, 0, 1);
    row("sub three",
        b.subscribe(2, 65535,
                    {{QStringLiteral("a/+/c"), 0}, {QStringLiteral("b/#"), 1}, {QStringLiteral("#"), 2}}),
        R"(AT+QMTSUB=2,65535,"a/+/c",0,"b/#",1,"#",2)", Cmd::QMTSUB, Form::Set, 2, 65535);
    row("sub plus only", b.subscribe(0, 9, QStringLiteral("+"), 0), R"(AT+QMTSUB=0,9,"+",0)", Cmd::QMTSUB,
        Form::Set, 0, 9);
    row("uns", b.unsubscribe(0, 2, {t}), R"(AT+QMTUNS=0,2,"topic/example")", Cmd::QMTUNS, Form::Set, 0, 2);
    row("uns two", b.unsubscribe(1, 3, {QStringLiteral("a"), QStringLiteral("b/#")}),
        R"(AT+QMTUNS=1,3,"a","b/#")", Cmd::QMTUNS, Form::Set, 1, 3);
    row("pubex", b.publish(0, 0, 0, 0, QStringLiteral("topic/pub"), "This is test data, hello MQTT."),
        R"(AT+QMTPUBEX=0,0,0,0,"topic/pub",30)", Cmd::QMTPUBEX, Form::Set, 0, 0,
        "This is test data, hello MQTT.", DataPhase::Prompt);
    row("pubex qos1",
        b.publish(0, 1, 1, 0, QStringLiteral("$aws/things/M26_0206/shadow/update/accepted"),
                  "This is publish data from client"),
        R"(AT+QMTPUBEX=0,1,1,0,"$aws/things/M26_0206/shadow/update/accepted",32)", Cmd::QMTPUBEX, Form::Set,
        0, 1, "This is publish data from client", DataPhase::Prompt);
    row("pubex raw payload", b.publish(3, 5, 2, 1, QStringLiteral("j"), QByteArray("{\"a\":1}\r\n\x1a", 10)),
        R"(AT+QMTPUBEX=3,5,2,1,"j",10)", Cmd::QMTPUBEX, Form::Set, 3, 5, QByteArray("{\"a\":1}\r\n\x1a", 10),
        DataPhase::Prompt);
    row("pubex qos0 nonzero msgid", b.publish(0, 7, 0, 0, QStringLiteral("t"), "x"),
        R"(AT+QMTPUBEX=0,7,0,0,"t",1)", Cmd::QMTPUBEX, Form::Set, 0, 7, "x", DataPhase::Prompt);
    row("pubex empty payload", b.publish(0, 0, 0, 1, QStringLiteral("t"), QByteArray()),
        R"(AT+QMTPUBEX=0,0,0,1,"t",0)", Cmd::QMTPUBEX, Form::Set, 0, 0, QByteArray(), DataPhase::Prompt);
    row("pubex 1500", b.publish(0, 0, 0, 0, QStringLiteral("t"), QByteArray(1500, 'x')),
        R"(AT+QMTPUBEX=0,0,0,0,"t",1500)", Cmd::QMTPUBEX, Form::Set, 0, 0, QByteArray(1500, 'x'),
        DataPhase::Prompt);
    row("pub ctrl-z", b.publishLegacy(0, 1, 1, 0, QStringLiteral("t"), "hello"), R"(AT+QMTPUB=0,1,1,0,"t")",
        Cmd::QMTPUB, Form::Set, 0, 1, "hello", DataPhase::CtrlZ);
    row("pub length", b.publishLegacy(0, 1, 1, 0, QStringLiteral("t"), "hello", true),
        R"(AT+QMTPUB=0,1,1,0,"t",5)", Cmd::QMTPUB, Form::Set, 0, 1, "hello", DataPhase::Prompt);
    row("pub ctrl-z 1548", b.publishLegacy(0, 0, 0, 0, QStringLiteral("t"), QByteArray(1548, 'y')),
        R"(AT+QMTPUB=0,0,0,0,"t")", Cmd::QMTPUB, Form::Set, 0, 0, QByteArray(1548, 'y'), DataPhase::CtrlZ);

    // receive
    row("recv all", b.recvRead(0), "AT+QMTRECV=0", Cmd::QMTRECV, Form::Set, 0);
    row("recv one", b.recvRead(1, 4), "AT+QMTRECV=1,4", Cmd::QMTRECV, Form::Set, 1);
    row("recv query", b.recvQuery(), "AT+QMTRECV?", Cmd::QMTRECV, Form::Query);

    // files
    row("qfupl", b.fileUpload(QStringLiteral("RAM:cacert.pem"), QByteArray(1758, 'c'), 100),
        R"(AT+QFUPL="RAM:cacert.pem",1758,100)", Cmd::QFUPL, Form::Set, -1, -1, QByteArray(1758, 'c'),
        DataPhase::Connect);
    row("qfupl defaults", b.fileUpload(QStringLiteral("cert.pem"), "abc"), R"(AT+QFUPL="cert.pem",3)",
        Cmd::QFUPL, Form::Set, -1, -1, "abc", DataPhase::Connect);
    row("qfupl ackmode", b.fileUpload(QStringLiteral("UFS:k.pem"), "abc", 20, 1),
        R"(AT+QFUPL="UFS:k.pem",3,20,1)", Cmd::QFUPL, Form::Set, -1, -1, "abc", DataPhase::Connect);
    row("qfupl ackmode default timeout", b.fileUpload(QStringLiteral("k.pem"), "abc", std::nullopt, 0),
        R"(AT+QFUPL="k.pem",3,5,0)", Cmd::QFUPL, Form::Set, -1, -1, "abc", DataPhase::Connect);
    row("qfupl name 80", b.fileUpload(QString(80, QLatin1Char('n')), "a"),
        QByteArray("AT+QFUPL=\"" + QByteArray(80, 'n') + "\",1").constData(), Cmd::QFUPL, Form::Set, -1, -1,
        "a", DataPhase::Connect);
    row("qflst", b.fileList(), R"(AT+QFLST="*")", Cmd::QFLST, Form::Set);
    row("qflst ram", b.fileList(QStringLiteral("RAM:*")), R"(AT+QFLST="RAM:*")", Cmd::QFLST, Form::Set);
    row("qfdel", b.fileDelete(QStringLiteral("RAM:cacert.pem")), R"(AT+QFDEL="RAM:cacert.pem")", Cmd::QFDEL,
        Form::Set);
    row("qfdel all", b.fileDelete(QStringLiteral("*")), R"(AT+QFDEL="*")", Cmd::QFDEL, Form::Set);
    row("qflds", b.fileDiskSpace(), R"(AT+QFLDS="UFS")", Cmd::QFLDS, Form::Set);
    row("qflds ram", b.fileDiskSpace(QStringLiteral("RAM")), R"(AT+QFLDS="RAM")", Cmd::QFLDS, Form::Set);

    // AT+QSSLCFG
    row("sslversion", b.sslVersion(2, 4), R"(AT+QSSLCFG="sslversion",2,4)", Cmd::QSSLCFG, Form::Set);
    row("ciphersuite all", b.sslCipherSuite(2, 0xFFFF), R"(AT+QSSLCFG="ciphersuite",2,0XFFFF)", Cmd::QSSLCFG,
        Form::Set);
    row("ciphersuite 0035", b.sslCipherSuite(0, 0x0035), R"(AT+QSSLCFG="ciphersuite",0,0X0035)", Cmd::QSSLCFG,
        Form::Set);
    row("ciphersuite c02f", b.sslCipherSuite(5, 0xC02F), R"(AT+QSSLCFG="ciphersuite",5,0XC02F)", Cmd::QSSLCFG,
        Form::Set);
    row("ciphersuite 0", b.sslCipherSuite(5, 0), R"(AT+QSSLCFG="ciphersuite",5,0X0000)", Cmd::QSSLCFG,
        Form::Set);
    row("seclevel", b.sslSecLevel(2, 2), R"(AT+QSSLCFG="seclevel",2,2)", Cmd::QSSLCFG, Form::Set);
    row("cacert", b.sslCaCert(2, QStringLiteral("RAM:cacert.pem")),
        R"(AT+QSSLCFG="cacert",2,"RAM:cacert.pem")", Cmd::QSSLCFG, Form::Set);
    row("clientcert", b.sslClientCert(2, QStringLiteral("RAM:client.pem")),
        R"(AT+QSSLCFG="clientcert",2,"RAM:client.pem")", Cmd::QSSLCFG, Form::Set);
    row("clientkey", b.sslClientKey(2, QStringLiteral("RAM:user_key.pem")),
        R"(AT+QSSLCFG="clientkey",2,"RAM:user_key.pem")", Cmd::QSSLCFG, Form::Set);
    row("ignorelocaltime", b.sslIgnoreLocalTime(2, 1), R"(AT+QSSLCFG="ignorelocaltime",2,1)", Cmd::QSSLCFG,
        Form::Set);
    row("negotiatetime", b.sslNegotiateTime(2, 300), R"(AT+QSSLCFG="negotiatetime",2,300)", Cmd::QSSLCFG,
        Form::Set);
    row("sni", b.sslSni(0, 1), R"(AT+QSSLCFG="sni",0,1)", Cmd::QSSLCFG, Form::Set);
    const struct
    {
        SslSetting s;
        const char *tag;
        const char *line;
    } reads[] = {
        {SslSetting::SslVersion, "read sslversion", R"(AT+QSSLCFG="sslversion",2)"},
        {SslSetting::CipherSuite, "read ciphersuite", R"(AT+QSSLCFG="ciphersuite",2)"},
        {SslSetting::SecLevel, "read seclevel", R"(AT+QSSLCFG="seclevel",2)"},
        {SslSetting::CaCert, "read cacert", R"(AT+QSSLCFG="cacert",2)"},
        {SslSetting::ClientCert, "read clientcert", R"(AT+QSSLCFG="clientcert",2)"},
        {SslSetting::ClientKey, "read clientkey", R"(AT+QSSLCFG="clientkey",2)"},
        {SslSetting::IgnoreLocalTime, "read ignorelocaltime", R"(AT+QSSLCFG="ignorelocaltime",2)"},
        {SslSetting::NegotiateTime, "read negotiatetime", R"(AT+QSSLCFG="negotiatetime",2)"},
        {SslSetting::Sni, "read sni", R"(AT+QSSLCFG="sni",2)"},
    };
    for (const auto &r : reads)
        row(r.tag, b.sslRead(r.s, 2), r.line, Cmd::QSSLCFG, Form::Set);

    // PDP
    row("qicsgp",
        b.pdpConfig(1, 1, QStringLiteral("internet"), QStringLiteral("user"), QStringLiteral("pass"), 1),
        R"(AT+QICSGP=1,1,"internet","user","pass",1)", Cmd::QICSGP, Form::Set);
    row("qicsgp defaults", b.pdpConfig(16, 3, QString()), R"(AT+QICSGP=16,3,"","","",0)", Cmd::QICSGP,
        Form::Set);
    row("qicsgp read", b.pdpConfigRead(1), "AT+QICSGP=1", Cmd::QICSGP, Form::Set);
    row("qiact", b.pdpActivate(1), "AT+QIACT=1", Cmd::QIACT, Form::Set);
    row("qiact query", b.pdpActiveQuery(), "AT+QIACT?", Cmd::QIACT, Form::Query);
    row("qideact", b.pdpDeactivate(1), "AT+QIDEACT=1", Cmd::QIDEACT, Form::Set);

    // basic
    row("at", b.at(), "AT", Cmd::AT, Form::Exec);
    row("ate0", b.echo(0), "ATE0", Cmd::ATE, Form::Exec);
    row("ate1", b.echo(1), "ATE1", Cmd::ATE, Form::Exec);
    row("cmee", b.cmee(2), "AT+CMEE=2", Cmd::CMEE, Form::Set);
    row("ati", b.identify(), "ATI", Cmd::ATI, Form::Exec);
    row("gmr", b.revision(), "AT+GMR", Cmd::GMR, Form::Exec);
}

void TestBuilders::valid()
{
    QFETCH(Built, built);
    QFETCH(QByteArray, line);
    QFETCH(int, cmd);
    QFETCH(int, form);
    QFETCH(int, idx);
    QFETCH(int, msgId);
    QFETCH(QByteArray, payload);
    QFETCH(int, phase);

    QVERIFY2(built.ok(), qPrintable(describe(built)));
    QVERIFY(!built.error);
    const AtCommand &c = *built.command;
    QCOMPARE(c.line, line);
    QCOMPARE(int(c.cmd), cmd);
    QCOMPARE(int(c.form), form);
    QCOMPARE(c.clientIdx, idx);
    QCOMPARE(c.msgId, msgId);
    QCOMPARE(c.payload, payload);
    QCOMPARE(int(c.dataPhase), phase);
}

// ---- every range boundary --------------------------------------------------------------------

void TestBuilders::boundariesAccepted_data()
{
    QTest::addColumn<Built>("built");
    QTest::addColumn<QByteArray>("line");
    const RangeTable t;
    for (const IntCase &c : intCases()) {
        for (const auto &item : t.range(c.param).items()) {
            for (qint64 v : {item.lo, item.hi}) {
                const QByteArray line = c.lineFormat.isEmpty()
                                            ? QByteArray()
                                            : QByteArray(c.lineFormat).replace("%1", QByteArray::number(v));
                QTest::addRow("%s %lld", c.tag, v) << c.build(int(v)) << line;
            }
        }
    }
}

void TestBuilders::boundariesAccepted()
{
    QFETCH(Built, built);
    QFETCH(QByteArray, line);
    QVERIFY2(built.ok(), qPrintable(describe(built)));
    if (!line.isEmpty())
        QCOMPARE(built.command->line, line);
}

void TestBuilders::boundariesRejected_data()
{
    QTest::addColumn<Built>("built");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("range");
    const RangeTable t;
    for (const IntCase &c : intCases()) {
        const Range &r = t.range(c.param);
        const QString name = c.name.isEmpty() ? paramName(c.param) : c.name;
        for (qint64 v : {r.min() - 1, r.max() + 1}) {
            const QString value =
                r.hexDigits() ? Range(v, v).setHexDigits(r.hexDigits()).toString() : QString::number(v);
            QTest::addRow("%s %lld", c.tag, v) << c.build(int(v)) << name << value << r.toString();
        }
    }
    // A value inside the span of a list but not in it.
    QTest::newRow("version between") << B().cfgVersion(0, 0) << QStringLiteral("<vsn>") << QStringLiteral("0")
                                     << QStringLiteral("3,4");
}

void TestBuilders::boundariesRejected()
{
    QFETCH(Built, built);
    QFETCH(QString, param);
    QFETCH(QString, value);
    QFETCH(QString, range);
    QVERIFY2(!built.ok(), qPrintable(describe(built)));
    QVERIFY(!built.command);
    QCOMPARE(built.error->param, param);
    const QString bare = param.mid(1, param.size() - 2);
    const QString &m = built.error->message;
    QVERIFY2(m.startsWith(bare + QLatin1Char(' ') + value + QLatin1Char(' ')), qPrintable(m));
    QVERIFY2(m.endsWith(QLatin1Char(' ') + range), qPrintable(m));
}

// ---- other invalid input ---------------------------------------------------------------------

void TestBuilders::invalid_data()
{
    QTest::addColumn<Built>("built");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("fragment"); // a part of the message

    const Builders &b = B();
    const auto row = [](const char *tag, const Built &built, const char *param, const char *fragment) {
        QTest::newRow(tag) << built << QString::fromUtf8(param) << QString::fromUtf8(fragment);
    };
    const QString q = QStringLiteral("a\"b");
    const QString cr = QStringLiteral("a\rb");
    const QString lf = QStringLiteral("a\nb");
    const QString t = QStringLiteral("t");
    const char *quoteMsg = "must not contain a double quote";
    const char *breakMsg = "must not contain a line break";

    // dependent parameters
    row("ssl on without ctx", b.cfgSsl(0, 1), "<SSL_ctx_idx>", "SSL_enable 1 requires SSL_ctx_idx");
    row("will on without will", b.cfgWill(0, 1), "<will_qos>", "will_fg 1 requires will_qos");
    row("conn user without password", b.connect(0, QStringLiteral("c"), QStringLiteral("u")), "<password>",
        "password is missing");
    row("conn password without user", b.connect(0, QStringLiteral("c"), std::nullopt, QStringLiteral("p")),
        "<username>", "username is missing");
    row("pubex msgid 0 with qos 1", b.publish(0, 0, 1, 0, t, "x"), "<msgid>",
        "msgid 0 is only allowed with qos 0");
    row("pubex msgid 0 with qos 2", b.publish(0, 0, 2, 0, t, "x"), "<msgid>", "qos 2 needs a msgid");
    row("pub msgid 0 with qos 1", b.publishLegacy(0, 0, 1, 0, t, "x"), "<msgid>", "only allowed with qos 0");
    row("sub no topics", b.subscribe(0, 1, QList<TopicQos>{}), "<topic1>", "at least one topic");
    row("uns no topics", b.unsubscribe(0, 1, QStringList{}), "<topic1>", "at least one topic");

    // will
    row("will topic quote", b.cfgWill(0, 1, WillMessage{0, 0, q, QStringLiteral("m")}), "<will_topic>",
        quoteMsg);
    row("will msg quote", b.cfgWill(0, 1, WillMessage{0, 0, t, q}), "<will_msg>", quoteMsg);
    row("will msg CR", b.cfgWill(0, 1, WillMessage{0, 0, t, cr}), "<will_msg>", breakMsg);
    row("will topic LF", b.cfgWill(0, 1, WillMessage{0, 0, lf, t}), "<will_topic>", breakMsg);
    row("will topic empty", b.cfgWill(0, 1, WillMessage{0, 0, QString(), t}), "<will_topic>",
        "will_topic must not be empty");
    row("will topic 257", b.cfgWill(0, 1, WillMessage{0, 0, QString(257, QLatin1Char('t')), t}),
        "<will_topic>", "will_topic is 257 bytes long in UTF-8; the allowed length is 1-256 bytes");
    row("will topic wildcard", b.cfgWill(0, 1, WillMessage{0, 0, QStringLiteral("a/+"), t}), "<will_topic>",
        "wildcards");
    row("will msg 257", b.cfgWill(0, 1, WillMessage{0, 0, t, QString(257, QLatin1Char('m'))}), "<will_msg>",
        "will_msg is 257 bytes long");
    row("will msg 129 x 2 bytes", b.cfgWill(0, 1, WillMessage{0, 0, t, QString(129, QChar(0xe9))}),
        "<will_msg>", "will_msg is 258 bytes long in UTF-8");
    row("will off, bad will given", b.cfgWill(0, 0, WillMessage{3, 0, t, t}), "<will_qos>", "will_qos 3");
    row("willex 257", b.cfgWillEx(0, 1, 0, 0, t, QByteArray(257, 'm')), "<will_len>",
        "will_len is 257 bytes long");
    row("willex topic quote", b.cfgWillEx(0, 1, 0, 0, q, "m"), "<will_topic>", quoteMsg);

    // aliauth
    row("aliauth key quote", b.cfgAliAuth(0, q, t, t), "<product_key>", quoteMsg);
    row("aliauth name CR", b.cfgAliAuth(0, t, cr, t), "<device_name>", breakMsg);
    row("aliauth secret empty", b.cfgAliAuth(0, t, t, QString()), "<device_secret>", "must not be empty");

    // open
    row("open host quote", b.open(0, q, 1883), "<host_name>", quoteMsg);
    row("open host CR", b.open(0, cr, 1883), "<host_name>", breakMsg);
    row("open host LF", b.open(0, lf, 1883), "<host_name>", breakMsg);
    row("open host empty", b.open(0, QString(), 1883), "<host_name>", "host_name must not be empty");
    row("open host 101", b.open(0, QString(101, QLatin1Char('h')), 1883), "<host_name>",
        "host_name is 101 bytes long in UTF-8; the allowed length is 1-100 bytes");
    row("open host 51 x 2 bytes", b.open(0, QString(51, QChar(0xe9)), 1883), "<host_name>", "102 bytes");

    // conn
    row("conn id quote", b.connect(0, q), "<clientid>", quoteMsg);
    row("conn id LF", b.connect(0, lf), "<clientid>", breakMsg);
    row("conn id empty", b.connect(0, QString()), "<clientid>", "clientid must not be empty");
    row("conn id 257", b.connect(0, QString(257, QLatin1Char('c'))), "<clientid>", "257 bytes");
    row("conn user quote", b.connect(0, t, q, t), "<username>", quoteMsg);
    row("conn password quote", b.connect(0, t, t, q), "<password>", quoteMsg);
    row("conn password CR", b.connect(0, t, t, cr), "<password>", breakMsg);

    // sub/uns
    row("sub topic quote", b.subscribe(0, 1, q, 0), "<topic1>", quoteMsg);
    row("sub topic CR", b.subscribe(0, 1, cr, 0), "<topic1>", breakMsg);
    row("sub topic empty", b.subscribe(0, 1, QString(), 0), "<topic1>", "topic1 must not be empty");
    row("sub second topic quote", b.subscribe(0, 1, {{t, 0}, {q, 1}}), "<topic2>", quoteMsg);
    row("sub hash not last", b.subscribe(0, 1, QStringLiteral("a/#/b"), 0), "<topic1>", "the wildcard #");
    row("sub hash in level", b.subscribe(0, 1, QStringLiteral("a/b#"), 0), "<topic1>", "the wildcard #");
    row("sub plus in level", b.subscribe(0, 1, QStringLiteral("a/b+/c"), 0), "<topic1>", "the wildcard +");
    row("uns topic quote", b.unsubscribe(0, 1, {t, t, q}), "<topic3>", quoteMsg);
    row("uns topic LF", b.unsubscribe(0, 1, {lf}), "<topic1>", breakMsg);
    row("uns bad filter", b.unsubscribe(0, 1, {QStringLiteral("#/a")}), "<topic1>", "the wildcard #");

    // publish
    row("pubex topic quote", b.publish(0, 1, 1, 0, q, "x"), "<topic>", quoteMsg);
    row("pubex topic CR", b.publish(0, 1, 1, 0, cr, "x"), "<topic>", breakMsg);
    row("pubex topic empty", b.publish(0, 1, 1, 0, QString(), "x"), "<topic>", "topic must not be empty");
    row("pubex topic plus", b.publish(0, 1, 1, 0, QStringLiteral("a/+"), "x"), "<topic>", "wildcards");
    row("pubex topic hash", b.publish(0, 1, 1, 0, QStringLiteral("#"), "x"), "<topic>", "wildcards");
    row("pubex payload 1501", b.publish(0, 1, 1, 0, t, QByteArray(1501, 'x')), "<msg_length>",
        "msg_length is 1501 bytes long; the allowed length is 0-1500 bytes");
    row("pub payload 1549", b.publishLegacy(0, 1, 1, 0, t, QByteArray(1549, 'x')), "<payload>",
        "payload is 1549 bytes long");
    row("pub length payload 1501", b.publishLegacy(0, 1, 1, 0, t, QByteArray(1501, 'x'), true),
        "<msg_length>", "1501 bytes");
    row("pub payload ctrl-z", b.publishLegacy(0, 1, 1, 0, t, "a\x1a"), "<payload>", "Ctrl+Z");
    row("pub payload esc", b.publishLegacy(0, 1, 1, 0, t, "a\x1b"), "<payload>", "ESC");
    row("pub topic quote", b.publishLegacy(0, 1, 1, 0, q, "x"), "<topic>", quoteMsg);

    // files
    row("qfupl name quote", b.fileUpload(q, "x"), "<filename>", quoteMsg);
    row("qfupl name CR", b.fileUpload(cr, "x"), "<filename>", breakMsg);
    row("qfupl name empty", b.fileUpload(QString(), "x"), "<filename>", "filename must not be empty");
    row("qfupl name 81", b.fileUpload(QString(81, QLatin1Char('n')), "x"), "<filename>",
        "filename is 81 bytes long in UTF-8; the allowed length is 1-80 bytes");
    row("qfupl prefix only", b.fileUpload(QStringLiteral("RAM:"), "x"), "<filename>",
        "no name after the prefix");
    row("qfupl empty data", b.fileUpload(t, QByteArray()), "<file_size>", "file_size 0 is out of range");
    row("qflst quote", b.fileList(q), "<name_pattern>", quoteMsg);
    row("qfdel quote", b.fileDelete(q), "<filename>", quoteMsg);
    row("qfdel LF", b.fileDelete(lf), "<filename>", breakMsg);
    row("qflds empty", b.fileDiskSpace(QString()), "<name_pattern>", "must not be empty");
    row("qflds quote", b.fileDiskSpace(q), "<name_pattern>", quoteMsg);

    // ssl files
    row("cacert quote", b.sslCaCert(0, q), "<filename>", quoteMsg);
    row("clientcert CR", b.sslClientCert(0, cr), "<filename>", breakMsg);
    row("clientkey 81", b.sslClientKey(0, QString(81, QLatin1Char('k'))), "<filename>", "81 bytes");
    row("clientkey empty", b.sslClientKey(0, QString()), "<filename>", "must not be empty");

    // PDP
    row("qicsgp apn quote", b.pdpConfig(1, 1, q), "<APN>", quoteMsg);
    row("qicsgp apn 101", b.pdpConfig(1, 1, QString(101, QLatin1Char('a'))), "<APN>", "101 bytes");
    row("qicsgp user LF", b.pdpConfig(1, 1, t, lf), "<username>", breakMsg);
    row("qicsgp password quote", b.pdpConfig(1, 1, t, t, q), "<password>", quoteMsg);

    // test forms
    row("test QMTSTAT", b.test(Cmd::QMTSTAT), "", "+QMTSTAT has no test form");
    row("test ATE", b.test(Cmd::ATE), "", "ATE has no test form");
    row("test unknown", b.test(Cmd::Unknown), "", "no test form");
}

void TestBuilders::invalid()
{
    QFETCH(Built, built);
    QFETCH(QString, param);
    QFETCH(QString, fragment);
    QVERIFY2(!built.ok(), qPrintable(describe(built)));
    QVERIFY(!built.command);
    QVERIFY(built.error);
    QCOMPARE(built.error->param, param);
    QVERIFY2(built.error->message.contains(fragment), qPrintable(built.error->message));
}

void TestBuilders::errorMessages()
{
    const Built b = B().cfgKeepAlive(0, 4000);
    QVERIFY(!b.ok());
    QCOMPARE(b.error->param, QStringLiteral("<keep_alive_time>"));
    QCOMPARE(b.error->message, QStringLiteral("keep_alive_time 4000 is out of range 0-3600"));

    const Built r = B().publish(0, 1, 1, 2, QStringLiteral("t"), "x");
    QCOMPARE(r.error->param, QStringLiteral("<retain>"));
    QCOMPARE(r.error->message, QStringLiteral("retain 2 is not one of 0,1"));

    const Built v = B().cfgVersion(0, 5);
    QCOMPARE(v.error->message, QStringLiteral("vsn 5 is not one of 3,4"));

    const Built c = B().sslCipherSuite(0, 0x10000);
    QCOMPARE(c.error->param, QStringLiteral("<cipher_suites>"));
    QCOMPARE(c.error->message, QStringLiteral("cipher_suites 0X10000 is out of range 0X0000-0XFFFF"));

    // The first bad parameter in command-line order is reported.
    const Built first = B().cfgTimeout(9, 0, 11, 2);
    QCOMPARE(first.error->param, QStringLiteral("<client_idx>"));

    const Built q = B().open(0, QStringLiteral("a\"b"), 1);
    QCOMPARE(
        q.error->message,
        QStringLiteral("host_name must not contain a double quote (\"): the module has no way to escape it"));
}

void TestBuilders::fileUploadTimeout()
{
    using namespace std::chrono_literals;
    const Built d = B().fileUpload(QStringLiteral("f"), "abc");
    QVERIFY(d.ok() && d.command->timeout);
    QCOMPARE(*d.command->timeout, 7500ms);
    const Built t = B().fileUpload(QStringLiteral("f"), "abc", 100);
    QCOMPARE(*t.command->timeout, 150000ms);
    const Built one = B().fileUpload(QStringLiteral("f"), "abc", 1);
    QCOMPARE(*one.command->timeout, 2000ms);
    QVERIFY(!B().open(0, QStringLiteral("h"), 1).command->timeout); // the channel derives the others
}

void TestBuilders::testForms()
{
    const struct
    {
        Cmd cmd;
        const char *line;
    } rows[] = {
        {Cmd::QMTCFG, "AT+QMTCFG=?"},   {Cmd::QMTOPEN, "AT+QMTOPEN=?"},   {Cmd::QMTCLOSE, "AT+QMTCLOSE=?"},
        {Cmd::QMTCONN, "AT+QMTCONN=?"}, {Cmd::QMTDISC, "AT+QMTDISC=?"},   {Cmd::QMTSUB, "AT+QMTSUB=?"},
        {Cmd::QMTUNS, "AT+QMTUNS=?"},   {Cmd::QMTPUBEX, "AT+QMTPUBEX=?"}, {Cmd::QMTRECV, "AT+QMTRECV=?"},
        {Cmd::QSSLCFG, "AT+QSSLCFG=?"}, {Cmd::QICSGP, "AT+QICSGP=?"},     {Cmd::CMEE, "AT+CMEE=?"},
    };
    for (const auto &r : rows) {
        const Built b = B().test(r.cmd);
        QVERIFY2(b.ok(), r.line);
        QCOMPARE(b.command->line, QByteArray(r.line));
        QCOMPARE(b.command->form, Form::Test);
        QCOMPARE(b.command->cmd, r.cmd);
    }
}

// ---- ranges ----------------------------------------------------------------------------------

void TestBuilders::rangeParse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QList<qint64>>("in");
    QTest::addColumn<QList<qint64>>("out");
    QTest::newRow("interval") << QByteArray("(0-5)") << true << QStringLiteral("0-5")
                              << QList<qint64>{0, 3, 5} << QList<qint64>{-1, 6};
    QTest::newRow("list") << QByteArray("(0,1)") << true << QStringLiteral("0,1") << QList<qint64>{0, 1}
                          << QList<qint64>{-1, 2};
    QTest::newRow("3,4") << QByteArray("(3,4)") << true << QStringLiteral("3,4") << QList<qint64>{3, 4}
                         << QList<qint64>{2, 5, 0};
    QTest::newRow("mixed") << QByteArray("0-5,7") << true << QStringLiteral("0-5,7") << QList<qint64>{0, 5, 7}
                           << QList<qint64>{6, 8};
    QTest::newRow("blanks") << QByteArray("( 1 - 1200 )") << true << QStringLiteral("1-1200")
                            << QList<qint64>{1, 1200} << QList<qint64>{0, 1201};
    QTest::newRow("hex") << QByteArray("(0X0035,0x002F,0XFFFF)") << true
                         << QStringLiteral("0X0035,0X002F,0XFFFF") << QList<qint64>{0x35, 0x2f, 0xffff}
                         << QList<qint64>{0, 0x36};
    QTest::newRow("negative") << QByteArray("(-1-5)") << true << QStringLiteral("-1-5")
                              << QList<qint64>{-1, 5} << QList<qint64>{-2, 6};
    QTest::newRow("single") << QByteArray("(1)") << true << QStringLiteral("1") << QList<qint64>{1}
                            << QList<qint64>{0, 2};
    QTest::newRow("empty") << QByteArray("()") << false << QString() << QList<qint64>{} << QList<qint64>{0};
    QTest::newRow("letters") << QByteArray("(a-b)") << false << QString() << QList<qint64>{}
                             << QList<qint64>{0};
    QTest::newRow("reversed") << QByteArray("(5-1)") << false << QString() << QList<qint64>{}
                              << QList<qint64>{3};
    QTest::newRow("unclosed") << QByteArray("(0-5") << false << QString() << QList<qint64>{}
                              << QList<qint64>{3};
    QTest::newRow("empty item") << QByteArray("(0,,1)") << false << QString() << QList<qint64>{}
                                << QList<qint64>{0};
    QTest::newRow("trailing junk") << QByteArray("(0-5x)") << false << QString() << QList<qint64>{}
                                   << QList<qint64>{0};
}

void TestBuilders::rangeParse()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QString, display);
    QFETCH(QList<qint64>, in);
    QFETCH(QList<qint64>, out);
    bool parsed = !ok;
    const Range r = Range::parse(text, &parsed);
    QCOMPARE(parsed, ok);
    QCOMPARE(r.isEmpty(), !ok);
    QCOMPARE(r.toString(), display);
    for (qint64 v : in)
        QVERIFY2(r.contains(v), qPrintable(QString::number(v)));
    for (qint64 v : out)
        QVERIFY2(!r.contains(v), qPrintable(QString::number(v)));
}

void TestBuilders::rangeTableDefaults()
{
    const RangeTable t = RangeTable::defaults();
    QCOMPARE(t.range(Param::KeepAlive).toString(), QStringLiteral("0-3600"));
    QCOMPARE(t.range(Param::Version).toString(), QStringLiteral("3,4"));
    QCOMPARE(t.range(Param::PktTimeout).toString(), QStringLiteral("1-60"));
    QCOMPARE(t.range(Param::CipherSuite).toString(), QStringLiteral("0X0000-0XFFFF"));
    QCOMPARE(t.range(Param::HostLen).toString(), QStringLiteral("1-100"));
    QCOMPARE(t.range(Param::PayloadLen).toString(), QStringLiteral("0-1500"));
    QCOMPARE(t.range(Param::FileNameLen).toString(), QStringLiteral("1-80"));
    for (int p = 0; p < kParamCount; ++p) {
        QVERIFY2(!t.range(Param(p)).isEmpty(), qPrintable(paramName(Param(p))));
        QVERIFY(!t.isFromModule(Param(p)));
    }
    QVERIFY(t.extraSubCommands().isEmpty());
}

void TestBuilders::applyTimeoutTestResponse()
{
    const RangeTable seed;
    QVERIFY(!Builders(seed).cfgTimeout(0, 1200, 3, 0).ok());
    QCOMPARE(Builders(seed).cfgTimeout(0, 1200, 3, 0).error->param, QStringLiteral("<pkt_timeout>"));

    RangeTable module;
    QVERIFY(module.applyTestResponse(QByteArrayView(R"(+QMTCFG: "timeout",(0-5),(1-1200),(1-10),(0,1))")));
    QCOMPARE(module.range(Param::PktTimeout).toString(), QStringLiteral("1-1200"));
    QCOMPARE(module.range(Param::RetryTimes).toString(), QStringLiteral("1-10"));
    QVERIFY(module.isFromModule(Param::PktTimeout));
    QVERIFY(!module.isFromModule(Param::KeepAlive));

    const Builders b(module);
    const Built ok = b.cfgTimeout(0, 1200, 3, 0);
    QVERIFY2(ok.ok(), qPrintable(describe(ok)));
    QCOMPARE(ok.command->line, QByteArray(R"(AT+QMTCFG="timeout",0,1200,3,0)"));
    // The module's retry range starts at 1.
    QCOMPARE(b.cfgTimeout(0, 5, 0, 0).error->message, QStringLiteral("retry_times 0 is out of range 1-10"));

    // The index range is overridden too.
    QVERIFY(module.applyTestResponse(QByteArrayView(R"(+QMTCFG: "pdpcid",(0-2),(1-15))")));
    QCOMPARE(module.range(Param::PdpCid).toString(), QStringLiteral("1-15"));
    QCOMPARE(module.range(Param::ClientIdx).toString(), QStringLiteral("0-2"));
    QVERIFY(!b.cfgPdpCid(0, 16).ok());
    QCOMPARE(b.cfgPdpCid(3, 1).error->param, QStringLiteral("<client_idx>"));
}

void TestBuilders::applyFullTestResponse()
{
    // The seed's answer shape, with a module's extra sub-command and different ranges.
    const QByteArrayList answer = {
        R"(+QMTCFG: "version",(0-5),(3,4))",
        R"(+QMTCFG: "pdpcid",(0-5),(1-15))",
        R"(+QMTCFG: "ssl",(0-5),(0,1),(0-5))",
        R"(+QMTCFG: "keepalive",(0-5),(0-3600))",
        R"(+QMTCFG: "session",(0-5),(0,1))",
        R"(+QMTCFG: "timeout",(0-5),(1-1200),(1-10),(0,1))",
        R"(+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),"willtopic","willmessage")",
        R"(+QMTCFG: "willex",(0-5),(0,1),(0-2),(0,1),"willtopic",(0-1024))",
        R"(+QMTCFG: "recv/mode",(0-5),(0,1),(0,1))",
        R"(+QMTCFG: "aliauth",(0-5),"productkey","devicename","devicesecret")",
        R"(+QMTCFG: "qmtping",(0-5),(5-60))",
        R"(+QMTCFG: "send/mode",(0-5),(0,1))",
        "",
        "OK",
    };
    RangeTable t;
    QVERIFY(t.applyTestResponse(answer));
    QCOMPARE(t.range(Param::PdpCid).toString(), QStringLiteral("1-15"));
    QCOMPARE(t.range(Param::WillExLen).toString(), QStringLiteral("0-1024"));
    QCOMPARE(t.range(Param::PktTimeout).toString(), QStringLiteral("1-1200"));
    QCOMPARE(t.extraSubCommands(), QByteArrayList{"send/mode"});
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QMTCFG: "send/mode",(0-5),(0,1))")));
    QCOMPARE(t.extraSubCommands().size(), 1); // recorded once

    // Other test forms.
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QMTOPEN: (0-5),"host_name",(1-65535))")));
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),"topic","length")")));
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QMTSUB: (0-5),<msgid>, list of ["topic",qos])")));
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QSSLCFG: "negotiatetime",(0-5),(10-300))")));
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QSSLCFG: "ciphersuite",(0-5),(0X0035,0X002F,0XFFFF))")));
    QCOMPARE(t.range(Param::CipherSuite).toString(), QStringLiteral("0X0035,0X002F,0XFFFF"));
    QVERIFY(!Builders(t).sslCipherSuite(0, 0xC02F).ok());
    QVERIFY(Builders(t).sslCipherSuite(0, 0x002F).ok());
    QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QSSLCFG: "dtls",(0-5),(0,1))")));
    QCOMPARE(t.extraSslSettings(), QByteArrayList{"dtls"});

    // A line that fails does not stop the good ones of the same answer.
    RangeTable u;
    QVERIFY(!u.applyTestResponse(QByteArrayList{R"(+QMTCFG: "keepalive",(0-5),(0-7200))", "garbage"}));
    QCOMPARE(u.range(Param::KeepAlive).toString(), QStringLiteral("0-7200"));
}

void TestBuilders::applyRejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no plus") << QByteArray(R"(QMTCFG: "timeout",(0-5))");
    QTest::newRow("no colon") << QByteArray(R"(+QMTCFG "timeout",(0-5))");
    QTest::newRow("unknown command") << QByteArray("+FOO: (0-5)");
    QTest::newRow("unquoted sub") << QByteArray("+QMTCFG: timeout,(0-5),(1-60)");
    QTest::newRow("bad range") << QByteArray(R"(+QMTCFG: "timeout",(0-5),(1-x),(0-10),(0,1))");
    QTest::newRow("unclosed paren") << QByteArray(R"(+QMTCFG: "timeout",(0-5),(1-60,(0-10),(0,1))");
    QTest::newRow("unclosed quote") << QByteArray(R"(+QMTCFG: "timeout,(0-5))");
    QTest::newRow("reversed range") << QByteArray(R"(+QMTCFG: "keepalive",(0-5),(3600-0))");
    QTest::newRow("empty range") << QByteArray(R"(+QMTCFG: "keepalive",(0-5),())");
}

void TestBuilders::applyRejectsMalformed()
{
    QFETCH(QByteArray, line);
    RangeTable t;
    QVERIFY(!t.applyTestResponse(QByteArrayView(line)));
    // Nothing changed, not even the index range of a partly good line.
    const RangeTable seed;
    for (int p = 0; p < kParamCount; ++p)
        QCOMPARE(t.range(Param(p)), seed.range(Param(p)));
    QVERIFY(t.extraSubCommands().isEmpty());
}

void TestBuilders::paramNames()
{
    QCOMPARE(paramName(Param::KeepAlive), QStringLiteral("<keep_alive_time>"));
    QCOMPARE(paramName(Param::ClientIdx), QStringLiteral("<client_idx>"));
    QCOMPARE(paramName(Param::PktTimeout), QStringLiteral("<pkt_timeout>"));
    QCOMPARE(paramName(Param::HostLen), QStringLiteral("<host_name>"));
    QVERIFY(isLengthParam(Param::HostLen));
    QVERIFY(!isLengthParam(Param::Port));
    for (int p = 0; p < kParamCount; ++p) {
        const QString n = paramName(Param(p));
        QVERIFY(n.startsWith(QLatin1Char('<')) && n.endsWith(QLatin1Char('>')) && n.size() > 2);
    }
}

QTEST_GUILESS_MAIN(TestBuilders)
#include "tst_builders.moc"
