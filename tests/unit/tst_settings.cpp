// SPDX-License-Identifier: Apache-2.0
// The descriptor table of AT+QMTCFG / AT+QSSLCFG settings (at/settings.h): complete, consistent,
// and the one source every consumer reads — the range table's "=?" layouts, the syntax hints,
// the forms, the parser, the store, and the simulated module's answers.

#include "at/builders.h"
#include "at/formschema.h"
#include "at/settings.h"
#include "at/syntax.h"
#include "engine/pipeline.h"
#include "sim/simmodule.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace qmt;
using at::SettingInfo;

namespace {

// One command into the simulated module (no pty: the module is transport-free), its whole
// answer out; data after a '>' prompt is written when given.
QByteArray ask(sim::SimModule &m, const QByteArray &line, const QByteArray &data = {})
{
    QByteArray out;
    QObject::connect(&m, &sim::SimModule::output, &m, [&out](const QByteArray &b) { out += b; });
    m.write(line + "\r");
    const auto finished = [&out] { return out.contains("OK\r\n") || out.contains("ERROR\r\n"); };
    (void)QTest::qWaitFor([&] { return finished() || out.endsWith("> "); }, 2000);
    if (out.endsWith("> ")) {
        m.write(data);
        (void)QTest::qWaitFor(finished, 2000); // the caller checks the answer
    }
    QObject::disconnect(&m, &sim::SimModule::output, &m, nullptr);
    return out;
}

// The values a form would start with: each field's suggestion.
QVariantList suggested(const SettingInfo &s)
{
    QVariantList v;
    for (const at::SettingField &f : s.fields) {
        if (f.isNumber())
            v << f.suggested;
        else if (f.kind == at::ValueKind::Data)
            v << QByteArray(f.suggestedText);
        else
            v << QString::fromUtf8(*f.suggestedText ? f.suggestedText : "x1");
    }
    return v;
}

} // namespace

class tst_Settings : public QObject
{
    Q_OBJECT
private slots:
    void everyEnumValueHasExactlyOneRow()
    {
        QCOMPARE(at::cfgSettings().size(), std::size_t(at::CfgSetting::Count_));
        QCOMPARE(at::sslSettings().size(), std::size_t(at::SslSetting::Count_));
        QSet<QByteArray> names;
        for (const auto *table : {&at::cfgSettings(), &at::sslSettings()}) {
            for (std::size_t i = 0; i < table->size(); ++i) {
                const SettingInfo &s = (*table)[i];
                QCOMPARE(s.id, int(i)); // indexed by the enum
                QVERIFY2(!names.contains(s.name), s.name);
                names.insert(s.name);
                QVERIFY(s.cmd == at::Cmd::QMTCFG || s.cmd == at::Cmd::QSSLCFG);
                QVERIFY(table == &at::cfgSettings() ? s.isCfg() : !s.isCfg());
                QVERIFY2(!s.fields.empty(), s.name);
                QVERIFY2(QByteArray(s.syntax).startsWith(QByteArray("AT+") + at::cmdName(s.cmd) + "=\"" +
                                                         s.name + "\","),
                         s.syntax);
                QVERIFY(s.hint && s.title);
                QCOMPARE(at::findSetting(s.cmd, QByteArray(s.name).toUpper()), &s);
                if (s.alias)
                    QCOMPARE(at::findSetting(s.cmd, s.alias), &s);
                for (const at::SettingField &f : s.fields) {
                    // exactly one accessor pair, the one of the row's record
                    QCOMPARE(bool(f.getCfg), s.isCfg());
                    QCOMPARE(bool(f.setCfg), s.isCfg());
                    QCOMPARE(bool(f.getSsl), !s.isCfg());
                    QCOMPARE(bool(f.setSsl), !s.isCfg());
                    QVERIFY2(f.param != at::Param::Count_, f.key);
                    QVERIFY2(!f.name().isEmpty(), f.key);
                    if (f.kind == at::ValueKind::Choice)
                        for (const at::ValueMeaning &m : f.meanings)
                            QVERIFY2(at::RangeTable().range(f.param).contains(m.value), f.key);
                    if (f.kind == at::ValueKind::Data)
                        QVERIFY(f.getData && f.setData);
                    if (!s.isCfg() && !f.isQuoted())
                        QVERIFY2(f.powerUp, s.name); // an SSL context's power-up value
                }
            }
        }
        QCOMPARE(at::findSetting(at::Cmd::QMTCFG, "send/mode"), nullptr);
        QCOMPARE(at::findSetting(at::Cmd::QMTOPEN, "version"), nullptr);
    }

