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
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <array>
#include <deque>
#include <map>
#include <optional>
#include <utility>

Q_LOGGING_CATEGORY(lcSim, "qmtscope.sim")

namespace qmt::sim {

using at::Arg;
using at::Cmd;
using at::Form;
using at::Param;
using namespace std::chrono_literals;

namespace {

constexpr int kSlots = 6;
constexpr int kWindow = 5;        // unacknowledged publishes per slot (PROTOCOL.md §3)
constexpr int kBuffers = 5;       // receive buffers in recv/mode 1
constexpr qsizetype kMaxLine = 4096; // a longer command line is refused
constexpr qsizetype kUfsTotal = 14 * 1024 * 1024;
constexpr auto kProbeTimeout = 10s;
constexpr auto kRebootPause = 300ms;

QByteArray quote(const QByteArray &s) { return '"' + s + '"'; }
QByteArray num(qint64 v) { return QByteArray::number(v); }
QByteArray rangeText(const at::Range &r) { return '(' + r.toString().toLatin1() + ')'; }

// A file name as the module stores it: "RAM:x" for RAM, "x" for UFS ("UFS:x" accepted).
QByteArray normalFileName(QByteArray name)
{
    if (name.startsWith("UFS:") || name.startsWith("ufs:"))
        name = name.mid(4);
    else if (name.startsWith("ram:"))
        name = "RAM:" + name.mid(4);
    return name;
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
    std::vector<int> mids;          // libmosquitto message ids still unacknowledged
    std::vector<int> granted;       // SUBACK QoS per topic, in order
    std::vector<int> allMids;       // to place each SUBACK in order
    int tries = 0;
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
    QPointer<QTcpSocket> probe;
    bool closing = false;           // AT+QMTCLOSE while connected
    int statOverride = 0;           // the +QMTSTAT code a fault chose for the coming disconnect
    std::vector<Packet> packets;
    std::array<std::optional<Message>, kBuffers> buffer;
    // faults armed for the next command
    int refuseCode = 0;
    std::optional<int> openFailure;
    QTimer *pingFault = nullptr;

    int unackedPublishes() const
    {
        int n = 0;
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

struct Pdp
{
    int type = 1;
    QByteArray apn, user, password;
    int auth = 0;
    bool active = false;
};

} // namespace

class SimModule::Private
{
public:
    Private(SimModule *q, const SimOptions &o)
        : q(q)
        , opt(o)
    {
        for (int i = 0; i < kSlots; ++i)
            slotList[std::size_t(i)].idx = i;
        if (opt.storageDir.isEmpty()) {
            tmp = std::make_unique<QTemporaryDir>();
            storage = tmp->path();
        } else {
            storage = opt.storageDir;
        }
        QDir().mkpath(storage + QStringLiteral("/ram"));
        QDir().mkpath(storage + QStringLiteral("/ufs"));
        outTimer.setSingleShot(true);
        QObject::connect(&outTimer, &QTimer::timeout, q, [this] { flushDelayed(); });
        uploadTimer.setSingleShot(true);
        QObject::connect(&uploadTimer, &QTimer::timeout, q, [this] { finishUpload(true); });
        clock.start();
    }

    SimModule *q;
    SimOptions opt;
    at::RangeTable ranges = at::RangeTable::defaults();
    std::unique_ptr<QTemporaryDir> tmp;
    QString storage;

    // the line discipline
    enum class Input { Command, Data, CtrlZ, Upload, Off } input = Input::Command;
    QByteArray line;
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
    void info(const QByteArray &l) { out("\r\n" + l + "\r\n"); }
    void ok() { out("\r\nOK\r\n"); }
    void error() { out("\r\nERROR\r\n"); }
    void cme(int code)
    {
        if (cmee == 0) {
            error();
        } else if (cmee == 2) {
            const spec::CodeText *t = spec::fileError(code);
            out("\r\n+CME ERROR: " + (t ? QByteArray(t->text).toLower() : num(code)) + "\r\n");
        } else {
            out("\r\n+CME ERROR: " + num(code) + "\r\n");
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
    void resultUrc(int idx, Cmd cmd, const QByteArray &l)
    {
        urc(l);
        if (heldOk.held && heldOk.idx == idx && heldOk.cmd == cmd) {
            heldOk.held = false;
            ok();
        }
    }
    // A URC waits while the host is typing data (after '>' or CONNECT): the module does not
    // interleave it with the echo of the data, it reports it once the command is answered.
    void urc(const QByteArray &l)
    {
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
        qsizetype i = 0;
        while (i < bytes.size()) {
            switch (input) {
            case Input::Off:
                return; // rebooting: the module hears nothing
            case Input::Command: {
                const char c = bytes[i++];
                if (echo)
                    echoed += c;
                if (c == '\r') {
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
                    f(d);
                    // Bytes beyond the declared length are dropped (PROTOCOL.md §3).
                    if (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n'))
                        while (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n'))
                            ++i;
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
    bool strArg(const std::vector<Arg> &a, std::size_t i, Param lenParam, QByteArray *s, bool allowEmpty = false) const
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
    void finishUpload(bool timedOut);

    // ---- slotList and MQTT ----
    QString filePath(const QByteArray &name) const
    {
        const QByteArray n = normalFileName(name);
        return n.startsWith("RAM:") ? storage + QStringLiteral("/ram/") + QString::fromUtf8(n.mid(4))
                                    : storage + QStringLiteral("/ufs/") + QString::fromUtf8(n);
    }
    void storeFile(const QByteArray &name, const QByteArray &content)
    {
        const QByteArray n = normalFileName(name);
        files[n] = content;
        QFile f(filePath(n));
        if (f.open(QIODevice::WriteOnly))
            f.write(content);
    }
    void removeFile(const QByteArray &n)
    {
        files.erase(n);
        QFile::remove(filePath(n));
    }
    void route(Slot &s)
    {
        const QString host = QString::fromUtf8(s.host);
        const bool literal = !QHostAddress(host).isNull() || host == QLatin1String("localhost");
        if (literal) {
            s.routeHost = host;
            s.routePort = quint16(s.port);
        } else {
            s.routeHost = opt.brokerHost;
            s.routePort = (s.cfg.sslEnabled && opt.brokerTlsPort) ? opt.brokerTlsPort : opt.brokerPort;
        }
    }
    QSslConfiguration sslConfiguration(const Slot &s) const;
    mqtt::MqttClient::Tls mqttTls(const Slot &s) const;
    void open(Slot &s);
    void connect(Slot &s, const QByteArray &clientId, std::optional<QByteArray> user, std::optional<QByteArray> pass);
    void closeSlot(Slot &s)
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
        if (s.probe) {
            s.probe->disconnect(q);
            s.probe->abort();
            s.probe->deleteLater();
        }
        s.probe = nullptr;
        delete s.pingFault;
        s.pingFault = nullptr;
        s.net = Slot::Net::Closed;
        s.mq = Slot::Mq::Idle;
        s.closing = false;
        s.statOverride = 0;
        s.buffer.fill(std::nullopt);
    }
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

    void powerOn()
    {
        input = Input::Command;
        if (opt.bootUrcs)
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
        for (auto it = files.begin(); it != files.end();)
            it = it->first.startsWith("RAM:") ? (QFile::remove(filePath(it->first)), files.erase(it)) : std::next(it);
        for (auto &p : pdp)
            p.second.active = false;
        ssl = {};
        echo = true;
        cmee = 1;
        heldOk = {};
        heldUrcs.clear();
        line.clear();
        data.clear();
        uploadTimer.stop();
        input = Input::Off;
        const quint32 gen = generation;
        QTimer::singleShot(kRebootPause, q, [this, gen] {
            if (gen == generation)
                powerOn();
        });
    }
};

// ---------------------------------------------------------------------------------------------

void SimModule::Private::handle(const QByteArray &line, Cmd cmd, Form form, const std::vector<Arg> &a)
{
    Q_UNUSED(line);
    qint64 v = 0;
    switch (cmd) {
    case Cmd::AT:
        ok();
        return;
    case Cmd::ATE:
        if (form == Form::Set && a.size() == 1 && intArg(a, 0, &v) && (v == 0 || v == 1)) {
            echo = v == 1;
            ok();
        } else if (form == Form::Exec) {
            echo = false;
            ok();
        } else {
            error();
        }
        return;
    case Cmd::ATI:
        out("\r\nQuectel\r\n" + opt.model + "\r\nRevision: " + opt.revision + "\r\n\r\nOK\r\n");
        return;
    case Cmd::GMR:
    case Cmd::CGMR:
        out("\r\n" + opt.revision + "\r\n\r\nOK\r\n");
        return;
    case Cmd::CMEE:
        if (form == Form::Query) {
            info("+CMEE: " + num(cmee));
            ok();
        } else if (form == Form::Test) {
            info("+CMEE: (0-2)");
            ok();
        } else if (form == Form::Set && inRange(a, 0, Param::CmeeMode, &v)) {
            cmee = int(v);
            ok();
        } else {
            error();
        }
        return;
    case Cmd::CFUN:
        if (form == Form::Query) {
            info("+CFUN: 1");
            ok();
        } else if (form == Form::Set && intArg(a, 0, &v) && v == 1 && a.size() == 2 && intArg(a, 1, &v) && v == 1) {
            ok();
            reboot(); // AT+CFUN=1,1: restart
        } else {
            ok();
        }
        return;
    case Cmd::CPIN:
        if (form == Form::Query) {
            info("+CPIN: READY");
            ok();
        } else {
            error();
        }
        return;
    case Cmd::QMTCFG:
        handleCfg(form, a);
        return;
    case Cmd::QSSLCFG:
        handleSsl(form, a);
        return;
    case Cmd::QMTOPEN:
    case Cmd::QMTCLOSE:
        handleOpen(cmd, form, a);
        return;
    case Cmd::QMTCONN:
    case Cmd::QMTDISC:
        handleConn(cmd, form, a);
        return;
    case Cmd::QMTSUB:
    case Cmd::QMTUNS:
        handleSubUns(cmd, form, a);
        return;
    case Cmd::QMTPUBEX:
    case Cmd::QMTPUB:
        handlePublish(cmd, form, a);
        return;
    case Cmd::QMTRECV:
        handleRecv(form, a);
        return;
    case Cmd::QFUPL:
        handleUpload(form, a);
        return;
    case Cmd::QFLST:
    case Cmd::QFDEL:
    case Cmd::QFLDS:
        handleFiles(cmd, form, a);
        return;
    case Cmd::QICSGP:
    case Cmd::QIACT:
    case Cmd::QIDEACT:
        handlePdp(cmd, form, a);
        return;
    default:
        error();
        return;
    }
}

// The "=?" line of a setting, from its row: the index range, then each field's range, or the
// placeholder a module prints for a quoted field ("willtopic") or its list of values.
QByteArray SimModule::Private::settingTestLine(const at::SettingInfo &row) const
{
    QByteArray l = "+" + QByteArray(at::cmdName(row.cmd)) + ": " + quote(row.name) + ',' +
                   rangeText(ranges.range(row.isCfg() ? Param::ClientIdx : Param::SslContextId));
    for (const at::SettingField &f : row.fields) {
        l += ',';
        if (f.placeholder)
            l += f.isQuoted() && !QByteArray(f.placeholder).startsWith('"') ? quote(f.placeholder) : QByteArray(f.placeholder);
        else
            l += rangeText(ranges.range(f.param));
    }
    return l;
}

// Checks the values of a set command against the row (from argument `first` on) and gives them
// as texts; false when one is missing, of the wrong kind or out of range.
bool SimModule::Private::settingValues(const at::SettingInfo &row, const std::vector<Arg> &a, std::size_t first,
                                       QList<QByteArray> *values) const
{
    const std::size_t n = a.size() - first;
    if (n > row.fields.size())
        return false;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        const at::SettingField &f = row.fields[i];
        if (i >= n)
            return f.optional || (row.flagGated && f.gated); // the caller checks a flag left alone
        const std::size_t k = first + i;
        if (f.kind == at::ValueKind::Hex) {
            const QByteArray text = a[k].text.toByteArray().toUpper(); // unquoted; 0x and 0X both accepted
            bool okHex = false;
            const qint64 hex = text.startsWith("0X") ? text.mid(2).toLongLong(&okHex, 16) : -1;
            if (a[k].quoted || !okHex || !ranges.range(f.param).contains(hex))
                return false;
            values->append(text);
        } else if (f.isNumber() || f.kind == at::ValueKind::Data) {
            qint64 v = 0;
            if (a[k].quoted || !inRange(a, k, f.param, &v))
                return false;
            values->append(num(v));
        } else {
            QByteArray text;
            if (!strArg(a, k, f.param, &text, ranges.range(f.param).contains(0)))
                return false;
            values->append(text);
        }
    }
    return true;
}

void SimModule::Private::handleCfg(Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        QByteArray o;
        for (const at::SettingInfo &row : at::cfgSettings())
            o += "\r\n" + settingTestLine(row);
        out(o + "\r\n\r\nOK\r\n");
        return;
    }
    const at::SettingInfo *row = (form == Form::Set && a.size() >= 2 && a[0].quoted)
                                     ? at::findSetting(Cmd::QMTCFG, a[0].text)
                                     : nullptr;
    Slot *sp = row ? slotArg(a, 1) : nullptr;
    if (!sp) {
        error();
        return;
    }
    Slot &s = *sp;
    if (a.size() == 2) { // read back
        info("+QMTCFG: " + quote(row->name) + ',' + row->readBackValues(s.cfg));
        ok();
        return;
    }
    QList<QByteArray> values;
    if (s.mq != Slot::Mq::Idle // only while the MQTT connection is not created
        || !settingValues(*row, a, 2, &values)) {
        error();
        return;
    }
    if (row->flagGated && values.size() == 1 && values.front() != "0") {
        // The flag alone turns on what was configured before; there must be something.
        at::SlotConfig probe = s.cfg;
        row->apply(probe, values);
        for (std::size_t i = 1; i < row->fields.size(); ++i) {
            const QByteArray v = row->fields[i].getCfg(probe);
            if (v.isEmpty() || v == "-1") {
                error();
                return;
            }
        }
    }
    const auto data = std::find_if(row->fields.begin(), row->fields.end(),
                                   [](const at::SettingField &f) { return f.kind == at::ValueKind::Data; });
    if (data != row->fields.end()) { // willex: the bytes follow the prompt
        const int idx = s.idx;
        const qsizetype len = values.value(qsizetype(data - row->fields.begin())).toLongLong();
        const at::SettingInfo *r = row;
        const auto field = data;
        expectData(len, [this, idx, r, values, field](const QByteArray &msg) {
            at::SlotConfig &c = slotList[std::size_t(idx)].cfg;
            r->apply(c, values);
            field->setData(c, msg);
            ok();
        });
        return;
    }
    row->apply(s.cfg, values);
    ok();
}

void SimModule::Private::handleSsl(Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        QByteArray o;
        for (const at::SettingInfo &row : at::sslSettings())
            o += "\r\n" + settingTestLine(row);
        out(o + "\r\n\r\nOK\r\n");
        return;
    }
    qint64 ctxIdx = 0;
    const at::SettingInfo *row = (form == Form::Set && a.size() >= 2 && a[0].quoted)
                                     ? at::findSetting(Cmd::QSSLCFG, a[0].text)
                                     : nullptr;
    if (!row || !inRange(a, 1, Param::SslContextId, &ctxIdx) || ctxIdx < 0 || ctxIdx >= qint64(ssl.size())) {
        error();
        return;
    }
    SslCtx &c = ssl[std::size_t(ctxIdx)];
    if (a.size() == 2) { // read back
        info("+QSSLCFG: " + quote(row->name) + ',' + num(ctxIdx) + ',' + row->readBackValues(c));
        ok();
        return;
    }
    QList<QByteArray> values;
    if (!settingValues(*row, a, 2, &values) || values.size() != qsizetype(row->fields.size())) {
        error();
        return;
    }
    row->apply(c, values);
    ok();
}

void SimModule::Private::handleOpen(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info(cmd == Cmd::QMTOPEN ? "+QMTOPEN: " + idxR + ",\"host_name\"," + rangeText(ranges.range(Param::Port))
                                 : "+QMTCLOSE: " + idxR);
        ok();
        return;
    }
    if (cmd == Cmd::QMTOPEN && form == Form::Query) {
        QByteArray o;
        for (const Slot &s : slotList)
            if (s.net == Slot::Net::Open)
                o += "\r\n+QMTOPEN: " + num(s.idx) + ',' + quote(s.host) + ',' + num(s.port);
        out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    if (!sp) {
        error();
        return;
    }
    Slot &s = *sp;
    if (cmd == Cmd::QMTCLOSE) {
        if (a.size() != 1 || s.net == Slot::Net::Closed) {
            error();
            return;
        }
        okAsync(s.idx, Cmd::QMTCLOSE);
        if (s.client && s.mq != Slot::Mq::Idle) {
            s.closing = true;
            s.client->disconnectFromHost();
            return;
        }
        const int idx = s.idx;
        closeSlot(s);
        QTimer::singleShot(20ms, q, [this, idx, gen = generation] {
            if (gen == generation)
                resultUrc(idx, Cmd::QMTCLOSE, "+QMTCLOSE: " + num(idx) + ",0");
        });
        return;
    }
    QByteArray host;
    qint64 port = 0;
    if (a.size() != 3 || !strArg(a, 1, Param::HostLen, &host) || !inRange(a, 2, Param::Port, &port)) {
        error();
        return;
    }
    if (s.net != Slot::Net::Closed) {
        okAsync(s.idx, Cmd::QMTOPEN);
        resultUrc(s.idx, Cmd::QMTOPEN, "+QMTOPEN: " + num(s.idx) + ",2"); // index occupied
        return;
    }
    s.host = host;
    s.port = int(port);
    s.net = Slot::Net::Opening;
    okAsync(s.idx, Cmd::QMTOPEN);
    open(s);
}

void SimModule::Private::open(Slot &s)
{
    const int idx = s.idx;
    const quint32 gen = generation;
    auto finish = [this, idx, gen](int result) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.net != Slot::Net::Opening)
            return;
        if (t.probe) {
            t.probe->disconnect(q);
            t.probe->abort();
            t.probe->deleteLater();
            t.probe = nullptr;
        }
        t.net = result == 0 ? Slot::Net::Open : Slot::Net::Closed;
        resultUrc(idx, Cmd::QMTOPEN, "+QMTOPEN: " + num(idx) + ',' + num(result));
    };
    if (s.openFailure) {
        const int r = *s.openFailure;
        s.openFailure.reset();
        QTimer::singleShot(50ms, q, [finish, r] { finish(r); });
        return;
    }
    // The module brings up the PDP context the slot names, as real modules do on QMTOPEN.
    pdp[s.cfg.pdpCid].active = true;
    if (s.host.endsWith(".invalid")) {
        QTimer::singleShot(50ms, q, [finish] { finish(4); });
        return;
    }
    route(s);
    // Probe the route the way the module opens its socket: TCP, and the TLS handshake when the
    // slot's SSL context is enabled (a failed handshake is -1, as on real modules).
    QTcpSocket *sock = nullptr;
    if (s.cfg.sslEnabled) {
        auto *tls = new QSslSocket(q);
        tls->setSslConfiguration(sslConfiguration(s));
        QObject::connect(tls, &QSslSocket::encrypted, q, [finish] { finish(0); });
        QObject::connect(tls, &QSslSocket::sslErrors, q, [finish](const QList<QSslError> &errors) {
            for (const QSslError &e : errors)
                qCInfo(lcSim) << "TLS handshake:" << e.errorString();
            finish(-1); // a failed handshake is -1, as on real modules
        });
        sock = tls;
        tls->connectToHostEncrypted(s.routeHost, s.routePort);
    } else {
        sock = new QTcpSocket(q);
        QObject::connect(sock, &QTcpSocket::connected, q, [finish] { finish(0); });
        sock->connectToHost(s.routeHost, s.routePort);
    }
    QObject::connect(sock, &QAbstractSocket::errorOccurred, q, [finish](QAbstractSocket::SocketError e) {
        finish(e == QAbstractSocket::HostNotFoundError ? 4 : -1);
    });
    QTimer::singleShot(kProbeTimeout, sock, [finish] { finish(-1); });
    s.probe = sock;
}

QSslConfiguration SimModule::Private::sslConfiguration(const Slot &s) const
{
    const SslCtx &c = ssl[std::size_t(s.cfg.sslCtx)];
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!c.caCert.isEmpty())
        conf.setCaCertificates(QSslCertificate::fromPath(filePath(c.caCert)));
    if (!c.clientCert.isEmpty()) {
        const auto certs = QSslCertificate::fromPath(filePath(c.clientCert));
        if (!certs.isEmpty())
            conf.setLocalCertificate(certs.first());
    }
    if (!c.clientKey.isEmpty()) {
        QFile f(filePath(c.clientKey));
        if (f.open(QIODevice::ReadOnly))
            conf.setPrivateKey(QSslKey(f.readAll(), QSsl::Rsa));
        if (conf.privateKey().isNull() && f.seek(0))
            conf.setPrivateKey(QSslKey(f.readAll(), QSsl::Ec));
    }
    conf.setPeerVerifyMode(c.secLevel == 0 ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    switch (c.sslVersion) {
    case 3: conf.setProtocol(QSsl::TlsV1_2); break;
    default: conf.setProtocol(QSsl::SecureProtocols); break;
    }
    return conf;
}

mqtt::MqttClient::Tls SimModule::Private::mqttTls(const Slot &s) const
{
    const SslCtx &c = ssl[std::size_t(s.cfg.sslCtx)];
    mqtt::MqttClient::Tls t;
    t.enabled = true;
    if (!c.caCert.isEmpty())
        t.caFile = filePath(c.caCert);
    if (!c.clientCert.isEmpty() && !c.clientKey.isEmpty()) {
        t.certFile = filePath(c.clientCert);
        t.keyFile = filePath(c.clientKey);
    }
    t.verifyPeer = c.secLevel != 0;
    t.tlsVersion = c.sslVersion == 3 ? QStringLiteral("tlsv1.2") : QString();
    t.insecure = true; // the route replaces the host name the certificate was made for
    return t;
}

void SimModule::Private::handleConn(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info(cmd == Cmd::QMTCONN ? "+QMTCONN: " + idxR + ",\"clientid\",\"username\",\"password\"" : "+QMTDISC: " + idxR);
        ok();
        return;
    }
    if (cmd == Cmd::QMTCONN && form == Form::Query) {
        QByteArray o;
        for (const Slot &s : slotList) {
            if (s.net != Slot::Net::Open)
                continue;
            const int state = s.mq == Slot::Mq::Idle ? 1 : s.mq == Slot::Mq::Connecting ? 2 : s.mq == Slot::Mq::Connected ? 3 : 4;
            o += "\r\n+QMTCONN: " + num(s.idx) + ',' + num(state);
        }
        out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    if (!sp) {
        error();
        return;
    }
    Slot &s = *sp;
    if (cmd == Cmd::QMTDISC) {
        if (a.size() != 1 || s.mq != Slot::Mq::Connected || !s.client) {
            error();
            return;
        }
        okAsync(s.idx, Cmd::QMTDISC);
        s.mq = Slot::Mq::Disconnecting;
        s.client->disconnectFromHost();
        return;
    }
    QByteArray clientId, user, pass;
    const bool shapeOk = (a.size() == 2 || a.size() == 3 || a.size() == 4) && strArg(a, 1, Param::ClientIdLen, &clientId)
                         && (a.size() < 3 || strArg(a, 2, Param::UserNameLen, &user, true))
                         && (a.size() < 4 || strArg(a, 3, Param::PasswordLen, &pass, true));
    if (!shapeOk || s.net != Slot::Net::Open || s.mq != Slot::Mq::Idle) {
        error();
        return;
    }
    okAsync(s.idx, Cmd::QMTCONN);
    connect(s, clientId, a.size() >= 3 ? std::optional(user) : std::nullopt,
            a.size() >= 4 ? std::optional(pass) : std::nullopt);
}

void SimModule::Private::connect(Slot &s, const QByteArray &clientIdIn, std::optional<QByteArray> user,
                                 std::optional<QByteArray> pass)
{
    const int idx = s.idx;
    const quint32 gen = generation;
    s.mq = Slot::Mq::Connecting;
    if (s.refuseCode) {
        const int code = s.refuseCode;
        s.refuseCode = 0;
        QTimer::singleShot(50ms, q, [this, idx, gen, code] {
            if (gen != generation)
                return;
            resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",0," + num(code));
            closeSlot(slotList[std::size_t(idx)]);
            urc("+QMTSTAT: " + num(idx) + ",4");
        });
        return;
    }
    mqtt::MqttClient::Options o;
    o.clientId = clientIdIn;
    if (!user && !s.cfg.aliProductKey.isEmpty()) {
        // Alibaba Cloud's signature from the aliauth credentials (hmacsha1, securemode 3).
        const QByteArray content = "clientId" + clientIdIn + "deviceName" + s.cfg.aliDeviceName + "productKey" + s.cfg.aliProductKey;
        user = s.cfg.aliDeviceName + '&' + s.cfg.aliProductKey;
        pass = QMessageAuthenticationCode::hash(content, s.cfg.aliDeviceSecret, QCryptographicHash::Sha1).toHex();
        o.clientId = clientIdIn + "|securemode=3,signmethod=hmacsha1|";
    }
    o.username = user;
    o.password = pass;
    o.keepAlive = std::chrono::seconds(s.cfg.keepAlive == 0 ? 0 : std::max(5, s.cfg.keepAlive));
    o.cleanSession = s.cfg.cleanSession == 1;
    o.protocolVersion = s.cfg.version;
    if (s.cfg.will.enabled)
        o.will = mqtt::MqttClient::Will{s.cfg.will.topic, s.cfg.will.message, s.cfg.will.qos, s.cfg.will.retain};
    if (s.cfg.sslEnabled)
        o.tls = mqttTls(s);
    auto *c = new mqtt::MqttClient(q);
    s.client = c;
    QObject::connect(c, &mqtt::MqttClient::connected, q, [this, idx, gen](bool) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        t.mq = Slot::Mq::Connected;
        resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",0,0");
    });
    QObject::connect(c, &mqtt::MqttClient::connackRefused, q, [this, idx, gen](int code) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        t.statOverride = 4;
        resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",0," + num(code));
    });
    QObject::connect(c, &mqtt::MqttClient::disconnected, q, [this, idx, gen, c](int error, bool expected) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.client != c)
            return;
        const Slot::Mq was = t.mq;
        const bool closing = t.closing;
        const int override = t.statOverride;
        closeSlot(t);
        if (closing) {
            resultUrc(idx, Cmd::QMTCLOSE, "+QMTCLOSE: " + num(idx) + ",0");
        } else if (was == Slot::Mq::Disconnecting && expected) {
            resultUrc(idx, Cmd::QMTDISC, "+QMTDISC: " + num(idx) + ",0");
        } else if (override) {
            urc("+QMTSTAT: " + num(idx) + ',' + num(override));
        } else if (was == Slot::Mq::Connecting) {
            resultUrc(idx, Cmd::QMTCONN, "+QMTCONN: " + num(idx) + ",2");
            urc("+QMTSTAT: " + num(idx) + ",3");
        } else {
            urc("+QMTSTAT: " + num(idx) + ',' + num(error == mqtt::MqttClient::KeepAliveTimeout ? 2 : 1));
        }
    });
    QObject::connect(c, &mqtt::MqttClient::subscribed, q, [this, idx, gen](int mid, const QList<int> &granted) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        for (auto it = t.packets.begin(); it != t.packets.end(); ++it) {
            auto m = std::find(it->mids.begin(), it->mids.end(), mid);
            if (it->cmd != Cmd::QMTSUB || m == it->mids.end())
                continue;
            it->mids.erase(m);
            const auto pos = std::find(it->allMids.begin(), it->allMids.end(), mid) - it->allMids.begin();
            it->granted[std::size_t(pos)] = granted.value(0, 128);
            if (it->mids.empty()) {
                QByteArray l = "+QMTSUB: " + num(idx) + ',' + num(it->msgId) + ",0";
                for (int g : it->granted)
                    l += ',' + num(g);
                delete it->timer;
                const int msgId = it->msgId;
                t.packets.erase(it);
                Q_UNUSED(msgId);
                resultUrc(idx, Cmd::QMTSUB, l);
            }
            return;
        }
    });
    QObject::connect(c, &mqtt::MqttClient::unsubscribed, q, [this, idx, gen](int mid) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        for (auto it = t.packets.begin(); it != t.packets.end(); ++it) {
            auto m = std::find(it->mids.begin(), it->mids.end(), mid);
            if (it->cmd != Cmd::QMTUNS || m == it->mids.end())
                continue;
            it->mids.erase(m);
            if (it->mids.empty()) {
                const QByteArray l = "+QMTUNS: " + num(idx) + ',' + num(it->msgId) + ",0";
                delete it->timer;
                t.packets.erase(it);
                resultUrc(idx, Cmd::QMTUNS, l);
            }
            return;
        }
    });
    QObject::connect(c, &mqtt::MqttClient::published, q, [this, idx, gen](int mid) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        for (auto it = t.packets.begin(); it != t.packets.end(); ++it) {
            if ((it->cmd != Cmd::QMTPUBEX && it->cmd != Cmd::QMTPUB) || it->mids.empty() || it->mids.front() != mid)
                continue;
            const Cmd cmd = it->cmd;
            const QByteArray l = '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(it->msgId) + ",0";
            delete it->timer;
            t.packets.erase(it);
            resultUrc(idx, cmd, l);
            return;
        }
    });
    QObject::connect(c, &mqtt::MqttClient::messageReceived, q,
                     [this, idx, gen](int mid, const QByteArray &topic, const QByteArray &payload, int qos, bool) {
                         if (gen == generation)
                             deliver(slotList[std::size_t(idx)], mid, topic, payload, qos);
                     });
    QObject::connect(c, &mqtt::MqttClient::errorOccurred, q, [idx](int error, const QString &message) {
        qCInfo(lcSim) << "slot" << idx << "MQTT error" << error << message;
    });
    c->connectToHost(s.routeHost, s.routePort, o);
}

