"""Signed, expiring personal links for participants, who have no password.

A token names one object and a version; bumping the version (for example when a place is
handed to a colleague) makes every earlier link stop working.

The token is opaque and has exactly one spelling: 36 bytes (a 16-byte tag, then the object
id, version and time of issue, encrypted) written as 48 URL-safe base64 characters with no
padding and no spare bits. It is a deterministic authenticated encryption in the SIV
pattern with HMAC-SHA256 as the pseudo-random function: the tag is an HMAC of the purpose and
the plain payload, and the payload is encrypted with a key stream derived from the tag; both
keys are derived from SECRET_KEY and the purpose. Nobody without the secret key can read the
id from a link or make another link, and a link altered in any character is refused.

Links made by earlier versions (itsdangerous, with the id readable) keep working until they
expire (PARTICIPANT_LINK_MAX_AGE_DAYS), in their one canonical spelling only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
import time

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_PAYLOAD = struct.Struct(">QIQ")  # object id, version, issued at (Unix seconds)
_TAG_BYTES = 16
_TOKEN_CHARS = (_TAG_BYTES + _PAYLOAD.size) * 4 // 3
_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")


def _keys(purpose: str) -> tuple[bytes, bytes]:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else bytes(secret)
    mac = hmac.new(secret, f"okconf-link-mac:{purpose}".encode(), hashlib.sha256).digest()
    enc = hmac.new(secret, f"okconf-link-enc:{purpose}".encode(), hashlib.sha256).digest()
    return mac, enc


def _stream(key: bytes, tag: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(key, tag + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def make_token(purpose: str, object_id: int, version: int = 1) -> str:
    """An opaque token for one object and purpose (e.g. 'registration', 'invitation')."""
    mac_key, enc_key = _keys(purpose)
    payload = _PAYLOAD.pack(object_id, version, int(time.time()))
    tag = hmac.new(mac_key, payload, hashlib.sha256).digest()[:_TAG_BYTES]
    sealed = tag + _xor(payload, _stream(enc_key, tag, len(payload)))
    return base64.urlsafe_b64encode(sealed).decode("ascii")


def _read_opaque(purpose: str, token: str, max_age_days: int) -> tuple[int, int] | None:
    if len(token) != _TOKEN_CHARS or not _ALPHABET.fullmatch(token):
        return None
    try:
        sealed = base64.urlsafe_b64decode(token)
    except (binascii.Error, ValueError):
        return None
    if base64.urlsafe_b64encode(sealed).decode("ascii") != token:
        return None  # one spelling only
    mac_key, enc_key = _keys(purpose)
    tag, body = sealed[:_TAG_BYTES], sealed[_TAG_BYTES:]
    payload = _xor(body, _stream(enc_key, tag, len(body)))
    expected = hmac.new(mac_key, payload, hashlib.sha256).digest()[:_TAG_BYTES]
    if not hmac.compare_digest(tag, expected):
        return None
    object_id, version, issued = _PAYLOAD.unpack(payload)
    age = time.time() - issued
    if age < -300 or age > max_age_days * 86400:
        return None
    return object_id, version


def _legacy_serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"okconf-link-{purpose}")


def _canonical_legacy(token: str) -> bool:
    """An itsdangerous token in the spelling it was issued in (no altered spare bits)."""
    for part in token.split("."):
        if not _ALPHABET.fullmatch(part):
            return False
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            return False
        if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != part:
            return False
    return True


def _read_legacy(purpose: str, token: str, max_age_days: int) -> tuple[int, int] | None:
    if token.count(".") != 2 or not _canonical_legacy(token):
        return None
    try:
        data = _legacy_serializer(purpose).loads(token, max_age=max_age_days * 86400)
    except (BadSignature, SignatureExpired):
        return None
    if (
        not isinstance(data, list)
        or len(data) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in data)
    ):
        return None
    return data[0], data[1]


def read_token(purpose: str, token: str, max_age_days: int | None = None) -> tuple[int, int] | None:
    """The (object id, version) a valid token names, or None when it is forged or expired."""
    if max_age_days is None:
        max_age_days = current_app.config["PARTICIPANT_LINK_MAX_AGE_DAYS"]
    if not isinstance(token, str):
        return None
    found = _read_opaque(purpose, token, max_age_days)
    if found is None:
        found = _read_legacy(purpose, token, max_age_days)
    return found
