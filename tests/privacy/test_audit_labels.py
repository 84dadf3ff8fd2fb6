"""Every action okconf writes to the audit log reads as words in the log, in Swedish too.

The actions are found in the code itself: every `audit.record(...)` call's first argument,
read with Python's own parser, so that an action added later without a label fails here
(the staff log showed about seventy of them as keys, "programme.item_added" and the like).
"""

from __future__ import annotations

import ast

from flask_babel import force_locale

from okconf.privacy.audit_log import ACTIONS, action_label
from okconf.reports import editions
from okconf.reports import services as summaries
from tests.support import ROOT

# The calls whose action is built from parts, with every value each part can take.
BUILT = {
    "'reimbursement.request_' + ('pre_approved' if approve else 'declined')": {
        "reimbursement.request_pre_approved",
        "reimbursement.request_declined",
    },
    "f'reimbursement.{target.value}'": {"reimbursement.rejected", "reimbursement.returned"},
    "f'edition.{action}'": {f"edition.{action}" for action in editions.TRANSITIONS},
    "f'summary.{action}'": {f"summary.{action}" for action in summaries.TRANSITIONS},
}


def _actions(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _actions(node.body) | _actions(node.orelse)
    source = ast.unparse(node)
    assert source in BUILT, f"an audit action built as {source}: list its values in BUILT"
    return BUILT[source]


def recorded_actions() -> dict[str, str]:
    """{action: the file that records it} for every audit.record call in okconf."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "okconf").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            if not (
                isinstance(func, ast.Attribute)
                and func.attr == "record"
                and isinstance(func.value, ast.Name)
                and func.value.id == "audit"
            ):
                continue
            for action in _actions(node.args[0]):
                found.setdefault(action, str(path.relative_to(ROOT)))
    return found


def test_every_recorded_action_has_words(app):
    recorded = recorded_actions()
    assert len(recorded) > 100  # the parser found the calls (a broken scan finds none)
    missing = {action: path for action, path in recorded.items() if action not in ACTIONS}
    assert missing == {}
    with app.test_request_context():
        words = {}
        for locale in ("en", "sv"):
            with force_locale(locale):
                words[locale] = {action: str(action_label(action)) for action in recorded}
    assert all(words["en"][action] != action for action in recorded)
    assert words["sv"]["programme.item_added"] == "Programpunkt tillagd"
    # Swedish words, not the English msgid left untranslated
    assert [action for action in recorded if words["sv"][action] == words["en"][action]] == []
