"""The staff URL scheme's moves: old paths -> new ones, and the redirects made from them.

Every staff page lives under /staff/ with Swedish words (docs/urls.md says how to name a new
one). The paths the staff pages had before are kept as redirects, made from MOVES when the
app is made, not written per route: for each route whose path a move produced, the old path
answers with 308 Permanent Redirect to the new one (the method and the body are kept, so an
old form that POSTs still works; the query string is kept too). The redirect is made by the
URL map itself, before any view runs: it opens nothing; the new route checks access.
"""

from __future__ import annotations

from functools import cache

from flask import Flask

# (old, new): a path, or the start of paths, whole segments only. The longest old path that
# matches wins; a new path never ends in "/" (an old one may).
MOVES: tuple[tuple[str, str], ...] = (
    # One conference's pages: /staff/konferenser/<id>/<ord>.
    (
        "/staff/conferences/<int:conference_id>/checkin",
        "/staff/konferenser/<int:conference_id>/incheckning",
    ),
    (
        "/staff/conferences/<int:conference_id>/checkin/counts.json",
        "/staff/konferenser/<int:conference_id>/incheckning/antal.json",
    ),
    (
        "/staff/conferences/<int:conference_id>/checkin/scan",
        "/staff/konferenser/<int:conference_id>/incheckning/skanna",
    ),
    (
        "/staff/conferences/<int:conference_id>/checkin/walk-in",
        "/staff/konferenser/<int:conference_id>/incheckning/pa-plats",
    ),
    (
        "/staff/conferences/<int:conference_id>/exports",
        "/staff/konferenser/<int:conference_id>/export",
    ),
    (
        "/staff/conferences/<int:conference_id>/exports/attendees",
        "/staff/konferenser/<int:conference_id>/export/deltagare",
    ),
    (
        "/staff/conferences/<int:conference_id>/exports/badges.pdf",
        "/staff/konferenser/<int:conference_id>/export/namnbrickor.pdf",
    ),
    (
        "/staff/conferences/<int:conference_id>/exports/catering",
        "/staff/konferenser/<int:conference_id>/export/mat",
    ),
    (
        "/staff/conferences/<int:conference_id>/exports/exhibition-tables",
        "/staff/konferenser/<int:conference_id>/export/utstallarbord",
    ),
    (
        "/staff/conferences/<int:conference_id>/privacy",
        "/staff/konferenser/<int:conference_id>/integritet",
    ),
    (
        "/staff/conferences/<int:conference_id>/registrations",
        "/staff/konferenser/<int:conference_id>/anmalningar",
    ),
    (
        "/staff/conferences/<int:conference_id>/registrations/duplicates",
        "/staff/konferenser/<int:conference_id>/anmalningar/dubbletter",
    ),
    (
        "/staff/conferences/<int:conference_id>/registrations/duplicates/keep-all",
        "/staff/konferenser/<int:conference_id>/anmalningar/dubbletter/behall-alla",
    ),
    (
        "/staff/conferences/<int:conference_id>/registrations/new",
        "/staff/konferenser/<int:conference_id>/anmalningar/ny",
    ),
    (
        "/staff/conferences/<int:conference_id>/statistics",
        "/staff/konferenser/<int:conference_id>/statistik",
    ),
    (
        "/staff/conferences/<int:conference_id>/waiting-list",
        "/staff/konferenser/<int:conference_id>/vantelista",
    ),
    *(
        (
            f"/staff/konferens/<int:conference_id>/{word}",
            f"/staff/konferenser/<int:conference_id>/{word}",
        )
        for word in ("anteckningar", "aterkoppling", "sammanfattning", "siffror", "vagg")
    ),
    ("/staff/konferens/anteckning", "/staff/anteckningar"),
    (
        "/konferenser/<int:conference_id>/ersattningsregler",
        "/staff/konferenser/<int:conference_id>/ersattningsregler",
    ),
    # The workshop pages' English words.
    *(
        (
            f"/staff/konferenser/<int:conference_id>/workshops/{old}",
            f"/staff/konferenser/<int:conference_id>/workshops/{new}",
        )
        for old, new in (
            ("<int:workshop_id>/cancel", "<int:workshop_id>/stall-in"),
            ("<int:workshop_id>/reinstate", "<int:workshop_id>/aterinfor"),
            ("late", "sena"),
            ("lists", "listor"),
            ("lock", "las"),
            ("move", "flytta"),
            ("people", "deltagare"),
            ("print", "utskrift"),
            ("publish", "publicera"),
            ("result", "resultat"),
            ("run", "fordela"),
            ("tables", "bord"),
            ("tables/move", "bord/flytta"),
            ("unpublish", "avpublicera"),
        )
    ),
    # One registration's pages: /staff/anmalningar/<id>/<ord>.
    *(
        (
            f"/staff/registrations/<int:registration_id>/{old}",
            f"/staff/anmalningar/<int:registration_id>/{new}",
        )
        for old, new in (
            ("cancel", "avanmal"),
            ("checkin", "incheckning"),
            ("checkin/undo", "incheckning/angra"),
            ("edit", "redigera"),
            ("keep-only", "behall-bara"),
            ("promote", "flytta-upp"),
            ("reinstate", "ater"),
        )
    ),
    ("/staff/erasure/<int:request_id>/complete", "/staff/radering/<int:request_id>/klar"),
    # Claims, reports and administration under /staff/ too.
    ("/ersattning", "/staff/ersattning"),
    ("/rapporter/", "/staff/rapporter"),
    ("/rapporter", "/staff/rapporter"),
    ("/rapporter/utgavor/", "/staff/rapporter/utgavor"),
    ("/admin/outbox/", "/staff/admin/utkorg"),
    ("/admin/outbox", "/staff/admin/utkorg"),
    ("/admin/users", "/staff/admin/anvandare"),
    ("/account/password", "/staff/konto/losenord"),
    ("/staff/styrgrupp/", "/staff/styrgrupp"),
)


