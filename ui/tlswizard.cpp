// SPDX-License-Identifier: Apache-2.0
#include "tlswizard.h"

#include "at/pem.h"
#include "io/session.h"
#include "sim/demomodule.h"
#include "uicontext.h"
#include "workflows/certcheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>
#include <QWizardPage>

namespace qmt::ui {

using session::CertFinding;
using session::TlsFileRole;
using session::TlsPlan;
using session::TlsProvisioner;

namespace {

constexpr int kRoles = session::kTlsFileRoles;
const QString kGroup = QStringLiteral("tlsWizard/");

// Stable, untranslated keys for objectNames and settings.
QString roleKey(int role)
{
    static const char *const keys[] = {"caCert", "clientCert", "clientKey"};
    return QString::fromLatin1(keys[role]);
}

QString capitalized(QString s)
{
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QString stripPrefix(const QString &name)
{
    for (const QLatin1String p : {QLatin1String("RAM:"), QLatin1String("UFS:")})
        if (name.startsWith(p, Qt::CaseInsensitive))
            return name.mid(p.size());
    return name;
}

// An icon from the style and a wrapped text: how every page states what is right or wrong.
class StatusLine : public QWidget
{
    Q_OBJECT // tr() in the class's own context, where the catalogue has its strings
        public : enum class Kind : std::uint8_t {
            None,
            Ok,
            Info,
            Warning,
            Error
        };

    explicit StatusLine(QWidget *parent = nullptr) : QWidget(parent)
    {
        auto *l = new QHBoxLayout(this);
        l->setContentsMargins(0, 0, 0, 0);
        m_icon = new QLabel(this);
        m_icon->setAlignment(Qt::AlignTop);
        m_text = new QLabel(this);
        m_text->setWordWrap(true);
        m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_text->setTextFormat(Qt::PlainText);
        l->addWidget(m_icon);
        l->addWidget(m_text, 1);
        set(Kind::None, QString());
    }

    void set(Kind kind, const QString &text)
    {
        m_kind = kind;
        static const char *const tones[] = {"none", "good", "info", "warning", "bad"};
        setProperty("tone", QString::fromLatin1(tones[int(kind)])); // for tests and style sheets
        m_text->setText(text);
        setVisible(!text.isEmpty());
        QStyle::StandardPixmap sp = QStyle::SP_MessageBoxInformation;
        switch (kind) {
        case Kind::None:
            m_icon->clear();
            m_icon->setVisible(false);
            return;
        case Kind::Ok:
            sp = QStyle::SP_DialogApplyButton;
            break;
        case Kind::Info:
            sp = QStyle::SP_MessageBoxInformation;
            break;
        case Kind::Warning:
            sp = QStyle::SP_MessageBoxWarning;
            break;
        case Kind::Error:
            sp = QStyle::SP_MessageBoxCritical;
            break;
        }
        const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
        m_icon->setPixmap(
            style()->standardIcon(sp, nullptr, this).pixmap(QSize(size, size), devicePixelRatioF()));
        m_icon->setVisible(true);
    }
    Kind kind() const { return m_kind; }
    QString text() const { return m_text->text(); }

private:
    QLabel *m_icon;
    QLabel *m_text;
    Kind m_kind = Kind::None;
};

QLabel *hint(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    l->setForegroundRole(QPalette::PlaceholderText); // quieter, and right in light and dark palettes
    return l;
}

QPlainTextEdit *monospaceLog(QWidget *parent)
{
    auto *t = new QPlainTextEdit(parent);
    t->setReadOnly(true);
    t->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    t->setLineWrapMode(QPlainTextEdit::NoWrap);
    return t;
}

} // namespace

// ---- page 1: the files --------------------------------------------------------------------------

class TlsFilesPage : public QWizardPage
{
    Q_OBJECT // tr() in the class's own context, where the catalogue has its strings
        public : explicit TlsFilesPage(TlsWizard *wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("Certificate files"));
        setSubTitle(
            tr("Choose what your MQTT server asks for. Each file is checked here, then uploaded to the "
               "module with AT+QFUPL."));
        auto *layout = new QVBoxLayout(this);
        m_port = new StatusLine(this);
        layout->addWidget(m_port);

        auto *form = new QFormLayout;
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        m_level = new QComboBox(this);
        m_level->setObjectName(QStringLiteral("secLevel"));
        m_level->addItem(tr("0 — encryption only, no certificate checked"), 0);
        m_level->addItem(tr("1 — verify the server (CA certificate)"), 1);
        m_level->addItem(tr("2 — verify the server and the client (CA, client certificate and key)"), 2);
        form->addRow(tr("&Security level:"), m_level);
        layout->addLayout(form);

        auto *grid = new QGridLayout;
        for (int i = 0; i < kRoles; ++i) {
            Row &r = m_rows[i];
            r.label =
                new QLabel(capitalized(session::tlsFileRoleName(TlsFileRole(i))) + QLatin1Char(':'), this);
            r.path = new QLineEdit(this);
            r.path->setObjectName(roleKey(i) + QStringLiteral("Path"));
            r.path->setClearButtonEnabled(true);
            r.path->setPlaceholderText(
                i == 2 ? tr("PEM private key, e.g. client.key")
                       : tr("PEM certificate, e.g. %1")
                             .arg(i == 0 ? QStringLiteral("ca.crt") : QStringLiteral("client.crt")));
            r.label->setBuddy(r.path);
            r.browse = new QPushButton(tr("Browse…"), this);
            r.browse->setObjectName(roleKey(i) + QStringLiteral("Browse"));
            r.status = new StatusLine(this);
            r.status->setObjectName(roleKey(i) + QStringLiteral("Status"));
            grid->addWidget(r.label, i * 2, 0);
            grid->addWidget(r.path, i * 2, 1);
            grid->addWidget(r.browse, i * 2, 2);
            grid->addWidget(r.status, i * 2 + 1, 1, 1, 2);
            connect(r.path, &QLineEdit::textChanged, this, [this, i] { refresh(i); });
            connect(r.browse, &QPushButton::clicked, this, [this, i] { browse(i); });
        }
        grid->setColumnStretch(1, 1);
        layout->addLayout(grid);

