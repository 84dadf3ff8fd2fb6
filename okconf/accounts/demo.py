"""Demo staff: one user for each role, all invented."""

from __future__ import annotations

from okconf.accounts.models import Role
from okconf.accounts.services import create_user, find_user

DEMO_STAFF = (
    ("admin@example.org", "Alva Admin", Role.ADMIN, "demo-admin-2011"),
    ("organiser@example.org", "Olle Organisatör", Role.ORGANISER, "demo-organiser-2011"),
    ("reviewer@example.org", "Rut Granskare", Role.REVIEWER, "demo-reviewer-2011"),
    ("reviewer2@example.org", "Rikard Granskare", Role.REVIEWER, "demo-reviewer-2011"),
    ("reader@example.org", "Stina Styrgrupp", Role.READER, "demo-reader-2011"),
)


def load(ctx) -> None:
    """Create the demo staff users (once)."""
    for email, name, role, password in DEMO_STAFF:
        user = find_user(email) or create_user(email, name, role, password)
        ctx.objects[
            f"user:{role.value}" if email != "reviewer2@example.org" else "user:reviewer2"
        ] = user
        ctx.sign_ins.append((email, password, role.value))
