// SPDX-License-Identifier: Apache-2.0
#pragma once
// The simulated module's inside, shared by its command groups: the state of the six slots, the
// SSL contexts, the files and PDP contexts, and the helpers that answer. The groups live in
// their own files: simmodule.cpp (dispatch, shared setting helpers, the public API and faults),
// basiccommands.cpp (AT, ATE, ATI, CMEE, CFUN, CPIN and the 3GPP PDP commands),
// mqttcommands.cpp (AT+QMTCFG, QMTOPEN … QMTRECV), filecommands.cpp (QFUPL, QFLST, QFDEL,
// QFLDS) and sslcommands.cpp (AT+QSSLCFG and the TLS set-up of a slot).

#include "sim/latency.h"
#include "sim/profiles.h"
#include "sim/simmodule.h"

#include "at/settings.h"

#include "at/checksum.h"
#include "engine/parser.h"
#include "at/spec.h"
#include "mqtt/mqttclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <array>
#include <deque>
#include <map>
#include <optional>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcSim)

namespace qmt::sim {

using at::Arg;
using at::Cmd;
using at::Form;
using at::Param;
using namespace std::chrono_literals;

namespace detail {

constexpr int kSlots = 6;
constexpr int kWindow = 5;           // unacknowledged publishes per slot (PROTOCOL.md §3)
constexpr int kBuffers = 5;          // receive buffers in recv/mode 1
constexpr qsizetype kMaxLine = 4096; // a longer command line is refused
constexpr qsizetype kUfsTotal = 14 * 1024 * 1024;
constexpr auto kProbeTimeout = 10s;
constexpr auto kRebootPause = 300ms;

inline QByteArray quote(const QByteArray &s)
{
    return '"' + s + '"';
}
inline QByteArray num(qint64 v)
{
    return QByteArray::number(v);
}
inline QByteArray rangeText(const at::Range &r)
{
    return '(' + r.toString().toLatin1() + ')';
}

// A file name as the module stores it: "RAM:x" for RAM, "x" for UFS ("UFS:x" accepted).
inline QByteArray normalFileName(QByteArray name)
{
    if (name.startsWith("UFS:") || name.startsWith("ufs:"))
        name = name.mid(4);
    else if (name.startsWith("ram:"))
        name = "RAM:" + name.mid(4);
    return name;
}

// A file name the module's flash or RAM can hold (after normalFileName): not empty, not "." or
// "..", no directory separator, wildcard or control byte. Anything else is +CME ERROR: 406 (the
// module's file system is flat; and with --storage the files are real files in a folder of the
// user's: a name must not reach outside it).
inline bool validFileName(const QByteArray &normal)
{
    const QByteArray n = normal.startsWith("RAM:") ? normal.mid(4) : normal;
    if (n.isEmpty() || n == "." || n == "..")
        return false;
    for (const char c : n)
        if (quint8(c) < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '*' || c == '?' || c == ':')
            return false;
    return true;
}

struct Message
{
    int msgId = 0;
    QByteArray topic;
    QByteArray payload;
};

struct Packet // a SUBSCRIBE, UNSUBSCRIBE or PUBLISH awaiting its acknowledgement
{
    Cmd cmd = Cmd::Unknown;
    int msgId = 0;
    std::vector<int> mids;    // libmosquitto message ids still unacknowledged
    std::vector<int> granted; // SUBACK QoS per topic, in order
    std::vector<int> allMids; // to place each SUBACK in order
    int tries = 0;
    int qos = 0; // of a PUBLISH: how many round trips its acknowledgement takes
    QTimer *timer = nullptr;
};

struct Slot
{
    int idx = 0;
    // configuration (AT+QMTCFG): the descriptor table's record, power-up defaults
    at::SlotConfig cfg;
    // network and session
    enum class Net { Closed, Opening, Open } net = Net::Closed;
    QByteArray host;
    int port = 0;
    QString routeHost;
    quint16 routePort = 0;
    enum class Mq { Idle, Connecting, Connected, Disconnecting } mq = Mq::Idle;
    QPointer<mqtt::MqttClient> client;
    // The slot's one TCP (or TLS) connection to the broker, from AT+QMTOPEN to AT+QMTCLOSE, as
    // a module keeps it. The MQTT client (libmosquitto) speaks through it: it connects to a
    // private loopback listener (splice) whose one accepted socket (local) is joined to the link.
    QPointer<QTcpSocket> link;
    QPointer<QTcpServer> splice;
    QPointer<QTcpSocket> local;
    bool closing = false;      // AT+QMTCLOSE while connected: the link's end reports it
    bool discReported = false; // +QMTDISC sent: the server's close is +QMTSTAT: <idx>,5
    int statOverride = 0;      // the +QMTSTAT code a fault chose for the coming disconnect
    quint32 epoch = 0;         // bumped by closeSlot(): messages still in the air are lost
    bool openLanding = false;  // AT+QMTOPEN's outcome is decided and crossing the air
    std::vector<Packet> packets;
    std::array<std::optional<Message>, kBuffers> buffer;
    // faults armed for the next command
    int refuseCode = 0;
    int loseMessages = 0; // the next messages, either way, are lost in the air (fault "lose")
    std::optional<int> openFailure;
    QTimer *pingFault = nullptr;

