"""The parts other features add to the registration form, through the form-parts hook.

A feature that asks something on the registration form (questions, the participant list)
connects a receiver to `signals.registration_form_parts` in its hooks.py. The receiver is
called once per form with the conference as sender and `purpose` ("public", "edit",
"staff_add", "staff_edit") and `locale`; it returns a FormPart (or None: nothing to add).
Registration calls the part's methods at fixed points, so the feature never has to be named
here. What the part's values become is saved by the same feature's receivers of
`registration_validating`, `registration_saving` and `registration_handing_over`.
"""

from __future__ import annotations

from okconf import signals


class FormPart:
    """One feature's fields on the registration form; every method may be left as it is."""

    # Included at the end of the form's fields (templates/registration/_fields.html) with
    # `form`, `conference`, `staff` and `part` in its context; None: the part shows nothing.
    template: str | None = None

    def add_fields(self, form_class) -> None:
        """Put the part's fields on the conference's form class (before the form is made)."""

    def initial_data(self, registration) -> dict:
        """A registration's values for the part's fields (the edit forms)."""
        return {}

    def prepare(self, form) -> None:
        """After the form is made: remove the fields this conference does not offer."""

    def validate(self, form) -> bool:
        """The part's checks across fields; errors go onto the fields. True when valid."""
        return True

    def values(self, form) -> dict:
        """What the part adds to ParticipantData, by field name."""
        return {}

    def registered(self, form, registration, created: bool) -> None:
        """After the public form made (created) or found the registration: record what only
        applies to a new sign-up."""


def parts_for(conference, purpose: str, locale: str) -> list[FormPart]:
    """The features' parts for this conference's form, in feature order."""
    return [
        part
        for _receiver, part in signals.registration_form_parts.send(
            conference, purpose=purpose, locale=locale
        )
        if part is not None
    ]