    void everyConsumerIteratesTheTable()
    {
        for (const auto *table : {&at::cfgSettings(), &at::sslSettings()}) {
            for (const SettingInfo &s : *table) {
                // a syntax hint, whose syntax line is the row's
                const at::syntax::Hint *h = at::syntax::find(s.cmd, s.name);
                QVERIFY2(h, s.name);
                QCOMPARE(QByteArray(h->syntax), QByteArray(s.syntax));
                // a form with one field per table field (plus the index)
                const at::FormSpec *form = at::findForm(QByteArray(s.isCfg() ? "cfg." : "ssl.") + s.name);
                QVERIFY2(form, s.name);
                QCOMPARE(form->fields.size(), qsizetype(s.fields.size()) + 1);
                // the form's values build a command the parser resolves back to this row
                at::FormValues values = form->defaults();
                for (const at::FieldSpec &f : form->fields)
                    if (f.kind == at::FieldKind::Text || f.kind == at::FieldKind::Secret)
                        if (values.text(f.key).isEmpty())
                            values.setText(f.key, QStringLiteral("x1"));
                const at::Built b = form->make(at::Builders(), values);
                QVERIFY2(b.ok(), qPrintable(b.error ? b.error->message : QString()));
                QCOMPARE(b.command->setting, s.id);
                int resolved = -1;
                session::Pipeline p;
                p.addObserver([&](const at::AtEvent &ev) {
                    if (ev.type == at::EventType::Command)
                        resolved = ev.setting;
                });
                p.received(b.command->line + "\r\n");
                QCOMPARE(resolved, s.id);
            }
        }
        QCOMPARE(at::allCfgSettings().size(), qsizetype(at::CfgSetting::Count_));
    }

    void builderRulesComeFromTheRows()
    {
        const at::Builders b;
        // a flag-gated row: the flag alone when 0; with 1 the rest is required
        QVERIFY(b.cfgSsl(0, 0).ok());
        const at::Built ssl = b.cfgSsl(0, 1);
        QVERIFY(!ssl.ok());
        QCOMPARE(ssl.error->message, QStringLiteral("SSL_enable 1 requires SSL_ctx_idx"));
        QCOMPARE(b.cfgWill(0, 1).error->message,
                 QStringLiteral("will_fg 1 requires will_qos, will_retain, will_topic and will_msg"));
        // an optional trailing field
        QCOMPARE(b.cfgRecvMode(1, 1).command->line, QByteArray(R"(AT+QMTCFG="recv/mode",1,1)"));
        // ranges from the range table, data after the prompt, hex unquoted
        QVERIFY(!b.cfgKeepAlive(0, 5000).ok());
        const at::Built willex = b.cfgWillEx(2, 1, 1, 0, QStringLiteral("w/t"), "a\"b\r\n");
        QCOMPARE(willex.command->line, QByteArray(R"(AT+QMTCFG="willex",2,1,1,0,"w/t",5)"));
        QCOMPARE(willex.command->payload, QByteArray("a\"b\r\n"));
        QCOMPARE(b.sslCipherSuite(1, 0x35).command->line, QByteArray(R"(AT+QSSLCFG="ciphersuite",1,0X0035)"));
        // the read-all list: every readable setting, the secret-bearing one only when asked
        const QList<at::AtCommand> all = b.cfgReadAll(3);
        QCOMPARE(all.size(), qsizetype(at::CfgSetting::Count_) - 1);
        for (const at::AtCommand &c : all)
            QVERIFY(!c.line.contains("aliauth"));
        QCOMPARE(b.cfgReadAll(3, true).size(), qsizetype(at::CfgSetting::Count_));
        QCOMPARE(b.sslReadAll(1).size(), qsizetype(at::SslSetting::Count_));
    }