void SimModule::Private::deliver(Slot &s, int mid, const QByteArray &topic, const QByteArray &payload, int qos)
{
    Message m{qos > 0 ? mid : 0, topic, payload};
    if (s.cfg.recvMode == 0) {
        urc(recvLine(s, m));
        return;
    }
    for (int i = 0; i < kBuffers; ++i) {
        if (!s.buffer[std::size_t(i)]) {
            s.buffer[std::size_t(i)] = m;
            urc("+QMTRECV: " + num(s.idx) + ',' + num(i));
            return;
        }
    }
    qCInfo(lcSim) << "slot" << s.idx << "receive buffer full: message on" << topic << "dropped";
}

void SimModule::Private::startPacketTimer(Slot &s, Packet &p)
{
    p.timer = new QTimer;
    p.timer->setInterval(std::chrono::seconds(s.cfg.pktTimeout));
    const int idx = s.idx;
    const Cmd cmd = p.cmd;
    const int msgId = p.msgId;
    QObject::connect(p.timer, &QTimer::timeout, q, [this, idx, cmd, msgId] { onPacketTimeout(idx, cmd, msgId); });
    p.timer->start();
}

void SimModule::Private::onPacketTimeout(int idx, Cmd cmd, int msgId)
{
    Slot &s = slotList[std::size_t(idx)];
    auto it = std::find_if(s.packets.begin(), s.packets.end(), [&](const Packet &p) { return p.cmd == cmd && p.msgId == msgId; });
    if (it == s.packets.end())
        return;
    const QByteArray head = '+' + QByteArray(at::cmdName(cmd)) + ": " + num(idx) + ',' + num(msgId);
    if (++it->tries <= s.cfg.retryTimes) {
        if (s.cfg.timeoutNotice)
            resultUrc(idx, cmd, head + ",1," + num(it->tries));
        return; // the timer runs again
    }
    delete it->timer;
    s.packets.erase(it);
    resultUrc(idx, cmd, head + ",2");
}

