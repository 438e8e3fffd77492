// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every panel of the desktop app gets: the session (port, pipeline, channel, models), the
// sequence being edited (forms add steps to it), and the demo module when the app runs one.
// Panels are made by the factory functions below, each implemented in its own file.

class QWidget;

namespace qmt::session {
class Session;
class Sequence;
} // namespace qmt::session
namespace qmt::sim {
class DemoModule;
}

namespace qmt::ui {

struct UiContext
{
    session::Session *session = nullptr;
    session::Sequence *sequence = nullptr;
    sim::DemoModule *demo = nullptr; // null unless demo mode runs
};

QWidget *createConsolePanel(UiContext &ctx, QWidget *parent);   // consolepanel.cpp
QWidget *createTrafficPanel(UiContext &ctx, QWidget *parent);   // trafficpanel.cpp
QWidget *createDashboardPanel(UiContext &ctx, QWidget *parent); // dashboardpanel.cpp
QWidget *createFormsPanel(UiContext &ctx, QWidget *parent);     // formspanel.cpp
QWidget *createSequencePanel(UiContext &ctx, QWidget *parent);  // sequencepanel.cpp
QWidget *createDiagnosisPanel(UiContext &ctx, QWidget *parent); // diagnosispanel.cpp
QWidget *createPeerPanel(UiContext &ctx, QWidget *parent);      // peerpanel.cpp
// Opens the TLS wizard (modal to parent, deletes itself when closed).
void openTlsWizard(UiContext &ctx, QWidget *parent); // tlswizard.cpp

} // namespace qmt::ui
