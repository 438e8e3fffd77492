// SPDX-License-Identifier: Apache-2.0
// The Forms panel against the simulated module (in-process, the bytes of a port): forms produce the exact AT
// text, builder errors show beside their field and disable Send, "Add to sequence" expects the right answer,
// Send (and Ctrl+Enter) reach the simulator and show its answer, the module's own ranges limit the inputs,
// and "Read from module" fills the configuration forms with what the module holds.

#include "formfields.h"
#include "formspanel.h"
#include "formwidget.h"
#include "workflows/sequence.h"
#include "io/session.h"
#include "replywait.h"
#include "sim/simdevice.h"
#include "sim/simmodule.h"
#include "uicontext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <memory>

using namespace qmt;
using ui::FormWidget;

Q_DECLARE_METATYPE(qmt::at::AtCommand)
Q_DECLARE_METATYPE(qmt::session::CommandResult)

namespace {

constexpr int kWait = 10000; // ms: generous, the machine is shared

// The simulated module in-process (no pty needed: the bytes are those of a port), a session,
// a sequence and the panel.
struct Rig
{
    sim::SimModule module;
    sim::SimDevice device{&module};
    session::Session session;
    session::Sequence sequence;
    ui::UiContext ctx;
    std::unique_ptr<ui::FormsPanel> panel;

    Rig()
    {
        ctx.session = &session;
        ctx.sequence = &sequence;
    }
    ~Rig() { session.close(); }
    void makePanel()
    {
        panel = std::make_unique<ui::FormsPanel>(ctx);
        panel->resize(1100, 800);
    }
    // Opens the device and waits until the module's own ranges are read (AT+QMTCFG=?).
    bool open()
    {
        if (!session.openDevice(&device, QStringLiteral("simulated module")))
            return false;
        return QTest::qWaitFor(
            [this] { return session.store().module().cfgRanges.size() == 11 && !session.channel().isBusy(); },
            kWait);
    }
    FormWidget *form(const char *id)
    {
        panel->showForm(id);
        return panel->form(id);
    }
    // Sends a command through the session and waits for its answer.
    session::CommandResult send(const QByteArray &line)
    {
        return test::waitForReply(session.send(at::AtCommand::fromText(line)), kWait);
    }
};

// Marks every text it is asked for, so a test can see which texts follow a language change.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *, const char *source, const char *, int) const override
    {
        return QLatin1String("[") + QString::fromUtf8(source) + QLatin1String("]");
    }
    bool isEmpty() const override { return false; }
};

void setText(QLineEdit *e, const QString &text)
{
    e->selectAll();
    QTest::keyClicks(e, text);
}

} // namespace

