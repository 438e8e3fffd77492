// SPDX-License-Identifier: Apache-2.0
// The facts of PROTOCOL.md that code needs: the code tables of §3/§4 and the response times.
// Texts are marked with QT_TRANSLATE_NOOP("qmt::spec", ...) so lupdate collects them; callers
// translate at display time with QCoreApplication::translate("qmt::spec", text).

#include "at/spec.h"

#include <QByteArray>
#include <QtGlobal>

#include <algorithm>
#include <iterator>

namespace qmt::spec {

namespace {

using namespace std::chrono_literals;

// +QMTSTAT <err_code>: seed table 4 with its fixes. Code 5 is the normal end of a disconnect,
// so it has no fix. 9-255 are reserved and not in the table. The causes are the usual ones
// (PROTOCOL.md and field logs); the diagnosis shows them as "likely causes".
constexpr CodeText kQmtStat[] = {
    {1, QT_TRANSLATE_NOOP("qmt::spec", "The connection was closed or reset by the server"),
     QT_TRANSLATE_NOOP("qmt::spec", "Reopen the network with AT+QMTOPEN."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Another client connected with the same client ID; the server's idle limit passed "
                       "without a ping (keep-alive too long or 0); the client did something the server's "
                       "policy forbids (a topic it may not publish to); the server restarted.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "Sending PINGREQ timed out or failed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with "
                       "AT+QMTOPEN."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The path to the server is gone: coverage was lost, the PDP context was deactivated, "
                       "or the carrier's NAT dropped the idle connection.")},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Sending CONNECT timed out or failed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the user name and password and that the client ID is not in use, then reopen "
                       "with AT+QMTOPEN and connect again."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Wrong credentials or a client ID already in use; the server did not answer within "
                       "pkt_timeout; the link dropped while connecting.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Receiving CONNACK timed out or failed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the user name and password and that the client ID is not in use, then reopen "
                       "with AT+QMTOPEN and connect again."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The server refused the connection (see the CONNACK code of +QMTCONN) or did not "
                       "answer within pkt_timeout.")},
    {5,
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The client sent DISCONNECT and the server closed the link (normal sequence)"),
     nullptr, nullptr},
    {6, QT_TRANSLATE_NOOP("qmt::spec", "Sending packets kept failing, so the client disconnected"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect "
                       "again."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "A congested or failing network; packets the server does not acknowledge (too large, "
                       "or refused by its policy).")},
    {7, QT_TRANSLATE_NOOP("qmt::spec", "The link is not working or the server is unavailable"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check that the link and the server are available."),
     QT_TRANSLATE_NOOP("qmt::spec", "No coverage, the PDP context was deactivated, or the server is down or "
                                    "unreachable.")},
    {8, QT_TRANSLATE_NOOP("qmt::spec", "The client disconnected actively"),
     QT_TRANSLATE_NOOP("qmt::spec", "Reconnect: AT+QMTOPEN, then AT+QMTCONN."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The host closed the client (AT+QMTDISC, AT+QMTCLOSE), or the module closed it "
                       "itself.")},
};

// +QMTOPEN <result>
constexpr CodeText kOpen[] = {
    {-1, QT_TRANSLATE_NOOP("qmt::spec", "Failed to open the network"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the host, the port and the PDP context. A failed TLS handshake also shows as "
                       "-1: check the SSL context (certificates, seclevel, SNI, time)."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The server is not listening on that port or a firewall blocks it; the PDP context is "
                       "not active; with TLS, the handshake failed: no or wrong CA certificate, a client "
                       "certificate the server refuses, SNI needed, or the module's clock outside the "
                       "certificate's validity.")},
    {0, QT_TRANSLATE_NOOP("qmt::spec", "Network opened"), nullptr, nullptr},
    {1, QT_TRANSLATE_NOOP("qmt::spec", "Wrong parameter"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the host name and the port."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The host is empty or longer than 100 bytes, or the port is outside 1-65535.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "The client index is occupied"),
     QT_TRANSLATE_NOOP("qmt::spec", "Close the slot with AT+QMTCLOSE first, or use another client index."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "An earlier AT+QMTOPEN on this index was never closed (the host restarted, the "
                       "module did not).")},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Failed to activate the PDP context"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the APN (AT+QICSGP) and activate the context named by \"pdpcid\" with "
                       "AT+QIACT."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "A wrong or missing APN, a SIM without data service, the module not registered on "
                       "the network, or \"pdpcid\" naming a context that is not defined.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Failed to resolve the domain name"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the host name and the DNS servers; try the IP address."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "A misspelled host name (typographic quotes pasted from a document count), DNS "
                       "servers that cannot be reached, or no working data connection.")},
    {5, QT_TRANSLATE_NOOP("qmt::spec", "The network was disconnected"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the network registration and the PDP context, then reopen."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Coverage was lost or the PDP context was deactivated while the network was "
                       "opening.")},
};

// +QMTCLOSE / +QMTDISC <result>
constexpr CodeText kClose[] = {
    {-1, QT_TRANSLATE_NOOP("qmt::spec", "Failed to close or disconnect"),
     QT_TRANSLATE_NOOP("qmt::spec", "Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry."),
     QT_TRANSLATE_NOOP("qmt::spec", "The slot was not open or not connected, or the link was already gone.")},
    {0, QT_TRANSLATE_NOOP("qmt::spec", "Closed or disconnected"), nullptr, nullptr},
};

// +QMTCONN/QMTSUB/QMTUNS/QMTPUBEX/QMTPUB <result>
constexpr CodeText kPacket[] = {
    {0,
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)"),
     nullptr, nullptr},
    {1, QT_TRANSLATE_NOOP("qmt::spec", "Packet is being retransmitted"),
     QT_TRANSLATE_NOOP("qmt::spec", "The server has not acknowledged yet; check the connection and wait."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The server did not acknowledge within pkt_timeout: a slow or congested network, or "
                       "a busy server.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "Failed to send the packet"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the connection (AT+QMTCONN?) and the \"timeout\" configuration, then "
                       "reconnect."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The connection was lost, or the server never acknowledged after retry_times "
                       "retransmissions (for example a topic its policy refuses).")},
};

// +QMTCONN <ret_code>: the CONNACK return code
constexpr CodeText kConnack[] = {
    {0, QT_TRANSLATE_NOOP("qmt::spec", "Connection accepted"), nullptr, nullptr},
    {1, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: unacceptable protocol version"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Set the protocol version with AT+QMTCFG=\"version\" (3 = MQTT 3.1, 4 = MQTT 3.1.1)."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The server does not speak the MQTT version the slot is configured for.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: identifier rejected"),
     QT_TRANSLATE_NOOP("qmt::spec", "Use a client ID the server accepts."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The client ID is empty, too long, has characters the server refuses, or does not "
                       "follow the format the cloud requires.")},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: server unavailable"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the server and retry later."),
     QT_TRANSLATE_NOOP("qmt::spec", "The MQTT service is down or overloaded.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: bad user name or password"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the user name and password (or the \"aliauth\" credentials)."),
     QT_TRANSLATE_NOOP("qmt::spec", "A wrong user name or password, an expired token, or wrong \"aliauth\" "
                                    "credentials.")},
    {5, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: not authorized"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the credentials, the certificates and the server's policy for this client ID."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The server knows the client but its policy does not allow it: missing or wrong "
                       "credentials, a certificate not attached to a policy, or a client ID the policy "
                       "does not allow.")},
};

// AT+QMTCONN? <state>
constexpr CodeText kConnState[] = {
    {1, QT_TRANSLATE_NOOP("qmt::spec", "MQTT initializing"), nullptr, nullptr},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "MQTT connecting"), nullptr, nullptr},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "MQTT connected"), nullptr, nullptr},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "MQTT disconnecting"), nullptr, nullptr},
};

