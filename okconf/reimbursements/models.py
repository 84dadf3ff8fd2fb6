"""Reimbursement rules, budgets, claims with their travel legs, costs and receipts."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.reimbursements.rules import LostEarningsMode, TravelMode


class ReimbursementRules(db.Model):
    """Rules of a series (the defaults) or of one conference (overriding them).

    The minimum round trip, the request deadline and whether travel or lost earnings are
    offered at all live on the Conference (its invitation says so): one source of truth.
    """

    __tablename__ = "reimbursement_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("series.id", ondelete="CASCADE"), unique=True
    )
    conference_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), unique=True
    )
    car_rate_ore_per_km: Mapped[int] = mapped_column(default=250)
    carpooling_expected: Mapped[bool] = mapped_column(default=True)
    lost_earnings_mode: Mapped[LostEarningsMode] = mapped_column(
        enum_type(LostEarningsMode), default=LostEarningsMode.NONE
    )
    lost_earnings_fixed_ore: Mapped[int] = mapped_column(default=0)
    lost_earnings_hourly_ore: Mapped[int] = mapped_column(default=0)
    lost_earnings_cap_ore: Mapped[int] = mapped_column(default=0)
    lost_earnings_document_required: Mapped[bool] = mapped_column(default=True)
    claim_deadline_days: Mapped[int] = mapped_column(default=30)

    __table_args__ = (
        sa.CheckConstraint(
            "(series_id IS NULL) != (conference_id IS NULL)", name="series_or_conference"
        ),
        sa.CheckConstraint("car_rate_ore_per_km >= 0", name="rate_not_negative"),
        sa.CheckConstraint(
            "lost_earnings_fixed_ore >= 0 AND lost_earnings_hourly_ore >= 0 "
            "AND lost_earnings_cap_ore >= 0",
            name="lost_earnings_not_negative",
        ),
        sa.CheckConstraint("claim_deadline_days >= 0", name="deadline_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<ReimbursementRules {self.id} s={self.series_id} c={self.conference_id}>"


class Budget(db.Model):
    """The follow-up budget of a year or a series (e.g. 900 000 kr for 2011)."""

    __tablename__ = "reimbursement_budgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int | None] = mapped_column(unique=True)
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("series.id", ondelete="SET NULL"), unique=True
    )
    total_ore: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    allocations: Mapped[list[BudgetAllocation]] = relationship(
        back_populates="budget", cascade="all, delete-orphan", order_by="BudgetAllocation.id"
    )

    __table_args__ = (
        sa.CheckConstraint("total_ore >= 0", name="total_not_negative"),
        sa.CheckConstraint("year IS NOT NULL OR series_id IS NOT NULL", name="year_or_series"),
    )

    def __repr__(self) -> str:
        return f"<Budget {self.id} {self.name}>"


class BudgetAllocation(db.Model):
    """The part of a budget set aside for one conference."""

    __tablename__ = "reimbursement_allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reimbursement_budgets.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), unique=True
    )
    amount_ore: Mapped[int] = mapped_column(sa.BigInteger)

    budget: Mapped[Budget] = relationship(back_populates="allocations")
    conference = relationship("Conference")

    __table_args__ = (sa.CheckConstraint("amount_ore >= 0", name="amount_not_negative"),)

    def __repr__(self) -> str:
        return f"<BudgetAllocation {self.budget_id} c={self.conference_id} {self.amount_ore}>"


class ClaimState(enum.StrEnum):
    """Where a request or claim stands (see services.TRANSITIONS)."""

    DRAFT = "draft"
    REQUESTED = "requested"
    PRE_APPROVED = "pre_approved"
    DECLINED = "declined"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    WITHDRAWN = "withdrawn"


class PayeeKind(enum.StrEnum):
    """Who receives the money."""

    PERSON = "person"
    ORGANISATION = "organisation"


class AccountKind(enum.StrEnum):
    """How the money is paid."""

    SE_ACCOUNT = "se_account"
    BANKGIRO = "bankgiro"
    PLUSGIRO = "plusgiro"
    IBAN = "iban"


class Claim(db.Model):
    """One registration's request (before) and claim (after the conference), one lifecycle."""

    __tablename__ = "reimbursement_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ClaimState] = mapped_column(
        enum_type(ClaimState), default=ClaimState.DRAFT, index=True
    )
    # The request's estimate.
    wants_travel: Mapped[bool] = mapped_column(default=True)
    wants_lost_earnings: Mapped[bool] = mapped_column(default=False)
    from_town: Mapped[str] = mapped_column(sa.String(120), default="")
    est_mode: Mapped[TravelMode | None] = mapped_column(enum_type(TravelMode, "travelmode"))
    est_round_trip_km: Mapped[int] = mapped_column(default=0)
    est_ticket_ore: Mapped[int] = mapped_column(default=0)
    est_passengers: Mapped[int] = mapped_column(default=0)
    est_lost_minutes: Mapped[int] = mapped_column(default=0)
    request_note: Mapped[str] = mapped_column(sa.Text, default="")
    estimate_ore: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    preapproved_ore: Mapped[int] = mapped_column(default=0)
    request_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The claim.
    lost_minutes: Mapped[int] = mapped_column(default=0)
    carpool_explanation: Mapped[str] = mapped_column(sa.Text, default="")
    payee_kind: Mapped[PayeeKind | None] = mapped_column(enum_type(PayeeKind))
    payee_name: Mapped[str] = mapped_column(sa.String(300), default="")
    account_kind: Mapped[AccountKind | None] = mapped_column(enum_type(AccountKind))
    clearing_number: Mapped[str] = mapped_column(sa.String(10), default="")
    account_number: Mapped[str] = mapped_column(sa.String(40), default="")
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_ore: Mapped[int] = mapped_column(default=0)
    claimed_travel_ore: Mapped[int] = mapped_column(default=0)
    claimed_lost_ore: Mapped[int] = mapped_column(default=0)
    # The decision.
    first_approval_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    first_approval_ore: Mapped[int | None] = mapped_column()
    approved_ore: Mapped[int | None] = mapped_column()
    approved_travel_ore: Mapped[int] = mapped_column(default=0)
    approved_lost_ore: Mapped[int] = mapped_column(default=0)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_override: Mapped[str] = mapped_column(sa.Text, default="")
    paid_on: Mapped[date | None] = mapped_column(sa.Date)
    payment_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration = relationship("Registration")
    conference = relationship("Conference")
    first_approval_by = relationship("User", foreign_keys=[first_approval_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    legs: Mapped[list[TravelLeg]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        order_by="(TravelLeg.travel_date, TravelLeg.id)",
    )
    expenses: Mapped[list[Expense]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Expense.id"
    )
    receipts: Mapped[list[Receipt]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Receipt.id"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "estimate_ore >= 0 AND preapproved_ore >= 0 AND claimed_ore >= 0",
            name="amounts_not_negative",
        ),
        sa.CheckConstraint("approved_ore IS NULL OR approved_ore >= 0", name="approved_ok"),
        sa.CheckConstraint("state != 'paid' OR paid_on IS NOT NULL", name="paid_has_date"),
        sa.CheckConstraint(
            "state NOT IN ('approved', 'paid') OR approved_ore IS NOT NULL",
            name="approved_has_amount",
        ),
    )

    def __repr__(self) -> str:
        return f"<Claim {self.id} reg={self.registration_id} {self.state.value}>"


class TravelLeg(db.Model):
    """One leg of the journey: by car (distance) or by ticket (cost and receipt)."""

    __tablename__ = "reimbursement_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reimbursement_claims.id", ondelete="CASCADE"), index=True
    )
    travel_date: Mapped[date] = mapped_column(sa.Date)
    from_place: Mapped[str] = mapped_column(sa.String(120))
    to_place: Mapped[str] = mapped_column(sa.String(120))
    mode: Mapped[TravelMode] = mapped_column(enum_type(TravelMode, "travelmode"))
    distance_km: Mapped[int] = mapped_column()
    cost_ore: Mapped[int] = mapped_column(default=0)
    receipt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reimbursement_receipts.id", ondelete="SET NULL")
    )

    claim: Mapped[Claim] = relationship(back_populates="legs")
    receipt = relationship("Receipt")
    passengers: Mapped[list[LegPassenger]] = relationship(
        back_populates="leg", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("distance_km >= 0 AND cost_ore >= 0", name="not_negative"),
    )

    def __repr__(self) -> str:
        return f"<TravelLeg {self.id} {self.from_place}–{self.to_place} {self.mode.value}>"