    int publishesInAir = 0; // QoS 1/2 publishes answered OK, not yet sent (their air time)
    int unackedPublishes() const
    {
        int n = publishesInAir;
        for (const Packet &p : packets)
            n += (p.cmd == Cmd::QMTPUBEX || p.cmd == Cmd::QMTPUB) ? 1 : 0;
        return n;
    }
};

// An SSL context (AT+QSSLCFG): the descriptor table's record, power-up values.
struct SslCtx : at::SslConfig
{
    SslCtx() : at::SslConfig(at::sslPowerUp()) {}
};

// The cellular side as the module sees it (PROTOCOL.md §7): SIM, radio, registration, signal.
// Faults change the network's part (simPresent, networkStat, rssi, pdpRefused); the host's
// commands the module's (cfun, attached, copsMode, the report modes).
struct Cellular
{
    bool simPresent = true;
    int networkStat = 1; // what the network gives: 1 home, 5 roaming, 2 searching, 3 denied, 0 none
    int rssi = 24;       // AT+CSQ (0-31, 99)
    bool pdpRefused = false;
    int cfun = 1;
    bool attached = true;
    int copsMode = 0; // 2: deregistered by the host
    int cregN = 0, cgregN = 0, ceregN = 0;
    QByteArray urcPort = "usbat"; // the port URCs go to; the simulator is that port
    std::map<QByteArray, QByteArray> qcfg;
    // The registration state a host reads (+CREG/+CGREG/+CEREG <stat>).
    int stat() const
    {
        if (!simPresent || cfun != 1 || copsMode == 2)
            return 0;
        return networkStat;
    }
    bool registered() const { return stat() == 1 || stat() == 5; }
    bool canActivatePdp() const { return registered() && attached && !pdpRefused; }
};

struct Pdp
{
    int type = 1;
    QByteArray apn, user, password;
    int auth = 0;
    bool active = false;
    bool defined = true; // listed by AT+CGDCONT? (AT+CGDCONT=<cid> alone undefines it)
};

} // namespace detail
using namespace detail;

class SimModule::Private
{
public:
    Private(SimModule *q, const SimOptions &o) : q(q), opt(o)
    {
        for (int i = 0; i < kSlots; ++i)
            slotList[std::size_t(i)].idx = i;
        pdp[1] = Pdp{}; // context 1 is defined (type IP, the network's APN), as on a fresh module
        outTimer.setSingleShot(true);
        QObject::connect(&outTimer, &QTimer::timeout, q, [this] { flushDelayed(); });
        airTimer.setSingleShot(true);
        QObject::connect(&airTimer, &QTimer::timeout, q, [this] { landInTheAir(); });
        air.setLatency(opt.latency);
        uploadTimer.setSingleShot(true);
        QObject::connect(&uploadTimer, &QTimer::timeout, q, [this] { finishUpload(true); });
        clock.start();
    }

    SimModule *q;
    SimOptions opt;
    ModuleFamily family = familyOf(opt.model);
    // The seed's ranges; no module changes them, so the answers to AT+QMTCFG=? and AT+QSSLCFG=?
    // (about 1.5 KB each) are made once for all modules (testAnswer()).
    const at::RangeTable ranges = at::RangeTable::defaults();
    bool storageMade = false; // the folders ram/ and ufs/ of opt.storageDir exist