        // Demo mode: the demo made a CA and a client certificate its broker accepts.
        m_demo = new QPushButton(tr("Use the demo's certificates"), this);
        m_demo->setObjectName(QStringLiteral("useDemoCertificates"));
        m_demo->setToolTip(tr("The CA, client certificate and key the demo made at start; its broker's TLS "
                              "listener requires that client certificate"));
        m_demo->setVisible(false);
        connect(m_demo, &QPushButton::clicked, this, [this] {
            setSecLevel(2);
            m_caChecksClients->setChecked(true); // the demo's broker checks clients with the demo CA
            for (int i = 0; i < kRoles; ++i)
                setPath(i, m_demoPaths.value(i));
        });
        auto *demoRow = new QHBoxLayout;
        demoRow->addWidget(m_demo);
        demoRow->addStretch(1);
        layout->addLayout(demoRow);
        // What the files say about each other: key and certificate, CA and client, dates.
        m_caChecksClients =
            new QCheckBox(tr("The broker checks client certificates with this &CA too"), this);
        m_caChecksClients->setObjectName(QStringLiteral("caChecksClients"));
        m_caChecksClients->setToolTip(tr(
            "The module uses the CA certificate only to check the server. Tick this if the broker also "
            "checks the client certificate against it (one CA for both, as in most private set-ups): then a "
            "client certificate from another CA stops the upload."));
        layout->addWidget(m_caChecksClients);
        // The lines take the room there is and scroll when several certificates need more.
        m_checksArea = new QScrollArea(this);
        m_checksArea->setFrameShape(QFrame::NoFrame);
        m_checksArea->setWidgetResizable(true);
        m_checksArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_checks = new QWidget(m_checksArea);
        m_checks->setObjectName(QStringLiteral("certChecks"));
        m_checksLayout = new QVBoxLayout(m_checks);
        m_checksLayout->setContentsMargins(0, 0, 0, 0);
        m_checksLayout->addStretch(1);
        m_checksArea->setWidget(m_checks);
        // Room for the usual five lines, some wrapped, whatever the window manager does (wrapped
        // labels do not make a window grow).
        m_checksArea->setMinimumHeight(fontMetrics().lineSpacing() * 10);
        layout->addWidget(m_checksArea, 1);
        m_acceptWarnings = new QCheckBox(tr("Upload despite these &warnings"), this);
        m_acceptWarnings->setObjectName(QStringLiteral("acceptWarnings"));
        m_acceptWarnings->setVisible(false);
        layout->addWidget(m_acceptWarnings);
        connect(m_caChecksClients, &QCheckBox::toggled, this, &TlsFilesPage::refreshChecks);
        connect(m_acceptWarnings, &QCheckBox::toggled, this, &TlsFilesPage::completeChanged);
        QLabel *keysHint =
            hint(tr("Keys encrypted with a passphrase cannot be used: the module has no way to "
                    "enter one. Only the file paths are remembered, never their contents."),
                 this);
        keysHint->setMinimumHeight(fontMetrics().lineSpacing() * 2); // two lines, never clipped
        layout->addWidget(keysHint);
        if (session::Session *s = wizard->session()) {
            connect(s, &session::Session::opened, this, &TlsFilesPage::initializePage);
            connect(s, &session::Session::closed, this, &TlsFilesPage::initializePage);
        }
        connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
            for (int i = 0; i < kRoles; ++i)
                refresh(i);
        });
    }

    int secLevel() const { return m_level->currentData().toInt(); }
    void setSecLevel(int level)
    {
        const int i = m_level->findData(level);
        if (i >= 0)
            m_level->setCurrentIndex(i);
    }
    bool caChecksClients() const { return m_caChecksClients->isChecked(); }
    void setCaChecksClients(bool on) { m_caChecksClients->setChecked(on); }
    QString path(int role) const { return m_rows[role].path->text().trimmed(); }
    void setPath(int role, const QString &p) { m_rows[role].path->setText(p); }
    const QByteArray &data(int role) const { return m_rows[role].data; }
    void offerDemo(const QStringList &paths)
    {
        m_demoPaths = paths;
        m_demo->setVisible(paths.size() == kRoles);
    }

    void initializePage() override
    {
        const bool open = m_wizard->session() && m_wizard->session()->isOpen();
        m_port->set(open ? StatusLine::Kind::None : StatusLine::Kind::Warning,
                    open ? QString()
                         : tr("No module is connected: you can prepare the files, but the upload needs an "
                              "open port."));
    }

    bool isComplete() const override
    {
        for (int i = 0; i < kRoles; ++i)
            if (session::tlsFileNeeded(TlsFileRole(i), secLevel()) && !m_rows[i].ok)
                return false;
        // a hard failure stops here; warnings need the user's word
        const CertFinding::Tone worst = session::worstTone(m_findings);
        return worst == CertFinding::Tone::Good ||
               (worst == CertFinding::Tone::Warning && m_acceptWarnings->isChecked());
    }
    // Next (and QWizard::next()) only with files that pass: nothing is uploaded otherwise.
    bool validatePage() override { return isComplete(); }

