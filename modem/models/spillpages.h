// SPDX-License-Identifier: Apache-2.0
#pragma once
// SpillPages: fixed-size pages of memory that a model fills once and reads often (the traffic
// model's text arena and row records), of which only a budget stays in the process's memory.
// A page is plain anonymous memory while it is filled and read; when more than the budget are
// in memory, the one touched longest ago goes to an unlinked file: its bytes are written there
// once and the file is mapped over the same addresses (mmap MAP_FIXED), which frees the memory;
// a page already in the file is just dropped again (MADV_DONTNEED on the shared mapping). The
// next touch reads it back. So a capture of any length runs in bounded resident memory, every
// row stays at a fixed address, and the filling side runs at memory speed. Without a file (none
// could be made, or spilling is off) pages stay in memory.

#include <QString>
#include <QtGlobal>
#include <vector>

namespace qmt::state {

class SpillPages
{
public:
    explicit SpillPages(qsizetype pageSize);
    ~SpillPages();
    SpillPages(const SpillPages &) = delete;
    SpillPages &operator=(const SpillPages &) = delete;

    // At most `residentPages` pages in memory; the others go to an unlinked file in `folder`
    // (when one can be made there). Empty folder: every page stays in memory.
    void setSpill(const QString &folder, qsizetype residentPages);
    // The folder spilling uses by default: the user's cache folder (on disk, unlike /tmp on
    // some systems), else the temporary folder.
    static QString defaultFolder();

    // A new page at the end (resident, zero-filled); nullptr when out of memory.
    char *append();
    // Page i's bytes at their fixed address, brought into memory if they were dropped.
    char *page(qsizetype i) const
    {
        Page &p = m_pages[std::size_t(i)];
        p.stamp = ++m_clock;
        if (!p.resident)
            bringIn(p);
        return p.bytes;
    }
    qsizetype size() const { return qsizetype(m_pages.size()); }
    qsizetype pageSize() const { return m_pageSize; }
    void clear();

    qsizetype residentPages() const { return m_resident; }

private:
    struct Page
    {
        char *bytes = nullptr;
        quint64 stamp = 0;
        bool resident = true;
        bool inFile = false; // written to the file and mapped from it (else anonymous memory)
    };
    void bringIn(Page &p) const;
    void dropOne() const;
    bool openFile();

    qsizetype m_pageSize;
    mutable std::vector<Page> m_pages;
    mutable quint64 m_clock = 0;
    mutable qsizetype m_resident = 0;
    qsizetype m_budget = 0; // 0: no limit
    QString m_folder;
    int m_fd = -1;
};

} // namespace qmt::state
