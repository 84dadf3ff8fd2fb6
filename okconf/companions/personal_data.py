"""The companion in the participant's data download, and erased with the participant."""

from __future__ import annotations

from okconf.companions import services


def collect(registration) -> dict:
    """The companion's name, diets and needs (none: nothing)."""
    companion = services.companion_of(registration)
    if companion is None:
        return {}
    return {
        "companion": {
            "name": companion.name,
            "diets": [d.value for d in companion.diet_list],
            "diet_other": companion.diet_other,
            "needs": companion.needs,
            "takes_a_place": bool(registration.companion_places),
            "checked_in_at": companion.checked_in_at.isoformat()
            if companion.checked_in_at
            else None,
        }
    }


def erase(registration) -> str | None:
    """The companion goes with the participant (their place, if they took one, is freed)."""
    services.drop(registration)
    return None