private:
    QPushButton *m_demo = nullptr;
    QStringList m_demoPaths; // CA, client certificate, client key

    struct Row
    {
        QLabel *label = nullptr;
        QLineEdit *path = nullptr;
        QPushButton *browse = nullptr;
        StatusLine *status = nullptr;
        QByteArray data;
        bool ok = false;
    };

    void browse(int role)
    {
        QSettings settings;
        const QString current = path(role);
        const QString dir = !current.isEmpty()
                                ? QFileInfo(current).absolutePath()
                                : settings.value(kGroup + QStringLiteral("lastDir")).toString();
        const QString filter = role == 2 ? tr("Private keys (*.key *.pem);;All files (*)")
                                         : tr("Certificates (*.pem *.crt *.cer);;All files (*)");
        const QString chosen = QFileDialog::getOpenFileName(
            this, tr("Choose the %1").arg(session::tlsFileRoleName(TlsFileRole(role))), dir, filter);
        if (chosen.isEmpty())
            return;
        settings.setValue(kGroup + QStringLiteral("lastDir"), QFileInfo(chosen).absolutePath());
        setPath(role, chosen);
    }

    void refresh(int role)
    {
        Row &r = m_rows[role];
        const auto fileRole = TlsFileRole(role);
        const bool needed = session::tlsFileNeeded(fileRole, secLevel());
        r.label->setEnabled(needed);
        r.path->setEnabled(needed);
        r.browse->setEnabled(needed);
        r.ok = false;
        r.data.clear();
        const QString p = path(role);
        if (!needed) {
            r.status->set(StatusLine::Kind::Info, tr("Not needed at security level %1.").arg(secLevel()));
        } else if (p.isEmpty()) {
            r.status->set(StatusLine::Kind::None, QString());
        } else if (!QFileInfo(p).isFile()) {
            r.status->set(StatusLine::Kind::Error, tr("There is no file %1.").arg(p));
        } else {
            TlsPlan scratch;
            QString error;
            if (!scratch.load(fileRole, p, &error)) {
                r.status->set(StatusLine::Kind::Error, error);
            } else {
                r.data = scratch.file(fileRole).data;
                const at::PemCheck c =
                    at::checkPem(r.data, fileRole == TlsFileRole::ClientKey ? at::PemRole::PrivateKey
                                                                            : at::PemRole::Certificate);
                r.ok = c.ok();
                QStringList text{c.describe()};
                text += c.notes;
                r.status->set(c.ok() ? StatusLine::Kind::Ok : StatusLine::Kind::Error,
                              text.join(QLatin1Char('\n')));
            }
        }
        refreshChecks();
    }

    // One line per finding of session::checkCertificates() over the files as chosen now.
    void refreshChecks()
    {
        TlsPlan p;
        p.secLevel = secLevel();
        p.caChecksClients = caChecksClients();
        for (int i = 0; i < kRoles; ++i) {
            p.files[std::size_t(i)].localPath = path(i);
            p.files[std::size_t(i)].data = m_rows[i].data;
        }
        m_caChecksClients->setEnabled(p.needs(TlsFileRole::ClientCert));
        m_findings = session::checkCertificates(p);
        qDeleteAll(m_checkLines);
        m_checkLines.clear();
        QStringList warnings;
        for (const CertFinding &f : m_findings) {
            auto *line = new StatusLine(m_checks);
            line->setObjectName(QStringLiteral("certCheck"));
            line->set(f.tone == CertFinding::Tone::Good      ? StatusLine::Kind::Ok
                      : f.tone == CertFinding::Tone::Warning ? StatusLine::Kind::Warning
                                                             : StatusLine::Kind::Error,
                      f.text);
            m_checksLayout->insertWidget(m_checksLayout->count() - 1, line); // above the stretch
            m_checkLines << line;
            if (f.tone == CertFinding::Tone::Warning)
                warnings << f.text;
        }
        m_checks->setVisible(
            !m_findings.isEmpty()); // the frameless area stays, empty: it takes the spare room
        // A new warning needs a new "upload anyway"; a hard failure cannot be overridden.
        const QString seen = warnings.join(QLatin1Char('\n'));
        if (seen != m_warningsSeen) {
            m_warningsSeen = seen;
            m_acceptWarnings->setChecked(false);
        }
        m_acceptWarnings->setVisible(!warnings.isEmpty() &&
                                     session::worstTone(m_findings) != CertFinding::Tone::Bad);
        emit completeChanged();
    }

    TlsWizard *m_wizard;
    StatusLine *m_port;
    QComboBox *m_level;
    Row m_rows[kRoles];
    QCheckBox *m_caChecksClients;
    QScrollArea *m_checksArea;
    QWidget *m_checks;
    QVBoxLayout *m_checksLayout;
    QList<StatusLine *> m_checkLines;
    QCheckBox *m_acceptWarnings;
    QList<CertFinding> m_findings;
    QString m_warningsSeen; // the warnings the user was last asked about
};

// ---- page 2: names on the module, context and slot ------------------------------------------------

