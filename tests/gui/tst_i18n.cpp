// SPDX-License-Identifier: Apache-2.0
// English and Simplified Chinese ship: the Chinese catalogue translates the spec's texts (the
// +QMTSTAT table in the seed's own words) and the models' words.

#include "at/spec.h"
#include "i18n.h"
#include "language.h"
#include "engine/slotstore.h"
#include "models/slottablemodel.h"
#include "workflows/script.h"

#include <QRegularExpression>
#include <QTest>

using namespace qmt;

class tst_I18n : public QObject
{
    Q_OBJECT
private slots:
    void chinese()
    {
        QCOMPARE(i18n::install(QLocale(QLocale::Chinese, QLocale::China)), QStringLiteral("zh_CN"));
        state::SlotError e;
        e.kind = state::SlotError::Kind::Urc;
        e.info = spec::qmtstat(1);
        QCOMPARE(e.text(), QStringLiteral("连接被服务器断开或者重置"));
        QVERIFY(e.fix().contains(QLatin1String("AT+QMTOPEN")));
        QCOMPARE(state::SlotTableModel::mqttStateText(state::MqttState::Connected), QStringLiteral("已连接"));
        // the script reader's messages moved with it (context qmt::session::Script)
        QString error;
        QVERIFY(session::Script::parse("AT\n>hello\n", &error).isEmpty());
        QVERIFY2(error.startsWith(QStringLiteral("第 2 行")), qPrintable(error));
    }
    // Qt's own words (standard buttons: Cancel, Close) follow the language too: Qt's catalogue
    // (Debian qt6-translations-l10n) is loaded beside ours.
    void qtsOwnButtons()
    {
        QCOMPARE(ui::language::apply(ui::language::kChinese), QStringLiteral("zh_CN"));
        const QString cancel = QCoreApplication::translate("QPlatformTheme", "Cancel");
        QVERIFY2(cancel != QLatin1String("Cancel"), "Qt's catalogue qtbase_zh_CN is not loaded");
        QCOMPARE(ui::language::apply(ui::language::kEnglish), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
    }
    void englishAgain()
    {
        QCOMPARE(i18n::install(QLocale(QLocale::English)), QStringLiteral("en"));
        state::SlotError e;
        e.kind = state::SlotError::Kind::Urc;
        e.info = spec::qmtstat(1);
        QCOMPARE(e.text(), QStringLiteral("The connection was closed or reset by the server"));
        QCOMPARE(state::SlotTableModel::mqttStateText(state::MqttState::Connected),
                 QStringLiteral("connected"));
    }
    void everyChineseMessageIsTranslated()
    {
        QFile ts(QStringLiteral(QMT_SOURCE_DIR "/translations/qmtscope_zh_CN.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray xml = ts.readAll();
        QVERIFY(xml.contains("<message"));
        QVERIFY2(!xml.contains("type=\"unfinished\""),
                 "run update_translations and translate the new strings");
        // Every context is a namespaced class (what tr() looks up at run time) or a known free
        // context: an unqualified class name means lupdate lost the namespace and the strings
        // would never be found.
        const QStringList free{QStringLiteral("qmtscope-cli"), QStringLiteral("main"),
                               QStringLiteral("SimProgram")};
        const QRegularExpression nameRe(QStringLiteral("<name>([^<]*)</name>"));
        auto it = nameRe.globalMatch(QString::fromUtf8(xml));
        int contexts = 0;
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            ++contexts;
            QVERIFY2(name.startsWith(QLatin1String("qmt::")) || free.contains(name), qPrintable(name));
        }
        QVERIFY(contexts > 20);
    }
};

QTEST_GUILESS_MAIN(tst_I18n)
#include "tst_i18n.moc"
