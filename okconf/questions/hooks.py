"""The questions' receivers: a copied conference gets its questions."""

from __future__ import annotations

from okconf import signals


@signals.conference_copied.connect
def _copy_questions(copy, source=None, **_kwargs):
    """Copy the source's questions to the new conference."""
    from okconf.questions.editor import copy_questions

    if source is not None:
        copy_questions(source, copy)
