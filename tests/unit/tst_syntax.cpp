// SPDX-License-Identifier: Apache-2.0
// The syntax hints (at/syntax.h): every command a user can type and every AT+QMTCFG / AT+QSSLCFG
// sub-command has one; each hint, filled with sample values, parses as its own command; the
// lookups the console uses while typing; the completion model under QAbstractItemModelTester.

#include "at/atcommand.h"
#include "at/builders.h"
#include "at/syntax.h"
#include "models/syntaxmodel.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace qmt;
using at::Cmd;
namespace syntax = at::syntax;

namespace {

bool isUrcOnly(Cmd c)
{
    return c == Cmd::QMTSTAT || c == Cmd::QMTPING || c == Cmd::QUSIM || c == Cmd::QIND || c == Cmd::QIURC;
}

// The syntax line with every placeholder replaced by a sample value and the optional parts kept:
// AT+QMTOPEN=<client_idx>,"<host_name>",<port> -> AT+QMTOPEN=1,"x",1
QByteArray instantiate(const char *syntaxLine)
{
    QString s = QString::fromUtf8(syntaxLine);
    s.remove(QLatin1Char('[')).remove(QLatin1Char(']')).remove(QStringLiteral("…"));
    s.replace(QRegularExpression(QStringLiteral("\"<[^>]*>\"")), QStringLiteral("\"x\""));
    s.replace(QRegularExpression(QStringLiteral("<[^>]*>")), QStringLiteral("1"));
    return s.toUtf8();
}

} // namespace

class tst_Syntax : public QObject
{
    Q_OBJECT
private slots:
    void everyTypableCommandHasAHint()
    {
        for (int i = 1; i < int(Cmd::Count_); ++i) {
            const auto c = Cmd(i);
            if (isUrcOnly(c))
                continue;
            const syntax::Hint *h = syntax::find(c);
            QVERIFY2(h, at::cmdName(c));
            QVERIFY2(QByteArray(h->syntax).startsWith("AT"), h->syntax);
            QVERIFY2(QByteArray(h->completion).startsWith("AT"), h->completion);
            QVERIFY2(h->meaning && *h->meaning, h->syntax);
            QVERIFY(!h->urc);
        }
    }

    void everySubCommandHasAHint()
    {
        for (int i = 0; i <= int(at::CfgSetting::QmtPing); ++i) {
            const char *name = at::cfgSettingName(at::CfgSetting(i));
            const syntax::Hint *h = syntax::find(Cmd::QMTCFG, name);
            QVERIFY2(h, name);
            QVERIFY2(QByteArray(h->syntax).startsWith("AT+QMTCFG=\"" + QByteArray(name) + "\",<client_idx>"),
                     h->syntax);
            QCOMPARE(QByteArray(h->completion), "AT+QMTCFG=\"" + QByteArray(name) + "\",");
        }
        for (int i = 0; i <= int(at::SslSetting::Sni); ++i) {
            const char *name = at::sslSettingName(at::SslSetting(i));
            const syntax::Hint *h = syntax::find(Cmd::QSSLCFG, name);
            QVERIFY2(h, name);
            QVERIFY2(
                QByteArray(h->syntax).startsWith("AT+QSSLCFG=\"" + QByteArray(name) + "\",<SSL_ctx_idx>"),
                h->syntax);
        }
        QVERIFY(!syntax::find(Cmd::QMTCFG, "nonsense"));
    }

    void urcsHaveHints()
    {
        for (Cmd c : {Cmd::QMTSTAT, Cmd::QMTPING, Cmd::QMTRECV}) {
            bool found = false;
            for (const syntax::Hint &h : syntax::hints())
                if (h.urc && h.cmd == c)
                    found = QByteArray(h.syntax).startsWith("+" + QByteArray(at::cmdName(c)) + ": ");
            QVERIFY2(found, at::cmdName(c));
        }
    }

