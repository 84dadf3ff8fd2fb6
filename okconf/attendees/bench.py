"""Endpoints for `make bench` only: present when the config says BENCHMARK_ENDPOINTS=True.

`/bench/bare/<conference_id>` inserts one registration row and nothing else: the floor the
registration endpoint is measured against. `/bench/register/<conference_id>` confirms or
queues one person under the same capacity lock as the registration feature; the benchmark
uses it only when the real registration form is not there (see
benchmarks/bench_registration.py for what is measured).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from sqlalchemy import func, select, text

from okconf.accounts.access import public
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.extensions import csrf, db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import OrganisationType, Party

bench_bp = Blueprint("bench", __name__)


def _person() -> dict:
    form = request.form
    return {
        "first_name": form.get("first_name", "")[:100],
        "last_name": form.get("last_name", "")[:100],
        "email": form.get("email", "")[:254],
        "organisation_name": form.get("organisation_name", "")[:300],
        "party": Party.CIVIL_SOCIETY,
        "org_type": OrganisationType.CIVIL_SOCIETY_ORG,
    }


@public
def bare(conference_id: int):
    """Insert one row, no checks: the cost of a request plus one INSERT.

    On the waiting list, so that the row fires no trigger (a confirmed row moves the
    conference's places counter): the floor stays one plain INSERT."""
    db.session.add(
        Registration(
            conference_id=conference_id,
            status=RegistrationStatus.WAITING,
            waiting_since=utcnow(),
            **_person(),
        )
    )
    db.session.commit()
    return jsonify(status="confirmed")


def locked_register(conference: Conference, person: dict) -> Registration:
    """Confirm or queue one person under a row lock on the conference (the pretix rule)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL lock_timeout = '10s'"))
        db.session.execute(
            select(Conference.id).where(Conference.id == conference.id).with_for_update()
        )
    taken = db.session.scalar(
        select(func.count()).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    full = conference.capacity is not None and taken >= conference.capacity
    registration = Registration(
        conference_id=conference.id,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
        waiting_since=utcnow() if full else None,
        consent_at=utcnow(),
        **person,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


@public
def register(conference_id: int):
    """Register one person under the capacity rule; says whether they got a place."""
    conference = db.get_or_404(Conference, conference_id)
    registration = locked_register(conference, _person())
    db.session.commit()
    return jsonify(status=registration.status.value)


@bench_bp.record_once
def _add_routes(state) -> None:
    """Add the routes only when the app is configured for benchmarks."""
    app = state.app
    if not app.config.get("BENCHMARK_ENDPOINTS"):
        return
    app.add_url_rule(
        "/bench/bare/<int:conference_id>", "bench.bare", csrf.exempt(bare), methods=["POST"]
    )
    app.add_url_rule(
        "/bench/register/<int:conference_id>",
        "bench.register",
        csrf.exempt(register),
        methods=["POST"],
    )
