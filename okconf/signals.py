"""Named hooks between features: a feature announces a change, others that care react.

A lower feature must not call a higher one (conferences must not import registration); it
sends a signal here instead, and the reacting feature connects a receiver when its package is
imported (in its `__init__.py` or `hooks.py`, which the feature registry imports). Receivers run
synchronously inside the sender's transaction, so what they write commits or rolls back with
the change that caused it (the mail outbox and the webhook queue rely on that).

Each signal is sent with the changed object as its sender and keyword arguments named below.

Some are questions rather than news: a lower feature asks, the feature that knows answers
(its receiver returns a value), and `answer()` reads the reply, or a default when the
answering feature is absent.
"""

from __future__ import annotations

from blinker import Namespace, Signal

_signals = Namespace()


def answer(signal: Signal, sender, default=None, **kwargs):
    """The first receiver's reply that is not None, else `default` (no feature answers)."""
    for _receiver, value in signal.send(sender, **kwargs):
        if value is not None:
            return value
    return default


# conferences -> registration: capacity (or the waiting-list rules) changed; the receiver may
# promote people from the waiting list. Sender: the Conference.
capacity_changed = _signals.signal("capacity-changed")

# conferences -> companions: whether a companion takes a place of their own changed; the
# receiver recounts the registrations' companion places (and may move the queue up).
# Sender: the Conference.
companion_rule_changed = _signals.signal("companion-rule-changed")

# conferences -> features with per-conference settings: a conference was copied (after the
# copy is flushed). Sender: the new Conference; `source`: the conference it was copied from.
conference_copied = _signals.signal("conference-copied")

# registration -> invitations: an e-mail address registered for the conference (a new
# registration, or a corrected address); the invitation to it, if any, is marked registered.
# Sender: the Conference; keyword argument `email`.
address_registered = _signals.signal("address-registered")

# organisations -> the features that refer to organisations: one is about to be deleted; a
# receiver that still needs it raises a Conflict (a DomainError) saying why, and nothing is
# deleted. Sender: the Organisation.
organisation_deleting = _signals.signal("organisation-deleting")

# registration -> features that react to a new registration: sent first, before the capacity
# lock is taken (okconf.registration.locking.look_ahead), so that a receiver reads now what it
# will need when `registration_created` comes (on SQLite under the lock). Sender: the
# Conference's id.
registration_creating = _signals.signal("registration-creating")

# Registrations, sent by the registration services after the change is flushed.
# Sender: the Registration. registration_created also carries `extra` (what the form's
# parts put into ParticipantData.extra; empty from other paths). On PostgreSQL a new
# registration's registration_created comes before its place is decided: its status and
# waiting_since are then the places' guess, which take_place() puts right in the rows it knows
# of (the confirmation, the audit entry, webhook deliveries; okconf/registration/places.py).
# A receiver that writes the status anywhere else must be added there.
registration_created = _signals.signal("registration-created")
registration_changed = _signals.signal("registration-changed")
registration_cancelled = _signals.signal("registration-cancelled")
registration_promoted = _signals.signal("registration-promoted")
registration_checked_in = _signals.signal("registration-checked-in")

# The registration form's parts, from the features that ask something on it (questions, the
# participant list); see okconf/registration/formparts.py. Sender: the Conference; keyword
# arguments `purpose` ("public", "edit", "staff_add", "staff_edit") and `locale`; reply: a
# FormPart, or None.
registration_form_parts = _signals.signal("registration-form-parts")

# registration -> the features with a part of the form: check your part of the data (every
# way in: form, organiser, API); raise a DomainError naming the field. Sender: the
# Conference; `data`: the ParticipantData.
registration_validating = _signals.signal("registration-validating")

# registration -> the features with a part of the form: save your part of the data, after the
# registration's row exists (new or changed). Sender: the Registration; `data`: the
# ParticipantData; reply: {name: (before, after)} of what changed, or None.
registration_saving = _signals.signal("registration-saving")

# registration -> the features that keep something personal to the holder of a place: the
# place is being handed over to a colleague; forget what was the first holder's. Sender: the
# Registration (already the colleague's).
registration_handing_over = _signals.signal("registration-handing-over")

# registration -> the features that keep something of a place on site (or online): the place
# is about to move to the other pool; raise a DomainError (field "attendance") to refuse.
# Sender: the Registration; `to`: the Attendance it moves to.
registration_switching = _signals.signal("registration-switching")

# Reimbursement claims. Sender: the claim.
claim_decided = _signals.signal("claim-decided")
claim_paid = _signals.signal("claim-paid")

# --- questions: a lower feature asks, the feature that knows answers (read with `answer`) ----

# registration -> privacy: the retention periods the consent text states. Sender: the
# Conference; reply: an object with `sensitive_days` and `anonymise_days`.
retention_periods = _signals.signal("retention-periods")

# conferences -> registration: how many confirmed places the conference has (its public page
# says "full"; its editor warns before the capacity drops below it). Sender: the Conference;
# `attendance`: "on_site" or "online" for one pool, None for both; reply: an int.
confirmed_places = _signals.signal("confirmed-places")

# conferences -> registration: how many registrations (confirmed or waiting) take part online
# (the editor refuses to stop offering online places while there are any). Sender: the
# Conference; reply: an int.
online_registrations = _signals.signal("online-registrations")

# registration -> workshops: whether the workshop wishes are closed (the assignment has been
# published). Sender: the Conference; reply: a bool.
wishes_closed = _signals.signal("wishes-closed")

# registration -> reimbursements: what the conference offers, so the registration form asks
# for travel support or lost earnings only when offered. Sender: the Conference; reply: the
# Offer (with `travel` and `lost_earnings_offered`).
reimbursement_offer = _signals.signal("reimbursement-offer")
