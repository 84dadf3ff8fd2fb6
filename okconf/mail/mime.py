"""A mail's bytes as Flask-Mail sends them, written part by part instead of by email's generator.

Flask-Mail builds a tree of `email.mime` objects and flattens it under `email.policy.SMTP`.
That generator parses the headers of every part again each time it looks at them (a part's
Content-Type a dozen times while it is written), and for a confirmation (text, HTML, calendar
file, QR code) it took about 2.1 of the mail worker's 10 ms of CPU a mail. The shape of
Flask-Mail's message is fixed (one text part; or multipart/mixed holding the text, or a
multipart/alternative of text and HTML, then the attachments), so `message_bytes` writes that
shape itself. Every header still goes through the folder the generator uses,
`email.policy.SMTP.fold_binary` (RFC 5322 line lengths, RFC 2047 encoded words): what is the
same for every mail (the sender, a conference's subject, the parts' own headers) is folded once
and remembered; a boundary's Content-Type is folded once per shape, since a boundary's digits
never change where it folds. The bodies are encoded as Flask-Mail's parts encode them (UTF-8
text as 8bit, or 7bit when it is ASCII; attachments in base64, lines of 76), with CRLF line ends,
and the boundaries are drawn as the generator draws them (inner part first) and checked against
the parts' text the same way.

The result is Flask-Mail's `Message.as_bytes()`, byte for byte, but for a Subject outside
ASCII, which is written as RFC 2047 asks and email's folder does not (see _subject):
tests/mail/test_mime.py compares the two with the same boundaries, date and Message-ID.
A message with what okconf
never sends (Cc, Reply-To, extra headers, an attachment's own headers or text data, another
charset, MAIL_ASCII_ATTACHMENTS) is left to Flask-Mail's own writer.
"""

from __future__ import annotations

import base64
import random
import re
import sys
from email import policy
from email.header import Header
from email.message import Message as EmailMessage
from email.utils import formatdate
from functools import lru_cache

from flask_mail import Message, sanitize_address, sanitize_addresses, sanitize_subject

SMTP = policy.SMTP
NL = b"\r\n"
_LINE_ENDS = re.compile(rb"\r\n|\r|\n")
# email.generator's boundary: 15 "=", sys.maxsize's number of digits, "==".
_WIDTH = len(repr(sys.maxsize - 1))
_SAMPLE_BOUNDARY = "=" * 15 + "0" * _WIDTH + "=="


@lru_cache(maxsize=512)
def _folded(name: str, value: str) -> bytes:
    """A header as the SMTP policy writes it, for values that recur from mail to mail."""
    return SMTP.fold_binary(name, value)


@lru_cache(maxsize=256)
def _subject(subject: str) -> bytes:
    """The Subject header (one per conference and language, mostly). ASCII: folded by the
    SMTP policy. Otherwise the whole subject in RFC 2047 encoded words, each on a line of its
    own (email.header.Header): the policy's folder, given the encoded words Flask-Mail makes
    (sanitize_subject), folds them again and can glue an encoded word to plain text
    ("integrat=?utf-8?q?ionsomr=C3=A5det…?=", which RFC 2047 section 5 forbids, so a strict
    reader shows it raw) or fold inside a word ("Sk" / "=?utf-8?q?=C3=A5ne?=", read back as
    "Sk åne"). This is the one header written differently from Flask-Mail's as_bytes()."""
    if sanitize_subject(subject) == subject:  # ASCII
        return SMTP.fold_binary("Subject", subject)
    # lines of at most 75, so no encoded word exceeds RFC 2047's 75 characters
    header = Header(subject, "utf-8", header_name="Subject")
    encoded = header.encode(linesep="\r\n", maxlinelen=75)
    return f"Subject: {encoded}\r\n".encode("ascii")


@lru_cache(maxsize=16)
def _sender(sender: str) -> bytes:
    return SMTP.fold_binary("From", sanitize_address(sender))


@lru_cache(maxsize=64)
def _multipart_template(subtype: str) -> tuple[bytes, bytes]:
    """The folded Content-Type of a multipart part, split where its boundary goes.

    The generator sets the boundary with `set_boundary`, which stores a parsed header, and
    folds that: the same is done here once for a sample boundary of the generator's shape.
    """
    value = f'multipart/{subtype}; boundary="{_SAMPLE_BOUNDARY}"'
    header = SMTP.header_factory("Content-Type", value)
    folded = header.fold(policy=SMTP).encode("ascii")
    before, sample, after = folded.partition(_SAMPLE_BOUNDARY.encode("ascii"))
    assert sample, folded  # the boundary is never split by a fold: it has no space
    return before, after


def _multipart_header(subtype: str, boundary: str) -> bytes:
    if len(boundary) == len(_SAMPLE_BOUNDARY):
        before, after = _multipart_template(subtype)
        return before + boundary.encode("ascii") + after
    # A boundary that met itself in the text (a ".0" suffix): folded as it is.
    value = f'multipart/{subtype}; boundary="{boundary}"'
    return SMTP.header_factory("Content-Type", value).fold(policy=SMTP).encode("ascii")