    // the line discipline
    enum class Input { Command, Data, CtrlZ, Upload, Off } input = Input::Command;
    QByteArray line;
    bool afterCr = false; // the last byte was a command line's CR: an LF now is its line end
    // The data after '>' has just ended: CR and LF now are beyond its declared length, dropped
    // (PROTOCOL.md §3) until another byte comes, in this write or a later one.
    bool afterData = false;
    QByteArray data;
    qsizetype dataWanted = 0;
    std::function<void(const QByteArray &)> onData;
    QByteArray uploadName;
    qsizetype uploadSize = 0;
    int uploadAckMode = 0;
    qsizetype uploadAcked = 0;
    QTimer uploadTimer;

    bool echo = true;
    int cmee = 1;
    bool verbose = true; // ATV1: result codes as words; ATV0: numbers
    Cellular cell;

    // output, possibly delayed
    std::chrono::milliseconds delay{0};
    std::deque<std::pair<qint64, QByteArray>> delayed;
    QTimer outTimer;
    QElapsedTimer clock;

    bool urcFirst = false;
    QByteArrayList heldUrcs;
    struct HeldOk
    {
        bool held = false;
        int idx = -1;
        Cmd cmd = Cmd::Unknown;
    } heldOk;

    std::array<Slot, kSlots> slotList;
    std::array<SslCtx, 6> ssl;
    std::map<QByteArray, QByteArray> files; // normalised name -> content
    std::map<int, Pdp> pdp;
    quint32 generation = 0; // bumped by reboot(): callbacks of an older life are ignored