class TlsModulePage : public QWizardPage
{
    Q_OBJECT // tr() in the class's own context, where the catalogue has its strings
        public : explicit TlsModulePage(TlsWizard *wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("On the module"));
        setSubTitle(tr("Where the files are stored, which SSL context gets them, and which MQTT client slot "
                       "uses that context."));
        auto *layout = new QVBoxLayout(this);
        auto *form = new QFormLayout;
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        m_storage = new QComboBox(this);
        m_storage->setObjectName(QStringLiteral("storage"));
        m_storage->addItem(tr("RAM — lost when the module restarts (as in the vendor's example)"),
                           QStringLiteral("RAM:"));
        m_storage->addItem(tr("UFS — the module's flash, kept across restarts"), QStringLiteral("UFS:"));
        form->addRow(tr("S&tore in:"), m_storage);
        for (int i = 0; i < kRoles; ++i) {
            m_names[i] = new QLineEdit(session::defaultModuleFileName(TlsFileRole(i)), this);
            m_names[i]->setObjectName(roleKey(i) + QStringLiteral("Name"));
            m_nameLabels[i] =
                new QLabel(tr("%1 as:").arg(capitalized(session::tlsFileRoleName(TlsFileRole(i)))), this);
            m_nameLabels[i]->setBuddy(m_names[i]);
            form->addRow(m_nameLabels[i], m_names[i]);
            connect(m_names[i], &QLineEdit::textChanged, this, &TlsModulePage::update);
        }
        m_ctx = new QSpinBox(this);
        m_ctx->setObjectName(QStringLiteral("sslCtx"));
        const at::RangeTable &ranges =
            wizard->session() ? wizard->session()->store().module().ranges : at::RangeTable();
        // the module's own ranges (its =? answers), else the seed's
        m_ctx->setRange(int(ranges.range(at::Param::SslContextId).min()),
                        int(ranges.range(at::Param::SslContextId).max()));
        m_ctx->setValue(2);
        form->addRow(tr("SSL &context:"), m_ctx);
        auto *slotRow = new QHBoxLayout;
        m_bind = new QCheckBox(tr("&Bind client slot"), this);
        m_bind->setObjectName(QStringLiteral("bindSlot"));
        m_bind->setChecked(true);
        m_slot = new QSpinBox(this);
        m_slot->setObjectName(QStringLiteral("clientIdx"));
        m_slot->setRange(int(ranges.range(at::Param::ClientIdx).min()),
                         int(ranges.range(at::Param::ClientIdx).max()));
        slotRow->addWidget(m_bind);
        slotRow->addWidget(m_slot);
        slotRow->addWidget(new QLabel(tr("to this context (AT+QMTCFG=\"ssl\")"), this), 1);
        form->addRow(QString(), slotRow);
        layout->addLayout(form);
        m_problems = new StatusLine(this);
        m_problems->setObjectName(QStringLiteral("moduleProblems"));
        m_warnings = new StatusLine(this);
        m_warnings->setObjectName(QStringLiteral("moduleWarnings"));
        layout->addWidget(m_problems);
        layout->addWidget(m_warnings);
        layout->addStretch(1);

        connect(m_storage, &QComboBox::currentIndexChanged, this, [this] {
            const QString prefix = m_storage->currentData().toString();
            for (QLineEdit *e : m_names)
                e->setText(prefix + stripPrefix(e->text().trimmed()));
        });
        connect(m_ctx, &QSpinBox::valueChanged, this, &TlsModulePage::update);
        connect(m_slot, &QSpinBox::valueChanged, this, &TlsModulePage::update);
        connect(m_bind, &QCheckBox::toggled, this, [this](bool on) {
            m_slot->setEnabled(on);
            update();
        });
    }

    void fill(TlsPlan &p) const
    {
        for (int i = 0; i < kRoles; ++i)
            p.files[std::size_t(i)].moduleName = m_names[i]->text().trimmed();
        p.sslCtx = m_ctx->value();
        p.clientIdx = m_slot->value();
        p.bindSlot = m_bind->isChecked();
    }

    void initializePage() override { update(); }
    bool isComplete() const override { return m_ok; }

    void load(const QSettings &s)
    {
        const int storage =
            m_storage->findData(s.value(kGroup + QStringLiteral("storage"), QStringLiteral("RAM:")));
        m_storage->setCurrentIndex(std::max(storage, 0));
        for (int i = 0; i < kRoles; ++i)
            m_names[i]->setText(
                s.value(kGroup + QStringLiteral("name/") + roleKey(i), m_names[i]->text()).toString());
        m_ctx->setValue(s.value(kGroup + QStringLiteral("sslCtx"), 2).toInt());
        m_slot->setValue(s.value(kGroup + QStringLiteral("clientIdx"), 0).toInt());
        m_bind->setChecked(s.value(kGroup + QStringLiteral("bindSlot"), true).toBool());
    }
    void save(QSettings &s) const
    {
        s.setValue(kGroup + QStringLiteral("storage"), m_storage->currentData());
        for (int i = 0; i < kRoles; ++i)
            s.setValue(kGroup + QStringLiteral("name/") + roleKey(i), m_names[i]->text().trimmed());
        s.setValue(kGroup + QStringLiteral("sslCtx"), m_ctx->value());
        s.setValue(kGroup + QStringLiteral("clientIdx"), m_slot->value());
        s.setValue(kGroup + QStringLiteral("bindSlot"), m_bind->isChecked());
    }

private:
    void update()
    {
        const TlsPlan p = m_wizard->plan();
        for (int i = 0; i < kRoles; ++i) {
            m_names[i]->setEnabled(p.needs(TlsFileRole(i)));
            m_nameLabels[i]->setEnabled(p.needs(TlsFileRole(i)));
        }
        const QStringList problems = m_wizard->provisioner()->problems(p);
        const QStringList warnings = m_wizard->provisioner()->warnings(p);
        m_problems->set(problems.isEmpty() ? StatusLine::Kind::None : StatusLine::Kind::Error,
                        problems.join(QLatin1Char('\n')));
        m_warnings->set(warnings.isEmpty() ? StatusLine::Kind::None : StatusLine::Kind::Warning,
                        warnings.join(QLatin1Char('\n')));
        const bool ok = problems.isEmpty();
        if (ok != m_ok) {
            m_ok = ok;
            emit completeChanged();
        }
    }

    TlsWizard *m_wizard;
    QComboBox *m_storage;
    QLineEdit *m_names[kRoles];
    QLabel *m_nameLabels[kRoles];
    QSpinBox *m_ctx;
    QCheckBox *m_bind;
    QSpinBox *m_slot;
    StatusLine *m_problems;
    StatusLine *m_warnings;
    bool m_ok = false;
};

