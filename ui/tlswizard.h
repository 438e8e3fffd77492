// SPDX-License-Identifier: Apache-2.0
#pragma once
// The TLS wizard: a view over session::TlsProvisioner. Pages: certificate files (checked as PEM
// on the spot), names on the module with the SSL context and client slot, TLS settings, the
// upload (a progress bar and the module's checksum against ours per file; "file exists" offers
// delete and retry, keep, or cancel), and a summary. Remembers file paths and choices — never
// file contents — in QSettings under "tlsWizard/".

#include "workflows/tlsprovisioner.h"

#include <QWizard>

namespace qmt::session {
class Session;
}

namespace qmt::ui {

class TlsFilesPage;
class TlsModulePage;
class TlsSettingsPage;
class TlsUploadPage;
class TlsSummaryPage;

class TlsWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { FilesPageId, ModulePageId, SettingsPageId, UploadPageId, SummaryPageId };

    explicit TlsWizard(session::Session *session, QWidget *parent = nullptr);
    ~TlsWizard() override;

    session::Session *session() const { return m_session; }
    session::TlsProvisioner *provisioner() { return &m_provisioner; }
    // The plan as the pages describe it now (file contents read from the chosen paths).
    session::TlsPlan plan() const;

    // What the files page shows, for callers that already know the files (and for tests).
    void setSecLevel(int level);
    void setFilePath(session::TlsFileRole role, const QString &path);
    // Demo mode: a button on the files page fills in these (security level 2).
    void offerDemoCertificates(const QString &caCert, const QString &clientCert, const QString &clientKey);

    void reject() override; // cancels a run in progress
    void accept() override; // remembers the choices

private:
    void saveSettings() const;

    session::Session *m_session;
    session::TlsProvisioner m_provisioner;
    TlsFilesPage *m_files;
    TlsModulePage *m_module;
    TlsSettingsPage *m_settings;
    TlsUploadPage *m_upload;
    TlsSummaryPage *m_summary;

    friend class TlsModulePage;
    friend class TlsSettingsPage;
    friend class TlsUploadPage;
    friend class TlsSummaryPage;
};

} // namespace qmt::ui