void SimModule::Private::handleSubUns(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info(cmd == Cmd::QMTSUB ? "+QMTSUB: " + idxR + ",<msgid>,list of [\"topic\",qos]"
                                : "+QMTUNS: " + idxR + ",<msgid>,list of [\"topic\"]");
        ok();
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    qint64 msgId = 0;
    if (!sp || !inRange(a, 1, Param::MsgId, &msgId) || a.size() < 3) {
        error();
        return;
    }
    Slot &s = *sp;
    const std::size_t step = cmd == Cmd::QMTSUB ? 2 : 1;
    if ((a.size() - 2) % step != 0 || s.mq != Slot::Mq::Connected || !s.client) {
        error();
        return;
    }
    std::vector<std::pair<QByteArray, int>> topics;
    for (std::size_t i = 2; i < a.size(); i += step) {
        QByteArray t;
        qint64 qos = 0;
        if (!strArg(a, i, Param::TopicLen, &t) || (step == 2 && !inRange(a, i + 1, Param::Qos, &qos))) {
            error();
            return;
        }
        topics.emplace_back(t, int(qos));
    }
    Packet p;
    p.cmd = cmd;
    p.msgId = int(msgId);
    for (const auto &[t, qos] : topics) {
        const int mid = cmd == Cmd::QMTSUB ? s.client->subscribe(t, qos) : s.client->unsubscribe(t);
        if (mid < 0) {
            error();
            return;
        }
        p.mids.push_back(mid);
        p.allMids.push_back(mid);
        p.granted.push_back(128);
    }
    okAsync(s.idx, cmd);
    s.packets.push_back(std::move(p));
    startPacketTimer(s, s.packets.back());
}