def _boundary(text: bytes) -> str:
    """email.generator's `_make_boundary`: a random boundary that no line of `text` is."""
    boundary = "=" * 15 + f"{random.randrange(sys.maxsize):0{_WIDTH}d}" + "=="  # noqa: S311
    candidate, counter = boundary, 0
    while _is_a_line(text, b"--" + candidate.encode("ascii")):
        candidate = f"{boundary}.{counter}"
        counter += 1
    return candidate


def _is_a_line(text: bytes, line: bytes) -> bool:
    """Whether `line`, or `line` and "--", is a line of `text` as the generator's regular
    expression sees lines (`^…(--)?$` with re.MULTILINE: after a "\n" or at the start, before
    a "\n" or at the end). The same answer without compiling a new expression for each
    boundary, which cost more than writing the rest of the message."""
    start = text.find(line)
    while start != -1:
        if start == 0 or text[start - 1] == 0x0A:
            end = start + len(line)
            for stop in (end + 2, end) if text.startswith(b"--", end) else (end,):
                if stop == len(text) or text[stop] == 0x0A:
                    return True
        start = text.find(line, start + 1)
    return False


@lru_cache(maxsize=64)
def _text_headers(subtype: str, cte: str) -> bytes:
    return (
        _folded("Content-Type", f'text/{subtype}; charset="utf-8"')
        + _folded("MIME-Version", "1.0")
        + _folded("Content-Transfer-Encoding", cte)
    )


def _text_part(text: str, subtype: str) -> tuple[bytes, bytes]:
    """A MIMEText part of UTF-8 text (Flask-Mail's): its headers and its body."""
    data = text.encode("utf-8")
    cte = "7bit" if data.isascii() else "8bit"
    return _text_headers(subtype, cte), _LINE_ENDS.sub(NL, data)


@lru_cache(maxsize=256)
def _attachment_headers(content_type: str, disposition: str, filename: str | None) -> bytes:
    headers = (
        _folded("Content-Type", content_type)
        + _folded("MIME-Version", "1.0")
        + _folded("Content-Transfer-Encoding", "base64")
    )
    if filename is None:
        return headers
    # The parameter written as Message.add_header writes it (quoted, or RFC 2231 when it is
    # not ASCII), as Flask-Mail does.
    holder = EmailMessage()
    if filename.isascii():
        holder.add_header("Content-Disposition", disposition, filename=filename)
    else:
        holder.add_header("Content-Disposition", disposition, filename=("UTF8", "", filename))
    return headers + _folded("Content-Disposition", holder["Content-Disposition"])


def _attachment_part(attachment) -> tuple[bytes, bytes]:
    headers = _attachment_headers(
        attachment.content_type, attachment.disposition, attachment.filename
    )
    return headers, _base64_lines(attachment.data)


def _base64_lines(data: bytes) -> bytes:
    """base64.encodebytes(data) (lines of 76 characters, each ended), with CRLF line ends, in
    one encoding instead of one for each 57 bytes."""
    encoded = base64.b64encode(data)
    lines = [encoded[i : i + 76] for i in range(0, len(encoded), 76)]
    return NL.join(lines) + NL if lines else b""


def _multipart(subtype: str, parts: list[tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
    """A multipart part: its Content-Type and MIME-Version, and its body (the parts)."""
    texts = [headers + NL + body for headers, body in parts]
    boundary = _boundary(NL.join(texts))
    dash = b"--" + boundary.encode("ascii")
    body = dash + NL + (NL + dash + NL).join(texts) + NL + dash + b"--" + NL
    return _multipart_header(subtype, boundary) + _folded("MIME-Version", "1.0"), body


def written_here(message: Message) -> bool:
    """Whether `message_bytes` writes this message (else Flask-Mail's own writer does)."""
    from flask import current_app

    return not (
        message.cc
        or message.reply_to
        or message.extra_headers
        or message.charset not in (None, "utf-8")
        or message.body is None
        or current_app.extensions["mail"].ascii_attachments
        or any(
            attachment.headers
            or not isinstance(attachment.data, bytes)
            or attachment.content_type.count("/") != 1
            for attachment in message.attachments
        )
    )


def message_bytes(message: Message) -> bytes:
    """The message as Flask-Mail's `as_bytes()` writes it (under email.policy.SMTP)."""
    if not written_here(message):
        return message.as_bytes()
    body: tuple[bytes, bytes]
    if not message.attachments and not message.alts:
        root = _text_part(message.body, "plain")
    else:
        if message.alts:
            texts = [_text_part(message.body, "plain")]
            texts += [_text_part(content, kind) for kind, content in message.alts.items()]
            body = _multipart("alternative", texts)
        else:
            body = _text_part(message.body, "plain")
        root = _multipart("mixed", [body] + [_attachment_part(a) for a in message.attachments])
    headers = [root[0]]
    if message.subject:
        headers.append(_subject(message.subject))
    headers.append(_sender(message.sender))
    to = ", ".join(list(set(sanitize_addresses(message.recipients))))
    headers.append(SMTP.fold_binary("To", to))
    headers.append(SMTP.fold_binary("Date", formatdate(message.date, localtime=True)))
    headers.append(SMTP.fold_binary("Message-ID", message.msgId))
    return b"".join(headers) + NL + root[1]