    void defaultsAreWrittenOnce()
    {
        // the power-up values: SlotConfig's initialisers, read through the rows
        const at::SlotConfig c;
        QCOMPARE(at::settingInfo(at::CfgSetting::KeepAlive).readBackValues(c), QByteArray("120"));
        QCOMPARE(at::settingInfo(at::CfgSetting::Timeout).readBackValues(c), QByteArray("5,3,0"));
        QCOMPARE(at::settingInfo(at::CfgSetting::Ssl).readBackValues(c), QByteArray("0")); // gated: off
        const at::SslConfig ssl = at::sslPowerUp();
        QCOMPARE(at::settingInfo(at::SslSetting::CipherSuite).readBackValues(ssl), QByteArray("0XFFFF"));
        QCOMPARE(at::settingInfo(at::SslSetting::NegotiateTime).readBackValues(ssl), QByteArray("300"));
        QCOMPARE(at::settingInfo(at::SslSetting::CaCert).readBackValues(ssl), QByteArray("\"\""));
        // words for the slot detail view
        QCOMPARE(at::settingInfo(at::CfgSetting::Version).describe(c), QStringLiteral("4 (MQTT 3.1.1)"));
        at::SlotConfig secret;
        secret.aliDeviceSecret = "s3cr3t";
        QVERIFY(!at::settingInfo(at::CfgSetting::AliAuth).describe(secret).contains(QLatin1String("s3cr3t")));
    }

    // The simulated module answers from the same rows: its "=?" answer is understood line by
    // line by the range table, and every setting set with a form's values reads back as the
    // table formats it.
    void simulatorAnswersFromTheTable()
    {
        sim::SimOptions o;
        o.bootUrcs = false;
        sim::SimModule m(o);
        for (const at::Cmd cmd : {at::Cmd::QMTCFG, at::Cmd::QSSLCFG}) {
            const QByteArray answer = ask(m, QByteArray("AT+") + at::cmdName(cmd) + "=?");
            at::RangeTable ranges;
            int lines = 0;
            for (const QByteArray &l : answer.split('\n')) {
                const QByteArray t = l.trimmed();
                if (!t.startsWith('+'))
                    continue;
                QVERIFY2(ranges.applyTestResponse(QByteArrayView(t)), t.constData());
                ++lines;
            }
            QCOMPARE(lines,
                     int(cmd == at::Cmd::QMTCFG ? at::cfgSettings().size() : at::sslSettings().size()));
            QVERIFY(ranges.extraSubCommands().isEmpty());
            QVERIFY(ranges.extraSslSettings().isEmpty());
        }
        const at::Builders b;
        for (const auto *table : {&at::cfgSettings(), &at::sslSettings()}) {
            for (const SettingInfo &s : *table) {
                const int index = 1;
                const at::Built set = b.setting(s, index, suggested(s));
                QVERIFY2(set.ok(), s.name);
                QVERIFY2(ask(m, set.command->line, set.command->payload).contains("OK\r\n"),
                         set.command->line.constData());
                // what the table says the record now holds, as the module prints it
                QByteArray want;
                QList<QByteArray> values;
                for (const QVariant &v : suggested(s))
                    values << (v.typeId() == QMetaType::QString ? v.toString().toUtf8()
                               : v.typeId() == QMetaType::QByteArray
                                   ? QByteArray::number(v.toByteArray().size())
                                   : QByteArray::number(v.toLongLong()));
                if (s.isCfg()) {
                    at::SlotConfig c;
                    s.apply(c, values);
                    want = "+QMTCFG: \"" + QByteArray(s.name) + "\"," + s.readBackValues(c);
                } else {
                    at::SslConfig c = at::sslPowerUp();
                    s.apply(c, values);
                    if (s.fields.front().kind == at::ValueKind::Hex)
                        s.fields.front().setSsl(
                            c, "0X" + QByteArray::number(s.fields.front().suggested, 16).toUpper());
                    want = "+QSSLCFG: \"" + QByteArray(s.name) + "\",1," + s.readBackValues(c);
                }
                const QByteArray read = ask(m, b.settingRead(s, index).command->line);
                QVERIFY2(read.contains(want), (read + " lacks " + want).constData());
            }
        }
    }
};

QTEST_MAIN(tst_Settings)
#include "tst_settings.moc"
