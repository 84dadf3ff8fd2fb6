"""Demo claims: volunteers of Boden and Sundsvall 2011 claim their travel (and Boden's arvode),
and the reviewers decide, through the feature's own services.

Every claim is made as it would have been in December 2011 and January 2012: the participant's
steps run on their day (the claim deadline is checked against it), the reviewers' decisions are
signed in as the demo reviewers, and two claims are paid in one payment batch. Nothing is
written as raw rows, so the budget, the states and the audit log agree.

The claimants are the demo's own registrations: civil-society volunteers of the two autumn
2011 conferences that pay travel, who were checked in at the door (one who was not is approved
with an attendance override, as reviewers do when the paper list shows someone). Places and
distances are real towns by road; fares are 2011's; every person is invented.

Retention (okconf/reimbursements/retention.py): a paid claim's bank details, payee, notes and
receipts are erased RETENTION_ACCOUNTING_YEARS (7) after payment, an ended unpaid claim's 30
days after it ended. The demo's paid claims (January 2012) and its rejected one are therefore
erased as the purge erases them; the amounts and decisions stay, as they do after a purge.
The mails the services queued to the claimants are deleted too: in the demo's story they left
in 2011 and the purge deletes mails after RETENTION_MAIL_DAYS.
"""

from __future__ import annotations

import io
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app, g
from flask_login import login_user
from sqlalchemy import delete, select
from werkzeug.datastructures import FileStorage

from okconf import clock
from okconf.clock import STOCKHOLM, today
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.reimbursements import claims as claim_services
from okconf.reimbursements import retention, review, services
from okconf.reimbursements.models import AccountKind, Claim, PayeeKind
from okconf.reimbursements.rules import TravelMode
from okconf.vocabulary import Party

PAID_ON = date(2012, 1, 20)
PAYMENT_REFERENCE = "Utbetalning 2012-01 (Uppföljningsbudget 2011)"


@dataclass
class DemoClaim:
    """One volunteer's claim and what became of it.

    `volunteer` picks the conference's volunteer by their place among its civil-society
    volunteers (in registration order); `legs` are (day offset from the conference, from, to,
    mode, km, ticket kronor, passengers); `outcome` is "submitted", "returned", "approved",
    "paid" or "rejected", decided on `decided` with `reason`.
    """

    conference: str
    volunteer: int
    legs: list[tuple]
    submitted: date
    outcome: str
    account: tuple[str, str]
    decided: date | None = None
    reason: str = ""
    lost_hours: int = 0
    expenses: list[tuple[str, int]] = field(default_factory=list)
    carpool_explanation: str = ""
    attendance_override: str = ""


def _trip(town: str, to: str, km: int, mode=TravelMode.CAR, fare=0, passengers=(0, 0)):
    """There on the day, back the same evening: two legs."""
    return [
        (0, town, to, mode, km, fare, passengers[0]),
        (0, to, town, mode, km, fare, passengers[1]),
    ]


CLAIMS = [
    # Sundsvall, 15 December 2011: car-pooling expected, 100 km round trip at least.
    DemoClaim(
        "sundsvall-2011",
        1,
        _trip("Örnsköldsvik", "Sundsvall", 115, passengers=(2, 2)),
        submitted=date(2011, 12, 19),
        outcome="paid",
        decided=date(2012, 1, 9),
        account=("5204", "6046684"),
    ),
    DemoClaim(
        "sundsvall-2011",
        2,
        _trip("Östersund", "Sundsvall", 186, TravelMode.TRAIN, fare=262),
        submitted=date(2011, 12, 20),
        outcome="submitted",
        account=("5311", "3755840"),
    ),
    DemoClaim(
        "sundsvall-2011",
        3,
        _trip("Sollefteå", "Sundsvall", 120),
        expenses=[("Parkering vid Folkets Hus", 60)],
        carpool_explanation="Ingen annan från Sollefteå var anmäld, och bussen hem gick "
        "innan dialogdagen slutade.",
        submitted=date(2012, 1, 10),
        outcome="submitted",
        account=("5462", "7877722"),
    ),
    DemoClaim(
        "sundsvall-2011",
        5,
        _trip("Kramfors", "Sundsvall", 102, passengers=(1, 1)),
        submitted=date(2011, 12, 22),
        outcome="rejected",
        decided=date(2012, 1, 9),
        reason="Föreningens kassör har bekräftat att föreningen redan betalat resan till "
        "dialogdagen; samma resa kan inte ersättas två gånger.",
        account=("5570", "5364903"),
    ),
    # Boden, 6 December 2011: travel and a fixed arvode for lost earnings (with a document).
    DemoClaim(
        "boden-2011",
        1,
        _trip("Kiruna", "Boden", 265, passengers=(1, 1)),
        lost_hours=8,
        submitted=date(2011, 12, 9),
        outcome="paid",
        decided=date(2011, 12, 20),
        account=("5133", "8710583"),
    ),
    DemoClaim(
        "boden-2011",
        2,
        _trip("Gällivare", "Boden", 190, TravelMode.TRAIN, fare=236),
        lost_hours=8,
        submitted=date(2011, 12, 12),
        outcome="approved",
        decided=date(2012, 1, 9),
        account=("5689", "9189488"),
    ),
    DemoClaim(
        "boden-2011",
        3,
        _trip("Haparanda", "Boden", 150, passengers=(2, 2)),
        lost_hours=8,
        submitted=date(2011, 12, 14),
        outcome="submitted",
        account=("5026", "4459784"),
    ),
    DemoClaim(
        "boden-2011",
        5,
        _trip("Jokkmokk", "Boden", 170),
        lost_hours=8,
        submitted=date(2011, 12, 13),
        outcome="returned",
        decided=date(2011, 12, 21),
        reason="Intyget om förlorad arbetsinkomst är inte underskrivet av arbetsgivaren. "
        "Bifoga ett underskrivet intyg och skicka in redovisningen igen.",
        account=("5815", "5808939"),
    ),
    DemoClaim(
        "boden-2011",
        0,
        _trip("Arvidsjaur", "Boden", 155, passengers=(1, 1)),
        submitted=date(2011, 12, 8),
        outcome="approved",
        decided=date(2011, 12, 20),
        attendance_override="Finns på närvarolistan på papper från dagen; incheckningen i "
        "entrén missades när kön var lång.",
        account=("5917", "3261017"),
    ),
]