    // Each hint, filled in, is a command line the parser reads as that command (and sub-command),
    // and the commands with data after '>' are seen to declare it.
    void hintsParse()
    {
        for (const syntax::Hint &h : syntax::hints()) {
            const QByteArray line(h.syntax);
            QCOMPARE(line.count('<'), line.count('>'));
            QCOMPARE(line.count('['), line.count(']'));
            QCOMPARE(line.count('"') % 2, 0);
            QVERIFY2(syntax::placeholders(line).size() == std::size_t(line.count('<')), h.syntax);
            if (h.urc)
                continue;
            QVERIFY2(line.startsWith(
                         QByteArray(h.completion).chopped(QByteArray(h.completion).endsWith('?') ? 1 : 0)),
                     h.syntax);
            const QByteArray filled = instantiate(h.syntax);
            const at::AtCommand c = at::AtCommand::fromText(filled);
            QVERIFY2(c.cmd == h.cmd, filled.constData());
            if (filled.contains('='))
                QVERIFY2(c.form == at::Form::Set, filled.constData());
            if (h.sub)
                QVERIFY2(filled.contains("=\"" + QByteArray(h.sub) + "\","), filled.constData());
            if (h.other) {
                const at::AtCommand o = at::AtCommand::fromText(h.other);
                QVERIFY2(o.cmd == h.cmd, h.other);
            }
        }
        auto phase = [](Cmd c, const char *sub = nullptr) {
            return at::AtCommand::fromText(instantiate(syntax::find(c, sub)->syntax)).dataPhase;
        };
        QCOMPARE(phase(Cmd::QMTPUBEX), at::DataPhase::Prompt);
        QCOMPARE(phase(Cmd::QMTPUB), at::DataPhase::Prompt); // with the optional length
        QCOMPARE(phase(Cmd::QMTCFG, "willex"), at::DataPhase::Prompt);
        QCOMPARE(phase(Cmd::QFUPL), at::DataPhase::Connect);
        QCOMPARE(phase(Cmd::QMTOPEN), at::DataPhase::None);
    }

    void forInput_data()
    {
        QTest::addColumn<QByteArray>("typed");
        QTest::addColumn<QByteArray>("syntax"); // the start of the expected hint's syntax; empty: none
        QTest::newRow("partial name") << QByteArray("AT+QMTO") << QByteArray("AT+QMTOPEN=");
        QTest::newRow("lower case") << QByteArray("at+qmtconn=0,") << QByteArray("AT+QMTCONN=");
        QTest::newRow("query") << QByteArray("AT+QMTOPEN?") << QByteArray("AT+QMTOPEN=");
        QTest::newRow("pubex") << QByteArray("AT+QMTPUBEX=0,1,1,0,\"t\",5") << QByteArray("AT+QMTPUBEX=");
        QTest::newRow("pub is not pubex") << QByteArray("AT+QMTPUB=0") << QByteArray("AT+QMTPUB=<");
        QTest::newRow("cfg") << QByteArray("AT+QMTCFG=") << QByteArray("AT+QMTCFG=\"<name>\"");
        QTest::newRow("cfg partial sub")
            << QByteArray("AT+QMTCFG=\"keep") << QByteArray("AT+QMTCFG=\"keepalive\"");
        QTest::newRow("cfg sub") << QByteArray("AT+QMTCFG=\"recv/mode\",0,1")
                                 << QByteArray("AT+QMTCFG=\"recv/mode\"");
        QTest::newRow("cfg unknown sub")
            << QByteArray("AT+QMTCFG=\"send/mode\",0") << QByteArray("AT+QMTCFG=\"<name>\"");
        QTest::newRow("will is not willex")
            << QByteArray("AT+QMTCFG=\"will\",") << QByteArray("AT+QMTCFG=\"will\"");
        QTest::newRow("ssl sub") << QByteArray("AT+QSSLCFG=\"sni\",1") << QByteArray("AT+QSSLCFG=\"sni\"");
        QTest::newRow("echo") << QByteArray("ATE0") << QByteArray("ATE<value>");
        QTest::newRow("identity") << QByteArray("ati") << QByteArray("ATI");
        QTest::newRow("plain AT") << QByteArray("AT") << QByteArray("AT");
        QTest::newRow("leading space") << QByteArray("  AT+QIACT?") << QByteArray("AT+QIACT=");
        QTest::newRow("unknown command") << QByteArray("AT+XYZ=1") << QByteArray();
        QTest::newRow("not a command") << QByteArray("hello") << QByteArray();
        QTest::newRow("too short to guess") << QByteArray("AT+") << QByteArray();
    }

    void forInput()
    {
        QFETCH(QByteArray, typed);
        QFETCH(QByteArray, syntax);
        const syntax::Hint *h = syntax::forInput(typed);
        if (syntax.isEmpty()) {
            QVERIFY2(!h, h ? h->syntax : "");
            return;
        }
        QVERIFY(h);
        QVERIFY2(QByteArray(h->syntax).startsWith(syntax), h->syntax);
    }

