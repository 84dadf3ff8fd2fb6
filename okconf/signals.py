"""Named hooks between features: a feature announces a change, others that care react.

A lower feature must not call a higher one (conferences must not import registration); it
sends a signal here instead, and the reacting feature connects a receiver when its package is
imported (in its `__init__.py` or `hooks.py`, which the feature registry imports). Receivers run
synchronously inside the sender's transaction, so what they write commits or rolls back with
the change that caused it (the mail outbox and the webhook queue rely on that).

Each signal is sent with the changed object as its sender and keyword arguments named below.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# conferences -> registration: capacity (or the waiting-list rules) changed; the receiver may
# promote people from the waiting list. Sender: the Conference.
capacity_changed = _signals.signal("capacity-changed")

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

# registration -> features that react to a new registration: sent before the capacity lock is
# taken (okconf.registration.locking.look_ahead), so that a receiver reads now what it will need
# when `registration_created` comes under the lock. Sender: the Conference's id.
registration_creating = _signals.signal("registration-creating")

# Registrations, sent by the registration services after the change is flushed.
# Sender: the Registration.
registration_created = _signals.signal("registration-created")
registration_changed = _signals.signal("registration-changed")
registration_cancelled = _signals.signal("registration-cancelled")
registration_promoted = _signals.signal("registration-promoted")
registration_checked_in = _signals.signal("registration-checked-in")

# Reimbursement claims. Sender: the claim.
claim_decided = _signals.signal("claim-decided")
claim_paid = _signals.signal("claim-paid")