    // ---- output ----
    void out(const QByteArray &bytes)
    {
        if (bytes.isEmpty())
            return;
        if (delay.count() == 0 && delayed.empty()) {
            emit q->output(bytes);
            return;
        }
        const qint64 due = clock.elapsed() + delay.count();
        delayed.emplace_back(delayed.empty() ? due : std::max(due, delayed.back().first), bytes);
        if (!outTimer.isActive())
            outTimer.start(int(std::max<qint64>(0, delayed.front().first - clock.elapsed())));
    }
    void flushDelayed()
    {
        while (!delayed.empty() && delayed.front().first <= clock.elapsed()) {
            const QByteArray b = delayed.front().second;
            delayed.pop_front();
            emit q->output(b);
        }
        if (!delayed.empty())
            outTimer.start(int(std::max<qint64>(0, delayed.front().first - clock.elapsed())));
    }
    // ATV1 frames every line as CR LF <line> CR LF; ATV0 as <line> CR LF, and the final results
    // as numbers ending in CR (0 OK, 4 ERROR), as V.250 says.
    void info(const QByteArray &l) { out(verbose ? "\r\n" + l + "\r\n" : l + "\r\n"); }
    void ok() { out(verbose ? QByteArray("\r\nOK\r\n") : QByteArray("0\r")); }
    void error() { out(verbose ? QByteArray("\r\nERROR\r\n") : QByteArray("4\r")); }
    // Information lines (each given as CR LF <line>, the ATV1 way), then OK.
    void reply(const QByteArray &lines)
    {
        if (verbose) {
            out(lines + (lines.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
            return;
        }
        QByteArray o;
        for (const QByteArray &l : lines.split('\n')) {
            const QByteArray t = l.endsWith('\r') ? l.chopped(1) : l;
            if (!t.isEmpty())
                o += t + "\r\n";
        }
        out(o + "0\r");
    }
    void cme(int code)
    {
        if (cmee == 0) {
            error();
        } else if (cmee == 2) {
            const spec::CodeText *f = spec::fileError(code);
            const spec::CodeText *g = f ? nullptr : spec::cmeError(code);
            info("+CME ERROR: " + (f ? QByteArray(f->text).toLower() : g ? QByteArray(g->text) : num(code)));
        } else {
            info("+CME ERROR: " + num(code));
        }
    }
    // The OK of an asynchronous command: held back until its result URC when urcFirst is on.
    void okAsync(int idx, Cmd cmd)
    {
        if (urcFirst)
            heldOk = HeldOk{true, idx, cmd};
        else
            ok();
    }
    // ---- air time (latency.h) ----
    // A slot's URCs leave in the order they were made, each no earlier than its delay: one
    // queue ordered by due time (equal times keep their order), one timer.
    AirClock air;
    std::multimap<qint64, std::function<void()>> inTheAir;
    std::array<qint64, kSlots> slotDue{};
    int landing = 0; // landInTheAir() is running an event
    QTimer airTimer;
    void later(int idx, std::chrono::milliseconds d, std::function<void()> f)
    {
        const qint64 now = clock.elapsed();
        qint64 &last = slotDue[std::size_t(idx)];
        if (d.count() == 0 && (landing > 0 || last <= now)) {
            // Nothing of this slot is in the air (latency 0 is the old behaviour), or this is
            // what a landing event does: everything due before it has landed. At once.
            f();
            return;
        }
        last = std::max(now + qint64(d.count()), last);
        inTheAir.emplace(last, std::move(f));
        startAirTimer();
    }
    void startAirTimer()
    {
        if (!inTheAir.empty())
            airTimer.start(int(std::max<qint64>(0, inTheAir.begin()->first - clock.elapsed())));
    }
    void landInTheAir()
    {
        while (!inTheAir.empty() && inTheAir.begin()->first <= clock.elapsed()) {
            auto f = std::move(inTheAir.begin()->second);
            inTheAir.erase(inTheAir.begin());
            ++landing;
            f();
            --landing;
        }
        startAirTimer();
    }
    AirStep stepOf(int idx, Cmd cmd) const
    {
        const Slot &s = slotList[std::size_t(idx)];
        switch (cmd) {
        case Cmd::QMTOPEN:
            return s.cfg.sslEnabled ? AirStep::OpenTls : AirStep::Open;
        case Cmd::QMTCONN:
            return AirStep::Connect;
        case Cmd::QMTSUB:
            return AirStep::Subscribe;
        case Cmd::QMTUNS:
            return AirStep::Unsubscribe;
        case Cmd::QMTDISC:
            return AirStep::Disconnect;
        case Cmd::QMTPUBEX:
        case Cmd::QMTPUB:
            return AirStep::Publish1;
        default:
            return AirStep::Close;
        }
    }
    // The result URC of an asynchronous command, after anything of its slot still in the air.
    void resultUrc(int idx, Cmd cmd, const QByteArray &l)
    {
        later(idx, std::chrono::milliseconds(0), [this, idx, cmd, l] {
            urc(l);
            if (heldOk.held && heldOk.idx == idx && heldOk.cmd == cmd) {
                heldOk.held = false;
                ok();
            }
        });
    }
    // A handler of what the broker's side did (CONNACK, SUBACK, a message ...), run once that
    // news has crossed the air: the slot's state and its URC change together, in order.
    template <typename F> auto inAir(int idx, AirStep step, F f)
    {
        return
            [this, idx, step, f](auto... args) { later(idx, air.delay(step), [f, args...] { f(args...); }); };
    }
    // Any other URC about a slot (+QMTSTAT): after what the slot has in the air.
    void slotUrc(int idx, const QByteArray &l)
    {
        later(idx, std::chrono::milliseconds(0), [this, l] { urc(l); });
    }
    // A URC waits while the host is typing data (after '>' or CONNECT): the module does not
    // interleave it with the echo of the data, it reports it once the command is answered.
    void urc(const QByteArray &l)
    {
        if (cell.urcPort != "usbat")
            return; // AT+QURCCFG="urcport" sent them to another port (PROTOCOL.md §5)
        if (input == Input::Command || input == Input::Off)
            info(l);
        else
            heldUrcs.append(l);
    }
    void flushHeldUrcs()
    {
        if (input != Input::Command)
            return;
        const QByteArrayList held = std::exchange(heldUrcs, {});
        for (const QByteArray &l : held)
            info(l);
    }

    // ---- input ----
    void write(QByteArrayView bytes)
    {
        QByteArray echoed;
        if (echo)
            echoed.reserve(bytes.size()); // (appended a byte at a time)
        qsizetype i = 0;
        while (i < bytes.size()) {
            // A host that ends its lines with CR LF: the LF belongs to the command line, never
            // to the data after '>' or CONNECT (modules drop it). It is not echoed there.
            if (std::exchange(afterCr, false) && bytes[i] == '\n' && input != Input::Command &&
                input != Input::Off) {
                ++i;
                continue;
            }
            switch (input) {
            case Input::Off:
                return; // rebooting: the module hears nothing
            case Input::Command: {
                const char c = bytes[i++];
                if (afterData && (c == '\r' || c == '\n'))
                    break;
                afterData = false;
                if (echo)
                    echoed += c;
                if (c == '\r') {
                    afterCr = true;
                    flushEcho(echoed);
                    const QByteArray l = line;
                    line.clear();
                    processLine(l);
                } else if (c == '\n') {
                    // LF after CR, or alone: not part of a command
                } else if (c == '\b' || c == 0x7f) {
                    line.chop(1);
                } else if (line.size() < kMaxLine + 1) {
                    line += c;
                }
                break;
            }
            case Input::Data: {
                const qsizetype take = std::min(bytes.size() - i, dataWanted - data.size());
                data += bytes.sliced(i, take).toByteArray();
                if (echo)
                    echoed += bytes.sliced(i, take).toByteArray();
                i += take;
                if (data.size() >= dataWanted) {
                    flushEcho(echoed);
                    input = Input::Command;
                    const QByteArray d = data;
                    data.clear();
                    auto f = std::move(onData);
                    afterData = true; // (the line end a host sends after its data is dropped)
                    f(d);
                }
                break;
            }
            case Input::CtrlZ: {
                const char c = bytes[i++];
                if (c == 0x1a || c == 0x1b) {
                    flushEcho(echoed);
                    input = Input::Command;
                    const QByteArray d = data;
                    data.clear();
                    auto f = std::move(onData);
                    if (c == 0x1a)
                        f(d);
                    else
                        ok(); // ESC: the input is cancelled, nothing is sent
                    break;
                }
                if (echo)
                    echoed += c;
                if (data.size() < ranges.range(Param::CtrlZPayloadLen).max())
                    data += c;
                break;
            }
            case Input::Upload: {
                const qsizetype take = std::min(bytes.size() - i, uploadSize - data.size());
                data += bytes.sliced(i, take).toByteArray();
                i += take;
                uploadTimer.start(); // the timeout runs from the last byte received
                if (uploadAckMode == 1) {
                    while (data.size() - uploadAcked >= 1024) {
                        uploadAcked += 1024;
                        out("A");
                    }
                }
                if (data.size() >= uploadSize)
                    finishUpload(false);
                break;
            }
            }
        }
        flushEcho(echoed);
        flushHeldUrcs();
    }
    void flushEcho(QByteArray &echoed)
    {
        if (!echoed.isEmpty()) {
            out(echoed);
            echoed.clear();
        }
    }
    void expectData(qsizetype n, std::function<void(const QByteArray &)> f)
    {
        out("\r\n> ");
        if (n == 0) {
            f({});
            return;
        }
        input = Input::Data;
        dataWanted = n;
        data.clear();
        onData = std::move(f);
    }

    void processLine(QByteArray l)
    {
        // Anything before "AT" is noise a module ignores.
        qsizetype at = -1;
        for (qsizetype k = 0; k + 1 < l.size(); ++k) {
            if ((l[k] == 'A' || l[k] == 'a') && (l[k + 1] == 'T' || l[k + 1] == 't')) {
                at = k;
                break;
            }
        }
        if (at < 0)
            return;
        l = l.mid(at).trimmed();
        if (l.size() > kMaxLine) {
            error();
            return;
        }
        Cmd cmd;
        Form form;
        std::vector<Arg> args;
        // Strings have no escapes: an odd number of quotes is a malformed line.
        if (l.count('"') % 2 != 0 || !at::parseCommandLine(l, &cmd, &form, &args)) {
            error();
            return;
        }
        // args are views into l, which lives until the handler returns
        handle(l, cmd, form, args);
    }

    // ---- argument helpers ----
    static bool intArg(const std::vector<Arg> &a, std::size_t i, qint64 *v)
    {
        if (i >= a.size() || a[i].quoted)
            return false;
        bool ok = false;
        *v = a[i].toInt(&ok);
        return ok;
    }
    bool inRange(const std::vector<Arg> &a, std::size_t i, Param p, qint64 *v) const
    {
        return intArg(a, i, v) && ranges.range(p).contains(*v);
    }
    bool strArg(const std::vector<Arg> &a, std::size_t i, Param lenParam, QByteArray *s,
                bool allowEmpty = false) const
    {
        if (i >= a.size() || !a[i].quoted)
            return false;
        *s = a[i].text.toByteArray();
        if (s->isEmpty())
            return allowEmpty;
        return ranges.range(lenParam).contains(s->size());
    }
    Slot *slotArg(const std::vector<Arg> &a, std::size_t i)
    {
        qint64 v = 0;
        if (!inRange(a, i, Param::ClientIdx, &v) || v < 0 || v >= kSlots)
            return nullptr;
        return &slotList[std::size_t(v)];
    }

    void handle(const QByteArray &line, Cmd cmd, Form form, const std::vector<Arg> &a);
    QByteArray settingTestLine(const at::SettingInfo &row) const;
    bool settingValues(const at::SettingInfo &row, const std::vector<Arg> &a, std::size_t first,
                       QList<QByteArray> *values) const;
    void handleBasic(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handleCfg(Form form, const std::vector<Arg> &a);
    void handleSsl(Form form, const std::vector<Arg> &a);
    void handleOpen(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handleConn(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handleSubUns(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handlePublish(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handleRecv(Form form, const std::vector<Arg> &a);
    void handleUpload(Form form, const std::vector<Arg> &a);
    void handleFiles(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handlePdp(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handleNetwork(Cmd cmd, Form form, const std::vector<Arg> &a);
    void handleIdentity(Cmd cmd, Form form, const std::vector<Arg> &a);
    // Registration changed (a fault, AT+CFUN, AT+COPS): the reports the host asked for
    // (AT+CREG/CGREG/CEREG=1 or 2); contexts and MQTT links that need the network are lost.
    void cellularChanged(int oldStat);
    QByteArray regLine(Cmd cmd, int n, bool urc) const;
    void setFunctionality(int fun);
    QDateTime utcNow() const { return opt.utcNow ? opt.utcNow() : QDateTime::currentDateTimeUtc(); }
    void finishUpload(bool timedOut);

    // ---- files ----
    // The module keeps its files in memory (`files`); with SimOptions::storageDir each is also
    // a real file there, in ram/ or ufs/, for the user to look at.
    QString filePath(const QByteArray &name) const
    {
        const QByteArray n = normalFileName(name);
        const QString &dir = opt.storageDir;
        return n.startsWith("RAM:") ? dir + QStringLiteral("/ram/") + QString::fromUtf8(n.mid(4))
                                    : dir + QStringLiteral("/ufs/") + QString::fromUtf8(n);
    }
    void storeFile(const QByteArray &name, const QByteArray &content)
    {
        const QByteArray n = normalFileName(name);
        files[n] = content;
        if (opt.storageDir.isEmpty())
            return;
        if (!std::exchange(storageMade, true)) {
            QDir().mkpath(opt.storageDir + QStringLiteral("/ram"));
            QDir().mkpath(opt.storageDir + QStringLiteral("/ufs"));
        }
        QFile f(filePath(n));
        if (f.open(QIODevice::WriteOnly))
            f.write(content);
    }
    void removeFile(const QByteArray &n)
    {
        files.erase(n);
        if (!opt.storageDir.isEmpty())
            QFile::remove(filePath(n));
    }
    // The answer to AT+QMTCFG=? or AT+QSSLCFG=?: a line per row of the settings' table.
    QByteArray testAnswer(const std::vector<at::SettingInfo> &rows) const
    {
        QByteArray answer;
        for (const at::SettingInfo &row : rows)
            answer += "\r\n" + settingTestLine(row);
        return answer;
    }

    // ---- slotList and MQTT ----
    void route(Slot &s)
    {
        const QString host = QString::fromUtf8(s.host);
        const bool literal =
            !opt.routeEveryHost && (!QHostAddress(host).isNull() || host == QLatin1String("localhost"));
        if (literal) {
            s.routeHost = host;
            s.routePort = quint16(s.port);
        } else {
            s.routeHost = opt.brokerHost;
            s.routePort = (s.cfg.sslEnabled && opt.brokerTlsPort) ? opt.brokerTlsPort : opt.brokerPort;
        }
    }
    QSslConfiguration sslConfiguration(const Slot &s) const;
    void open(Slot &s);
    void connect(Slot &s, const QByteArray &clientId, std::optional<QByteArray> user,
                 std::optional<QByteArray> pass);
    // Closes the slot. graceful: the link's pending bytes (a DISCONNECT) still leave before the
    // FIN; otherwise the socket dies at once, as in a module that loses power or its link.
    void closeSlot(Slot &s, bool graceful = false)
    {
        for (Packet &p : s.packets)
            delete p.timer;
        s.packets.clear();
        if (s.client) {
            s.client->disconnect(q);
            s.client->abort();
            s.client->deleteLater();
        }
        s.client = nullptr;
        for (QTcpSocket *sock : {s.local.data(), s.link.data()}) {
            if (!sock)
                continue;
            sock->disconnect(q);
            if (graceful && sock->state() == QAbstractSocket::ConnectedState) {
                sock->disconnectFromHost();
                QObject::connect(sock, &QAbstractSocket::disconnected, sock, &QObject::deleteLater);
                QTimer::singleShot(kProbeTimeout, sock, &QObject::deleteLater);
            } else {
                sock->abort();
                sock->deleteLater();
            }
        }
        s.local = nullptr;
        s.link = nullptr;
        if (s.splice) {
            s.splice->close();
            s.splice->deleteLater();
        }
        s.splice = nullptr;
        delete s.pingFault;
        s.pingFault = nullptr;
        s.net = Slot::Net::Closed;
        s.mq = Slot::Mq::Idle;
        s.openLanding = false;
        s.closing = false;
        s.discReported = false;
        s.statOverride = 0;
        ++s.epoch;
        s.buffer.fill(std::nullopt);
    }
    // Passes on at once what the slot's MQTT client has written (the host may not run the event
    // loop for a while once it has the result).
    void pumpLink(Slot &s)
    {
        if (s.local && s.link) {
            s.local->waitForReadyRead(0);
            s.link->write(s.local->readAll());
            s.link->flush();
        }
    }
    void onLinkClosed(int idx);
    void onLocalClosed(int idx);
    bool spliceClient(Slot &s);
    void startPacketTimer(Slot &s, Packet &p);
    void onPacketTimeout(int idx, Cmd cmd, int msgId);
    void deliver(Slot &s, int mid, const QByteArray &topic, const QByteArray &payload, int qos);
    QByteArray recvLine(const Slot &s, const Message &m) const
    {
        QByteArray l = "+QMTRECV: " + num(s.idx) + ',' + num(m.msgId) + ',' + quote(m.topic) + ',';
        if (s.cfg.msgLenEnable)
            l += num(m.payload.size()) + ',';
        return l + quote(m.payload);
    }

    // announce: print the boot URCs. The first power-on follows SimOptions::bootUrcs; a restart
    // always announces itself, as a real module does (the host must see the state it lost).
    void powerOn(bool announce)
    {
        input = Input::Command;
        afterData = false;
        if (announce)
            out("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n");
    }
    void reboot()
    {
        ++generation;
        for (Slot &s : slotList) {
            closeSlot(s);
            const int idx = s.idx;
            s = Slot{};
            s.idx = idx;
        }
        for (auto it = files.begin(); it != files.end();) {
            if (!it->first.startsWith("RAM:")) {
                ++it;
                continue;
            }
            if (!opt.storageDir.isEmpty())
                QFile::remove(filePath(it->first));
            it = files.erase(it);
        }
        for (auto &p : pdp)
            p.second.active = false;
        ssl = {};
        echo = true;
        cmee = 1;
        verbose = true;
        {
            Cellular fresh;
            fresh.simPresent = cell.simPresent; // the network's side survives a restart
            fresh.networkStat = cell.networkStat;
            fresh.rssi = cell.rssi;
            fresh.pdpRefused = cell.pdpRefused;
            fresh.qcfg = cell.qcfg; // QCFG settings are saved in the module
            cell = fresh;
        }
        heldOk = {};
        heldUrcs.clear();
        inTheAir.clear();
        slotDue.fill(0);
        airTimer.stop();
        line.clear();
        data.clear();
        uploadTimer.stop();
        input = Input::Off;
        const quint32 gen = generation;
        QTimer::singleShot(kRebootPause, q, [this, gen] {
            if (gen == generation)
                powerOn(true);
        });
    }
};

} // namespace qmt::sim
