// SPDX-License-Identifier: Apache-2.0
// Tests of the form descriptions (modem/at/formschema.h) and of the values a slot's
// configuration gives its forms (modem/state/cfgformvalues.h): exact command text from field
// values, errors attributed to the right field, the expected answer of a sequence step, the
// preview, hex input, ranges and choices from the module's own ranges.

#include "at/formschema.h"
#include "engine/cfgformvalues.h"

#include <QSet>
#include <QTest>

using namespace qmt;
using namespace qmt::at;

Q_DECLARE_METATYPE(qmt::at::FormValues)

namespace {

const FormSpec &form(const char *id)
{
    const FormSpec *f = findForm(id);
    if (!f)
        qFatal("no form %s", id);
    return *f;
}

Built make(const char *id, const FormValues &changes, bool readBack = false)
{
    const FormSpec &f = form(id);
    FormValues v = f.defaults();
    v.merge(changes);
    return f.make(Builders(), v, readBack);
}

QByteArray line(const Built &b)
{
    return b.command ? b.command->line : QByteArray("error: ") + (b.error ? b.error->message.toUtf8() : "");
}

} // namespace

class tst_FormSchema : public QObject
{
    Q_OBJECT
private slots:
    void catalogueIsComplete()
    {
        QSet<QByteArray> ids;
        QSet<int> groups;
        for (const FormSpec &f : allForms()) {
            QVERIFY2(!ids.contains(f.id), f.id.constData());
            ids.insert(f.id);
            groups.insert(int(f.group));
            QVERIFY(f.build);
            QVERIFY(!f.titleText().isEmpty());
            QVERIFY(f.syntax.startsWith("AT"));
            QSet<QByteArray> keys;
            for (const FieldSpec &fs : f.fields) {
                QVERIFY2(!keys.contains(fs.key), (f.id + '.' + fs.key).constData());
                keys.insert(fs.key);
                if (!fs.enabledBy.isEmpty())
                    QVERIFY2(f.field(fs.enabledBy), (f.id + '.' + fs.key).constData());
            }
            for (const QByteArray &k : f.readBackKeys)
                QVERIFY(f.field(k));
        }
        QCOMPARE(groups.size(), int(FormGroup::Count_));
        for (CfgSetting s : allCfgSettings()) {
            const FormSpec *f = cfgForm(s);
            QVERIFY(f);
            QVERIFY(f->readBack);
            QCOMPARE(f->group, FormGroup::Configure);
        }
        for (const char *id : {"open",
                               "open.query",
                               "close",
                               "conn",
                               "conn.query",
                               "disc",
                               "sub",
                               "uns",
                               "pubex",
                               "pub",
                               "recv.read",
                               "recv.query",
                               "qfupl",
                               "qflst",
                               "qfdel",
                               "qflds",
                               "ssl.sslversion",
                               "ssl.ciphersuite",
                               "ssl.seclevel",
                               "ssl.cacert",
                               "ssl.clientcert",
                               "ssl.clientkey",
                               "ssl.ignorelocaltime",
                               "ssl.negotiatetime",
                               "ssl.sni",
                               "qicsgp",
                               "qiact",
                               "qiact.query",
                               "qideact",
                               "at",
                               "ate",
                               "cmee",
                               "ati",
                               "gmr",
                               "test"})
            QVERIFY2(findForm(id), id);
    }

    void defaultsBuild()
    {
        // Every form but the ones whose required text has no sensible default builds as it opens.
        const QSet<QByteArray> needInput = {"cfg.aliauth", "qfupl"};
        for (const FormSpec &f : allForms()) {
            const Built b = f.make(Builders(), f.defaults());
            QCOMPARE(b.ok(), !needInput.contains(f.id));
            if (f.readBack)
                QVERIFY2(f.make(Builders(), f.defaults(), true).ok(), f.id.constData());
        }
    }

