// SPDX-License-Identifier: Apache-2.0
#pragma once
// DashboardPanel: the module's six MQTT client slots as cards in a column beside the main
// window's tabs, live from the slot model; a guide line for a new user; the slot detail windows.

#include "slotdetail.h"
#include "engine/clientslot.h"

#include <QPointer>
#include <QWidget>

#include <array>

class QLabel;

namespace qmt::ui {

struct UiContext;
class SlotActionRunner;
class SlotCard;

class DashboardPanel : public QWidget
{
    Q_OBJECT
public:
    DashboardPanel(UiContext &ctx, QWidget *parent = nullptr);
    ~DashboardPanel() override;

    SlotCard *card(int slotIndex) const { return m_cards[std::size_t(slotIndex)]; }
    SlotActionRunner *actions() const { return m_runner; }
    // Opens (or raises) the slot's detail window.
    SlotDetailDialog *showDetail(int slotIndex);
    // The slot's detail window if it was ever opened.
    SlotDetailDialog *detail(int slotIndex) const { return m_details[std::size_t(slotIndex)]; }
    // The guide line above the cards (empty when there is nothing to say).
    QString hintText() const;

    QSize sizeHint() const override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refreshSlots(int first, int last);
    void updateHint();

    UiContext &m_ctx;
    SlotActionRunner *m_runner = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_hint = nullptr;
    QWidget *m_viewport = nullptr;
    std::array<SlotCard *, state::kSlotCount> m_cards{};
    std::array<QPointer<SlotDetailDialog>, state::kSlotCount> m_details{};
};

} // namespace qmt::ui
