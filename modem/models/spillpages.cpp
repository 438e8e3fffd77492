// SPDX-License-Identifier: Apache-2.0
#include "models/spillpages.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace qmt::state {

SpillPages::SpillPages(qsizetype pageSize) : m_pageSize(pageSize) {}

SpillPages::~SpillPages()
{
    clear();
    if (m_fd >= 0)
        ::close(m_fd);
}

QString SpillPages::defaultFolder()
{
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return cache.isEmpty() ? QDir::tempPath() : cache; // made when the first page spills
}

void SpillPages::setSpill(const QString &folder, qsizetype residentPages)
{
    m_folder = folder;
    m_budget = folder.isEmpty() ? 0 : std::max<qsizetype>(2, residentPages);
    if (folder.isEmpty() && m_fd >= 0 && m_pages.empty()) {
        ::close(m_fd);
        m_fd = -1;
    }
}

bool SpillPages::openFile()
{
    if (m_fd >= 0)
        return true;
    if (m_folder.isEmpty())
        return false;
    // An unlinked file: nothing is left behind, whatever ends the process.
    QDir().mkpath(m_folder);
    const QByteArray dir = QFile::encodeName(m_folder);
    m_fd = ::open(dir.constData(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (m_fd < 0) { // a file system without O_TMPFILE
        QByteArray name = dir + "/qmtscope-traffic-XXXXXX";
        m_fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (m_fd >= 0)
            ::unlink(name.constData());
    }
    if (m_fd < 0)
        m_folder.clear(); // not here: every page stays in memory from now on
    return m_fd >= 0;
}

char *SpillPages::append()
{
    // Populated at once: one call instead of a page fault per 4 KB as the page fills (on this
    // VM a fault is dear; the drain rate of a flood with the journal on went from ~58 to ~64 MB/s).
    void *at = ::mmap(nullptr, std::size_t(m_pageSize), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (at == MAP_FAILED)
        return nullptr;
    Page p;
    p.bytes = static_cast<char *>(at);
    p.stamp = ++m_clock;
    m_pages.push_back(p);
    ++m_resident;
    if (m_budget > 0 && m_resident > m_budget)
        dropOne();
    return m_pages.back().bytes;
}

void SpillPages::bringIn(Page &p) const
{
    // Nothing to do but count it: the next access faults the bytes back in from the file.
    p.resident = true;
    ++m_resident;
    if (m_budget > 0 && m_resident > m_budget)
        dropOne();
}

void SpillPages::dropOne() const
{
    // The resident page touched longest ago, never the last one (being filled).
    std::size_t oldest = m_pages.size();
    for (std::size_t i = 0; i + 1 < m_pages.size(); ++i) {
        const Page &p = m_pages[i];
        if (p.resident && (oldest == m_pages.size() || p.stamp < m_pages[oldest].stamp))
            oldest = i;
    }
    if (oldest == m_pages.size())
        return;
    Page &p = m_pages[oldest];
    if (!p.inFile) {
        // Its bytes go to the file once, and the file takes the page's place at the same
        // addresses: the anonymous memory is freed.
        if (!const_cast<SpillPages *>(this)->openFile())
            return; // no file: everything stays in memory
        const off_t offset = off_t(oldest) * off_t(m_pageSize);
        qsizetype done = 0;
        while (done < m_pageSize) {
            const ssize_t n = ::pwrite(m_fd, p.bytes + done, std::size_t(m_pageSize - done), offset + done);
            if (n <= 0)
                return; // the disk is full: the page stays in memory
            done += n;
        }
        if (::mmap(p.bytes, std::size_t(m_pageSize), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, m_fd,
                   offset) == MAP_FAILED)
            return;
        p.inFile = true;
    }
    // The file (its page cache) keeps the bytes; this only unmaps them from the process.
    ::madvise(p.bytes, std::size_t(m_pageSize), MADV_DONTNEED);
    p.resident = false;
    --m_resident;
}

void SpillPages::clear()
{
    for (const Page &p : m_pages)
        ::munmap(p.bytes, std::size_t(m_pageSize));
    m_pages.clear();
    m_resident = 0;
    if (m_fd >= 0 && ::ftruncate(m_fd, 0) != 0) {
        ::close(m_fd); // start a new file next time
        m_fd = -1;
    }
}

} // namespace qmt::state
