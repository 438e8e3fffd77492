// SPDX-License-Identifier: Apache-2.0
#pragma once
// AtFramer: cuts the byte stream coming from a module (or a log of a session) into frames,
// incrementally and byte-exactly. Any split of the same bytes into chunks gives the same frames
// with the same offsets: every decision is taken only once the bytes that decide it are there.

#include <QByteArray>
#include <QByteArrayView>
#include <functional>
#include <utility>

namespace qmt::at {

struct Frame
{
    enum Kind : std::uint8_t {
        Line,    // text between line ends (CR, LF or CR LF); empty lines produce no frame
        Prompt,  // '>' at the start of a line, with its following space if any
        Payload, // the data after a prompt: a counted block, or up to and including Ctrl+Z
    };
    Kind kind = Line;
    // Line: longer than the line limit and cut there. Payload: the stream ended before all of it.
    bool truncated = false;
    QByteArrayView text; // valid only during the callback
    qint64 offset = 0;   // stream offset of text[0]
    // A +QMTRECV line with <payload_len>: where the payload lies inside text (else -1). The
    // payload may hold CR, LF, quotes and commas; the framer takes exactly payload_len bytes.
    qsizetype payloadStart = -1;
    qsizetype payloadLength = 0;
};

class Framer
{
public:
    using Sink = std::function<void(const Frame &)>;
    // The CR and LF bytes between frames (line ends and empty lines), which no frame holds.
    using LineEndSink = std::function<void(QByteArrayView bytes)>;

    static constexpr qsizetype kMaxLine = 64 * 1024;  // a line longer than this is cut
    static constexpr qsizetype kMaxRecvHeader = 2048; // +QMTRECV: … up to the payload
    static constexpr qsizetype kMaxCtrlZPayload = 64 * 1024;

    // Feeds the next chunk; calls sink for every frame completed by it.
    void feed(QByteArrayView chunk, const Sink &sink);
    // End of stream: flushes a partial line, prompt or payload.
    void finish(const Sink &sink);
    void reset();
    // Told every run of CR/LF bytes the framer passes between frames, in stream order and
    // before the next frame: the frames' texts and these runs, in order, are the stream. A
    // run may come in pieces when the chunks split it.
    void setLineEndSink(LineEndSink sink) { m_lineEndSink = std::move(sink); }

    // The module will send (echo) `length` data bytes after its next prompt; set by the framer
    // itself when it frames a QMTPUBEX/QMTPUB/willex command line, or by a caller that knows.
    void expectPayloadAfterPrompt(qsizetype length) { m_pendingPayload = length; }
    // What the host wrote (a live session or a journal, which know it; a log does not). From
    // the first call on, the data after a prompt is taken as the module's echo only while its
    // bytes are the ones the host wrote, in order: a byte the host did not write (yet) ends the
    // echo there, so a module that reboots, answers or reports instead of echoing after its
    // '>' (or does not echo the Ctrl+Z) never has its next lines swallowed as data.
    void hostWrote(bool data, QByteArrayView bytes);

    qint64 bytesFed() const { return m_offset + m_carry.size(); }
    // Bytes not yet part of a frame (a partial line); for diagnostics.
    qsizetype pendingBytes() const { return m_carry.size(); }

    // Recognises a counted +QMTRECV header in `line`; exposed for tests.
    enum class RecvHeader { Incomplete, NotCounted, Counted };
    static RecvHeader classifyRecvHeader(QByteArrayView data, qsizetype *payloadStart,
                                         qsizetype *payloadLength);
    // For a command line: -1 when nothing follows its prompt, -2 for Ctrl+Z-terminated data,
    // else the declared data length (QMTPUBEX, QMTPUB with length, QMTCFG="willex").
    static qsizetype payloadLengthOfCommand(QByteArrayView line);

private:
    qsizetype scan(const char *p, qsizetype n, bool final, const Sink &sink);
    qsizetype echoedPrefix(const char *p, qsizetype n) const;
    void emitFrame(const Sink &sink, Frame &f);

    enum class State : std::uint8_t { Normal, CountedPayload, CtrlZPayload };
    State m_state = State::Normal;
    qsizetype m_payloadRemaining = 0;
    qsizetype m_pendingPayload = -1;
    bool m_hostKnown = false; // hostWrote() was called: the echo is checked against m_written
    QByteArray m_written;     // data the host wrote for the pending or current payload
    LineEndSink m_lineEndSink;
    QByteArray m_carry;  // bytes of an unfinished frame
    qint64 m_offset = 0; // stream offset of m_carry[0] (or of the next chunk when m_carry is empty)
};

} // namespace qmt::at
