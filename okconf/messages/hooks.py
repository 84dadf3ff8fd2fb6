"""The messages feature's words in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from okconf.audit.services import ACTIONS

ACTIONS.update(
    {
        "messages.sent": _l("Message sent"),
        "messages.reminder_saved": _l("Reminder before the day saved"),
        "messages.reminder_sent": _l("Reminder before the day sent"),
    }
)