    void exactText_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<FormValues>("values");
        QTest::addColumn<bool>("readBack");
        QTest::addColumn<QByteArray>("expected");
        const auto row = [](const char *tag, const char *id, FormValues v, bool rb, const char *exp) {
            QTest::newRow(tag) << QByteArray(id) << v << rb << QByteArray(exp);
        };
        row("keepalive", "cfg.keepalive", FormValues().setNumber("idx", 0).setNumber("keepalive", 120), false,
            R"(AT+QMTCFG="keepalive",0,120)");
        row("keepalive read", "cfg.keepalive", FormValues().setNumber("idx", 3), true,
            R"(AT+QMTCFG="keepalive",3)");
        row("ssl on", "cfg.ssl",
            FormValues().setNumber("idx", 1).setNumber("enable", 1).setNumber("sslctx", 2), false,
            R"(AT+QMTCFG="ssl",1,1,2)");
        row("ssl off omits ctx", "cfg.ssl", FormValues().setNumber("enable", 0).setNumber("sslctx", 2), false,
            R"(AT+QMTCFG="ssl",0,0)");
        row("will", "cfg.will",
            FormValues()
                .setNumber("qos", 2)
                .setNumber("retain", 1)
                .setText("topic", QStringLiteral("a/b"))
                .setText("message", QStringLiteral("bye")),
            false, R"(AT+QMTCFG="will",0,1,2,1,"a/b","bye")");
        row("will off", "cfg.will", FormValues().setNumber("flag", 0), false, R"(AT+QMTCFG="will",0,0)");
        row("willex", "cfg.willex", FormValues().setData("message", "bye\"!"), false,
            R"(AT+QMTCFG="willex",0,1,1,0,"qmtscope/status",5)");
        row("timeout", "cfg.timeout",
            FormValues().setNumber("idx", 2).setNumber("pkt", 10).setNumber("retry", 5), false,
            R"(AT+QMTCFG="timeout",2,10,5,0)");
        row("recv/mode", "cfg.recv/mode", FormValues().setNumber("mode", 1), false,
            R"(AT+QMTCFG="recv/mode",0,1,1)");
        row("aliauth", "cfg.aliauth",
            FormValues()
                .setText("pk", QStringLiteral("pk"))
                .setText("dn", QStringLiteral("dn"))
                .setText("ds", QStringLiteral("s3cret")),
            false, R"(AT+QMTCFG="aliauth",0,"pk","dn","s3cret")");
        row("open", "open", FormValues().setText("host", QStringLiteral("h.example")).setNumber("port", 8883),
            false, R"(AT+QMTOPEN=0,"h.example",8883)");
        row("conn", "conn", FormValues().setText("clientid", QStringLiteral("id")), false,
            R"(AT+QMTCONN=0,"id")");
        row("conn auth", "conn",
            FormValues()
                .setNumber("auth", 1)
                .setText("user", QStringLiteral("u"))
                .setText("password", QStringLiteral("p")),
            false, R"(AT+QMTCONN=0,"qmtscope","u","p")");
        row("sub two topics", "sub",
            FormValues()
                .setNumber("msgid", 7)
                .setTopics("topics", {{QStringLiteral("a/#"), 1}, {QStringLiteral("b/+/c"), 2}}),
            false, "AT+QMTSUB=0,7,\"a/#\",1,\"b/+/c\",2"); // no raw string: moc 6.4 trips on # in one
        row("uns", "uns",
            FormValues().setTopics("topics", {{QStringLiteral("a"), 0}, {QStringLiteral("b"), 0}}), false,
            R"(AT+QMTUNS=0,2,"a","b")");
        row("pubex", "pubex", FormValues().setData("payload", "hello"), false,
            R"(AT+QMTPUBEX=0,1,1,0,"qmtscope/test",5)");
        row("recv one", "recv.read", FormValues().setNumber("one", 1).setNumber("recvid", 3), false,
            "AT+QMTRECV=0,3");
        row("recv all", "recv.read", FormValues().setNumber("recvid", 3), false, "AT+QMTRECV=0");
        row("cipher", "ssl.ciphersuite", FormValues().setNumber("ctx", 2).setNumber("suite", 0x35), false,
            R"(AT+QSSLCFG="ciphersuite",2,0X0035)");
        row("seclevel read", "ssl.seclevel", FormValues().setNumber("ctx", 2), true,
            R"(AT+QSSLCFG="seclevel",2)");
        row("qicsgp", "qicsgp", FormValues().setText("apn", QStringLiteral("iot")), false,
            R"(AT+QICSGP=1,1,"iot","","",0)");
        row("qicsgp read", "qicsgp", FormValues().setNumber("cid", 2), true, "AT+QICSGP=2");
        row("ate0", "ate", FormValues().setNumber("echo", 0), false, "ATE0");
        row("test", "test", FormValues().setNumber("cmd", qint64(Cmd::QSSLCFG)), false, "AT+QSSLCFG=?");
        row("qflds", "qflds", FormValues(), false, R"(AT+QFLDS="UFS")");
        row("qfupl", "qfupl",
            FormValues().setData("data", "abc").setNumber("withtimeout", 1).setNumber("timeout", 9), false,
            R"(AT+QFUPL="RAM:cacert.pem",3,9)");
    }
    void exactText()
    {
        QFETCH(QByteArray, id);
        QFETCH(FormValues, values);
        QFETCH(bool, readBack);
        QFETCH(QByteArray, expected);
        QCOMPARE(line(make(id.constData(), values, readBack)), expected);
    }

    void errorsBelongToTheirField_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<FormValues>("values");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *tag, const char *id, FormValues v, const char *field,
                            const char *msg) {
            QTest::newRow(tag) << QByteArray(id) << v << QByteArray(field) << QString::fromUtf8(msg);
        };
        row("keepalive", "cfg.keepalive", FormValues().setNumber("keepalive", 4000), "keepalive",
            "keep_alive_time 4000 is out of range 0-3600");
        row("idx", "open", FormValues().setNumber("idx", 6), "idx", "client_idx 6 is out of range 0-5");
        row("host", "open", FormValues().setText("host", QString(101, QLatin1Char('h'))), "host",
            "host_name is 101");
        row("second topic", "sub",
            FormValues().setTopics("topics", {{QStringLiteral("a"), 1}, {QStringLiteral("b#"), 1}}), "topics",
            "topic2: the wildcard #");
        row("payload", "pubex", FormValues().setData("payload", QByteArray(1501, 'x')), "payload",
            "msg_length is 1501 bytes long; the allowed length is 0-1500 bytes");
        row("msgid 0 qos 1", "pubex", FormValues().setNumber("msgid", 0), "msgid", "msgid 0 is only allowed");
        row("wildcard topic", "pubex", FormValues().setText("topic", QStringLiteral("a/+")), "topic",
            "wildcards");
        row("will quote", "cfg.will", FormValues().setText("message", QStringLiteral("say \"hi\"")),
            "message", "double quote");
        row("pattern", "qflst", FormValues().setText("pattern", QString()), "pattern", "must not be empty");
        row("file", "ssl.cacert", FormValues().setText("file", QStringLiteral("RAM:")), "file",
            "no name after");
    }
    void errorsBelongToTheirField()
    {
        QFETCH(QByteArray, id);
        QFETCH(FormValues, values);
        QFETCH(QByteArray, field);
        QFETCH(QString, message);
        const Built b = make(id.constData(), values);
        QVERIFY(!b.ok());
        QVERIFY2(b.error->message.contains(message), qPrintable(b.error->message));
        const FormSpec &f = form(id.constData());
        const int i = f.fieldForError(*b.error);
        QVERIFY2(i >= 0, qPrintable(b.error->param));
        QCOMPARE(f.fields[i].key, field);
    }

    void enabledFields()
    {
        const FormSpec &conn = form("conn");
        FormValues v = conn.defaults();
        QVERIFY(!conn.isEnabled(*conn.field("password"), v));
        v.setNumber("auth", 1);
        QVERIFY(conn.isEnabled(*conn.field("password"), v));
        QVERIFY(conn.isEnabled(*conn.field("clientid"), v));
        const FormSpec &ssl = form("cfg.ssl");
        QVERIFY(ssl.isEnabled(*ssl.field("sslctx"), ssl.defaults()));
        QVERIFY(!ssl.isEnabled(*ssl.field("sslctx"), FormValues().setNumber("enable", 0)));
    }

    // The rule between fields lives in the spec: QoS 0 carries packet id 0, whatever the field holds.
    void rulesBetweenFields()
    {
        for (const char *id : {"pubex", "pub"}) {
            const FormSpec &pub = form(id);
            const FieldSpec &msgid = *pub.field("msgid");
            FormValues v = pub.defaults();
            v.setNumber("msgid", 7).setNumber("qos", 1);
            QVERIFY(!pub.fixedValue(msgid, v));
            QVERIFY(pub.make(Builders(), v).command->line.startsWith("AT+QMTPUB"));
            QCOMPARE(pub.make(Builders(), v).command->msgId, 7);
            v.setNumber("qos", 0);
            QCOMPARE(pub.fixedValue(msgid, v), std::optional<qint64>(0));
            QCOMPARE(pub.withRules(v).number("msgid"), 0);
            const Built b = pub.make(Builders(), v);
            QVERIFY(b.ok());
            QCOMPARE(b.command->msgId, 0);
        }
        // no other field of the catalogue is imposed by default values
        for (const FormSpec &f : allForms())
            for (const FieldSpec &fs : f.fields)
                if (!fs.fixedBy.isEmpty())
                    QVERIFY2(f.field(fs.fixedBy), f.id.constData()); // the rule names a field of its form
    }

    void expectedAnswers()
    {
        const auto expect = [](const char *id, const FormValues &v) {
            const FormSpec &f = form(id);
            FormValues all = f.defaults();
            all.merge(v);
            const Built b = f.make(Builders(), all);
            return b.command ? expectedAnswer(*b.command, all.topics("topics")) : QByteArray("error");
        };
        QCOMPARE(expect("open", FormValues().setNumber("idx", 2)), QByteArray("+QMTOPEN: 2,0"));
        QCOMPARE(expect("close", FormValues()), QByteArray("+QMTCLOSE: 0,0"));
        QCOMPARE(expect("conn", FormValues().setNumber("idx", 1)), QByteArray("+QMTCONN: 1,0,0"));
        QCOMPARE(expect("disc", FormValues()), QByteArray("+QMTDISC: 0,0"));
        QCOMPARE(
            expect("sub", FormValues()
                              .setNumber("msgid", 4)
                              .setTopics("topics", {{QStringLiteral("a"), 2}, {QStringLiteral("b"), 0}})),
            QByteArray("+QMTSUB: 0,4,0,2,0"));
        QCOMPARE(expect("uns", FormValues().setNumber("msgid", 9)), QByteArray("+QMTUNS: 0,9,0"));
        QCOMPARE(expect("pubex", FormValues().setNumber("msgid", 0).setNumber("qos", 0)),
                 QByteArray("+QMTPUBEX: 0,0,0"));
        QCOMPARE(expect("pub", FormValues().setNumber("msgid", 5)), QByteArray("+QMTPUB: 0,5,0"));
        QCOMPARE(expect("cfg.keepalive", FormValues()), QByteArray("OK"));
        QCOMPARE(expect("open.query", FormValues()), QByteArray("OK"));
        QCOMPARE(expect("qiact", FormValues()), QByteArray("OK"));
        // an upload expects the module's checksum of the data: "ab" = 0x6162
        QCOMPARE(expect("qfupl", FormValues().setData("data", "ab")), QByteArray("+QFUPL: 2,6162"));
    }

    void preview()
    {
        const Built pub = make("pubex", FormValues().setData("payload", "hi\r\n\x01\xc3\xa9"));
        QVERIFY(pub.ok());
        QCOMPARE(previewText(*pub.command),
                 QStringLiteral("AT+QMTPUBEX=0,1,1,0,\"qmtscope/test\",7\n> hi\\r\\n\\x01\u00e9"));
        const Built bin = make("pubex", FormValues().setData("payload", QByteArray("\xff\x00z", 3)));
        QCOMPARE(previewText(*bin.command),
                 QStringLiteral("AT+QMTPUBEX=0,1,1,0,\"qmtscope/test\",3\n> \\xff\\x00z"));
        const Built legacy = make("pub", FormValues().setData("payload", "abc"));
        QCOMPARE(previewText(*legacy.command),
                 QStringLiteral("AT+QMTPUB=0,1,1,0,\"qmtscope/test\"\n> abc<Ctrl+Z>"));
        const Built up = make("qfupl", FormValues().setData("data", QByteArray(10, 'a')));
        QCOMPARE(previewText(*up.command, 4),
                 QStringLiteral("AT+QFUPL=\"RAM:cacert.pem\",10\n[CONNECT] aaaa\u2026"));
        QCOMPARE(previewText(*make("at", {}).command), QStringLiteral("AT"));
    }

    void hex()
    {
        QCOMPARE(toHexText(QByteArray("He\x00\xff", 4)), QStringLiteral("48 65 00 FF"));
        QCOMPARE(parseHex(u"48 65 00 ff"), std::optional<QByteArray>(QByteArray("He\x00\xff", 4)));
        QCOMPARE(parseHex(u"4865"), std::optional<QByteArray>(QByteArray("He")));
        QCOMPARE(parseHex(u"0x48, 0X65"), std::optional<QByteArray>(QByteArray("He")));
        QCOMPARE(parseHex(u""), std::optional<QByteArray>(QByteArray()));
        QVERIFY(!parseHex(u"486"));
        QVERIFY(!parseHex(u"4g"));
        QVERIFY(!parseHex(u"\u00e9\u00e9"));
    }

    void rangesFromTheModule()
    {
        RangeTable t;
        const FormSpec &ka = form("cfg.keepalive");
        QCOMPARE(rangeText(*ka.field("keepalive"), t), QStringLiteral("0-3600"));
        QCOMPARE(rangeText(*form("open").field("host"), t), QStringLiteral("1-100 bytes"));
        QCOMPARE(rangeText(*form("ssl.ciphersuite").field("suite"), t), QStringLiteral("0X0000-0XFFFF"));
        QVERIFY(rangeText(*form("conn").field("auth"), t).isEmpty());

        const FieldSpec &vsn = *form("cfg.version").field("vsn");
        auto items = choiceItems(vsn, t);
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].first, 3);
        QCOMPARE(items[1].second, QStringLiteral("4 \u2014 MQTT 3.1.1"));

        // a module that knows other values
        QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QMTCFG: "version",(0-5),(3,4,5))")));
        QVERIFY(t.applyTestResponse(QByteArrayView(R"(+QMTCFG: "keepalive",(0-5),(0-1800))")));
        items = choiceItems(vsn, t);
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[2].second, QStringLiteral("5"));
        QCOMPARE(rangeText(*ka.field("keepalive"), t), QStringLiteral("0-1800"));
        const Built b = form("cfg.keepalive").make(Builders(t), FormValues().setNumber("keepalive", 3000));
        QVERIFY(!b.ok());
        QCOMPARE(b.error->message, QStringLiteral("keep_alive_time 3000 is out of range 0-1800"));

        // the test form lists commands, not numbers
        items = choiceItems(*form("test").field("cmd"), t);
        QVERIFY(items.size() > 10);
        QCOMPARE(items[0].second, QStringLiteral("AT+QMTCFG=?"));
    }

    void remembered()
    {
        const FormSpec &conn = form("conn");
        FormValues v = conn.defaults();
        v.setNumber("idx", 4)
            .setText("clientid", QStringLiteral("dev"))
            .setText("password", QStringLiteral("pw"));
        const QVariantMap m = toVariantMap(conn, v);
        QVERIFY(!m.contains(QStringLiteral("password"))); // secrets are never remembered
        const FormValues back = fromVariantMap(conn, m);
        QCOMPARE(back.number("idx"), 4);
        QCOMPARE(back.text("clientid"), QStringLiteral("dev"));
        QCOMPARE(back.text("password"), QString());

        const FormSpec &sub = form("sub");
        FormValues s = sub.defaults();
        s.setTopics("topics", {{QStringLiteral("a"), 2}, {QStringLiteral("b"), 0}});
        QCOMPARE(fromVariantMap(sub, toVariantMap(sub, s)).topics("topics"), s.topics("topics"));
        const FormSpec &pub = form("pubex");
        FormValues p = pub.defaults();
        p.setData("payload", QByteArray("\x00\x01", 2));
        QCOMPARE(fromVariantMap(pub, toVariantMap(pub, p)).data("payload"), QByteArray("\x00\x01", 2));
        const FormSpec &up = form("qfupl");
        FormValues u = up.defaults();
        u.setData("data", "-----BEGIN PRIVATE KEY-----");
        QVERIFY(!toVariantMap(up, u).contains(QStringLiteral("data"))); // file contents may be keys
    }

    void configFillsTheForms()
    {
        state::SlotConfig c;
        c.keepAlive = 300;
        c.pktTimeout = 10;
        c.retryTimes = 5;
        c.timeoutNotice = 1;
        c.sslEnabled = true;
        c.sslCtx = 2;
        c.will.enabled = true;
        c.will.qos = 2;
        c.will.retain = true;
        c.will.topic = "w/t";
        c.will.message = "gone";
        c.recvMode = 1;
        c.msgLenEnable = 1;
        c.aliDeviceSecret = "s";
        using state::cfgFormValues;
        QCOMPARE(cfgFormValues(CfgSetting::KeepAlive, 3, c).number("keepalive"), 300);
        QCOMPARE(cfgFormValues(CfgSetting::KeepAlive, 3, c).number("idx"), 3);
        const FormValues t = cfgFormValues(CfgSetting::Timeout, 3, c);
        QCOMPARE(t.number("pkt"), 10);
        QCOMPARE(t.number("retry"), 5);
        QCOMPARE(t.number("notice"), 1);
        QCOMPARE(cfgFormValues(CfgSetting::Ssl, 3, c).number("sslctx"), 2);
        const FormValues w = cfgFormValues(CfgSetting::Will, 3, c);
        QCOMPARE(w.number("flag"), 1);
        QCOMPARE(w.number("qos"), 2);
        QCOMPARE(w.number("retain"), 1);
        QCOMPARE(w.text("topic"), QStringLiteral("w/t"));
        QCOMPARE(w.text("message"), QStringLiteral("gone"));
        c.will.length = 9; // willex said 9 bytes; the message we saw is not that one
        QVERIFY(!cfgFormValues(CfgSetting::WillEx, 3, c).has("message"));
        QCOMPARE(cfgFormValues(CfgSetting::RecvMode, 3, c).number("mode"), 1);
        QCOMPARE(cfgFormValues(CfgSetting::AliAuth, 3, c).text("ds"), QStringLiteral("s"));
        // every key the values name is a field of the form
        for (CfgSetting s : allCfgSettings()) {
            const FormSpec *f = cfgForm(s);
            const FormValues v = cfgFormValues(s, 0, c);
            FormValues all = f->defaults();
            all.merge(v);
            QVERIFY2(f->make(Builders(), all).ok() || s == CfgSetting::AliAuth, f->id.constData());
            for (const QByteArray &k : v.keys())
                QVERIFY2(f->field(k), (f->id + '.' + k).constData());
        }

        state::SslContext ctx;
        ctx.cipherSuite = "0X0035";
        ctx.secLevel = 2;
        ctx.caCert = "RAM:ca.pem";
        QCOMPARE(state::sslFormValues(SslSetting::CipherSuite, 1, ctx).number("suite"), 0x35);
        QCOMPARE(state::sslFormValues(SslSetting::SecLevel, 1, ctx).number("level"), 2);
        QCOMPARE(state::sslFormValues(SslSetting::CaCert, 1, ctx).text("file"), QStringLiteral("RAM:ca.pem"));
        QVERIFY(!state::sslFormValues(SslSetting::Sni, 1, ctx).has("sni")); // not seen yet
    }
};

QTEST_GUILESS_MAIN(tst_FormSchema)
#include "tst_formschema.moc"
