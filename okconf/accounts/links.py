"""Signed, expiring personal links for participants, who have no password.

A token names one object and a version; bumping the version (for example when a place is
handed to a colleague) makes every earlier link stop working.

The token is opaque and has exactly one spelling: 36 bytes (the object id, version and time of
issue, sealed with AES-SIV, RFC 5297: a 16-byte synthetic IV that authenticates, then the
ciphertext) written as 48 URL-safe base64 characters with no padding and no spare bits. AES-SIV
comes from `cryptography`; its 512-bit key is derived from SECRET_KEY with HKDF-SHA256, and the
purpose is authenticated as associated data. Nobody without the secret key can read the id from
a link or make another link, and a link altered in any character is refused.

Links made by earlier versions (itsdangerous, with the id readable) keep working until they
expire (PARTICIPANT_LINK_MAX_AGE_DAYS), in their one canonical spelling only.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import time

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_PAYLOAD = struct.Struct(">QIQ")  # object id, version, issued at (Unix seconds)
_TOKEN_CHARS = (16 + _PAYLOAD.size) * 4 // 3  # the 16-byte synthetic IV, then the payload
_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")


def _siv(purpose: str):
    """AES-SIV with the purpose's key. `cryptography` (about 9 MB) is imported here, so only
    the processes that make or read personal links load it: not every web worker at start."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else bytes(secret)
    key = HKDF(
        algorithm=hashes.SHA256(), length=64, salt=None, info=b"okconf-link:" + purpose.encode()
    ).derive(secret)
    return AESSIV(key)


def make_token(purpose: str, object_id: int, version: int = 1) -> str:
    """An opaque token for one object and purpose (e.g. 'registration', 'invitation')."""
    payload = _PAYLOAD.pack(object_id, version, int(time.time()))
    sealed = _siv(purpose).encrypt(payload, [purpose.encode()])
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
    from cryptography.exceptions import InvalidTag

    try:
        payload = _siv(purpose).decrypt(sealed, [purpose.encode()])
    except InvalidTag:
        return None
    if len(payload) != _PAYLOAD.size:
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
