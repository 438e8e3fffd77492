// SPDX-License-Identifier: Apache-2.0
// For a fuzz target that opens SQLite files (fuzz_journal), in the libFuzzer build only:
// - SQLite's files in memory: a VFS, made the default, that keeps each file's bytes (and a WAL's
//   index) in a map instead of on disk, so a run costs no open/fcntl/stat/unlink system calls;
// - SQLite's own heap outside ASan's allocator: power-of-two size classes in memory mapped once,
//   never given back;
// - no mutexes (SQLITE_CONFIG_SINGLETHREAD): a fuzz target has one thread.
// Why, and what it gives up: docs/fuzzing.md ("fuzz_journal"). SQLite (a system library) is not
// instrumented, so ASan saw only the edges of its blocks; our code and Qt get copies. The plain
// driver (ctest, the asan preset, a campaign's corpus replay) keeps real files and ASan's heap.
#pragma once

#include "fuzzcommon.h"

#include <sqlite3.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qmt::fuzz::memsqlite {

// ---- the heap ---------------------------------------------------------------------------------

struct Heap
{
    static constexpr size_t kHeader = 16; // keeps blocks 16-aligned; holds the size class
    static constexpr int kClasses = 40;   // 32 bytes << class
    static constexpr size_t kChunk = size_t(8) << 20;
    void *freeList[kClasses] = {};
    char *chunk = nullptr;
    size_t left = 0;
};

inline Heap &heap()
{
    static Heap h;
    return h;
}

QMT_FUZZ_HARNESS inline int classOf(size_t n)
{
    int c = 0;
    while ((size_t(32) << c) < n + Heap::kHeader)
        ++c;
    return c;
}

QMT_FUZZ_HARNESS inline void *mapped(size_t n)
{
    void *p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        std::fprintf(stderr, "memsqlite: out of memory (%zu bytes)\n", n);
        std::abort();
    }
    return p;
}

QMT_FUZZ_HARNESS inline void *heapMalloc(int n)
{
    if (n <= 0)
        return nullptr;
    const int c = classOf(size_t(n));
    if (c >= Heap::kClasses)
        return nullptr;
    const size_t block = size_t(32) << c;
    Heap &h = heap();
    char *p = static_cast<char *>(h.freeList[c]);
    if (p) {
        h.freeList[c] = *reinterpret_cast<void **>(p);
    } else if (block > Heap::kChunk / 8) {
        p = static_cast<char *>(mapped(block));
    } else {
        if (h.left < block) {
            h.chunk = static_cast<char *>(mapped(Heap::kChunk));
            h.left = Heap::kChunk;
        }
        p = h.chunk;
        h.chunk += block;
        h.left -= block;
    }
    *reinterpret_cast<int *>(p + sizeof(void *)) = c;
    return p + Heap::kHeader;
}

QMT_FUZZ_HARNESS inline int heapClass(const void *user)
{
    return *reinterpret_cast<const int *>(static_cast<const char *>(user) - Heap::kHeader + sizeof(void *));
}

QMT_FUZZ_HARNESS inline void heapFree(void *user)
{
    if (!user)
        return;
    char *p = static_cast<char *>(user) - Heap::kHeader;
    const int c = heapClass(user);
    Heap &h = heap();
    *reinterpret_cast<void **>(p) = h.freeList[c];
    h.freeList[c] = p;
}

QMT_FUZZ_HARNESS inline int heapSize(void *user)
{
    return user ? int((size_t(32) << heapClass(user)) - Heap::kHeader) : 0;
}

QMT_FUZZ_HARNESS inline void *heapRealloc(void *user, int n)
{
    if (n <= heapSize(user))
        return user;
    void *q = heapMalloc(n);
    if (q && user) {
        std::memcpy(q, user, size_t(heapSize(user)));
        heapFree(user);
    }
    return q;
}

QMT_FUZZ_HARNESS inline int heapRoundup(int n)
{
    const int c = classOf(size_t(std::max(n, 1)));
    return c < Heap::kClasses ? int((size_t(32) << c) - Heap::kHeader) : n;
}

// Before anything opens a database (sqlite3_config() works only before SQLite initialises).
inline void configure()
{
    if (sqlite3_config(SQLITE_CONFIG_SINGLETHREAD) != SQLITE_OK)
        qmt::fuzz::fail("memsqlite",
                        "sqlite3_config(SQLITE_CONFIG_SINGLETHREAD) refused: SQLite was already in use");
    static const sqlite3_mem_methods methods = {heapMalloc,    heapFree,    heapRealloc,
                                                heapSize,      heapRoundup, [](void *) { return SQLITE_OK; },
                                                [](void *) {}, nullptr};
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK)
        qmt::fuzz::fail("memsqlite",
                        "sqlite3_config(SQLITE_CONFIG_MALLOC) refused: SQLite was already in use");
}