def receipt(title: str, lines: list[str]) -> FileStorage:
    """A small PNG that reads like a scanned receipt (Pillow draws it)."""
    from PIL import Image, ImageDraw

    def plain(text: str) -> str:  # Pillow's built-in font has ASCII only: "Gällivare" → "Gallivare"
        folded = unicodedata.normalize("NFKD", text.replace("–", "-"))
        return "".join(c for c in folded if c.isascii())

    image = Image.new("RGB", (360, 40 + 22 * len(lines)), (252, 250, 244))
    draw = ImageDraw.Draw(image)
    draw.text((16, 12), plain(title), fill=(20, 20, 20))
    for n, line in enumerate(lines):
        draw.text((16, 40 + 22 * n), plain(line), fill=(60, 60, 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return FileStorage(stream=out, filename=f"{plain(title).lower().replace(' ', '-')}.png")


def _moment(day: date) -> datetime:
    """Mid-morning of the day in Stockholm (clock.as_of keeps it in UTC)."""
    return datetime.combine(day, time(10, 0), STOCKHOLM)


@contextmanager
def on_day(day: date, user=None):
    """Run the services as on `day`: their "today" (the claim deadline) and their timestamps;
    with `user`, signed in as that staff user so the audit log names them, else as nobody (the
    participant's own steps). The audit entries keep the real time they were written."""
    moment = _moment(day)
    # Flask-Login keeps the user in `g`, which belongs to the app context the request context
    # below shares: take it out, and put back what was there.
    before = g.pop("_login_user", None)
    try:
        with current_app.test_request_context(), clock.as_of(moment):
            if user is not None:
                login_user(user)
            yield
    finally:
        g.pop("_login_user", None)
        if before is not None:
            g._login_user = before


def volunteers(conference) -> list[Registration]:
    """The conference's confirmed civil-society volunteers, in registration order."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.conference_id == conference.id,
                Registration.party == Party.CIVIL_SOCIETY,
                Registration.is_volunteer.is_(True),
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .order_by(Registration.id)
        )
    )


def fellow_travellers(conference, claimants: set[int]) -> list[Registration]:
    """Confirmed participants who claim nothing themselves: the passengers."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.is_volunteer.is_(False),
                Registration.id.not_in(claimants),
            )
            .order_by(Registration.id)
        )
    )


