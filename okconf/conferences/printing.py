"""The printable invitation and programme: HTML with print CSS, rendered by WeasyPrint."""

from __future__ import annotations

import os

from flask import current_app, render_template

from okconf.conferences.models import Conference


def invitation_html(conference: Conference) -> str:
    """The invitation page and the programme page as one HTML document."""
    from okconf.conferences.services import registration_state

    return render_template(
        "conferences/print.html",
        conference=conference,
        state=registration_state(conference),
    )


def invitation_pdf(conference: Conference) -> bytes:
    """The invitation and programme as a PDF, laid out like the reports' appendices."""
    from weasyprint import CSS, HTML

    stylesheet = os.path.join(current_app.static_folder, "css", "print.css")
    return HTML(string=invitation_html(conference), base_url=current_app.static_folder).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )
