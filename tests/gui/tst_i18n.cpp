// SPDX-License-Identifier: Apache-2.0
// English and Simplified Chinese ship: the Chinese catalogue translates the spec's texts (the
// +QMTSTAT table in the seed's own words) and the models' words; and the whole window follows a
// switch of language while it runs: after switching to Chinese no text on screen is still the
// English of a message that has a Chinese translation, and after switching back no Chinese is
// left.

#include "at/spec.h"
#include "dashboard.h"
#include "dashboardstyle.h"
#include "engine/slotstore.h"
#include "i18n.h"
#include "language.h"
#include "mainwindow.h"
#include "models/messagemodel.h"
#include "models/slottablemodel.h"
#include "mqtt/localbroker.h"
#include "slotactions.h"
#include "slotcard.h"
#include "slotdetail.h"
#include "workflows/script.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

using namespace qmt;

namespace {

constexpr int kWait = 15000; // ms; generous for a loaded machine, never a fixed sleep

// The English of every message the Chinese catalogue translates (into something else than the
// English): exact texts, and patterns for the ones with place markers ("Slot %1" → "Slot 3").
// Messages without a word of English (two letters or more outside the markers: "%1:%2", "·")
// cannot tell English from Chinese and are left out. So is everything that is not a translated
// message: AT command text, answers, topics, payloads, numbers, times, port names, and the
// messages whose Chinese is their English (product names: "QMT Scope", "MQTT %1", "URC").
class EnglishOfTranslated
{
public:
    bool load(const QString &tsPath)
    {
        QFile file(tsPath);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        QXmlStreamReader xml(&file);
        QString context, source, translation;
        bool inMessage = false, usable = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                const auto name = xml.name();
                if (name == QLatin1String("name") && !inMessage) {
                    context = xml.readElementText();
                } else if (name == QLatin1String("message")) {
                    inMessage = true;
                    source.clear();
                    translation.clear();
                    usable = false;
                } else if (inMessage && name == QLatin1String("source")) {
                    source = xml.readElementText();
                } else if (inMessage && name == QLatin1String("translation")) {
                    const QString type = xml.attributes().value(QLatin1String("type")).toString();
                    usable = type.isEmpty(); // not unfinished, vanished or obsolete
                    if (usable && !xml.attributes().hasAttribute(QLatin1String("numerus")))
                        translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                } else if (inMessage && name == QLatin1String("numerusform") && translation.isEmpty()) {
                    translation = xml.readElementText();
                }
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                inMessage = false;
                if (usable && !translation.trimmed().isEmpty() && translation != source) {
                    add(source);
                    m_translated.insert(context + QLatin1Char('\1') + source);
                }
            }
        }
        return !xml.hasError() && !m_exact.isEmpty();
    }

    // The message whose untranslated English `text` is, or an empty string. A text matches a
    // message with place markers when at least a third of its letters are the message's own
    // (not "Copy the payload's bytes in hex" for "%1 bytes").
    QString englishSourceOf(const QString &text) const
    {
        if (m_exact.contains(text))
            return text;
        static const QRegularExpression letter(QStringLiteral("[A-Za-z]"));
        const qsizetype letters = text.count(letter);
        for (const auto &[source, re] : m_patterns) {
            const QRegularExpressionMatch m = re.match(text);
            if (!m.hasMatch())
                continue;
            qsizetype filled = 0;
            for (int i = 1; i <= m.lastCapturedIndex(); ++i)
                filled += m.captured(i).count(letter);
            if ((letters - filled) * 3 >= letters)
                return source;
        }
        return {};
    }
    bool isTranslated(const QString &context, const QString &source) const
    {
        return m_translated.contains(context + QLatin1Char('\1') + source);
    }
    qsizetype size() const { return m_exact.size() + m_patterns.size(); }

private:
    void add(const QString &source)
    {
        static const QRegularExpression marker(QStringLiteral("%(L?n|L?\\d{1,2})"));
        static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
        QString literal = source;
        literal.replace(marker, QStringLiteral(" "));
        if (!word.match(literal).hasMatch())
            return;
        if (!marker.match(source).hasMatch()) {
            m_exact.insert(source);
            return;
        }
        QString pattern;
        qsizetype at = 0;
        auto it = marker.globalMatch(source);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            pattern += QRegularExpression::escape(source.mid(at, m.capturedStart() - at));
            pattern += QStringLiteral("(.*)");
            at = m.capturedEnd();
        }
        pattern += QRegularExpression::escape(source.mid(at));
        m_patterns.emplace_back(source, QRegularExpression(QRegularExpression::anchoredPattern(pattern),
                                                           QRegularExpression::DotMatchesEverythingOption));
    }

    QSet<QString> m_exact;
    QSet<QString> m_translated; // context \1 source
    std::vector<std::pair<QString, QRegularExpression>> m_patterns;
};

// What a widget shows in words.
struct Shown
{
    QString where; // "qmt::ui::SlotCard/QLabel#title: text"
    QString text;
};

// Not checked, and why:
// - the language menu's "简体中文": a language is named in its own language, whatever the UI's.
const QStringList kOwnLanguageNames{QStringLiteral("简体中文")};

QString nameOf(const QObject *o)
{
    QString where = QLatin1String(o->metaObject()->className());
    if (!o->objectName().isEmpty())
        where += QLatin1Char('#') + o->objectName();
    if (o->parent())
        where.prepend(QLatin1String(o->parent()->metaObject()->className()) + QLatin1Char('/'));
    return where;
}

// Every text of the window and its children: labels, buttons, group boxes, tabs, combo items,
// placeholders, header sections, progress formats, menus and actions, window titles, tool tips,
// the status bar's message.
QList<Shown> textsOf(QWidget *window)
{
    QList<Shown> out;
    auto add = [&out](const QObject *o, const char *what, const QString &text) {
        if (!text.trimmed().isEmpty())
            out.append({nameOf(o) + QLatin1String(": ") + QLatin1String(what), text});
    };
    QList<QWidget *> widgets = window->findChildren<QWidget *>();
    widgets.prepend(window);
    for (QWidget *w : std::as_const(widgets)) {
        if (w->isWindow())
            add(w, "window title", w->windowTitle());
        add(w, "tool tip", w->toolTip());
        if (auto *l = qobject_cast<QLabel *>(w))
            add(w, "text", l->text());
        if (auto *l = qobject_cast<ui::ElidedLabel *>(w))
            add(w, "text", l->text());
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            add(w, "text", b->text());
        if (auto *g = qobject_cast<QGroupBox *>(w))
            add(w, "title", g->title());
        if (auto *t = qobject_cast<QTabBar *>(w))
            for (int i = 0; i < t->count(); ++i)
                add(w, "tab", t->tabText(i));
        if (auto *c = qobject_cast<QComboBox *>(w)) {
            add(w, "placeholder", c->placeholderText());
            for (int i = 0; i < c->count(); ++i)
                add(w, "item", c->itemText(i));
        }
        if (auto *e = qobject_cast<QLineEdit *>(w))
            add(w, "placeholder", e->placeholderText());
        if (auto *e = qobject_cast<QPlainTextEdit *>(w))
            add(w, "placeholder", e->placeholderText());
        if (auto *p = qobject_cast<QProgressBar *>(w))
            add(w, "format", p->format());
        if (auto *m = qobject_cast<QMenu *>(w))
            add(w, "menu title", m->title());
        if (auto *b = qobject_cast<QStatusBar *>(w))
            add(w, "message", b->currentMessage());
        if (auto *h = qobject_cast<QHeaderView *>(w); h && h->model())
            for (int i = 0; i < h->count(); ++i)
                if (!h->isSectionHidden(i))
                    add(w, "header", h->model()->headerData(i, h->orientation()).toString());
    }
    QList<QAction *> actions = window->findChildren<QAction *>();
    for (QWidget *w : std::as_const(widgets))
        actions += w->actions();
    for (QAction *a : std::as_const(actions)) {
        if (a->isSeparator())
            continue;
        add(a, "action", a->text());
        add(a, "action tip", a->toolTip());
    }
    return out;
}

// The windows a user sees: the main window and the windows open beside it.
QList<QWidget *> shownWindows()
{
    QList<QWidget *> out;
    for (QWidget *w : QApplication::topLevelWidgets())
        if (w->isVisible() && !qobject_cast<QMenu *>(w))
            out << w;
    return out;
}

void settle()
{
    // LanguageChange reaches windows without a platform window through the event queue
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

} // namespace

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
    // A .qm file in the installed layout (<bin>/../share/qmtscope/translations) comes before the
    // build tree's and the copy compiled in.
    void installedFilesFirst()
    {
        const QString dir = i18n::searchPath().first();
        QCOMPARE(dir, QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                      QStringLiteral("/../share/qmtscope/translations")));
        QVERIFY(QDir().mkpath(dir));
        const QString file = dir + QStringLiteral("/qmtscope_zh_CN.qm");
        QFile::remove(file);
        QVERIFY(QFile::copy(QStringLiteral(":/qmtscope/i18n/qmtscope_zh_CN.qm"), file));
        QCOMPARE(i18n::install(QLocale(QLocale::Chinese, QLocale::China)), QStringLiteral("zh_CN"));
        QCOMPARE(i18n::loadedFrom(), file);
        QCOMPARE(state::SlotTableModel::mqttStateText(state::MqttState::Connected), QStringLiteral("已连接"));
        QVERIFY(QFile::remove(file));
        QVERIFY(QDir(QCoreApplication::applicationDirPath())
                    .rmpath(QStringLiteral("../share/qmtscope/translations")));
        // then the build tree's (<build>/ui, beside this test's folder), then the compiled-in copy
        const QString built = i18n::searchPath().at(1) + QStringLiteral("/qmtscope_zh_CN.qm");
        QCOMPARE(i18n::install(QLocale(QLocale::Chinese, QLocale::China)), QStringLiteral("zh_CN"));
        QCOMPARE(i18n::loadedFrom(),
                 QFile::exists(built) ? built : QStringLiteral(":/qmtscope/i18n/qmtscope_zh_CN.qm"));
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

    // The check below can fail: it knows the English of translated messages, exact and with
    // place markers filled in, and lets words without English through.
    void theCheckKnowsEnglish()
    {
        EnglishOfTranslated english;
        QVERIFY(english.load(QStringLiteral(QMT_SOURCE_DIR "/translations/qmtscope_zh_CN.ts")));
        QVERIFY(english.size() > 500);
        QCOMPARE(english.englishSourceOf(QStringLiteral("MQTT client slots")),
                 QStringLiteral("MQTT client slots"));
        QCOMPARE(english.englishSourceOf(QStringLiteral("Slot 3")), QStringLiteral("Slot %1"));
        QCOMPARE(english.englishSourceOf(QStringLiteral("3 published")), QStringLiteral("%n published"));
        QCOMPARE(english.englishSourceOf(QStringLiteral("Details…")), QStringLiteral("Details…"));
        QVERIFY(english.englishSourceOf(QStringLiteral("槽位 3")).isEmpty());
        QVERIFY(english.englishSourceOf(QStringLiteral("AT+QMTOPEN=0,\"127.0.0.1\",1883")).isEmpty());
        QVERIFY(english.englishSourceOf(QStringLiteral("12:03:04.517")).isEmpty());
        QVERIFY(english.englishSourceOf(QStringLiteral("Send these 12 bytes in hex, a space between bytes"))
                    .isEmpty());
        QVERIFY(english.englishSourceOf(QStringLiteral("Latest — AT+QMTCONN: OK"))
                    .startsWith(QLatin1String("Latest")));
        QVERIFY(english.isTranslated(QStringLiteral("qmt::ui::DashboardPanel"),
                                     QStringLiteral("MQTT client slots")));
    }

    // The window as a user has it in demo mode — slot 0 connected with a message, its detail
    // window open — switched to Chinese while it runs: no text anywhere (console and forms included)
    // is still the English of a translated message; switched back,
    // no Chinese is left.
    void theWholeWindowFollowsTheLanguage()
    {
        if (mqtt::LocalBroker::mosquittoPath().isEmpty())
            QFAIL("mosquitto is not installed (apt-get install mosquitto)");
        QTemporaryDir config;
        QVERIFY(config.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope Test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_i18n"));
        EnglishOfTranslated english;
        QVERIFY(english.load(QStringLiteral(QMT_SOURCE_DIR "/translations/qmtscope_zh_CN.ts")));
        QCOMPARE(ui::language::apply(ui::language::kEnglish), QStringLiteral("en"));

        ui::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(w.startDemo());
        QTRY_VERIFY_WITH_TIMEOUT(w.demoRunning() && w.session()->isOpen(), kWait);
        QString error;
        const QList<session::SequenceStep> script =
            session::Script::parse(session::Script::walkthrough(), &error);
        QVERIFY2(!script.isEmpty(), qPrintable(error));
        QSignalSpy done(&w, &ui::MainWindow::scriptFinished);
        w.playScript(script);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(w.session()->store().slot(0).messages.size(), std::size_t(1), kWait);
        auto *dashboard = w.findChild<ui::DashboardPanel *>();
        QVERIFY(dashboard);
        ui::SlotDetailDialog *detail = dashboard->showDetail(0);
        QVERIFY(detail);
        QTRY_COMPARE_WITH_TIMEOUT(detail->messageModel()->rowCount(), 1, kWait);
        detail->selectMessage(0);
        // a result line on a card, from the card's own action
        dashboard->actions()->trigger(0, state::SlotAction::ReadConfiguration, &w);
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->card(0)->resultText().contains(QLatin1String(" ms)")), kWait);

        // the check sees English where there is English
        int englishSeen = 0;
        for (QWidget *window : shownWindows())
            for (const Shown &s : textsOf(window))
                englishSeen += !english.englishSourceOf(s.text).isEmpty();
        QVERIFY2(englishSeen > 50, qPrintable(QString::number(englishSeen)));

        w.setLanguage(ui::language::kChinese);
        settle();
        QStringList left;
        int checked = 0;
        for (QWidget *window : shownWindows()) {
            for (const Shown &s : textsOf(window)) {
                ++checked;
                const QString source = english.englishSourceOf(s.text);
                if (!source.isEmpty())
                    left << QStringLiteral("%1: “%2” (message “%3”)").arg(s.where, s.text, source);
            }
        }
        QVERIFY(checked > 100);
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still in English after the switch:\n") +
                                            left.join(QLatin1Char('\n'))));
        QVERIFY2(dashboard->card(0)->resultText().contains(
                     QStringLiteral("ms）")), // rebuilt, not the English kept
                 qPrintable(dashboard->card(0)->resultText()));

        w.setLanguage(ui::language::kEnglish);
        settle();
        static const QRegularExpression han(QStringLiteral("[\\x{3400}-\\x{9fff}\\x{ff01}-\\x{ff5e}]"));
        QStringList chinese;
        for (QWidget *window : shownWindows())
            for (const Shown &s : textsOf(window))
                if (han.match(s.text).hasMatch() && !kOwnLanguageNames.contains(s.text))
                    chinese << QStringLiteral("%1: “%2”").arg(s.where, s.text);
        QVERIFY2(chinese.isEmpty(), qPrintable(QStringLiteral("still in Chinese after switching back:\n") +
                                               chinese.join(QLatin1Char('\n'))));
        QVERIFY(dashboard->card(0)->resultText().contains(QStringLiteral(" ms)")));
        w.stopDemo();
    }
};

QTEST_MAIN(tst_I18n)
#include "tst_i18n.moc"