// ---- page 3: TLS settings -----------------------------------------------------------------------

class TlsSettingsPage : public QWizardPage
{
    Q_OBJECT // tr() in the class's own context, where the catalogue has its strings
        public : explicit TlsSettingsPage(TlsWizard *wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("TLS settings"));
        setSubTitle(
            tr("The values of the vendor's AWS IoT example are preset. Upload starts when you go on."));
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, tr("&Upload"));
        auto *layout = new QVBoxLayout(this);
        auto *form = new QFormLayout;
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        m_version = new QComboBox(this);
        m_version->setObjectName(QStringLiteral("sslVersion"));
        m_version->addItem(tr("SSL 3.0 (insecure)"), 0);
        m_version->addItem(tr("TLS 1.0"), 1);
        m_version->addItem(tr("TLS 1.1"), 2);
        m_version->addItem(tr("TLS 1.2"), 3);
        m_version->addItem(tr("All — the module and the server agree"), 4);
        m_version->setCurrentIndex(4);
        form->addRow(tr("&Version:"), m_version);

        m_cipher = new QComboBox(this);
        m_cipher->setObjectName(QStringLiteral("cipherSuite"));
        m_cipher->setEditable(true);
        m_cipher->setInsertPolicy(QComboBox::NoInsert);
        for (const session::CipherSuite &c : session::knownCipherSuites()) {
            const QString name = c.value == 0xFFFF
                                     ? QCoreApplication::translate("qmt::session::TlsProvisioner", c.name)
                                     : QString::fromLatin1(c.name);
            m_cipher->addItem(
                QStringLiteral("0X%1 — %2")
                    .arg(QString::number(c.value, 16).rightJustified(4, QLatin1Char('0')).toUpper(), name),
                c.value);
        }
        m_cipher->setToolTip(tr("One suite, or 0XFFFF for every suite the module supports. Type another hex "
                                "value if your module lists more."));
        form->addRow(tr("C&ipher suite:"), m_cipher);

        m_ignoreTime = new QCheckBox(tr("&Ignore the certificates' validity dates"), this);
        m_ignoreTime->setObjectName(QStringLiteral("ignoreLocalTime"));
        m_ignoreTime->setChecked(true);
        form->addRow(QString(), m_ignoreTime);
        form->addRow(QString(),
                     hint(tr("A module without network time often has a wrong clock and would refuse "
                             "valid certificates."),
                          this));

        m_sni = new QComboBox(this);
        m_sni->setObjectName(QStringLiteral("sni"));
        m_sni->addItem(tr("Leave the module's setting (not sent)"), -1);
        m_sni->addItem(tr("Off"), 0);
        m_sni->addItem(tr("On"), 1);
        form->addRow(tr("Server &name indication:"), m_sni);
        form->addRow(QString(),
                     hint(tr("Turn it on when the server's address is shared by several host names, as "
                             "with most cloud MQTT services."),
                          this));
        layout->addLayout(form);
        m_problem = new StatusLine(this);
        layout->addWidget(m_problem);
        layout->addWidget(new QLabel(tr("What will be sent:"), this));
        m_preview = monospaceLog(this);
        m_preview->setObjectName(QStringLiteral("preview"));
        layout->addWidget(m_preview, 1);

        if (session::Session *s = wizard->session()) { // the port may come and go while the wizard is open
            connect(s, &session::Session::opened, this, &TlsSettingsPage::update);
            connect(s, &session::Session::closed, this, &TlsSettingsPage::update);
        }
        connect(m_version, &QComboBox::currentIndexChanged, this, &TlsSettingsPage::update);
        connect(m_cipher, &QComboBox::currentTextChanged, this, &TlsSettingsPage::update);
        connect(m_ignoreTime, &QCheckBox::toggled, this, &TlsSettingsPage::update);
        connect(m_sni, &QComboBox::currentIndexChanged, this, &TlsSettingsPage::update);
    }

    // The suite typed or chosen: "0XC02F — name", "c02f", "0xffff"; -1 if it is no 16-bit hex value.
    int cipherSuite() const
    {
        QString t = m_cipher->currentText().trimmed();
        t = t.left(t.indexOf(QLatin1Char(' ')) < 0 ? t.size() : t.indexOf(QLatin1Char(' ')));
        if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
            t = t.mid(2);
        bool ok = false;
        const uint v = t.toUInt(&ok, 16);
        return ok && !t.isEmpty() && t.size() <= 4 ? int(v) : -1;
    }

    void fill(TlsPlan &p) const
    {
        p.sslVersion = m_version->currentData().toInt();
        p.cipherSuite = cipherSuite();
        p.ignoreLocalTime = m_ignoreTime->isChecked();
        const int sni = m_sni->currentData().toInt();
        p.sni = sni < 0 ? std::nullopt : std::optional<bool>(sni == 1);
    }

    void initializePage() override { update(); }
    bool isComplete() const override { return m_ok; }

    void load(const QSettings &s)
    {
        m_version->setCurrentIndex(
            std::max(m_version->findData(s.value(kGroup + QStringLiteral("sslVersion"), 4)), 0));
        const int suite = s.value(kGroup + QStringLiteral("cipherSuite"), 0xFFFF).toInt();
        const int i = m_cipher->findData(suite);
        if (i >= 0)
            m_cipher->setCurrentIndex(i);
        else
            m_cipher->setEditText(QStringLiteral("0X%1").arg(suite, 4, 16, QLatin1Char('0')).toUpper());
        m_ignoreTime->setChecked(s.value(kGroup + QStringLiteral("ignoreLocalTime"), true).toBool());
        m_sni->setCurrentIndex(std::max(m_sni->findData(s.value(kGroup + QStringLiteral("sni"), -1)), 0));
    }
    void save(QSettings &s) const
    {
        s.setValue(kGroup + QStringLiteral("sslVersion"), m_version->currentData());
        if (cipherSuite() >= 0)
            s.setValue(kGroup + QStringLiteral("cipherSuite"), cipherSuite());
        s.setValue(kGroup + QStringLiteral("ignoreLocalTime"), m_ignoreTime->isChecked());
        s.setValue(kGroup + QStringLiteral("sni"), m_sni->currentData());
    }