void SimModule::Private::handlePublish(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    const QByteArray idxR = rangeText(ranges.range(Param::ClientIdx));
    if (form == Form::Test) {
        info('+' + QByteArray(at::cmdName(cmd)) + ": " + idxR + ",<msgid>," + rangeText(ranges.range(Param::Qos)) + ','
             + rangeText(ranges.range(Param::Retain)) + ",\"topic\"" + (cmd == Cmd::QMTPUBEX ? ",\"length\"" : ""));
        ok();
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    qint64 msgId = 0, qos = 0, retain = 0, len = -1;
    QByteArray topic;
    const bool withLength = a.size() == 6;
    if (!sp || !(a.size() == 6 || (cmd == Cmd::QMTPUB && a.size() == 5)) || !inRange(a, 1, Param::PubMsgId, &msgId)
        || !inRange(a, 2, Param::Qos, &qos) || !inRange(a, 3, Param::Retain, &retain)
        || !strArg(a, 4, Param::TopicLen, &topic) || (withLength && !inRange(a, 5, Param::PayloadLen, &len))
        || (qos > 0 && msgId == 0)) {
        error();
        return;
    }
    Slot &s = *sp;
    if (s.mq != Slot::Mq::Connected || !s.client || s.unackedPublishes() >= kWindow) {
        error();
        return;
    }
    const int idx = s.idx;
    const quint32 gen = generation;
    auto publish = [this, idx, gen, cmd, msgId, qos, retain, topic](const QByteArray &payload) {
        if (gen != generation)
            return;
        Slot &t = slotList[std::size_t(idx)];
        if (t.mq != Slot::Mq::Connected || !t.client) {
            error();
            return;
        }
        const int mid = t.client->publish(topic, payload, int(qos), retain == 1);
        if (mid < 0) {
            error();
            return;
        }
        Packet p;
        p.cmd = cmd;
        p.msgId = int(msgId);
        p.mids.push_back(mid);
        okAsync(idx, cmd);
        t.packets.push_back(std::move(p));
        startPacketTimer(t, t.packets.back());
    };
    if (withLength) {
        expectData(len, publish);
        return;
    }
    out("\r\n> "); // QMTPUB: data ended by Ctrl+Z
    input = Input::CtrlZ;
    data.clear();
    onData = publish;
}

void SimModule::Private::handleRecv(Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        ok();
        return;
    }
    if (form == Form::Query) {
        QByteArray o;
        for (const Slot &s : slotList) {
            if (s.mq != Slot::Mq::Connected)
                continue;
            o += "\r\n+QMTRECV: " + num(s.idx);
            for (const auto &b : s.buffer)
                o += b ? ",1" : ",0";
        }
        out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
        return;
    }
    Slot *sp = form == Form::Set ? slotArg(a, 0) : nullptr;
    qint64 id = -1;
    if (!sp || a.size() > 2 || (a.size() == 2 && !inRange(a, 1, Param::RecvId, &id)) || sp->mq != Slot::Mq::Connected) {
        error();
        return;
    }
    QByteArray o;
    for (int i = 0; i < kBuffers; ++i) {
        auto &b = sp->buffer[std::size_t(i)];
        if ((id < 0 || id == i) && b) {
            o += "\r\n" + recvLine(*sp, *b);
            b.reset();
        }
    }
    out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
}