// ---- the files --------------------------------------------------------------------------------

struct File
{
    std::string bytes;
    bool readOnly = false; // as a file the user may not write: a read-write open is made read-only
    std::vector<std::unique_ptr<char[]>> shm; // a WAL's index (the "-shm" file), per database
};

struct Files
{
    std::map<std::string, std::shared_ptr<File>> byName;
    sqlite3_vfs *system = nullptr; // the default VFS before ours: time, randomness, sleep
};

inline Files &files()
{
    static Files f;
    return f;
}

struct Handle
{
    sqlite3_file base; // first: SQLite sees a sqlite3_file
    std::shared_ptr<File> file;
    std::string deleteOnClose;
    bool readOnly = false;
};

QMT_FUZZ_HARNESS inline File &fileOf(sqlite3_file *f)
{
    return *reinterpret_cast<Handle *>(f)->file;
}

QMT_FUZZ_HARNESS inline int xClose(sqlite3_file *f)
{
    auto *h = reinterpret_cast<Handle *>(f);
    if (!h->deleteOnClose.empty())
        files().byName.erase(h->deleteOnClose);
    h->~Handle();
    return SQLITE_OK;
}

QMT_FUZZ_HARNESS inline int xRead(sqlite3_file *f, void *out, int amount, sqlite3_int64 offset)
{
    const std::string &b = fileOf(f).bytes;
    const sqlite3_int64 have =
        offset < sqlite3_int64(b.size()) ? std::min<sqlite3_int64>(amount, b.size() - offset) : 0;
    if (have > 0)
        std::memcpy(out, b.data() + offset, size_t(have));
    if (have == amount)
        return SQLITE_OK;
    std::memset(static_cast<char *>(out) + have, 0, size_t(amount - have)); // as SQLite asks
    return SQLITE_IOERR_SHORT_READ;
}

QMT_FUZZ_HARNESS inline int xWrite(sqlite3_file *f, const void *in, int amount, sqlite3_int64 offset)
{
    if (reinterpret_cast<Handle *>(f)->readOnly)
        return SQLITE_IOERR_WRITE; // what write(2) on a read-only descriptor gives the unix VFS
    std::string &b = fileOf(f).bytes;
    if (sqlite3_int64(b.size()) < offset + amount)
        b.resize(size_t(offset + amount));
    std::memcpy(b.data() + offset, in, size_t(amount));
    return SQLITE_OK;
}

QMT_FUZZ_HARNESS inline int xTruncate(sqlite3_file *f, sqlite3_int64 size)
{
    if (reinterpret_cast<Handle *>(f)->readOnly)
        return SQLITE_IOERR_TRUNCATE;
    std::string &b = fileOf(f).bytes;
    if (sqlite3_int64(b.size()) > size)
        b.resize(size_t(size));
    return SQLITE_OK;
}

QMT_FUZZ_HARNESS inline int xFileSize(sqlite3_file *f, sqlite3_int64 *size)
{
    *size = sqlite3_int64(fileOf(f).bytes.size());
    return SQLITE_OK;
}

QMT_FUZZ_HARNESS inline int xShmMap(sqlite3_file *f, int region, int regionSize, int extend,
                                    void volatile **out)
{
    auto &shm = fileOf(f).shm;
    if (size_t(region) >= shm.size()) {
        if (!extend) {
            *out = nullptr;
            return SQLITE_OK;
        }
        while (shm.size() <= size_t(region))
            shm.push_back(std::make_unique<char[]>(size_t(regionSize))); // zeroed: a new -shm
    }
    *out = shm[size_t(region)].get();
    return SQLITE_OK;
}

QMT_FUZZ_HARNESS inline int xShmUnmap(sqlite3_file *f, int deleteFlag)
{
    if (deleteFlag)
        fileOf(f).shm.clear();
    return SQLITE_OK;
}