private:
    void update()
    {
        const TlsPlan p = m_wizard->plan();
        QStringList problems = m_wizard->provisioner()->problems(p);
        if (p.cipherSuite < 0)
            problems.prepend(tr("The cipher suite must be a hex value from 0X0000 to 0XFFFF, e.g. 0XC02F."));
        const bool open = m_wizard->session() && m_wizard->session()->isOpen();
        if (!open)
            problems << tr("No module is connected: open a port first.");
        m_problem->set(problems.isEmpty() ? StatusLine::Kind::None : StatusLine::Kind::Error,
                       problems.join(QLatin1Char('\n')));
        QStringList lines;
        for (const QByteArray &l : m_wizard->provisioner()->preview(p))
            lines << QString::fromUtf8(l);
        m_preview->setPlainText(lines.join(QLatin1Char('\n')));
        const bool ok = problems.isEmpty();
        if (ok != m_ok) {
            m_ok = ok;
            emit completeChanged();
        }
    }

    TlsWizard *m_wizard;
    QComboBox *m_version;
    QComboBox *m_cipher;
    QCheckBox *m_ignoreTime;
    QComboBox *m_sni;
    StatusLine *m_problem;
    QPlainTextEdit *m_preview;
    bool m_ok = false;
};

// ---- page 4: the upload -------------------------------------------------------------------------

class TlsUploadPage : public QWizardPage
{
    Q_OBJECT // tr() in the class's own context, where the catalogue has its strings
        public : explicit TlsUploadPage(TlsWizard *wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("Upload and configure"));
        setSubTitle(tr("Each file is uploaded with AT+QFUPL; the module's checksum must match ours."));
        auto *layout = new QVBoxLayout(this);
        auto *grid = new QGridLayout;
        for (int i = 0; i < kRoles; ++i) {
            Row &r = m_rows[i];
            r.name = new QLabel(this);
            r.bar = new QProgressBar(this);
            r.bar->setObjectName(roleKey(i) + QStringLiteral("Progress"));
            r.bar->setFormat(tr("%v of %m bytes"));
            r.checksum = new QLabel(this);
            r.checksum->setObjectName(roleKey(i) + QStringLiteral("Checksum"));
            r.checksum->setTextInteractionFlags(Qt::TextSelectableByMouse);
            grid->addWidget(r.name, i, 0);
            grid->addWidget(r.bar, i, 1);
            grid->addWidget(r.checksum, i, 2);
        }
        grid->setColumnStretch(1, 1);
        layout->addLayout(grid);

        m_exists = new QFrame(this);
        m_exists->setObjectName(QStringLiteral("existsBox"));
        m_exists->setFrameShape(QFrame::StyledPanel);
        auto *existsLayout = new QVBoxLayout(m_exists);
        m_existsText = new StatusLine(m_exists);
        m_existsText->setObjectName(QStringLiteral("existsText"));
        existsLayout->addWidget(m_existsText);
        auto *buttons = new QHBoxLayout;
        m_delete = new QPushButton(tr("&Delete and retry"), m_exists);
        m_delete->setObjectName(QStringLiteral("deleteAndRetry"));
        m_keep = new QPushButton(tr("&Keep the module's file"), m_exists);
        m_keep->setObjectName(QStringLiteral("keepExisting"));
        m_cancel = new QPushButton(tr("&Stop here"), m_exists);
        m_cancel->setObjectName(QStringLiteral("cancelRun"));
        buttons->addWidget(m_delete);
        buttons->addWidget(m_keep);
        buttons->addWidget(m_cancel);
        buttons->addStretch(1);
        existsLayout->addLayout(buttons);
        m_exists->setVisible(false);
        layout->addWidget(m_exists);

        m_status = new StatusLine(this);
        m_status->setObjectName(QStringLiteral("uploadStatus"));
        layout->addWidget(m_status);
        m_again = new QPushButton(tr("&Try again"), this);
        m_again->setObjectName(QStringLiteral("tryAgain"));
        m_again->setVisible(false);
        auto *againRow = new QHBoxLayout;
        againRow->addWidget(m_again);
        againRow->addStretch(1);
        layout->addLayout(againRow);
        m_log = monospaceLog(this);
        m_log->setObjectName(QStringLiteral("uploadLog"));
        layout->addWidget(m_log, 1);

