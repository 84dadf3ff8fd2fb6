"""Which addresses a webhook may call: https on the public internet, nothing inside.

A hook's address is typed by a staff user but called by the server, from inside the network:
without a check it could reach the database, a cloud's metadata service or an admin page on
loopback (server-side request forgery). The address is checked when the hook is saved (a
readable error) and again at every delivery, where the worker connects to the very address it
checked (a name that resolves elsewhere a second time cannot slip through).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from flask_babel import gettext as _

from okconf.errors import DomainError

MAX_URL_LENGTH = 2000


class UnsafeAddress(DomainError):
    """The address may not be called (wrong scheme, not found, or inside the network)."""


@dataclass(frozen=True)
class Target:
    """A checked address: where to connect, and what to tell the server it is."""

    url: str  # the address with the checked IP in place of the name
    host_header: str
    sni_hostname: str | None  # for https: the name the certificate must carry


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address, loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return loopback
    return address.is_global and not address.is_multicast


def parse(url: str, *, allow_loopback: bool):
    """Check the form of an address; its parts (urlsplit). Raises UnsafeAddress."""
    url = (url or "").strip()
    if not url:
        raise UnsafeAddress(_("Enter the address."), field="url")
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeAddress(
            _("The address is too long (at most %(n)s characters).", n=MAX_URL_LENGTH), field="url"
        )
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise UnsafeAddress(_("The address cannot contain spaces."), field="url")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise UnsafeAddress(
            _("Enter a web address, such as https://example.org/okconf."), field="url"
        ) from None
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeAddress(
            _("Enter a web address, such as https://example.org/okconf."), field="url"
        )
    if parts.scheme == "http" and not allow_loopback:
        raise UnsafeAddress(_("The address must start with https://."), field="url")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress(
            _("Put no user name or password in the address; the signature proves the sender."),
            field="url",
        )
    if port == 0:
        raise UnsafeAddress(_("Enter a valid port."), field="url")
    try:
        host.encode("idna")
    except UnicodeError:
        raise UnsafeAddress(_("Enter a valid host name."), field="url") from None
    return parts


def resolve(url: str, *, allow_loopback: bool) -> Target:
    """Check an address and find where to connect; raises UnsafeAddress.

    Every address the name resolves to must be public (or loopback, when allowed for tests):
    one private answer among public ones is refused too.
    """
    parts = parse(url, allow_loopback=allow_loopback)
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host.encode("idna").decode(), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeAddress(
            _("The host %(host)s could not be found.", host=host), field="url"
        ) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses or not all(_allowed(a, allow_loopback) for a in addresses):
        raise UnsafeAddress(
            _(
                "%(host)s is an address inside a network, not on the public internet: "
                "okconf does not call it.",
                host=host,
            ),
            field="url",
        )
    loopback_only = all(a.is_loopback for a in addresses)
    if parts.scheme == "http" and not loopback_only:
        raise UnsafeAddress(_("The address must start with https://."), field="url")
    address = addresses[0]
    shown = f"[{address}]" if address.version == 6 else str(address)
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return Target(
        url=pinned,
        host_header=host_header,
        sni_hostname=host if parts.scheme == "https" else None,
    )