def _under(path: str, start: str) -> str | None:
    """The rest of `path` after `start` when `start` is it or its first whole segments."""
    if path == start:
        return ""
    if start.endswith("/"):
        return None
    if path.startswith(start) and path[len(start)] in "/.":
        return path[len(start) :]
    return None


def moved(path: str) -> str:
    """Where an old path lives now (itself when no move concerns it)."""
    best = None
    for old, new in MOVES:
        rest = _under(path, old)
        if rest is not None and (best is None or len(old) > len(best[0])):
            best = (old, new + rest)
    if best is None:
        return path
    return best[1].rstrip("/") or "/"


@cache
def old_paths(path: str) -> frozenset[str]:
    """The old paths that moved to `path` (none when it is not a moved one): from the moves
    whose new path matches most of it, and an old index's path without its final "/".
    Remembered: MOVES never changes, and every app made in a process asks for the same
    routes (the test suite makes thousands)."""
    matching = [(old, new, _under(path, new)) for old, new in MOVES]
    matching = [
        (old, new, rest)
        for old, new, rest in matching
        if rest is not None and not (old.endswith("/") and rest)
    ]
    if not matching:
        return frozenset()
    longest = max(len(new) for _, new, _ in matching)
    found = set()
    for old, new, rest in matching:
        if len(new) != longest:
            continue
        for candidate in {old + rest, (old + rest).rstrip("/")}:
            if candidate and candidate != path and moved(candidate) == path.rstrip("/"):
                found.add(candidate)
    return frozenset(found)


def add_redirects(app: Flask) -> None:
    """For every route a move produced, its old path(s) redirect to it (308)."""
    taken = {rule.rule for rule in app.url_map.iter_rules()}
    targets: dict[str, tuple[str, set[str]]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for old in old_paths(rule.rule):
            if old not in taken:
                endpoint, methods = targets.setdefault(old, (rule.endpoint, set()))
                methods.update(rule.methods or ())
    for old, (endpoint, methods) in sorted(targets.items()):
        app.add_url_rule(
            old,
            endpoint=f"moved:{old}",
            redirect_to=_to(endpoint),
            methods=sorted(methods - {"HEAD", "OPTIONS"}),
        )


def is_redirect(rule) -> bool:
    """The rule is an old path that redirects (it has no view of its own)."""
    return rule.redirect_to is not None


def _to(endpoint: str):
    def build(adapter, **values) -> str:
        path = adapter.build(endpoint, values)
        query = adapter.query_args
        if query and not isinstance(query, str):
            from urllib.parse import urlencode

            query = urlencode(list(query.items(multi=True)))
        return f"{path}?{query}" if query else path

    return build
