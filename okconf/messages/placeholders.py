"""The placeholders an organiser may write in a message, and their safe substitution.

A message's text is never a template: it is plain text in which a small fixed set of names in
braces ({förnamn}, {länk} …) is replaced, in one pass, by the person's values. A value that
itself looks like a placeholder is not read again, and nothing in the text can reach Jinja or
Python. Any other name in braces is refused with a readable error, so a typo is caught when
the message is written, not found in 2,000 mailboxes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf.errors import DomainError

# {name} or {{name}} (organisers who know other systems' syntax), spaces allowed inside.
PATTERN = re.compile(r"\{\{?\s*([^{}\n]{0,60}?)\s*\}\}?")


@dataclass(frozen=True)
class Placeholder:
    """One fillable name: its Swedish and English spelling and what it stands for."""

    key: str
    names: tuple[str, ...]
    label: object


PLACEHOLDERS = (
    Placeholder("first_name", ("förnamn", "fornamn", "first_name"), _l("the person's first name")),
    Placeholder("link", ("länk", "lank", "link"), _l("their personal link to the registration")),
    Placeholder("conference", ("konferens", "conference"), _l("the conference's name")),
    Placeholder("date", ("datum", "date"), _l("the conference's date and time")),
    Placeholder("place", ("plats", "place"), _l("the venue and its address")),
    Placeholder("workshop", ("workshop",), _l("the workshop they got (empty when none)")),
)
BY_NAME = {name: p.key for p in PLACEHOLDERS for name in p.names}


class UnknownPlaceholder(DomainError):
    """A name in braces that okconf cannot fill in."""


def keys_in(text: str) -> set[str]:
    """The placeholders a text uses (their keys)."""
    return {BY_NAME[m.group(1).lower()] for m in PATTERN.finditer(text or "") if _known(m)}


def _known(match: re.Match) -> bool:
    return match.group(1).lower() in BY_NAME


def check(text: str, field: str | None = None) -> None:
    """Refuse a text with a name in braces that is not a placeholder."""
    unknown = [m.group(0) for m in PATTERN.finditer(text or "") if not _known(m)]
    if unknown:
        raise UnknownPlaceholder(
            _(
                "%(found)s is not a placeholder okconf knows. Use one of: %(known)s.",
                found=unknown[0][:70],
                known=", ".join("{" + p.names[0] + "}" for p in PLACEHOLDERS),
            ),
            field=field,
        )


def fill(text: str, value: Callable[[str], str]) -> str:
    """The text with each placeholder replaced by `value(key)`, in one pass."""

    def replace(match: re.Match) -> str:
        key = BY_NAME.get(match.group(1).lower())
        return match.group(0) if key is None else str(value(key))

    return PATTERN.sub(replace, text or "")