class tst_Forms : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("QMT Scope"));
        QCoreApplication::setApplicationName(QStringLiteral("qmtscope"));
        qRegisterMetaType<at::AtCommand>();
        qRegisterMetaType<session::CommandResult>();
    }
    void init()
    {
        QSettings().remove(QStringLiteral("forms")); // remembered values would change the defaults
    }

    void exactText()
    {
        Rig rig;
        rig.makePanel();
        QVERIFY(rig.panel->rangeSource()->text().contains(QLatin1String("specification")));

        FormWidget *ka = rig.form("cfg.keepalive");
        QCOMPARE(rig.panel->currentForm(), ka);
        ka->spinBox("idx")->setValue(0);
        QCOMPARE(ka->spinBox("keepalive")->maximum(), 3600); // the seed's range while not connected
        ka->spinBox("keepalive")->clear();
        QTest::keyClicks(ka->spinBox("keepalive"), QStringLiteral("120"));
        QCOMPARE(ka->preview()->toPlainText(), QStringLiteral("AT+QMTCFG=\"keepalive\",0,120"));
        ka->setReadBack(true);
        QCOMPARE(ka->preview()->toPlainText(), QStringLiteral("AT+QMTCFG=\"keepalive\",0"));
        QVERIFY(!ka->spinBox("keepalive")->isEnabled());

        // AT+QMTSUB with two topics
        FormWidget *sub = rig.form("sub");
        ui::TopicListEdit *topics = sub->topicList("topics");
        setText(topics->topicEdit(0), QStringLiteral("sensors/+/temp"));
        QTest::mouseClick(topics->addButton(), Qt::LeftButton);
        QCOMPARE(topics->rowCount(), 2);
        setText(topics->topicEdit(1), QStringLiteral("alerts/#"));
        topics->qosBox(1)->setCurrentIndex(topics->qosBox(1)->findData(2));
        QCOMPARE(sub->preview()->toPlainText(),
                 QStringLiteral("AT+QMTSUB=0,1,\"sensors/+/temp\",1,\"alerts/#\",2"));

        // AT+QMTPUBEX: the payload after '>' in the preview, its byte count against the limit
        FormWidget *pub = rig.form("pubex");
        ui::PayloadEdit *payload = pub->payloadEdit("payload");
        payload->editor()->clear();
        payload->editor()->insertPlainText(QStringLiteral("h\u00e9")); // keyClicks takes Latin-1 only
        QTest::keyClick(payload->editor(), Qt::Key_Return);
        QCOMPARE(pub->preview()->toPlainText(),
                 QStringLiteral("AT+QMTPUBEX=0,1,1,0,\"qmtscope/test\",4\n> h\u00e9\\n"));
        QCOMPARE(payload->countLabel()->text(), QStringLiteral("4 / 1500 bytes"));
        payload->setHex(true);
        QCOMPARE(payload->editor()->toPlainText(), QStringLiteral("68 C3 A9 0A"));
        payload->editor()->clear();
        QTest::keyClicks(payload->editor(), QStringLiteral("00 ff 1a"));
        QCOMPARE(pub->preview()->toPlainText(),
                 QStringLiteral("AT+QMTPUBEX=0,1,1,0,\"qmtscope/test\",3\n> \\x00\\xff\\x1a"));
        QTest::keyClicks(payload->editor(), QStringLiteral("f")); // an odd number of digits
        QVERIFY(!pub->errorLabel("payload")->isHidden());
        QVERIFY(pub->errorLabel("payload")->text().contains(QLatin1String("hex")));
        QVERIFY(!pub->addButton()->isEnabled());

        // the will: its fields take part only when will_fg is 1
        FormWidget *will = rig.form("cfg.will");
        QComboBox *flag = will->comboBox("flag");
        flag->setCurrentIndex(flag->findData(0));
        QVERIFY(!will->lineEdit("topic")->isEnabled());
        QCOMPARE(will->preview()->toPlainText(), QStringLiteral("AT+QMTCFG=\"will\",0,0"));
        flag->setCurrentIndex(flag->findData(1));
        QVERIFY(will->lineEdit("topic")->isEnabled());
        QCOMPARE(will->preview()->toPlainText(),
                 QStringLiteral("AT+QMTCFG=\"will\",0,1,1,0,\"qmtscope/status\",\"offline\""));
    }

    void searchTheList()
    {
        Rig rig;
        rig.makePanel();
        QTest::keyClicks(rig.panel->searchField(), QStringLiteral("keepalive"));
        int visible = 0;
        QTreeWidget *list = rig.panel->commandList();
        for (int g = 0; g < list->topLevelItemCount(); ++g)
            for (int i = 0; i < list->topLevelItem(g)->childCount(); ++i)
                visible += list->topLevelItem(g)->child(i)->isHidden() ? 0 : 1;
        QCOMPARE(visible, 1);
        QTest::keyClick(rig.panel->searchField(), Qt::Key_Return);
        QCOMPARE(rig.panel->currentForm(), rig.panel->form("cfg.keepalive"));
        rig.panel->searchField()->clear();
        QTest::keyClicks(rig.panel->searchField(), QStringLiteral("QMTPUBEX"));
        QTest::keyClick(rig.panel->searchField(), Qt::Key_Return);
        QCOMPARE(rig.panel->currentForm(), rig.panel->form("pubex"));
    }

    void followsTheLanguage()
    {
        Rig rig;
        rig.makePanel();
        FormWidget *ka = rig.form("cfg.keepalive");
        MarkingTranslator marking;
        QVERIFY(QCoreApplication::installTranslator(&marking));
        QTRY_COMPARE_WITH_TIMEOUT(ka->sendButton()->text(), QStringLiteral("[Send]"),
                                  kWait); // LanguageChange is posted
        QCOMPARE(rig.panel->commandList()->topLevelItem(0)->text(0), QStringLiteral("[Configure]"));
        QCOMPARE(rig.panel->readButton()->text(), QStringLiteral("[Read from module]"));
        QComboBox *clean = rig.panel->form("cfg.session")->comboBox("clean");
        QCOMPARE(clean->itemText(clean->findData(1)), QStringLiteral("1 \u2014 [clean session]"));
        QCOMPARE(rig.panel->form("pubex")->payloadEdit("payload")->countLabel()->text(),
                 QStringLiteral("[%1 / %2 bytes]").arg(20).arg(1500));
        QCoreApplication::removeTranslator(&marking);
        QTRY_COMPARE_WITH_TIMEOUT(ka->sendButton()->text(), QStringLiteral("Send"), kWait);
        QCOMPARE(clean->itemText(clean->findData(1)), QStringLiteral("1 \u2014 clean session"));
    }

    void outOfRangeShowsTheBuildersMessage()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.makePanel();
        QVERIFY(rig.panel->rangeSource()->text().contains(QLatin1String("module")));

        // a payload over the 1500-byte limit
        FormWidget *pub = rig.form("pubex");
        QVERIFY(pub->sendButton()->isEnabled());
        pub->payloadEdit("payload")->setData(QByteArray(1501, 'x'));
        QLabel *err = pub->errorLabel("payload");
        QVERIFY(!err->isHidden());
        QCOMPARE(err->text(),
                 QStringLiteral("msg_length is 1501 bytes long; the allowed length is 0-1500 bytes"));
        QVERIFY(!pub->sendButton()->isEnabled());
        QVERIFY(!pub->addButton()->isEnabled());
        QVERIFY(pub->preview()->toPlainText().isEmpty());
        QCOMPARE(pub->payloadEdit("payload")->countLabel()->text(), QStringLiteral("1501 / 1500 bytes"));
        pub->payloadEdit("payload")->setData(QByteArray(1500, 'x'));
        QVERIFY(err->isHidden());
        QVERIFY(pub->sendButton()->isEnabled());

        // msgid 0 with QoS 1: the message sits under msgid
        pub->spinBox("msgid")->setValue(0);
        QVERIFY(!pub->errorLabel("msgid")->isHidden());
        QVERIFY(
            pub->errorLabel("msgid")->text().contains(QLatin1String("msgid 0 is only allowed with qos 0")));
        QVERIFY(!pub->sendButton()->isEnabled());

        // a host name over 100 bytes
        FormWidget *open = rig.form("open");
        setText(open->lineEdit("host"), QString(101, QLatin1Char('h')));
        QVERIFY(!open->errorLabel("host")->isHidden());
        QCOMPARE(open->errorLabel("host")->text(),
                 QStringLiteral("host_name is 101 bytes long in UTF-8; the allowed length is 1-100 bytes"));
        QVERIFY(!open->sendButton()->isEnabled());

        // The module's own ranges replace the seed's: a module that allows keep-alive 0-1800 and
        // PDP contexts 1-5 and 7 (as if it had answered AT+QMTCFG=? so).
        FormWidget *ka = rig.form("cfg.keepalive");
        QCOMPARE(ka->spinBox("keepalive")->maximum(), 3600);
        rig.session.pipeline().wroteCommand("AT+QMTCFG=?");
        rig.session.pipeline().received("\r\n+QMTCFG: \"keepalive\",(0-5),(0-1800)\r\n"
                                        "+QMTCFG: \"pdpcid\",(0-5),(1-5,7)\r\n\r\nOK\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(ka->spinBox("keepalive")->maximum(), 1800, kWait);
        QCOMPARE(ka->findChild<QLabel *>(QStringLiteral("range_keepalive"))->text(),
                 QStringLiteral("0-1800 seconds"));
        FormWidget *cid = rig.form("cfg.pdpcid");
        QCOMPARE(cid->spinBox("cid")->maximum(), 7);
        cid->spinBox("cid")->setValue(6);
        QVERIFY(!cid->errorLabel("cid")->isHidden());
        QCOMPARE(cid->errorLabel("cid")->text(), QStringLiteral("cid 6 is not one of 1-5,7"));
        QVERIFY(!cid->sendButton()->isEnabled());
        cid->spinBox("cid")->setValue(7);
        QVERIFY(cid->errorLabel("cid")->isHidden());
        QVERIFY(cid->sendButton()->isEnabled());

        // closed: the seed's ranges again, and nothing can be sent
        rig.session.close();
        QCOMPARE(ka->spinBox("keepalive")->maximum(), 3600);
        QVERIFY(!cid->sendButton()->isEnabled());
        QVERIFY(cid->addButton()->isEnabled()); // sequences can be built without a module
    }

    // Typing 5000 into a 0-3600 box keeps 5000 (no dropped keystroke) and says why it cannot be
    // sent; leaving the field brings it to 3600 and says so.
    void spinBoxesRefuseVisibly()
    {
        Rig rig;
        rig.makePanel();
        rig.panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.panel.get()));
        FormWidget *ka = rig.form("cfg.keepalive");
        QSpinBox *spin = ka->spinBox("keepalive");
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, QStringLiteral("5000"));
        QCOMPARE(spin->text(), QStringLiteral("5000"));
        QLabel *err = ka->errorLabel("keepalive");
        QVERIFY(!err->isHidden());
        QVERIFY2(err->text().contains(QLatin1String("0-3600")) && err->text().contains(QLatin1String("5000")),
                 qPrintable(err->text()));
        QVERIFY(!ka->addButton()->isEnabled());
        QVERIFY(ka->preview()->toPlainText().isEmpty());
        // back in range: no error
        QTest::keyClick(spin, Qt::Key_Backspace);
        QCOMPARE(spin->text(), QStringLiteral("500"));
        QVERIFY(err->isHidden());
        QVERIFY(ka->addButton()->isEnabled());
        // out of range again, then the focus leaves: corrected to the limit, and said
        QTest::keyClicks(spin, QStringLiteral("0"));
        QVERIFY(!err->isHidden());
        ka->spinBox("idx")->setFocus();
        QTRY_COMPARE(spin->value(), 3600);
        QVERIFY(!err->isHidden());
        QVERIFY2(err->text().startsWith(QLatin1String("5000 is outside 0-3600")), qPrintable(err->text()));
        QVERIFY(ka->addButton()->isEnabled());
        QCOMPARE(ka->preview()->toPlainText(), QStringLiteral("AT+QMTCFG=\"keepalive\",0,3600"));
    }

    // At the default window size (1280x800 screen: the window takes 1132 px, the panels 3/5 of
    // it) no form is wider than its page: nothing cut, no sideways scrolling.
    void everyFormFitsItsPage()
    {
        Rig rig;
        rig.makePanel();
        rig.panel->resize(680, 600);
        rig.panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.panel.get()));
        for (const at::FormSpec &spec : at::allForms()) {
            QVERIFY(rig.panel->showForm(spec.id));
            FormWidget *f = rig.panel->form(spec.id);
            QVERIFY(f);
            auto *page = qobject_cast<QScrollArea *>(f->parentWidget()->parentWidget());
            QVERIFY(page);
            QCoreApplication::processEvents();
            QVERIFY2(f->minimumSizeHint().width() <= page->viewport()->width(),
                     qPrintable(QStringLiteral("%1 needs %2 px, has %3")
                                    .arg(QString::fromLatin1(spec.id))
                                    .arg(f->minimumSizeHint().width())
                                    .arg(page->viewport()->width())));
            QVERIFY2(!page->horizontalScrollBar()->isVisible(), spec.id.constData());
        }
    }

    void addToSequence()
    {
        Rig rig;
        rig.makePanel();
        FormWidget *open = rig.form("open");
        open->spinBox("idx")->setValue(2);
        setText(open->lineEdit("host"), QStringLiteral("broker.example"));
        QTest::mouseClick(open->addButton(), Qt::LeftButton);
        QCOMPARE(rig.sequence.steps().size(), 1);
        QCOMPARE(rig.sequence.steps()[0].command, QByteArray("AT+QMTOPEN=2,\"broker.example\",1883"));
        QCOMPARE(rig.sequence.steps()[0].expect, QByteArray("+QMTOPEN: 2,0"));

        FormWidget *ka = rig.form("cfg.keepalive");
        QTest::mouseClick(ka->addButton(), Qt::LeftButton);
        QCOMPARE(rig.sequence.steps()[1].command, QByteArray("AT+QMTCFG=\"keepalive\",0,120"));
        QCOMPARE(rig.sequence.steps()[1].expect, QByteArray("OK"));

        FormWidget *sub = rig.form("sub");
        sub->topicList("topics")->addRow(QStringLiteral("b"), 2);
        QTest::mouseClick(sub->addButton(), Qt::LeftButton);
        QCOMPARE(rig.sequence.steps()[2].expect, QByteArray("+QMTSUB: 0,1,0,1,2"));

        FormWidget *pub = rig.form("pubex");
        pub->payloadEdit("payload")->setData("hello");
        QTest::mouseClick(pub->addButton(), Qt::LeftButton);
        const session::SequenceStep &step = rig.sequence.steps()[3];
        QCOMPARE(step.command, QByteArray("AT+QMTPUBEX=0,1,1,0,\"qmtscope/test\",5"));
        QCOMPARE(step.data, QByteArray("hello"));
        QCOMPARE(step.expect, QByteArray("+QMTPUBEX: 0,1,0"));
        QCOMPARE(step.note, QStringLiteral("Publish"));

        FormWidget *conn = rig.form("conn");
        QTest::mouseClick(conn->addButton(), Qt::LeftButton);
        QCOMPARE(rig.sequence.steps()[4].expect, QByteArray("+QMTCONN: 0,0,0"));

        // what was used is remembered for the next run (secrets are not)
        rig.panel.reset();
        rig.makePanel();
        QCOMPARE(rig.panel->form("open")->lineEdit("host")->text(), QStringLiteral("broker.example"));
        QCOMPARE(rig.panel->form("open")->spinBox("idx")->value(), 2);
        QCOMPARE(rig.panel->currentForm(), rig.panel->form("conn"));
    }

    void sendReachesTheSimulator()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.makePanel();
        rig.panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.panel.get()));

        FormWidget *ka = rig.form("cfg.keepalive");
        ka->spinBox("idx")->setValue(1);
        ka->spinBox("keepalive")->setValue(300);
        QVERIFY(ka->sendButton()->isEnabled());
        // Ctrl+Enter sends
        rig.panel->activateWindow();
        ka->spinBox("keepalive")->setFocus();
        QTest::keyClick(ka->spinBox("keepalive"), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!ka->resultLabel()->isHidden(), kWait);
        QVERIFY2(ka->resultLabel()->text().startsWith(QLatin1String("Last result: OK")),
                 qPrintable(ka->resultLabel()->text()));
        QCOMPARE(rig.session.store().slot(1).config.keepAlive, 300);

        // the read-back form asks the module and shows its answer
        ka->spinBox("keepalive")->setValue(5);
        ka->setReadBack(true);
        QTest::mouseClick(ka->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            ka->resultLines()->toPlainText().contains(QLatin1String("+QMTCFG: \"keepalive\",300")), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(ka->spinBox("keepalive")->value(), 300, kWait); // filled from the answer

        // an identity in text, and an error the module reports
        FormWidget *ati = rig.form("ati");
        QTest::mouseClick(ati->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(ati->resultLines()->toPlainText().contains(QLatin1String("Quectel")), kWait);
        FormWidget *close = rig.form("close");
        close->spinBox("idx")->setValue(4); // nothing open there
        QTest::mouseClick(close->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!close->resultLabel()->isHidden(), kWait);
        QVERIFY2(!close->resultLabel()->text().startsWith(QLatin1String("Last result: OK (")),
                 qPrintable(close->resultLabel()->text()));
    }

    // After a command with a packet id went out, the form offers the next free one; QoS 0 holds
    // the id at 0 (the spec's rule) and gives the user's id back when QoS rises again.
    void packetIdAdvances()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.makePanel();
        rig.panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.panel.get()));

        FormWidget *sub = rig.form("sub");
        QCOMPARE(sub->spinBox("msgid")->value(), 1);
        QVERIFY(sub->send());
        QCOMPARE(sub->spinBox("msgid")->value(), 2);
        QVERIFY(sub->send());
        QCOMPARE(sub->spinBox("msgid")->value(), 3);

        FormWidget *pub = rig.form("pubex");
        QSpinBox *id = pub->spinBox("msgid");
        id->setValue(41);
        QComboBox *qos = pub->comboBox("qos");
        qos->setCurrentIndex(qos->findData(0));
        QCOMPARE(id->value(), 0);
        QVERIFY(!id->isEnabled());
        QVERIFY(pub->previewText().startsWith(QLatin1String("AT+QMTPUBEX=0,0,0,")));
        qos->setCurrentIndex(qos->findData(1));
        QCOMPARE(id->value(), 41);
        QVERIFY(id->isEnabled());
        QVERIFY(pub->send());
        QCOMPARE(id->value(), 42);
        // values set while QoS 0 holds the id wait for QoS to rise
        qos->setCurrentIndex(qos->findData(0));
        pub->setValues(at::FormValues().setNumber("msgid", 77));
        QCOMPARE(id->value(), 0);
        qos->setCurrentIndex(qos->findData(2));
        QCOMPARE(id->value(), 77);
    }

    // 46 forms: only the one shown is built with the panel; the others when first shown (from
    // the list or showForm) or asked for.
    void formsAreBuiltWhenFirstShown()
    {
        Rig rig;
        rig.makePanel();
        QCOMPARE(rig.panel->builtFormCount(), 1);
        QVERIFY(rig.panel->builtForm("cfg.keepalive"));
        QVERIFY(!rig.panel->builtForm("pubex"));
        QTreeWidgetItem *pubex = nullptr;
        for (QTreeWidgetItemIterator it(rig.panel->commandList()); *it; ++it)
            if ((*it)->data(0, Qt::UserRole).toString() == QLatin1String("pubex"))
                pubex = *it;
        QVERIFY(pubex);
        rig.panel->commandList()->setCurrentItem(pubex);
        QVERIFY(rig.panel->builtForm("pubex"));
        QCOMPARE(rig.panel->currentForm(), rig.panel->builtForm("pubex"));
        QCOMPARE(rig.panel->builtFormCount(), 2);
        QVERIFY(rig.panel->showForm("sub"));
        QCOMPARE(rig.panel->builtFormCount(), 3);
        QVERIFY(!rig.panel->form("no.such.form"));
        QCOMPARE(rig.panel->builtFormCount(), 3);
    }

    void readFromModuleFillsTheForms()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.makePanel();
        // The module holds a configuration for client 2, set through the session.
        for (const char *line :
             {R"(AT+QMTCFG="version",2,3)", R"(AT+QMTCFG="pdpcid",2,2)", R"(AT+QMTCFG="ssl",2,1,3)",
              R"(AT+QMTCFG="keepalive",2,90)", R"(AT+QMTCFG="session",2,0)",
              R"(AT+QMTCFG="timeout",2,10,4,1)", R"(AT+QMTCFG="will",2,1,2,1,"w/t","bye")",
              R"(AT+QMTCFG="recv/mode",2,1,1)", R"(AT+QMTCFG="aliauth",2,"pk1","dev1","sec1")",
              R"(AT+QMTCFG="qmtping",2,30)"})
            QVERIFY2(rig.send(line).succeeded(), line);

        FormWidget *ka = rig.panel->form("cfg.keepalive");
        QCOMPARE(ka->spinBox("keepalive")->value(), 120); // the forms still show their defaults
        QVERIFY(!rig.panel->builtForm("cfg.version"));    // filled when it is built, below
        QSignalSpy finished(rig.panel.get(), &ui::FormsPanel::readBackFinished);
        rig.panel->readSlotBox()->setValue(2);
        QTest::mouseClick(rig.panel->readButton(), Qt::LeftButton);
        QVERIFY(!rig.panel->readButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
        QCOMPARE(finished[0].at(0).toInt(), 2);
        // every sub-command answered but aliauth, which is not asked: its answer would print the
        // device secret into the session's log (the settings table marks it secret); its form
        // shows what the traffic showed when it was set
        QCOMPARE(finished[0].at(1).toInt(), 10);
        QCOMPARE(finished[0].at(2).toInt(), 10);
        QVERIFY(rig.panel->readButton()->isEnabled());
        QVERIFY(rig.panel->readStatus()->text().contains(QLatin1String("client 2")));
        QVERIFY(!rig.panel->builtForm("cfg.version"));

        const auto combo = [&](const char *form, const char *key) {
            return rig.panel->form(form)->comboBox(key)->currentData().toInt();
        };
        const auto spin = [&](const char *form, const char *key) {
            return rig.panel->form(form)->spinBox(key)->value();
        };
        const auto text = [&](const char *form, const char *key) {
            return rig.panel->form(form)->lineEdit(key)->text();
        };
        for (at::CfgSetting s : at::allCfgSettings())
            if (!at::settingInfo(s).secret)
                QCOMPARE(spin(at::cfgForm(s)->id.constData(), "idx"), 2);
        QCOMPARE(combo("cfg.version", "vsn"), 3);
        QCOMPARE(spin("cfg.pdpcid", "cid"), 2);
        QCOMPARE(combo("cfg.ssl", "enable"), 1);
        QCOMPARE(spin("cfg.ssl", "sslctx"), 3);
        QCOMPARE(spin("cfg.keepalive", "keepalive"), 90);
        QCOMPARE(combo("cfg.session", "clean"), 0);
        QCOMPARE(spin("cfg.timeout", "pkt"), 10);
        QCOMPARE(spin("cfg.timeout", "retry"), 4);
        QCOMPARE(combo("cfg.timeout", "notice"), 1);
        QCOMPARE(combo("cfg.will", "flag"), 1);
        QCOMPARE(combo("cfg.will", "qos"), 2);
        QCOMPARE(combo("cfg.will", "retain"), 1);
        QCOMPARE(text("cfg.will", "topic"), QStringLiteral("w/t"));
        QCOMPARE(text("cfg.will", "message"), QStringLiteral("bye"));
        QCOMPARE(text("cfg.willex", "topic"), QStringLiteral("w/t"));
        QCOMPARE(rig.panel->form("cfg.willex")->payloadEdit("message")->data(),
                 std::optional<QByteArray>("bye"));
        QCOMPARE(combo("cfg.recv/mode", "mode"), 1);
        QCOMPARE(combo("cfg.recv/mode", "msglen"), 1);
        QVERIFY(text("cfg.aliauth", "ds").isEmpty()); // the secret was not asked for
        QCOMPARE(spin("cfg.qmtping", "interval"), 30);
        // and the filled forms build the same commands again
        QCOMPARE(rig.panel->form("cfg.timeout")->preview()->toPlainText(),
                 QStringLiteral("AT+QMTCFG=\"timeout\",2,10,4,1"));

        // not connected: said, nothing sent
        rig.session.close();
        rig.panel->readFromModule(2);
        QVERIFY(rig.panel->readStatus()->text().contains(QLatin1String("Not connected")));
        QVERIFY(!rig.panel->isReading());
    }
};

QTEST_MAIN(tst_Forms)
#include "tst_forms.moc"
