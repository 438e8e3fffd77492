// SPDX-License-Identifier: Apache-2.0
// The facts of PROTOCOL.md that code needs: the code tables of §3/§4 and the response times.
// Texts are marked with QT_TRANSLATE_NOOP("qmt::spec", ...) so lupdate collects them; callers
// translate at display time with QCoreApplication::translate("qmt::spec", text).

#include "at/spec.h"

#include <QtGlobal>

#include <algorithm>
#include <iterator>

namespace qmt::spec {

namespace {

using namespace std::chrono_literals;

// +QMTSTAT <err_code>: seed table 4 with its fixes. Code 5 is the normal end of a disconnect,
// so it has no fix. 9-255 are reserved and not in the table.
constexpr CodeText kQmtStat[] = {
    {1, QT_TRANSLATE_NOOP("qmt::spec", "The connection was closed or reset by the server"),
     QT_TRANSLATE_NOOP("qmt::spec", "Reopen the network with AT+QMTOPEN.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "Sending PINGREQ timed out or failed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Deactivate and reactivate the PDP context (AT+QIDEACT, AT+QIACT), then reopen with "
                       "AT+QMTOPEN.")},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Sending CONNECT timed out or failed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the user name and password and that the client ID is not in use, then reopen "
                       "with AT+QMTOPEN and connect again.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Receiving CONNACK timed out or failed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the user name and password and that the client ID is not in use, then reopen "
                       "with AT+QMTOPEN and connect again.")},
    {5,
     QT_TRANSLATE_NOOP("qmt::spec",
                       "The client sent DISCONNECT and the server closed the link (normal sequence)"),
     nullptr},
    {6, QT_TRANSLATE_NOOP("qmt::spec", "Sending packets kept failing, so the client disconnected"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the data; the network may be congested. Reopen with AT+QMTOPEN and connect "
                       "again.")},
    {7, QT_TRANSLATE_NOOP("qmt::spec", "The link is not working or the server is unavailable"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check that the link and the server are available.")},
    {8, QT_TRANSLATE_NOOP("qmt::spec", "The client disconnected actively"),
     QT_TRANSLATE_NOOP("qmt::spec", "Reconnect: AT+QMTOPEN, then AT+QMTCONN.")},
};

// +QMTOPEN <result>
constexpr CodeText kOpen[] = {
    {-1, QT_TRANSLATE_NOOP("qmt::spec", "Failed to open the network"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the host, the port and the PDP context. A failed TLS handshake also shows as "
                       "-1: check the SSL context (certificates, seclevel, SNI, time).")},
    {0, QT_TRANSLATE_NOOP("qmt::spec", "Network opened"), nullptr},
    {1, QT_TRANSLATE_NOOP("qmt::spec", "Wrong parameter"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the host name and the port.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "The client index is occupied"),
     QT_TRANSLATE_NOOP("qmt::spec", "Close the slot with AT+QMTCLOSE first, or use another client index.")},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Failed to activate the PDP context"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the APN (AT+QICSGP) and activate the context named by \"pdpcid\" with "
                       "AT+QIACT.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Failed to resolve the domain name"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the host name and the DNS servers; try the IP address.")},
    {5, QT_TRANSLATE_NOOP("qmt::spec", "The network was disconnected"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the network registration and the PDP context, then reopen.")},
};

// +QMTCLOSE / +QMTDISC <result>
constexpr CodeText kClose[] = {
    {-1, QT_TRANSLATE_NOOP("qmt::spec", "Failed to close or disconnect"),
     QT_TRANSLATE_NOOP("qmt::spec", "Query the slot with AT+QMTOPEN? and AT+QMTCONN?, then retry.")},
    {0, QT_TRANSLATE_NOOP("qmt::spec", "Closed or disconnected"), nullptr},
};

// +QMTCONN/QMTSUB/QMTUNS/QMTPUBEX/QMTPUB <result>
constexpr CodeText kPacket[] = {
    {0,
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Packet sent and acknowledged by the server (QoS 0 needs no acknowledgement)"),
     nullptr},
    {1, QT_TRANSLATE_NOOP("qmt::spec", "Packet is being retransmitted"),
     QT_TRANSLATE_NOOP("qmt::spec", "The server has not acknowledged yet; check the connection and wait.")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "Failed to send the packet"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Check the connection (AT+QMTCONN?) and the \"timeout\" configuration, then "
                       "reconnect.")},
};

// +QMTCONN <ret_code>: the CONNACK return code
constexpr CodeText kConnack[] = {
    {0, QT_TRANSLATE_NOOP("qmt::spec", "Connection accepted"), nullptr},
    {1, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: unacceptable protocol version"),
     QT_TRANSLATE_NOOP(
         "qmt::spec", "Set the protocol version with AT+QMTCFG=\"version\" (3 = MQTT 3.1, 4 = MQTT 3.1.1).")},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: identifier rejected"),
     QT_TRANSLATE_NOOP("qmt::spec", "Use a client ID the server accepts.")},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: server unavailable"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the server and retry later.")},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: bad user name or password"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the user name and password (or the \"aliauth\" credentials).")},
    {5, QT_TRANSLATE_NOOP("qmt::spec", "Connection refused: not authorized"),
     QT_TRANSLATE_NOOP(
         "qmt::spec", "Check the credentials, the certificates and the server's policy for this client ID.")},
};

// AT+QMTCONN? <state>
constexpr CodeText kConnState[] = {
    {1, QT_TRANSLATE_NOOP("qmt::spec", "MQTT initializing"), nullptr},
    {2, QT_TRANSLATE_NOOP("qmt::spec", "MQTT connecting"), nullptr},
    {3, QT_TRANSLATE_NOOP("qmt::spec", "MQTT connected"), nullptr},
    {4, QT_TRANSLATE_NOOP("qmt::spec", "MQTT disconnecting"), nullptr},
};

// +CME ERROR 4xx of the Quectel FILE AT manual (PROTOCOL.md §4)
constexpr CodeText kFile[] = {
    {400, QT_TRANSLATE_NOOP("qmt::spec", "Invalid input value"), nullptr},
    {401, QT_TRANSLATE_NOOP("qmt::spec", "Larger than the file"), nullptr},
    {402, QT_TRANSLATE_NOOP("qmt::spec", "Read zero bytes"), nullptr},
    {403, QT_TRANSLATE_NOOP("qmt::spec", "Drive full"),
     QT_TRANSLATE_NOOP("qmt::spec", "Delete files with AT+QFDEL; AT+QFLDS shows the free space.")},
    {405, QT_TRANSLATE_NOOP("qmt::spec", "File not found"),
     QT_TRANSLATE_NOOP("qmt::spec", "Check the name and its RAM:/UFS: prefix with AT+QFLST=\"*\".")},
    {406, QT_TRANSLATE_NOOP("qmt::spec", "Invalid file name"),
     QT_TRANSLATE_NOOP("qmt::spec", "Use at most 80 bytes, optionally prefixed with RAM: or UFS:.")},
    {407, QT_TRANSLATE_NOOP("qmt::spec", "File already exists"),
     QT_TRANSLATE_NOOP("qmt::spec", "Delete it first with AT+QFDEL or choose another name.")},
    {409, QT_TRANSLATE_NOOP("qmt::spec", "Failed to write the file"), nullptr},
    {410, QT_TRANSLATE_NOOP("qmt::spec", "Failed to open the file"), nullptr},
    {411, QT_TRANSLATE_NOOP("qmt::spec", "Failed to read the file"), nullptr},
    {413, QT_TRANSLATE_NOOP("qmt::spec", "Too many open files"), nullptr},
    {414, QT_TRANSLATE_NOOP("qmt::spec", "Read-only file"), nullptr},
    {416, QT_TRANSLATE_NOOP("qmt::spec", "Invalid file descriptor"), nullptr},
    {417, QT_TRANSLATE_NOOP("qmt::spec", "Failed to list the files"), nullptr},
    {418, QT_TRANSLATE_NOOP("qmt::spec", "Failed to delete the file"), nullptr},
    {419, QT_TRANSLATE_NOOP("qmt::spec", "Failed to get the disk information"), nullptr},
    {420, QT_TRANSLATE_NOOP("qmt::spec", "No space"),
     QT_TRANSLATE_NOOP("qmt::spec", "Delete files with AT+QFDEL; AT+QFLDS shows the free space.")},
    {421, QT_TRANSLATE_NOOP("qmt::spec", "Time-out"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Send exactly the declared number of bytes before the timeout, or raise the timeout. "
                       "The module keeps what it received: check +QFUPL and delete the partial file.")},
    {423, QT_TRANSLATE_NOOP("qmt::spec", "File too large"), nullptr},
    {425, QT_TRANSLATE_NOOP("qmt::spec", "Invalid parameter"), nullptr},
    {426, QT_TRANSLATE_NOOP("qmt::spec", "File already open"),
     QT_TRANSLATE_NOOP("qmt::spec", "Close the file before using it again.")},
};

// +QMTPING <result>
constexpr CodeText kPing[] = {
    {1, QT_TRANSLATE_NOOP("qmt::spec", "The keep-alive ping failed; the connection is closed"),
     QT_TRANSLATE_NOOP("qmt::spec",
                       "Reopen with AT+QMTOPEN and connect again; check the network and the keep-alive "
                       "time.")},
};

template <std::size_t N> const CodeText *find(const CodeText (&table)[N], int code)
{
    const auto it = std::find_if(std::begin(table), std::end(table),
                                 [code](const CodeText &c) { return c.code == code; });
    return it == std::end(table) ? nullptr : &*it;
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