def load_claims(ctx) -> list[Claim]:
    """Make the demo claims once: nothing when any claim of the two conferences exists."""
    conferences = {
        key: ctx.objects.get(f"conference:{key}") for key in ("boden-2011", "sundsvall-2011")
    }
    if None in conferences.values():
        return []
    ids = [c.id for c in conferences.values()]
    if db.session.scalar(select(Claim.id).where(Claim.conference_id.in_(ids)).limit(1)):
        return []
    reviewer, second = ctx.objects.get("user:reviewer"), ctx.objects.get("user:reviewer2")
    admin = ctx.objects.get("user:admin")
    people = {key: volunteers(c) for key, c in conferences.items()}
    wanted = max(spec.volunteer for spec in CLAIMS) + 1
    if None in (reviewer, second, admin) or any(len(v) < wanted for v in people.values()):
        return []  # a partial demo (no staff, no registrations): nothing to claim
    claimants = {
        key: {people[key][spec.volunteer].id for spec in CLAIMS if spec.conference == key}
        for key in conferences
    }
    passengers = {key: fellow_travellers(c, claimants[key]) for key, c in conferences.items()}
    made = []
    for n, spec in enumerate(CLAIMS):
        conference = conferences[spec.conference]
        registration = people[spec.conference][spec.volunteer]
        riders = passengers[spec.conference]
        with on_day(spec.submitted):
            claim = _fill(spec, conference, registration, riders, n)
            claim_services.submit_claim(
                claim, declared=True, carpool_explanation=spec.carpool_explanation
            )
        # The two reviewers take turns, as a pair sharing the queue would.
        if spec.outcome != "submitted":
            with on_day(spec.decided, reviewer if n % 2 else second):
                _decide(claim, spec, reviewer if n % 2 else second)
        made.append((claim, spec))
    paid = [claim for claim, spec in made if spec.outcome == "paid"]
    with on_day(PAID_ON, admin):
        review.mark_paid(paid, admin, paid_on=PAID_ON, reference=PAYMENT_REFERENCE)
    _erase_as_the_purge_would([claim for claim, _spec in made])
    _forget_mails([claim.registration.email for claim, _spec in made])
    db.session.flush()
    return [claim for claim, _spec in made]


def _fill(spec: DemoClaim, conference, registration, riders, n: int) -> Claim:
    """The participant's part: legs, costs, lost earnings and payee."""
    claim = services.start_claim(registration)
    name = registration.full_name
    for offset, origin, destination, mode, km, fare, count in spec.legs:
        ticket = None
        if mode is not TravelMode.CAR:
            ticket = receipt(
                "SJ biljett",
                [f"{origin} - {destination}", f"{conference.date:%Y-%m-%d}", f"{fare},00 kr", name],
            )
        claim_services.add_leg(
            claim,
            travel_date=conference.date + timedelta(days=offset),
            from_place=origin,
            to_place=destination,
            mode=mode,
            distance_km=km,
            cost_ore=fare * 100,
            passenger_emails=[r.email for r in riders[(n * 2) % len(riders) :][:count]],
            receipt=ticket,
        )
    for description, kronor in spec.expenses:
        claim_services.add_expense(
            claim,
            description=description,
            amount_ore=kronor * 100,
            receipt=receipt("Kvitto", [description, f"{kronor},00 kr"]),
        )
    if spec.lost_hours:
        claim_services.save_lost_earnings(
            claim,
            wanted=True,
            minutes=spec.lost_hours * 60,
            document=receipt(
                "Intyg förlorad arbetsinkomst",
                [name, f"Ledig utan lön {conference.date:%Y-%m-%d}", f"{spec.lost_hours} timmar"],
            ),
        )
    clearing, account = spec.account
    claim_services.save_payee(
        claim,
        payee_kind=PayeeKind.PERSON,
        payee_name=name,
        account_kind=AccountKind.SE_ACCOUNT,
        clearing=clearing,
        account=account,
    )
    return claim


def _decide(claim: Claim, spec: DemoClaim, user) -> None:
    """The reviewer's decision."""
    if spec.outcome in ("approved", "paid"):
        review.approve_claim(
            claim,
            user,
            travel_ore=claim.claimed_travel_ore,
            lost_ore=claim.claimed_lost_ore,
            attendance_override=spec.attendance_override,
        )
    elif spec.outcome == "returned":
        review.return_claim(claim, user, reason=spec.reason)
    elif spec.outcome == "rejected":
        review.reject_claim(claim, user, reason=spec.reason)


def _erase_as_the_purge_would(claims: list[Claim]) -> None:
    """Erase the bank details and receipts the purge would have erased by now: the paid claims'
    (7 years after January 2012, as retention.due_claims finds them) and the rejected one's
    (30 days after it ended in January 2012; the purge counts from the row's last change, which
    is today for a demo just loaded, so it is named here rather than found)."""
    due = {claim.id for claim in retention.due_claims(today())}
    for claim in claims:
        if claim.id in due or claim.state in retention.ENDED_UNPAID:
            retention.erase_bank_details_and_receipts(claim)


def _forget_mails(emails: list[str]) -> None:
    """Delete the mails the services queued to the claimants (sent in 2011, in the story)."""
    from okconf.mail.models import OutboxMail

    db.session.execute(
        delete(OutboxMail).where(
            OutboxMail.kind == "reimbursement", OutboxMail.recipient.in_(emails)
        )
    )