class LegPassenger(db.Model):
    """A registered participant who rode along in the claimant's car."""

    __tablename__ = "reimbursement_leg_passengers"

    leg_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reimbursement_legs.id", ondelete="CASCADE"), primary_key=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    leg: Mapped[TravelLeg] = relationship(back_populates="passengers")
    registration = relationship("Registration")

    def __repr__(self) -> str:
        return f"<LegPassenger leg={self.leg_id} reg={self.registration_id}>"


class Expense(db.Model):
    """Another travel cost with a receipt, e.g. parking."""

    __tablename__ = "reimbursement_expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reimbursement_claims.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(sa.String(200))
    amount_ore: Mapped[int] = mapped_column()
    receipt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reimbursement_receipts.id", ondelete="SET NULL")
    )

    claim: Mapped[Claim] = relationship(back_populates="expenses")
    receipt = relationship("Receipt")

    __table_args__ = (sa.CheckConstraint("amount_ore >= 0", name="amount_not_negative"),)

    def __repr__(self) -> str:
        return f"<Expense {self.id} {self.description!r} {self.amount_ore}>"


class ReceiptKind(enum.StrEnum):
    """What a receipt documents."""

    TICKET = "ticket"
    EXPENSE = "expense"
    LOST_EARNINGS = "lost_earnings"


class Receipt(db.Model):
    """An uploaded receipt or document, stored outside the web root under a random name."""

    __tablename__ = "reimbursement_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reimbursement_claims.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReceiptKind] = mapped_column(enum_type(ReceiptKind))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200), default="")
    content_type: Mapped[str] = mapped_column(sa.String(60))
    size: Mapped[int] = mapped_column()
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="receipts")

    def __repr__(self) -> str:
        return f"<Receipt {self.id} {self.content_type}>"