void SimModule::Private::handleUpload(Form form, const std::vector<Arg> &a)
{
    qint64 size = 10240, timeout = 5, ack = 0;
    QByteArray name;
    if (form != Form::Set || a.empty() || a.size() > 4 || !strArg(a, 0, Param::FileNameLen, &name)
        || (a.size() > 1 && !inRange(a, 1, Param::FileSize, &size)) || (a.size() > 2 && !inRange(a, 2, Param::FileTimeout, &timeout))
        || (a.size() > 3 && !inRange(a, 3, Param::AckMode, &ack))) {
        cme(400);
        return;
    }
    const QByteArray n = normalFileName(name);
    if (n.isEmpty() || n == "RAM:") {
        cme(406);
        return;
    }
    if (files.count(n)) {
        cme(407);
        return;
    }
    qsizetype used = 0;
    for (const auto &f : files)
        used += f.second.size();
    if (used + size > kUfsTotal) {
        cme(420);
        return;
    }
    uploadName = n;
    uploadSize = size;
    uploadAckMode = int(ack);
    uploadAcked = 0;
    data.clear();
    input = Input::Upload;
    out("\r\nCONNECT\r\n");
    uploadTimer.setInterval(std::chrono::seconds(timeout));
    uploadTimer.start();
}

void SimModule::Private::finishUpload(bool timedOut)
{
    if (input != Input::Upload)
        return;
    uploadTimer.stop();
    input = Input::Command;
    const QByteArray content = data;
    data.clear();
    storeFile(uploadName, content);
    info("+QFUPL: " + num(content.size()) + ',' + at::formatChecksum(at::qfuplChecksum(content)));
    if (timedOut)
        cme(421);
    else
        ok();
    flushHeldUrcs();
}

