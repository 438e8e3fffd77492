// SPDX-License-Identifier: Apache-2.0
#include "faultmenu.h"

#include "at/spec.h"
#include "sim/simmodule.h"
#include "engine/clientslot.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QEvent>

#include <array>

namespace qmt::ui {

namespace {
constexpr std::array<int, 4> kSlowSteps{0, 300, 1000, 3000}; // ms
constexpr int kFirstConnack = 1, kLastConnack = 5;

QString specText(const spec::CodeText *c)
{
    return c ? QCoreApplication::translate("qmt::spec", c->text) : QString();
}
} // namespace

FaultMenu::FaultMenu(QWidget *parent) : QMenu(parent)
{
    setObjectName(QStringLiteral("faultMenu"));
    m_slotMenu = addMenu(QString());
    m_slotGroup = new QActionGroup(this);
    for (int i = 0; i < state::kSlotCount; ++i) {
        QAction *a = m_slotMenu->addAction(QString());
        a->setObjectName(QStringLiteral("faultSlot%1").arg(i));
        a->setCheckable(true);
        a->setChecked(i == m_slot);
        m_slotGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, i] { setTargetSlot(i); });
    }
    addSeparator();

    m_drop = addFault("faultDrop");
    connect(m_drop, &QAction::triggered, this, [this] {
        const int i = m_slot;
        apply(tr("slot %1's broker link dropped").arg(i), [i](sim::SimModule &m) { m.dropLink(i); });
    });
    m_noPing = addFault("faultNoPing");
    connect(m_noPing, &QAction::triggered, this, [this] {
        const int i = m_slot;
        apply(tr("slot %1's pings go unanswered").arg(i),
              [i](sim::SimModule &m) { m.stopAnsweringPings(i); });
    });
    m_refuseMenu = addMenu(QString());
    for (int code = kFirstConnack; code <= kLastConnack; ++code) {
        QAction *a = m_refuseMenu->addAction(QString());
        a->setObjectName(QStringLiteral("faultRefuse%1").arg(code));
        connect(a, &QAction::triggered, this, [this, code] {
            const int i = m_slot;
            apply(tr("slot %1 refuses its next CONNECT with code %2").arg(i).arg(code),
                  [i, code](sim::SimModule &m) { m.refuseNextConnect(i, code); });
        });
    }
    m_dns = addFault("faultDns");
    m_pdp = addFault("faultPdp");
    m_tls = addFault("faultTls");
    for (const auto &[action, result] : {std::pair{m_dns, 4}, std::pair{m_pdp, 3}, std::pair{m_tls, -1}}) {
        const int r = result;
        connect(action, &QAction::triggered, this, [this, r] {
            const int i = m_slot;
            apply(tr("slot %1's next open fails: %2").arg(i).arg(specText(spec::openResult(r))),
                  [i, r](sim::SimModule &m) { m.failNextOpen(i, r); });
        });
    }
    addSeparator();

    m_slowMenu = addMenu(QString());
    m_slowGroup = new QActionGroup(this);
    for (const int ms : kSlowSteps) {
        QAction *a = m_slowMenu->addAction(QString());
        a->setObjectName(QStringLiteral("faultSlow%1").arg(ms));
        a->setCheckable(true);
        a->setChecked(ms == 0);
        m_slowGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, ms] {
            apply(ms ? tr("the module answers %1 ms late").arg(ms) : tr("the module answers at once"),
                  [ms](sim::SimModule &m) { m.setResponseDelay(std::chrono::milliseconds(ms)); });
        });
    }
    m_urcFirst = addFault("faultUrcFirst");
    m_urcFirst->setCheckable(true);
    connect(m_urcFirst, &QAction::triggered, this, [this](bool on) {
        apply(on ? tr("result URCs now come before OK") : tr("result URCs now come after OK"),
              [on](sim::SimModule &m) { m.setUrcBeforeFinal(on); });
    });
    m_garbage = addFault("faultGarbage");
    connect(m_garbage, &QAction::triggered, this,
            [this] { apply(tr("garbage sent on the line"), [](sim::SimModule &m) { m.injectGarbage(); }); });
    addSeparator();
    m_reboot = addFault("faultReboot");
    connect(m_reboot, &QAction::triggered, this,
            [this] { apply(tr("the module restarts"), [](sim::SimModule &m) { m.reboot(); }); });

    retranslate();
    setModule(nullptr);
}

QAction *FaultMenu::addFault(const char *name)
{
    QAction *a = addAction(QString());
    a->setObjectName(QLatin1String(name));
    return a;
}

void FaultMenu::setModule(sim::SimModule *module)
{
    m_module = module;
    setEnabled(module != nullptr);
    // A new module has no faults yet.
    m_urcFirst->setChecked(false);
    const QList<QAction *> slow = m_slowGroup->actions();
    if (!slow.isEmpty())
        slow.first()->setChecked(true);
}

sim::SimModule *FaultMenu::module() const
{
    return m_module;
}

void FaultMenu::setTargetSlot(int idx)
{
    if (idx < 0 || idx >= state::kSlotCount)
        return;
    m_slot = idx;
    m_slotGroup->actions().at(idx)->setChecked(true);
    retranslate();
}

void FaultMenu::apply(const QString &what, const std::function<void(sim::SimModule &)> &f)
{
    if (!m_module)
        return;
    f(*m_module);
    emit applied(tr("Fault injected: %1").arg(what));
}

void FaultMenu::retranslate()
{
    setTitle(tr("F&aults"));
    m_slotMenu->setTitle(tr("&Target Slot: %1").arg(m_slot));
    const QList<QAction *> slotActions = m_slotGroup->actions();
    for (int i = 0; i < slotActions.size(); ++i)
        slotActions[i]->setText(tr("Slot &%1").arg(i));
    m_drop->setText(tr("&Drop the Broker Link"));
    m_drop->setToolTip(tr("The connection to the broker breaks: +QMTSTAT: %1,1").arg(m_slot));
    m_noPing->setText(tr("Stop Answering &Pings"));
    m_noPing->setToolTip(
        tr("The broker stops answering PINGREQ: +QMTSTAT: %1,2 after the ping interval").arg(m_slot));
    m_refuseMenu->setTitle(tr("&Refuse the Next CONNECT"));
    const QList<QAction *> refuse = m_refuseMenu->actions();
    for (int i = 0; i < refuse.size(); ++i) {
        const int code = kFirstConnack + i;
        refuse[i]->setText(tr("Code &%1: %2").arg(code).arg(specText(spec::connackCode(code))));
    }
    m_dns->setText(tr("Next Open Fails: &DNS"));
    m_dns->setToolTip(specText(spec::openResult(4)));
    m_pdp->setText(tr("Next Open Fails: P&DP Context"));
    m_pdp->setToolTip(specText(spec::openResult(3)));
    m_tls->setText(tr("Next Open Fails: &TLS Handshake"));
    m_tls->setToolTip(specText(spec::openResult(-1)));
    m_slowMenu->setTitle(tr("&Slow Responses"));
    const QList<QAction *> slow = m_slowGroup->actions();
    for (int i = 0; i < slow.size(); ++i)
        slow[i]->setText(kSlowSteps[std::size_t(i)] ? tr("%1 ms Late").arg(kSlowSteps[std::size_t(i)])
                                                    : tr("&Off"));
    m_urcFirst->setText(tr("Result &URC Before OK"));
    m_garbage->setText(tr("Send &Garbage"));
    m_reboot->setText(tr("Re&boot the Module"));
    setToolTipsVisible(true);
}

void FaultMenu::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMenu::changeEvent(event);
}

} // namespace qmt::ui
