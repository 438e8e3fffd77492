#pragma once
// The main window: the connect bar, the six-slot dashboard and the panels (console, traffic,
// forms, sequences). It owns the session; panels receive it through the UiContext.

#include "uicontext.h"

#include <QMainWindow>
#include <memory>

namespace qmt::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    UiContext &context() { return m_ctx; }

private:
    std::unique_ptr<session::Session> m_session;
    std::unique_ptr<session::Sequence> m_sequence;
    UiContext m_ctx;
};

} // namespace qmt::ui