// +CME ERROR 4xx of the Quectel FILE AT manual (PROTOCOL.md §4)
constexpr CodeText kFile[] = {
    {400, QT_TRANSLATE_NOOP("qmt::spec", "Invalid input value"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the command's values against the FILE AT manual."), nullptr},
    {401, QT_TRANSLATE_NOOP("qmt::spec", "Larger than the file"),
     QT_TRANSLATE_NOOP("qmt::spec", "Stay within the file's size (AT+QFLST shows it)."), nullptr},
    {402, QT_TRANSLATE_NOOP("qmt::spec", "Read zero bytes"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check that the file holds data (AT+QFLST) and the read position."),
     nullptr},
    {403, QT_TRANSLATE_NOOP("qmt::spec", "Drive full"),
     QT_TRANSLATE_NOOP("qmt::spec", "Delete files with AT+QFDEL; AT+QFLDS shows the free space."),
     QT_TRANSLATE_NOOP("qmt::spec", "Earlier uploads fill the storage.")},
    {405, QT_TRANSLATE_NOOP("qmt::spec", "File not found"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the name and its RAM:/UFS: prefix with AT+QFLST=\"*\"."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "A misspelled name or a missing RAM:/UFS: prefix, or a RAM: file lost when the "
                       "module restarted.")},
    {406, QT_TRANSLATE_NOOP("qmt::spec", "Invalid file name"),
     QT_TRANSLATE_NOOP("qmt::spec", "Use at most 80 bytes, optionally prefixed with RAM: or UFS:."), nullptr},
    {407, QT_TRANSLATE_NOOP("qmt::spec", "File already exists"),
     QT_TRANSLATE_NOOP("qmt::spec", "Delete it first with AT+QFDEL or choose another name."),
     QT_TRANSLATE_NOOP("qmt::spec", "An earlier upload of the same name is still there.")},
    {409, QT_TRANSLATE_NOOP("qmt::spec", "Failed to write the file"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the free space (AT+QFLDS), delete the file and upload it again."),
     nullptr},
    {410, QT_TRANSLATE_NOOP("qmt::spec", "Failed to open the file"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the name with AT+QFLST=\"*\" and close files left open."),
     nullptr},
    {411, QT_TRANSLATE_NOOP("qmt::spec", "Failed to read the file"),
     QT_TRANSLATE_NOOP("qmt::spec", "Retry; if it fails again, delete the file and upload it again."),
     nullptr},
    {413, QT_TRANSLATE_NOOP("qmt::spec", "Too many open files"),
     QT_TRANSLATE_NOOP("qmt::spec", "Close the files you no longer need (AT+QFCLOSE)."), nullptr},
    {414, QT_TRANSLATE_NOOP("qmt::spec", "Read-only file"),
     QT_TRANSLATE_NOOP("qmt::spec", "Write to another file, or delete this one first."), nullptr},
    {416, QT_TRANSLATE_NOOP("qmt::spec", "Invalid file descriptor"),
     QT_TRANSLATE_NOOP("qmt::spec", "Use the handle AT+QFOPEN returned, before AT+QFCLOSE."), nullptr},
    {417, QT_TRANSLATE_NOOP("qmt::spec", "Failed to list the files"),
     QT_TRANSLATE_NOOP("qmt::spec", "Retry AT+QFLST and check the storage name."), nullptr},
    {418, QT_TRANSLATE_NOOP("qmt::spec", "Failed to delete the file"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the name with AT+QFLST=\"*\" and close the file first."), nullptr},
    {419, QT_TRANSLATE_NOOP("qmt::spec", "Failed to get the disk information"),
     QT_TRANSLATE_NOOP("qmt::spec", "Retry AT+QFLDS with the storage name (\"UFS\" or \"RAM\")."), nullptr},
    {420, QT_TRANSLATE_NOOP("qmt::spec", "No space"),
     QT_TRANSLATE_NOOP("qmt::spec", "Delete files with AT+QFDEL; AT+QFLDS shows the free space."),
     QT_TRANSLATE_NOOP("qmt::spec", "Earlier uploads fill the storage.")},
    {421, QT_TRANSLATE_NOOP("qmt::spec", "Time-out"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Send exactly the declared number of bytes before the timeout, or raise the timeout. "
                       "The module keeps what it received: check +QFUPL and delete the partial file."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Fewer bytes than declared arrived before the timeout: a wrong size in AT+QFUPL, a "
                       "host that stopped sending, or a terminal that changed the line ends.")},
    {423, QT_TRANSLATE_NOOP("qmt::spec", "File too large"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the declared size against the free space (AT+QFLDS)."), nullptr},
    {425, QT_TRANSLATE_NOOP("qmt::spec", "Invalid parameter"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the file name, size, timeout and ackmode of the command."),
     nullptr},
    {426, QT_TRANSLATE_NOOP("qmt::spec", "File already open"),
     QT_TRANSLATE_NOOP("qmt::spec", "Close the file before using it again."), nullptr},
};

// +CME ERROR <n> outside the FILE AT codes: the common ones of 3GPP TS 27.007 §9.2 (10 is in
// PROTOCOL.md §7).
constexpr CodeText kCme[] = {
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Operation not allowed"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check that the command is allowed in the module's present state."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The command does not fit the present state: a setting changed while the client is "
                       "open or connected, a slot already in use, or a command sent too early after "
                       "power-up.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Operation not supported"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the command against the module's own AT command manual."),
     QT_TRANSLATE_NOOP("qmt::spec", "The module or its firmware does not have this command or form.")},
    {10, QT_TRANSLATE_NOOP("qmt::spec", "SIM not inserted"),
     QT_TRANSLATE_NOOP("qmt::spec", "Insert the SIM and check it with AT+CPIN?."),
     QT_TRANSLATE_NOOP("qmt::spec", "No SIM, or a SIM that is not seated properly.")},
    {30, QT_TRANSLATE_NOOP("qmt::spec", "No network service"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the registration (AT+CEREG?, AT+CREG?), the signal (AT+CSQ) and "
                                    "that the radio is on (AT+CFUN?)."),
     QT_TRANSLATE_NOOP("qmt::spec", "The module is not registered: no coverage, the radio switched off, "
                                    "registration denied, or no SIM.")},
    {50, QT_TRANSLATE_NOOP("qmt::spec", "Incorrect parameters"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the command's parameters and their ranges (AT+<command>=?)."),
     nullptr},
    {133, QT_TRANSLATE_NOOP("qmt::spec", "Requested service option not subscribed"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the APN (AT+CGDCONT?, AT+QICSGP) with the operator."),
     QT_TRANSLATE_NOOP("qmt::spec", "The network refused to activate the PDP context: a wrong or "
                                    "unsubscribed APN, or a SIM without data service.")},
};

// +QMTPING <result>
constexpr CodeText kPing[] = {
    {1, QT_TRANSLATE_NOOP("qmt::spec", "The keep-alive ping failed; the connection is closed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive "
                       "time."),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The path to the server is gone (coverage, PDP context), or the carrier's NAT dropped "
                       "the idle connection before the ping.")},
};

template <std::size_t N> const CodeText *find(const CodeText (&table)[N], int code)
{
    const auto it = std::find_if(std::begin(table), std::end(table),
                                 [code](const CodeText &c) { return c.code == code; });
    return it == std::end(table) ? nullptr : &*it;
}

// The row whose text and `lower` (a verbose +CME ERROR, lower case) start alike.
template <std::size_t N> const CodeText *findText(const CodeText (&table)[N], const QByteArray &lower)
{
    for (const CodeText &c : table) {
        const QByteArray known = QByteArray(c.text).toLower();
        if (known.startsWith(lower) || lower.startsWith(known))
            return &c;
    }
    return nullptr;
}

} // namespace

const CodeText *qmtstat(int errCode)
{
    return find(kQmtStat, errCode);
}
const CodeText *openResult(int result)
{
    return find(kOpen, result);
}
const CodeText *closeResult(int result)
{
    return find(kClose, result);
}
const CodeText *packetResult(int result)
{
    return find(kPacket, result);
}
const CodeText *connackCode(int retCode)
{
    return find(kConnack, retCode);
}
const CodeText *connState(int state)
{
    return find(kConnState, state);
}
const CodeText *fileError(int cme)
{
    return find(kFile, cme);
}
const CodeText *cmeError(int cme)
{
    return find(kCme, cme);
}
const CodeText *cmeFromText(QByteArrayView text)
{
    const QByteArray t = text.trimmed().toByteArray().toLower();
    if (t.size() < 4)
        return nullptr;
    if (const CodeText *c = findText(kFile, t))
        return c;
    return findText(kCme, t);
}
const CodeText *pingResult(int result)
{
    return find(kPing, result);
}

std::chrono::milliseconds maxResponseTime(at::Cmd cmd, std::chrono::seconds pktTimeout, int retries)
{
    using at::Cmd;
    // A slot's pkt_timeout is 1-60 s; never derive a zero or negative wait from a bad value.
    const std::chrono::milliseconds pkt = std::max(pktTimeout, std::chrono::seconds{1});
    // pkt_timeout x retry_times, but a slot without retries still waits for one pkt_timeout.
    const std::chrono::milliseconds retried = pkt * std::max(retries, 1);
    const at::CommandInfo &info = at::commandInfo(cmd);
    switch (info.timeoutRule) {
    case at::TimeoutRule::PktTimeout:
        return pkt;
    case at::TimeoutRule::PktTimesRetries:
        return retried;
    case at::TimeoutRule::Fixed:
        break;
    }
    return std::chrono::milliseconds(info.timeoutMs);
}

std::chrono::milliseconds commandTimeout(at::Cmd cmd, std::chrono::seconds pktTimeout, int retries)
{
    const auto base = maxResponseTime(cmd, pktTimeout, retries);
    const auto margin = std::max<std::chrono::milliseconds>(base / 2, std::chrono::seconds{1});
    return base + margin;
}

} // namespace qmt::spec
