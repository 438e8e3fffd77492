// SPDX-License-Identifier: Apache-2.0
#pragma once
// FaultMenu: the demo mode's "Faults" menu. It applies the simulated module's faults (a dropped
// broker link, unanswered pings, a refused CONNECT, a failing open, slow answers, result URCs
// before OK, garbage on the line, a reboot) to the slot chosen in the menu, and says what it did.

#include <QMenu>
#include <QPointer>

#include <functional>

class QActionGroup;

namespace qmt::sim {
class SimModule;
}

namespace qmt::ui {

class FaultMenu : public QMenu
{
    Q_OBJECT
public:
    explicit FaultMenu(QWidget *parent = nullptr);

    // The module the faults go to; null disables the menu. A new module starts with no faults.
    void setModule(sim::SimModule *module);
    sim::SimModule *module() const;

    int targetSlot() const { return m_slot; }
    void setTargetSlot(int idx);

signals:
    // A fault was applied; `what` says which, in words, for the status bar.
    void applied(const QString &what);

protected:
    void changeEvent(QEvent *event) override;

private:
    QAction *addFault(const char *name);
    void retranslate();
    void apply(const QString &what, const std::function<void(sim::SimModule &)> &f);

    QPointer<sim::SimModule> m_module;
    int m_slot = 0;
    QMenu *m_slotMenu = nullptr;
    QActionGroup *m_slotGroup = nullptr;
    QMenu *m_refuseMenu = nullptr;
    QMenu *m_slowMenu = nullptr;
    QActionGroup *m_slowGroup = nullptr;
    QAction *m_drop = nullptr;
    QAction *m_noPing = nullptr;
    QAction *m_dns = nullptr;
    QAction *m_pdp = nullptr;
    QAction *m_tls = nullptr;
    QAction *m_urcFirst = nullptr;
    QAction *m_garbage = nullptr;
    QAction *m_reboot = nullptr;
};

} // namespace qmt::ui
