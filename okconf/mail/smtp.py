"""The mail worker's SMTP side: Flask-Mail's connection and message, made on demand.

Only the mail worker sends over SMTP, so Flask-Mail is imported here, when the worker first
sends, and never by a web worker (which only writes mails to the outbox): `mail_settings(app)`
binds it to the app on first use (app.extensions["mail"], Flask-Mail's own state).

This machine's name is asked of the resolver once per process (`local_hostname`): smtplib asks
for it (socket.getfqdn(), a reverse lookup) for every connection's EHLO, and Flask-Mail's
Message for every mail's Message-ID, which costs a resolver round trip per mail.
"""

from __future__ import annotations

import smtplib
import socket
import time
from email.utils import make_msgid
from functools import cache

import flask_mail
from flask import current_app
from flask_mail import Connection, Mail, Message, sanitize_address, sanitize_addresses

from okconf.mail.worker import NoSMTPUTF8


@cache
def local_hostname() -> str:
    """This machine's fully qualified name, looked up once per process."""
    return socket.getfqdn()


def mail_settings(app=None):
    """Flask-Mail's state for the app (server, port, TLS, sender …), bound on first use."""
    app = app or current_app._get_current_object()
    state = app.extensions.get("mail")
    if state is None:
        Mail(app)
        state = app.extensions["mail"]
    return state


def _message_id(idstring: str | None = None, domain: str | None = None) -> str:
    """email.utils.make_msgid, on the host name looked up once per process."""
    return make_msgid(idstring, domain=domain or local_hostname())


# Flask-Mail's Message calls its module's make_msgid() for every mail, which asks the resolver
# for the host name each time (socket.getfqdn()); the same Message-ID, without the lookup.
flask_mail.make_msgid = _message_id


def build_message(rendered) -> Message:
    """The mail as Flask-Mail sends it: both parts and the attachments."""
    msg = Message(
        subject=rendered.subject,
        recipients=[rendered.recipient],
        body=rendered.body_text,
        html=rendered.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    for attachment in rendered.attachments:
        msg.attach(attachment.filename, attachment.content_type, attachment.data)
    return msg


class SMTPConnection(Connection):
    """Flask-Mail's SMTP connection, with three fixes for a worker that must not hang or lose mail.

    - It always connects: Flask-Mail's `MAIL_SUPPRESS_SEND` (on whenever TESTING is) would make
      `send()` a silent no-op, and the outbox would then mark undelivered mails as sent.
      Whether mail leaves is decided by MAIL_BACKEND, before a worker runs.
    - It connects with MAIL_TIMEOUT_SECONDS, so a server that accepts and then stalls cannot
      hold a worker forever (Flask-Mail passes no timeout to smtplib).
    - A connection whose STARTTLS or login fails is closed instead of leaked.
    It greets the server (EHLO) with the host name looked up once per process.
    """

    def __init__(self, mail=None) -> None:
        super().__init__(mail or mail_settings())

    def open(self) -> SMTPConnection:
        """Connect (and log in) to the SMTP server."""
        self.host = self.configure_host()
        self.num_emails = 0
        return self

    def configure_host(self) -> smtplib.SMTP:
        """An SMTP (or SMTP over SSL) connection with the configured timeout."""
        timeout = current_app.config["MAIL_TIMEOUT_SECONDS"]
        smtp_class = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp_class(
            self.mail.server, self.mail.port, local_hostname=local_hostname(), timeout=timeout
        )
        try:
            if self.mail.use_tls:
                host.starttls()
            if self.mail.username and self.mail.password:
                host.login(self.mail.username, self.mail.password)
        except BaseException:
            host.close()
            raise
        return host

    def send(self, message: Message, envelope_from=None) -> None:
        """Send, refusing an address with letters outside ASCII before the @ (the domain goes
        out as IDNA): it needs SMTPUTF8, which Flask-Mail cannot write (its To header must be
        ASCII) and many servers do not take, so no retry would ever deliver it."""
        if any(not address.rpartition("@")[0].isascii() for address in message.send_to):
            raise NoSMTPUTF8(
                "The address has letters outside a-z before the @, which needs SMTPUTF8: "
                "okconf sends without it (and many mail servers take no such address). "
                "Correct the address, or ask the person for another one."
            )
        self._send(message, envelope_from)

    def _send(self, message: Message, envelope_from=None) -> None:
        """Flask-Mail's Connection.send, with the message written by okconf.mail.mime (the
        same bytes as Flask-Mail's `as_bytes()`, at a fraction of its CPU)."""
        from okconf.mail.mime import message_bytes

        assert message.send_to, "No recipients have been added"
        assert message.sender, "The message has no sender and no default sender is configured"
        if message.has_bad_headers():
            raise flask_mail.BadHeaderError
        if message.date is None:
            message.date = time.time()
        if self.host is not None:
            self.host.sendmail(
                sanitize_address(envelope_from or message.sender),
                list(sanitize_addresses(message.send_to)),
                message_bytes(message),
                message.mail_options,
                message.rcpt_options,
            )
        flask_mail.email_dispatched.send(current_app._get_current_object(), message=message)
        self.num_emails += 1
        if self.num_emails == self.mail.max_emails:
            self.num_emails = 0
            if self.host:
                self.host.quit()
                self.host = self.configure_host()

    def close(self) -> None:
        """Say QUIT when the server still listens; close the socket in any case."""
        if self.host is None:
            return
        try:
            self.host.quit()
        except (OSError, smtplib.SMTPException):
            self.host.close()
        self.host = None