// One process, one thread: locks always succeed, as they do for a journal no one else has open.
inline const sqlite3_io_methods kIo = {
    2,
    xClose,
    xRead,
    xWrite,
    xTruncate,
    [](sqlite3_file *, int) { return SQLITE_OK; }, // xSync
    xFileSize,
    [](sqlite3_file *, int) { return SQLITE_OK; }, // xLock
    [](sqlite3_file *, int) { return SQLITE_OK; }, // xUnlock
    [](sqlite3_file *, int *out) {
        *out = 0;
        return SQLITE_OK;
    },                                                               // xCheckReservedLock
    [](sqlite3_file *, int, void *) { return SQLITE_NOTFOUND; },     // xFileControl
    [](sqlite3_file *) { return 4096; },                             // xSectorSize, as unix
    [](sqlite3_file *) { return SQLITE_IOCAP_POWERSAFE_OVERWRITE; }, // as unix
    xShmMap,
    [](sqlite3_file *, int, int, int) { return SQLITE_OK; }, // xShmLock
    [](sqlite3_file *) {},                                   // xShmBarrier
    xShmUnmap,
    nullptr,
    nullptr};

QMT_FUZZ_HARNESS inline int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *out, int flags,
                                  int *outFlags)
{
    out->pMethods = nullptr; // SQLite calls no xClose on a failed open
    Files &fs = files();
    std::shared_ptr<File> file;
    std::string deleteOnClose;
    if (!name) { // a temporary file
        file = std::make_shared<File>();
    } else {
        auto it = fs.byName.find(name);
        if (it != fs.byName.end())
            file = it->second;
        else if (flags & SQLITE_OPEN_CREATE)
            file = fs.byName[name] = std::make_shared<File>();
        else
            return SQLITE_CANTOPEN;
        if (flags & SQLITE_OPEN_DELETEONCLOSE)
            deleteOnClose = name;
    }
    bool readOnly = !(flags & SQLITE_OPEN_READWRITE);
    if (file->readOnly && !readOnly) { // the unix VFS opens such a file read-only and says so
        readOnly = true;
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
    if (outFlags)
        *outFlags = flags;
    auto *h = new (out) Handle{{&kIo}, std::move(file), std::move(deleteOnClose), readOnly};
    (void)h;
    return SQLITE_OK;
}

QMT_FUZZ_HARNESS inline int xAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    const auto it = files().byName.find(name);
    // as the unix VFS: an empty file does not exist (a WAL of no bytes is no WAL)
    const bool exists = it != files().byName.end() && !it->second->bytes.empty();
    *out = flags == SQLITE_ACCESS_READWRITE ? exists && !it->second->readOnly : exists;
    return SQLITE_OK;
}

// Serve every database opened from now on from memory (after anything written to real files).
inline void installVfs()
{
    static sqlite3_vfs vfs = [] {
        sqlite3_vfs v{};
        files().system = sqlite3_vfs_find(nullptr);
        v.iVersion = 2;
        v.szOsFile = int(sizeof(Handle));
        v.mxPathname = 1024;
        v.zName = "qmt-fuzz-memory";
        v.xOpen = xOpen;
        v.xDelete = [](sqlite3_vfs *, const char *name, int) {
            files().byName.erase(name);
            return SQLITE_OK;
        };
        v.xAccess = xAccess;
        v.xFullPathname = [](sqlite3_vfs *, const char *name, int n, char *out) {
            sqlite3_snprintf(n, out, "%s", name);
            return SQLITE_OK;
        };
        v.xRandomness = [](sqlite3_vfs *, int n, char *out) {
            return files().system->xRandomness(files().system, n, out);
        };
        v.xSleep = [](sqlite3_vfs *, int us) { return files().system->xSleep(files().system, us); };
        v.xCurrentTime = [](sqlite3_vfs *, double *t) {
            return files().system->xCurrentTime(files().system, t);
        };
        v.xGetLastError = [](sqlite3_vfs *, int, char *) { return 0; };
        v.xCurrentTimeInt64 = [](sqlite3_vfs *, sqlite3_int64 *t) {
            return files().system->xCurrentTimeInt64(files().system, t);
        };
        return v;
    }();
    if (sqlite3_vfs_register(&vfs, 1) != SQLITE_OK)
        qmt::fuzz::fail("memsqlite", "cannot register the in-memory VFS");
}

// The files a run starts from: every other file (a WAL, its index, a rollback journal) is gone.
inline void reset()
{
    files().byName.clear();
}

inline void put(const std::string &name, std::string bytes, bool readOnly = false)
{
    auto f = std::make_shared<File>();
    f->bytes = std::move(bytes);
    f->readOnly = readOnly;
    files().byName[name] = std::move(f);
}

inline const std::string *bytesOf(const std::string &name)
{
    const auto it = files().byName.find(name);
    return it == files().byName.end() ? nullptr : &it->second->bytes;
}

} // namespace qmt::fuzz::memsqlite
