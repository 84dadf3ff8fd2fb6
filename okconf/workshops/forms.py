"""Forms of the workshop pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from okconf.registration.forms import ChoiceField


class RunForm(FlaskForm):
    """Run the assignment with a balance setting."""

    balance_points = IntegerField(
        _l("How far a workshop's mix of sectors may differ from everybody's (in a hundred)"),
        default=10,
        validators=[
            InputRequired(_l("Enter the balance in percentage points (0–100).")),
            NumberRange(0, 100, _l("The balance must be between 0 and 100 points.")),
        ],
    )


class MoveForm(FlaskForm):
    """Move one person to another workshop of a round."""

    registration_id = HiddenField(validators=[InputRequired()])
    round_id = HiddenField(validators=[InputRequired()])
    workshop_id = SelectField(_l("Workshop"), coerce=int, validate_choice=False)


class LockForm(FlaskForm):
    """Lock or unlock an assignment."""

    assignment_id = HiddenField(validators=[InputRequired()])
    locked = BooleanField(_l("Locked"))


class ActionForm(FlaskForm):
    """A button with only the CSRF token."""


class TablesForm(FlaskForm):
    """Lay mixed tables in the plenary or within a round's workshops."""

    scope = SelectField(_l("Where"), validate_choice=False)
    table_size = IntegerField(
        _l("Seats per table"),
        default=8,
        validators=[
            InputRequired(_l("Enter the number of seats per table.")),
            NumberRange(3, 50, _l("A table has between 3 and 50 seats.")),
        ],
    )


class TableMoveForm(FlaskForm):
    """Move a person to another table."""

    seat_id = HiddenField(validators=[InputRequired()])
    table_number = IntegerField(
        _l("Table"),
        validators=[
            InputRequired(_l("Enter a table number.")),
            NumberRange(1, 10000, _l("Table numbers start at 1.")),
        ],
    )


def preference_form(rounds, workshops_by_round, current, choices_count: int = 3):
    """A form with, per round, selects for the first, second and third wish."""

    class PreferenceForm(FlaskForm):
        pass

    labels = [_l("First wish"), _l("Second wish"), _l("Third wish")]
    fields = []
    for round_ in rounds:
        ws = workshops_by_round[round_.id]
        options = [SelectChoice("", _l("No wish"))] + [SelectChoice(str(w.id), w.title) for w in ws]
        names = []
        for i in range(min(choices_count, len(ws))):
            name = f"round_{round_.id}_{i + 1}"
            mine = current.get(round_.id, [])
            setattr(
                PreferenceForm,
                name,
                ChoiceField(
                    labels[i] if i < len(labels) else str(i + 1),
                    choices=options,
                    default=str(mine[i]) if i < len(mine) else "",
                    # Not Optional(): it would let a blank " " past the choices.
                ),
            )
            names.append(name)
        fields.append((round_, names))
    return PreferenceForm, fields
