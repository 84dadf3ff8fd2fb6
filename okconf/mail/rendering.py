"""What a mail looks like: one template gives its HTML part and its text part, in one layout.

A mail template is written once, as `templates/<feature>/email/<name>.html` (an HTML fragment:
paragraphs, a heading, a list; the text part is made from it by html2text) or, for a short
plain mail, as `<name>.txt` (the HTML part is made from it: paragraphs, lists, links). Either way
the content is put into the shared layout (`templates/mail/layout.html` and `layout.txt`): the
conference's name as the heading, the content, the contact person and the privacy notice.

The HTML is stored with its `<style>` block; the CSS is moved into `style` attributes (what
Outlook and Gmail keep) by css-inline when the mail is sent or previewed (`finish_html`), so the
web workers that queue mails never import the inliner.
"""

from __future__ import annotations

import importlib
import re
from contextlib import nullcontext
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale, get_locale
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape

from okconf.mail.models import MailStatus, OutboxAttachment, OutboxMail


@dataclass
class Attachment:
    """A file attached to a mail, as sent."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Body:
    """What a renderer gives back: the texts and the attachments of one mail."""

    text: str
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class RenderedMail:
    """A mail as it goes (or went) out, whether rendered when queued or when sent."""

    id: int
    kind: str
    status: MailStatus
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    attachments: list[Attachment]


class MailObsolete(Exception):
    """A deferred mail whose subject is gone (e.g. an erased registration): dropped, not sent."""


def mail_request_context():
    """A request context for rendering outside a request (commands, the worker).

    Links built with url_for(_external=True) then point at the public address, BASE_URL.
    """
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])


# --- one source, two parts ------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def _linkify(line: str) -> Markup:
    """A line of plain text as HTML, its web addresses as links."""
    out, last = [], 0
    for match in _URL.finditer(line):
        url = match.group(0)
        out.append(escape(line[last : match.start()]))
        out.append(Markup('<a href="{0}">{0}</a>').format(url))
        last = match.end()
    out.append(escape(line[last:]))
    return Markup("").join(out)


def text_to_html(text: str) -> Markup:
    """Plain text as safe HTML: blank lines part paragraphs, "- " lines make a list.

    Used for mails written only as text and for what organisers write (never markup of theirs).
    """
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = Markup("").join(
                Markup("<li>{}</li>").format(_linkify(line.lstrip()[2:])) for line in lines
            )
            blocks.append(Markup("<ul>{}</ul>").format(items))
        else:
            blocks.append(
                Markup("<p>{}</p>").format(Markup("<br>\n").join(_linkify(x) for x in lines))
            )
    return Markup("\n").join(blocks)


def html_to_text(html: str) -> str:
    """The text part of an HTML fragment: paragraphs, lists and links as a reader expects."""
    import html2text  # pure Python but only needed where mails are rendered

    converter = html2text.HTML2Text()
    converter.body_width = 0  # mail programs wrap; a hard wrap breaks long links
    converter.ignore_emphasis = True
    converter.ignore_images = True
    converter.inline_links = False  # "[text][1]" with the address below, as in plain mail
    converter.use_automatic_links = True  # a link that is its own text stays one address
    converter.unicode_snob = True  # keep å, ä, ö and dashes as they are
    converter.ul_item_mark = "-"
    text = converter.handle(str(html))
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)  # bare addresses without brackets
    text = re.sub(r"^ {2}- ", "- ", text, flags=re.M)  # list items at the margin
    text = re.sub(r"^ +(\[\d+\]: )", r"\1", text, flags=re.M)  # the link list too
    text = re.sub(r"^#{1,6} +(.+)$", _underline, text, flags=re.M)  # headings as in plain mail
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)  # no Markdown escapes
    return _tidy(text)


def _underline(match: re.Match) -> str:
    heading = match.group(1).strip()
    return f"{heading}\n{'-' * len(heading)}"


def _tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _template(name: str):
    """The template, or None when it does not exist (a missing include still raises)."""
    try:
        return current_app.jinja_env.get_template(name)
    except TemplateNotFound as error:
        if error.name != name:
            raise
        return None


def render_body(template: str, context: dict) -> tuple[str, str]:
    """Render a mail template into its two parts, in the shared layout: (text, html).

    `templates/<template>.html` is the source when it exists (the text part is made from it),
    else `<template>.txt` (the HTML part is made from it). Call it with the mail's locale forced
    (queue_mail and render do).
    """
    html_source = _template(f"{template}.html")
    if html_source is not None:
        # An .html template is autoescaped: what it renders is safe HTML.
        content_html = Markup(render_template(html_source, **context))  # noqa: S704
        content_text = html_to_text(content_html)
    else:
        content_text = _tidy(render_template(f"{template}.txt", **context))
        content_html = text_to_html(content_text)
    html_before, html_after, text_before, text_after = _layout(context.get("conference"))
    # str(): a str added to Markup would be escaped
    html = "".join((html_before, str(content_html), html_after))
    return _tidy(text_before + content_text + text_after), html


# Rendered in place of a mail's content, to cut the layout where the content goes.
_CONTENT = Markup("\x00okconf-mail-content\x00")


def _layout(conference) -> tuple[str, str, str, str]:
    """The shared layout around a mail's content: (HTML before, HTML after, text before, text
    after).

    The layout is the same for every mail of a conference in a language (its name, contact
    person, the privacy notice; the content goes in as it is, `{{ content }}`), so the worker
    renders it once per batch (once_per_batch), with a marker for the content, and puts each
    mail's content where the marker was: the same text as rendering the layout around it.
    """
    from okconf.mail.batch import once_per_batch

    layout = {
        "conference": conference,
        "lang": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
        "privacy_url": _privacy_url(),
        "site_name": current_app.config.get("SITE_NAME", "okconf"),
    }

    def render_layout() -> tuple[str, str, str, str]:
        html = render_template("mail/layout.html", content=_CONTENT, **layout)
        text = render_template("mail/layout.txt", content=str(_CONTENT), **layout)
        if html.count(_CONTENT) != 1 or text.count(_CONTENT) != 1:
            raise RuntimeError("the mail layouts must show {{ content }} exactly once")
        return (*html.split(_CONTENT), *text.split(_CONTENT))

    key = (
        "mail_layout",
        conference.id if conference is not None else None,  # no ORM object in the key
        layout["lang"],
        layout["privacy_url"],
        layout["site_name"],
    )
    return once_per_batch(key, render_layout)


def _privacy_url() -> str | None:
    if "privacy.privacy_page" not in current_app.view_functions:
        return None
    path = current_app.url_map.bind("").build("privacy.privacy_page", {})
    return str(current_app.config["BASE_URL"]).rstrip("/") + path


def finish_html(html: str | None) -> str | None:
    """The HTML as sent: its CSS moved into `style` attributes, which Outlook and Gmail keep."""
    if not html:
        return html
    import css_inline  # only the mail worker and the previews inline

    # Nothing is fetched: the layout's own <style> is all there is to inline.
    return css_inline.CSSInliner(load_remote_stylesheets=False).inline(html)


# --- the mail as it goes out ----------------------------------------------------------------


def renderer_function(name: str):
    """The function a deferred mail names ("okconf.<module>:<function>")."""
    module, _sep, function = name.partition(":")
    if not (module.startswith("okconf.") and function):
        raise ValueError(f"not a renderer of okconf: {name!r}")
    return getattr(importlib.import_module(module), function)


def render(outgoing: OutboxMail) -> RenderedMail:
    """The mail as it goes out: stored, or rendered now by its renderer (deferred mails).

    Raises MailObsolete when a deferred mail's subject is gone, and whatever rendering raises.
    """
    if outgoing.renderer is None:
        attachments = [
            Attachment(a.filename, a.content_type, a.data) for a in _stored_attachments(outgoing)
        ]
        text, html = outgoing.body_text, outgoing.body_html
    else:
        locale = outgoing.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with mail_request_context(), force_locale(locale):
            body = renderer_function(outgoing.renderer)(outgoing)
        text, html, attachments = body.text, body.html, list(body.attachments)
    return RenderedMail(
        id=outgoing.id,
        kind=outgoing.kind,
        status=outgoing.status,
        recipient=outgoing.recipient,
        subject=outgoing.subject,
        body_text=text,
        body_html=finish_html(html),
        attachments=attachments,
    )


def _stored_attachments(outgoing: OutboxMail) -> list[OutboxAttachment]:
    """The attachments stored with a mail. The worker's copy of a mail is outside the session
    (read by the UPDATE that counted the attempt): then they are queried by its id."""
    if sa.inspect(outgoing).persistent:
        return outgoing.attachments
    from okconf.extensions import db

    return db.session.scalars(
        sa.select(OutboxAttachment)
        .where(OutboxAttachment.mail_id == outgoing.id)
        .order_by(OutboxAttachment.id)
    ).all()


# The key of a personal link: a long run of URL-safe characters in both cases (the 48 of
# okconf.accounts.links). Slugs are lower case, ids digits: they stay readable.
_LINK_KEY = re.compile(r"(?<=[/=])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")


def _mixed_case(run: str) -> bool:
    return run != run.lower() and run != run.upper()


def mask_personal_links(text: str | None) -> str | None:
    """`text` with the key of every link to this site hidden ("…"), for previews: staff
    see a mail meant for someone else, and the key would open that person's registration.
    The mail itself keeps its links."""
    if not text:
        return text
    base = re.escape(str(current_app.config["BASE_URL"]).rstrip("/"))

    def hide(url: re.Match) -> str:
        return _LINK_KEY.sub(lambda key: "…" if _mixed_case(key[0]) else key[0], url[0])

    return re.sub(base + r"/[^\s\"'<>]*", hide, text)


def preview(outgoing: OutboxMail) -> tuple[RenderedMail | None, str | None]:
    """The mail for the admins' page: (as it is or will be sent, None) or (None, why not),
    with the keys of personal links hidden."""
    rendered, error = _preview(outgoing)
    if rendered is not None:
        rendered.body_text = mask_personal_links(rendered.body_text)
        rendered.body_html = mask_personal_links(rendered.body_html)
    return rendered, error


def _preview(outgoing: OutboxMail) -> tuple[RenderedMail | None, str | None]:
    from okconf.extensions import db

    try:
        rendered = render(outgoing)
    except Exception as error:  # shown to the admin, who is looking for what went wrong
        db.session.rollback()
        if outgoing.renderer is None or outgoing.status is not MailStatus.SENT:
            return None, f"{type(error).__name__}: {error}"
        rendered = None
    if outgoing.renderer is not None and outgoing.status is MailStatus.SENT:
        # The text as it was sent (kept by the worker); the attachments as drawn now.
        rendered = RenderedMail(
            outgoing.id,
            outgoing.kind,
            outgoing.status,
            outgoing.recipient,
            outgoing.subject,
            outgoing.body_text,
            finish_html(outgoing.body_html),
            rendered.attachments if rendered else [],
        )
    return rendered, None
