"""A copied conference keeps its mail introductions."""

from __future__ import annotations

from okconf.signals import conference_copied


@conference_copied.connect
def _copy_introductions(copy, source, **_extra):
    from okconf.mailtexts.services import copy_introductions

    copy_introductions(source, copy)