    void currentParameter_data()
    {
        QTest::addColumn<QByteArray>("typed");
        QTest::addColumn<QString>("placeholder");
        QTest::newRow("first") << QByteArray("AT+QMTOPEN=") << QStringLiteral("<client_idx>");
        QTest::newRow("host") << QByteArray("AT+QMTOPEN=0,\"bro") << QStringLiteral("<host_name>");
        QTest::newRow("comma in quotes") << QByteArray("AT+QMTOPEN=0,\"a,b\",") << QStringLiteral("<port>");
        QTest::newRow("past the end") << QByteArray("AT+QMTOPEN=0,\"a\",1,2") << QString();
        QTest::newRow("before =") << QByteArray("AT+QMTOPEN") << QString();
        QTest::newRow("sub name") << QByteArray("AT+QMTCFG=\"keepalive") << QString();
        QTest::newRow("sub index") << QByteArray("AT+QMTCFG=\"keepalive\",")
                                   << QStringLiteral("<client_idx>");
        QTest::newRow("sub value") << QByteArray("AT+QMTCFG=\"keepalive\",0,")
                                   << QStringLiteral("<keep_alive_time>");
        QTest::newRow("generic cfg name") << QByteArray("AT+QMTCFG=") << QStringLiteral("<name>");
        QTest::newRow("timeout notice")
            << QByteArray("AT+QMTCFG=\"timeout\",0,5,3,") << QStringLiteral("<timeout_notice>");
    }

    void currentParameter()
    {
        QFETCH(QByteArray, typed);
        QFETCH(QString, placeholder);
        const syntax::Hint *h = syntax::forInput(typed);
        QVERIFY(h);
        const syntax::Span span = syntax::placeholderFor(*h, syntax::parameterAt(typed, typed.size()));
        const QString got =
            span.start < 0 ? QString()
                           : QString::fromUtf8(QByteArrayView(h->syntax).sliced(span.start, span.length));
        QCOMPARE(got, placeholder);
    }

    void parameterAtCursor()
    {
        const QByteArray t("AT+QMTCONN=0,\"id\",\"u\",\"p\"");
        QCOMPARE(syntax::parameterAt(t, 5), -1);
        QCOMPARE(syntax::parameterAt(t, 11), 0);
        QCOMPARE(syntax::parameterAt(t, 13), 1);
        QCOMPARE(syntax::parameterAt(t, t.size()), 3);
        QCOMPARE(syntax::parameterAt(t, 1000), 3);
    }

    void lineAndCompletions()
    {
        const syntax::Hint *open = syntax::find(Cmd::QMTOPEN);
        QVERIFY(open);
        const QString l = syntax::line(*open);
        QVERIFY(l.startsWith(QStringLiteral("AT+QMTOPEN=<client_idx>,\"<host_name>\",<port>")));
        QVERIFY(l.contains(QStringLiteral("AT+QMTOPEN?")));
        QVERIFY(l.contains(syntax::meaning(*open)));
        const QStringList c = syntax::completions();
        QVERIFY(c.contains(QStringLiteral("AT+QMTOPEN=")));
        QVERIFY(c.contains(QStringLiteral("AT+QMTCFG=\"keepalive\",")));
        QVERIFY(c.contains(QStringLiteral("AT+QSSLCFG=\"seclevel\",")));
        QCOMPARE(QSet<QString>(c.begin(), c.end()).size(), c.size()); // no duplicates
    }

    void completionModel()
    {
        state::SyntaxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), int(syntax::completions().size()));
        int openRow = -1;
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.index(r).data().toString() == QStringLiteral("AT+QMTOPEN="))
                openRow = r;
        QVERIFY(openRow >= 0);
        const QModelIndex idx = model.index(openRow);
        QCOMPARE(idx.data(Qt::EditRole).toString(), QStringLiteral("AT+QMTOPEN="));
        QCOMPARE(idx.data(state::SyntaxModel::SyntaxRole).toString(),
                 QStringLiteral("AT+QMTOPEN=<client_idx>,\"<host_name>\",<port>"));
        QVERIFY(!idx.data(state::SyntaxModel::MeaningRole).toString().isEmpty());
        QVERIFY(idx.data(Qt::ToolTipRole).toString().contains(QStringLiteral("<host_name>")));
        QVERIFY(!model.hint(-1));
        QVERIFY(!model.hint(model.rowCount()));
    }
};

QTEST_GUILESS_MAIN(tst_Syntax)
#include "tst_syntax.moc"