        TlsProvisioner *p = wizard->provisioner();
        connect(m_delete, &QPushButton::clicked, this, [this, p] {
            m_exists->setVisible(false);
            p->deleteAndRetry();
        });
        connect(m_keep, &QPushButton::clicked, this, [this, p] {
            m_exists->setVisible(false);
            p->keepExisting();
        });
        connect(m_cancel, &QPushButton::clicked, this, [this, p] {
            m_exists->setVisible(false);
            p->cancel();
        });
        connect(m_again, &QPushButton::clicked, this, &TlsUploadPage::start);

        connect(p, &TlsProvisioner::uploadStarted, this,
                [this](TlsFileRole role, const QString &name, qint64 size) {
                    Row &r = m_rows[int(role)];
                    r.bar->setRange(0, int(std::max<qint64>(size, 1)));
                    r.bar->setValue(0);
                    r.checksum->clear();
                    m_status->set(StatusLine::Kind::Info,
                                  tr("Uploading the %1 as %2 …").arg(session::tlsFileRoleName(role), name));
                    log(tr("→ %1 (%2 bytes)").arg(name).arg(size));
                });
        connect(p, &TlsProvisioner::uploadProgress, this, [this](TlsFileRole role, qint64 sent, qint64) {
            m_rows[int(role)].bar->setValue(int(sent));
        });
        connect(
            p, &TlsProvisioner::verified, this,
            [this](TlsFileRole role, qint64, const QByteArray &theirs, const QByteArray &ours) {
                const QString text =
                    tr("module %1 / ours %2 ✓").arg(QString::fromLatin1(theirs), QString::fromLatin1(ours));
                m_rows[int(role)].checksum->setText(text);
                log(tr("%1: %2").arg(m_wizard->provisioner()->plan().file(role).moduleName, text));
            });
        connect(p, &TlsProvisioner::fileExists, this, [this](TlsFileRole role, const QString &name) {
            m_existsText->set(
                StatusLine::Kind::Warning,
                tr("The module already has a file %1. Delete it and upload the %2 again, or keep "
                   "the module's file (it cannot be verified)?")
                    .arg(name, session::tlsFileRoleName(role)));
            m_exists->setVisible(true);
            m_status->set(StatusLine::Kind::None, QString());
            log(tr("%1 already exists on the module").arg(name));
            m_delete->setFocus();
        });
        connect(p, &TlsProvisioner::fileDeleted, this,
                [this](TlsFileRole, const QString &name) { log(tr("%1 deleted").arg(name)); });
        connect(p, &TlsProvisioner::fileKept, this,
                [this](TlsFileRole role, const QString &name, qint64 size) {
                    Row &r = m_rows[int(role)];
                    r.checksum->setText(size < 0 ? tr("kept the module's file")
                                                 : tr("kept the module's file, %1 bytes").arg(size));
                    r.bar->setRange(0, 1);
                    r.bar->setValue(1);
                    r.bar->setFormat(tr("kept"));
                    log(tr("%1 kept").arg(name));
                });
        connect(p, &TlsProvisioner::commandDone, this,
                [this](const QByteArray &line) { log(tr("%1 → OK").arg(QString::fromUtf8(line))); });
        connect(p, &TlsProvisioner::failed, this, [this](const QString &reason) {
            m_status->set(StatusLine::Kind::Error, reason);
            log(tr("stopped: %1").arg(reason));
        });
        connect(p, &TlsProvisioner::cancelled, this, [this] {
            m_status->set(StatusLine::Kind::Warning, tr("Stopped. Nothing more was sent to the module."));
            log(tr("stopped by you"));
        });
        connect(p, &TlsProvisioner::finished, this, [this](const session::TlsSummary &s) {
            m_exists->setVisible(false);
            m_again->setVisible(!s.ok);
            if (s.ok)
                m_status->set(
                    StatusLine::Kind::Ok,
                    s.slotBound
                        ? tr("Done: client slot %1 uses SSL context %2.").arg(s.clientIdx).arg(s.sslCtx)
                        : tr("Done: SSL context %1 is set up.").arg(s.sslCtx));
            emit completeChanged();
        });
    }

    void initializePage() override { start(); }
    bool isComplete() const override
    {
        const TlsProvisioner *p = m_wizard->provisioner();
        return !p->isRunning() && m_started && p->summary().ok;
    }

private:
    struct Row
    {
        QLabel *name = nullptr;
        QProgressBar *bar = nullptr;
        QLabel *checksum = nullptr;
    };

    void start()
    {
        const TlsPlan plan = m_wizard->plan();
        m_wizard->saveSettings();
        for (int i = 0; i < kRoles; ++i) {
            Row &r = m_rows[i];
            const bool needed = plan.needs(TlsFileRole(i));
            r.name->setVisible(needed);
            r.bar->setVisible(needed);
            r.checksum->setVisible(needed);
            r.name->setText(tr("%1 → %2").arg(capitalized(session::tlsFileRoleName(TlsFileRole(i))),
                                              plan.file(TlsFileRole(i)).moduleName));
            r.bar->setRange(0, int(std::max<qsizetype>(plan.file(TlsFileRole(i)).data.size(), 1)));
            r.bar->setValue(0);
            r.bar->setFormat(tr("%v of %m bytes"));
            r.checksum->clear();
        }
        m_exists->setVisible(false);
        m_again->setVisible(false);
        m_log->clear();
        m_started = true;
        TlsProvisioner *p = m_wizard->provisioner();
        if (!p->start(plan)) {
            QStringList why = p->problems(plan);
            if (!m_wizard->session() || !m_wizard->session()->isOpen())
                why.prepend(tr("No module is connected: open a port first."));
            if (why.isEmpty())
                why << tr("The upload could not start.");
            m_status->set(StatusLine::Kind::Error, why.join(QLatin1Char('\n')));
            m_again->setVisible(true);
        }
        emit completeChanged();
    }

    void log(const QString &line) { m_log->appendPlainText(line); }

    TlsWizard *m_wizard;
    Row m_rows[kRoles];
    QFrame *m_exists;
    StatusLine *m_existsText;
    QPushButton *m_delete, *m_keep, *m_cancel, *m_again;
    StatusLine *m_status;
    QPlainTextEdit *m_log;
    bool m_started = false;
};