void SimModule::Private::handleFiles(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    if (form == Form::Test) {
        ok();
        return;
    }
    if (cmd == Cmd::QFLDS) {
        qsizetype used = 0;
        for (const auto &f : files)
            used += f.second.size();
        info("+QFLDS: " + num(kUfsTotal - used) + ',' + num(kUfsTotal));
        ok();
        return;
    }
    QByteArray pattern = "*";
    if (form == Form::Set && !a.empty() && !strArg(a, 0, Param::FileNameLen, &pattern)) {
        cme(400);
        return;
    }
    const bool ram = pattern.startsWith("RAM:") || pattern.startsWith("ram:");
    const QByteArray p = normalFileName(pattern);
    const bool all = p == "*" || p == "RAM:*";
    if (cmd == Cmd::QFLST) {
        QByteArray o;
        for (const auto &f : files) {
            if (f.first.startsWith("RAM:") != ram)
                continue;
            if (all || f.first == p)
                o += "\r\n+QFLST: " + quote(f.first) + ',' + num(f.second.size());
        }
        out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
        return;
    }
    // QFDEL
    if (form != Form::Set) {
        cme(400);
        return;
    }
    if (all) {
        for (auto it = files.begin(); it != files.end();) {
            const QByteArray n = it->first;
            ++it;
            if (n.startsWith("RAM:") == ram)
                removeFile(n);
        }
        ok();
        return;
    }
    if (!files.count(p)) {
        cme(405);
        return;
    }
    removeFile(p);
    ok();
}

