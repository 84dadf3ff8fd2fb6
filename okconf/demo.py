"""Demo data: every feature adds its part through its demo.py, in feature order.

Every person is invented; addresses are under example.org or example.se.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okconf.features import feature_modules


@dataclass
class DemoContext:
    """What the features' demo loaders share: objects by key, and the staff sign-ins."""

    objects: dict = field(default_factory=dict)
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)


def load_demo() -> list[tuple[str, str, str]]:
    """Run every feature's demo loader; return (email, password, role) of the demo staff."""
    ctx = DemoContext()
    for module in feature_modules("demo"):
        module.load(ctx)
    return ctx.sign_ins
