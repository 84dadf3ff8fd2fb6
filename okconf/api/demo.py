"""Demo: one API token of the demo organiser, so the token page shows one (its secret is
thrown away: make your own on /staff/konto/api-nycklar to try the API)."""

from __future__ import annotations

from okconf.api import tokens


def load(ctx) -> None:
    """A read token of the demo organiser (once)."""
    organiser = ctx.objects.get("user:organiser")
    if organiser is None or tokens.user_tokens(organiser):
        return
    token, _secret = tokens.create_token(
        organiser, "Länsstyrelsens deltagarlista", ["read", "checkin"], 365
    )
    ctx.objects["api_token"] = token
