"""Every user-facing string is in the Swedish catalog, translated."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.support import ROOT, TRANSLATIONS

KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
}
METHODS = [
    ("okconf/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


def extracted_msgids() -> set[str]:
    """The msgids the code and templates use now."""
    ids = set()
    def only_sources(dirpath: str) -> bool:
        relative = dirpath[len(str(ROOT)) :].lstrip("/")
        return relative == "" or relative.split("/")[0] in ("okconf", "templates")

    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, directory_filter=only_sources
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def test_swedish_catalog_translates_every_string():
    with (TRANSLATIONS / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(extracted_msgids() - translated)
    assert not missing, (
        f"{len(missing)} string(s) lack a Swedish translation "
        f"(run `make extract-messages` and translate them): {missing[:20]}"
    )