void SimModule::Private::handlePdp(Cmd cmd, Form form, const std::vector<Arg> &a)
{
    qint64 cid = 0;
    if (cmd == Cmd::QIACT && form == Form::Query) {
        QByteArray o;
        for (const auto &[id, c] : pdp)
            if (c.active)
                o += "\r\n+QIACT: " + num(id) + ",1," + num(c.type) + ",\"10.64.0." + num(id + 1) + '"';
        out(o + (o.isEmpty() ? "" : "\r\n") + "\r\nOK\r\n");
        return;
    }
    if (form == Form::Test) {
        info('+' + QByteArray(at::cmdName(cmd)) + ": " + rangeText(ranges.range(Param::PdpContext))
             + (cmd == Cmd::QICSGP ? ",(1-3),\"APN\",\"USERNAME\",\"PASSWORD\",(0-3)" : ""));
        ok();
        return;
    }
    if (form != Form::Set || !inRange(a, 0, Param::PdpContext, &cid)) {
        error();
        return;
    }
    Pdp &c = pdp[int(cid)];
    if (cmd == Cmd::QICSGP) {
        if (a.size() == 1) {
            info("+QICSGP: " + num(c.type) + ',' + quote(c.apn) + ',' + quote(c.user) + ',' + quote(c.password) + ',' + num(c.auth));
            ok();
            return;
        }
        qint64 type = 0, auth = 0;
        QByteArray apn, user, pass;
        if (a.size() < 3 || !inRange(a, 1, Param::ContextType, &type) || !strArg(a, 2, Param::ApnLen, &apn, true)
            || (a.size() > 3 && !strArg(a, 3, Param::PdpUserLen, &user, true))
            || (a.size() > 4 && !strArg(a, 4, Param::PdpPasswordLen, &pass, true))
            || (a.size() > 5 && !inRange(a, 5, Param::PdpAuth, &auth))) {
            error();
            return;
        }
        c.type = int(type);
        c.apn = apn;
        c.user = user;
        c.password = pass;
        c.auth = int(auth);
        ok();
        return;
    }
    if (cmd == Cmd::QIACT) {
        if (c.active) {
            error(); // already active (PROTOCOL.md §5)
            return;
        }
        c.active = true;
        ok();
        return;
    }
    c.active = false; // QIDEACT
    ok();
}

