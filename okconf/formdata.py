"""What a form reads from a request: text for text fields, files for file fields, nothing else.

Flask-WTF hands every form `request.files` merged with `request.form` (so a file posted under a
text field's name reaches `Length` or `.strip()` as a FileStorage) and, for a JSON body, the
decoded values (numbers, lists, objects where text is expected). Every such request was a 500.
`guard_form_data()` replaces Flask-WTF's `wrap_formdata` once, for every form of the app: a
file under a text field's name is dropped (the field is then empty and says so), and a JSON
body is no form at all (okconf's forms are HTML forms). A whitespace-only value of a choice
field becomes the empty one (Optional() let "  " past the choices into Party("  ")).
"""

from __future__ import annotations

from flask import g, request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms.fields import FileField
from wtforms.fields.choices import SelectFieldBase


def wrap_formdata(meta, form, formdata):
    """Flask-WTF's choice of form data, with files only where the form has file fields and a
    blank choice ("  ") as no choice ("")."""
    if formdata is _Auto and g.get("okconf_replay_form"):
        return request.form  # a rate-limited post shown again (okconf.errors), not submitted
    data = _flask_wtf_wrap_formdata(meta, form, formdata)
    if data is None or formdata is not _Auto:
        return data
    if request.is_json and not request.form and not request.files:
        return None
    file_fields = {field.name for field in form if isinstance(field, FileField)}
    # WTForms' Optional() takes a whitespace-only value for an empty one and skips the choice
    # check, but leaves the blanks in .data, where Party(" ") or int(" ") then failed.
    choice_fields = {field.name for field in form if isinstance(field, SelectFieldBase)}
    kept = MultiDict()
    for name, value in data.items(multi=True):
        if isinstance(value, FileStorage) != (name in file_fields):
            continue
        if name in choice_fields and isinstance(value, str) and not value.strip():
            value = ""
        kept.add(name, value)
    return kept


_flask_wtf_wrap_formdata = FlaskForm.Meta.wrap_formdata


def guard_form_data() -> None:
    """Make every FlaskForm read its data through `wrap_formdata` above (idempotent)."""
    FlaskForm.Meta.wrap_formdata = wrap_formdata


def as_choices(pairs) -> list:
    """(value, label) pairs as WTForms' SelectChoice (the form WTForms 3.3 wants; plain tuples
    go in 3.4); SelectChoice items pass through."""
    from wtforms.fields.choices import SelectChoice

    return [p if isinstance(p, SelectChoice) else SelectChoice(*p) for p in pairs]
