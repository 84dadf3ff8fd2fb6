"""A likely correction for a mistyped email domain ("anna@gmial.com" -> "anna@gmail.com").

The logic of the `mailcheck` library: compare the domain with the domains people in Sweden
use most, and its top-level part with the common ones, by edit distance (letters swapped,
missing, doubled or wrong). Only a close, different match is suggested, never an address
whose domain is itself known.
"""

from __future__ import annotations

# Free mail providers and large Swedish internet providers, most used first.
DOMAINS = (
    "gmail.com",
    "hotmail.com",
    "hotmail.se",
    "outlook.com",
    "outlook.se",
    "live.se",
    "live.com",
    "yahoo.com",
    "yahoo.se",
    "icloud.com",
    "me.com",
    "msn.com",
    "telia.com",
    "bredband.net",
    "bredband2.com",
    "comhem.se",
    "tele2.se",
    "spray.se",
    "passagen.se",
    "protonmail.com",
    "proton.me",
    "mail.com",
)
# Top-level domains a mistyped one is corrected to, and real ones that are never "corrected".
TOP_LEVEL = ("se", "com", "net", "org", "nu", "eu", "fi", "no", "dk", "info")
REAL_TOP_LEVEL = frozenset(
    (
        *TOP_LEVEL,
        *("de", "uk", "fr", "es", "it", "nl", "be", "at", "ch", "pl", "is", "ee", "lv", "lt"),
        *("io", "co", "me", "gov", "edu", "int", "biz", "app", "dev", "ax", "gl", "fo"),
    )
)


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, changes and swaps."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _closest(word: str, known: tuple[str, ...], limit: int) -> str | None:
    best, best_distance = None, limit + 1
    for candidate in known:
        d = distance(word, candidate)
        if d < best_distance:
            best, best_distance = candidate, d
    return best if best_distance <= limit else None


def suggest(email: str) -> str | None:
    """The address with the likely intended domain, or None when it looks right."""
    local, at, domain = (email or "").strip().rpartition("@")
    if not at or not local or not domain:
        return None
    domain = domain.lower()
    if domain in DOMAINS:
        return None
    # Short domains are near many others: allow one slip there, two in longer ones.
    closest = _closest(domain, DOMAINS, 1 if len(domain) < 10 else 2)
    if closest is not None and closest != domain:
        return f"{local}@{closest}"
    # An unknown domain with a mistyped top level ("kommun.sr" -> "kommun.se").
    name, dot, top = domain.rpartition(".")
    if not dot:
        return None
    if name and top not in REAL_TOP_LEVEL:
        fixed = _closest(top, TOP_LEVEL, 1)
        if fixed is not None:
            return f"{local}@{name}.{fixed}"
    return None