// ---------------------------------------------------------------------------------------------

SimModule::SimModule(const SimOptions &options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, options))
    , m_options(options)
{
}

SimModule::~SimModule()
{
    for (Slot &s : d->slotList)
        d->closeSlot(s);
}

void SimModule::powerOn()
{
    d->powerOn();
}

void SimModule::write(QByteArrayView bytes)
{
    d->write(bytes);
}

const at::RangeTable &SimModule::ranges() const
{
    return d->ranges;
}

void SimModule::dropLink(int idx)
{
    if (idx < 0 || idx >= kSlots)
        return;
    Slot &s = d->slotList[std::size_t(idx)];
    if (s.client && s.mq != Slot::Mq::Idle) {
        s.statOverride = 1;
        s.client->abort(); // the broker sees the socket die and publishes the will
    } else if (s.net == Slot::Net::Open) {
        d->closeSlot(s);
        d->urc("+QMTSTAT: " + num(idx) + ",1");
    }
}

void SimModule::stopAnsweringPings(int idx)
{
    if (idx < 0 || idx >= kSlots)
        return;
    Slot &s = d->slotList[std::size_t(idx)];
    if (!s.client || s.mq != Slot::Mq::Connected)
        return;
    delete s.pingFault;
    s.pingFault = new QTimer;
    s.pingFault->setSingleShot(true);
    QObject::connect(s.pingFault, &QTimer::timeout, this, [this, idx] {
        Slot &t = d->slotList[std::size_t(idx)];
        if (t.client) {
            t.statOverride = 2;
            t.client->abort();
        }
    });
    s.pingFault->start(std::chrono::seconds(s.cfg.qmtPing));
}

void SimModule::refuseNextConnect(int idx, int code)
{
    if (idx >= 0 && idx < kSlots)
        d->slotList[std::size_t(idx)].refuseCode = code;
}

void SimModule::failNextOpen(int idx, int result)
{
    if (idx >= 0 && idx < kSlots)
        d->slotList[std::size_t(idx)].openFailure = result;
}

void SimModule::setResponseDelay(std::chrono::milliseconds delay)
{
    d->delay = delay;
}

void SimModule::setUrcBeforeFinal(bool on)
{
    d->urcFirst = on;
}

void SimModule::injectGarbage(const QByteArray &bytes)
{
    d->out(bytes.isEmpty() ? QByteArray("\xff\xfe\x00\x13~\x81 noise \x07\x1b[2J\r\n", 20) : bytes);
}

void SimModule::reboot()
{
    d->reboot();
}

QString SimModule::faultCommandHelp()
{
    return QCoreApplication::translate(
        "qmt::sim::SimModule",
        "  drop <idx>            the slot's broker link breaks: +QMTSTAT: <idx>,1 (the broker sends the will)\n"
        "  noping <idx>          pings go unanswered: +QMTSTAT: <idx>,2 after the qmtping interval\n"
        "  refuse <idx> <code>   the next AT+QMTCONN gets CONNACK <code> (2, 4 or 5), then +QMTSTAT: <idx>,4\n"
        "  dns <idx>             the next AT+QMTOPEN fails to resolve: +QMTOPEN: <idx>,4\n"
        "  pdp <idx>             the next AT+QMTOPEN fails to activate PDP: +QMTOPEN: <idx>,3\n"
        "  tls <idx>             the next AT+QMTOPEN fails its TLS handshake: +QMTOPEN: <idx>,-1\n"
        "  slow <ms>             every answer leaves <ms> later (0 to stop)\n"
        "  urcfirst on|off       result URCs before OK (+QMTOPEN: 0,0 then OK)\n"
        "  garbage [text]        bytes that are not AT traffic on the line\n"
        "  reboot                the module restarts: RDY … APP RDY, all slots gone, echo on\n");
}

QString SimModule::applyFaultCommand(const QString &lineIn)
{
    const QStringList w = lineIn.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (w.isEmpty())
        return tr("empty fault command");
    const QString cmd = w[0].toLower();
    bool okIdx = false;
    const int idx = w.value(1).toInt(&okIdx);
    const bool idxValid = okIdx && idx >= 0 && idx < kSlots;
    auto needIdx = [&] { return idxValid ? QString() : tr("%1 needs a client index 0-5").arg(cmd); };
    if (cmd == QLatin1String("drop")) {
        if (!idxValid)
            return needIdx();
        dropLink(idx);
    } else if (cmd == QLatin1String("noping")) {
        if (!idxValid)
            return needIdx();
        stopAnsweringPings(idx);
    } else if (cmd == QLatin1String("refuse")) {
        bool okCode = false;
        const int code = w.value(2).toInt(&okCode);
        if (!idxValid || !okCode || code < 1 || code > 5)
            return tr("refuse needs a client index 0-5 and a CONNACK code 1-5");
        refuseNextConnect(idx, code);
    } else if (cmd == QLatin1String("dns") || cmd == QLatin1String("pdp") || cmd == QLatin1String("tls")) {
        if (!idxValid)
            return needIdx();
        failNextOpen(idx, cmd == QLatin1String("dns") ? 4 : cmd == QLatin1String("pdp") ? 3 : -1);
    } else if (cmd == QLatin1String("slow")) {
        bool okMs = false;
        const int ms = w.value(1).toInt(&okMs);
        if (!okMs || ms < 0)
            return tr("slow needs a delay in milliseconds");
        setResponseDelay(std::chrono::milliseconds(ms));
    } else if (cmd == QLatin1String("urcfirst")) {
        const QString v = w.value(1).toLower();
        if (v != QLatin1String("on") && v != QLatin1String("off"))
            return tr("urcfirst needs on or off");
        setUrcBeforeFinal(v == QLatin1String("on"));
    } else if (cmd == QLatin1String("garbage")) {
        injectGarbage(w.size() > 1 ? lineIn.section(QLatin1Char(' '), 1).toUtf8() + "\r\n" : QByteArray());
    } else if (cmd == QLatin1String("reboot")) {
        reboot();
    } else {
        return tr("unknown fault %1").arg(w[0]);
    }
    return {};
}

} // namespace qmt::sim