// ---- page 5: the summary ------------------------------------------------------------------------

class TlsSummaryPage : public QWizardPage
{
    Q_OBJECT // tr() in the class's own context, where the catalogue has its strings
        public : explicit TlsSummaryPage(TlsWizard *wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("Summary"));
        auto *layout = new QVBoxLayout(this);
        m_text = new QLabel(this);
        m_text->setObjectName(QStringLiteral("summaryText"));
        m_text->setWordWrap(true);
        m_text->setTextFormat(Qt::PlainText);
        m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(m_text);
        layout->addWidget(new QLabel(tr("Commands that answered OK:"), this));
        m_commands = monospaceLog(this);
        m_commands->setObjectName(QStringLiteral("summaryCommands"));
        layout->addWidget(m_commands, 1);
    }

    void initializePage() override
    {
        const session::TlsSummary &s = m_wizard->provisioner()->summary();
        QString text = s.text();
        if (m_wizard->plan()
                .file(TlsFileRole::CaCert)
                .moduleName.startsWith(QLatin1String("RAM:"), Qt::CaseInsensitive))
            text += QLatin1Char('\n') +
                    tr("RAM: files are gone after the module restarts: run this wizard again then.");
        m_text->setText(text);
        QStringList lines;
        for (const QByteArray &l : s.commands)
            lines << QString::fromUtf8(l);
        m_commands->setPlainText(lines.join(QLatin1Char('\n')));
    }

private:
    TlsWizard *m_wizard;
    QLabel *m_text;
    QPlainTextEdit *m_commands;
};

// ---- the wizard ---------------------------------------------------------------------------------

TlsWizard::TlsWizard(session::Session *session, QWidget *parent)
    : QWizard(parent), m_session(session), m_provisioner(session)
{
    setWindowTitle(tr("TLS wizard"));
    setObjectName(QStringLiteral("tlsWizard"));
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    m_files = new TlsFilesPage(this);
    m_module = new TlsModulePage(this);
    m_settings = new TlsSettingsPage(this);
    m_upload = new TlsUploadPage(this);
    m_summary = new TlsSummaryPage(this);
    setPage(FilesPageId, m_files);
    setPage(ModulePageId, m_module);
    setPage(SettingsPageId, m_settings);
    setPage(UploadPageId, m_upload);
    setPage(SummaryPageId, m_summary);
    // Room for the wrapped hints and the command preview, in units of the font, not pixels.
    const QFontMetrics fm = fontMetrics();
    resize(fm.averageCharWidth() * 100, fm.lineSpacing() * 40);

    const QSettings s;
    m_files->setSecLevel(s.value(kGroup + QStringLiteral("secLevel"), 2).toInt());
    m_files->setCaChecksClients(s.value(kGroup + QStringLiteral("caChecksClients"), false).toBool());
    for (int i = 0; i < kRoles; ++i)
        m_files->setPath(i, s.value(kGroup + QStringLiteral("path/") + roleKey(i)).toString());
    m_module->load(s);
    m_settings->load(s);
}

TlsWizard::~TlsWizard() = default;

TlsPlan TlsWizard::plan() const
{
    TlsPlan p;
    p.secLevel = m_files->secLevel();
    p.caChecksClients = m_files->caChecksClients();
    for (int i = 0; i < kRoles; ++i) {
        p.files[std::size_t(i)].localPath = m_files->path(i);
        p.files[std::size_t(i)].data = m_files->data(i);
    }
    m_module->fill(p);
    m_settings->fill(p);
    return p;
}

void TlsWizard::setSecLevel(int level)
{
    m_files->setSecLevel(level);
}

void TlsWizard::setFilePath(TlsFileRole role, const QString &path)
{
    m_files->setPath(int(role), path);
}

void TlsWizard::offerDemoCertificates(const QString &caCert, const QString &clientCert,
                                      const QString &clientKey)
{
    m_files->offerDemo(caCert.isEmpty() ? QStringList() : QStringList{caCert, clientCert, clientKey});
}

void TlsWizard::saveSettings() const
{
    QSettings s;
    s.setValue(kGroup + QStringLiteral("secLevel"), m_files->secLevel());
    s.setValue(kGroup + QStringLiteral("caChecksClients"), m_files->caChecksClients());
    for (int i = 0; i < kRoles; ++i)
        s.setValue(kGroup + QStringLiteral("path/") + roleKey(i),
                   m_files->path(i)); // the path, never the content
    m_module->save(s);
    m_settings->save(s);
}

void TlsWizard::reject()
{
    if (m_provisioner.isRunning())
        m_provisioner.cancel();
    QWizard::reject();
}

void TlsWizard::accept()
{
    saveSettings();
    QWizard::accept();
}

void openTlsWizard(UiContext &ctx, QWidget *parent)
{
    auto *w = new TlsWizard(ctx.session, parent);
    if (ctx.demo) {
        const sim::DemoCertificates c = ctx.demo->certificates();
        if (c.isValid())
            w->offerDemoCertificates(c.caCert, c.clientCert, c.clientKey);
    }
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->open();
}

} // namespace qmt::ui

#include "tlswizard.moc"
