"""The API's input checks and their messages, in the user's language.

marshmallow and webargs write their messages in English; the fixed ones are listed here so the
catalog translates them (`translate` looks each up when the error is sent). The checks whose
messages carry a number or a list (lengths, ranges, choices) are okconf's own validators below,
which run inside the request and so write their message in its language directly.
"""

from __future__ import annotations

import marshmallow as ma
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf.db import MAX_ID

# Never used but by the catalog's extraction: the English messages of marshmallow and webargs
# that the API can send, so that `translate` finds them in the catalog.
LIBRARY_MESSAGES = (
    _l("Missing data for required field."),
    _l("Field may not be null."),
    _l("Invalid input type."),
    _l("Unknown field."),
    _l("Not a valid string."),
    _l("Not a valid integer."),
    _l("Not a valid boolean."),
    _l("Not a valid email address."),
    _l("Not a valid date."),
    _l("Not a valid datetime."),
    _l("Not a valid list."),
    _l("Not a valid mapping type."),
    _l("Invalid JSON body."),
    _l("Give the time with its time zone, e.g. 2026-11-30T12:00:00Z."),
    _l("Choose a page size from 1 to 500."),
)


def translate(message: str) -> str:
    """A library's English message in the request's language (itself when not in the catalog)."""
    return _(message) if isinstance(message, str) else str(message)


def flatten(messages, path: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as {"field.sub": [translated messages]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{path}.{key}" if path else str(key)
            for sub, texts in flatten(value, name).items():
                flat.setdefault(sub, []).extend(texts)
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if not isinstance(m, dict | list | tuple)]
        if texts:
            flat[path or "_"] = [translate(m) for m in texts]
        for m in messages:
            if isinstance(m, dict | list | tuple):
                for sub, more in flatten(m, path).items():
                    flat.setdefault(sub, []).extend(more)
    else:
        flat[path or "_"] = [translate(messages)]
    return flat


# --- validators whose messages carry values --------------------------------------------------


def max_length(limit: int):
    """At most `limit` characters, and no NUL (no database stores it, no person types it)."""

    def check(value: str) -> None:
        if "\x00" in value:
            raise ma.ValidationError(_("The text contains a character that is not allowed."))
        if len(value) > limit:
            raise ma.ValidationError(_("At most %(limit)d characters.", limit=limit))

    return check


def not_blank(message):
    """Refuse text that is empty once its spaces are stripped (`message` is lazy)."""

    def check(value: str) -> None:
        if not value.strip():
            raise ma.ValidationError(str(message))

    return check


def one_of(values):
    """One of the given values."""
    allowed = [str(v) for v in values]

    def check(value) -> None:
        if str(value) not in allowed:
            raise ma.ValidationError(_("Choose one of: %(choices)s.", choices=", ".join(allowed)))

    return check


def id_range(value: int) -> None:
    """A positive id that fits the database's id columns."""
    if not 0 < value <= MAX_ID:
        raise ma.ValidationError(_("Not a valid id."))


def list_length(limit: int):
    """At most `limit` entries."""

    def check(value) -> None:
        if len(value) > limit:
            raise ma.ValidationError(_("At most %(limit)d entries.", limit=limit))

    return check
