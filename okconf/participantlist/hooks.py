"""The participant list's receivers: its box on the public registration form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from okconf import signals
from okconf.registration.formparts import FormPart
from okconf.registration.formsetup import per_version


class ListBox(FormPart):
    """The box that puts a new registration on the list, when the conference has one; never
    ticked beforehand."""

    template = "participantlist/_registration_field.html"

    def __init__(self, conference):
        self.conference = conference

    def add_fields(self, form_class) -> None:
        form_class.in_participant_list = BooleanField(
            _l("Show my name, my organisation and town in the participant list")
        )

    def registered(self, form, registration, created: bool) -> None:
        """A new registration that ticked the box is on the list."""
        field = getattr(form, "in_participant_list", None)
        if created and field is not None and field.data:
            from okconf.participantlist.services import set_consent

            set_consent(registration, True, at_registration=True)


@signals.registration_form_parts.connect
def the_list_box(conference, *, purpose: str, **_kwargs):
    """Only the public sign-up asks (later the participant changes it on their own page), and
    only when the conference has a list (known once per version of the conference)."""
    if purpose != "public":
        return None
    from okconf.participantlist.services import has_list

    if not per_version(conference, "participant_list", lambda: has_list(conference)):
        return None
    return ListBox(conference)
