"""The benchmark's own app: okconf plus two endpoints that exist only here.

`/bench/bare/<conference_id>` inserts one registration row and nothing else: the floor the
registration endpoint is measured against. `/bench/register/<conference_id>` confirms or
queues one person under the same capacity lock as the registration feature; the benchmark
uses it only when the real registration form is not there (see
benchmarks/bench_registration.py for what is measured).

They are public, CSRF-exempt and not rate limited, so no served app has them and no setting
adds them: only `create_bench_app()` below (gunicorn `benchmarks.server:create_bench_app()`)
registers the blueprint.
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


bench_bp.add_url_rule(
    "/bench/bare/<int:conference_id>", "bare", csrf.exempt(bare), methods=["POST"]
)
bench_bp.add_url_rule(
    "/bench/register/<int:conference_id>", "register", csrf.exempt(register), methods=["POST"]
)


def create_bench_app(test_config: dict | None = None):
    """okconf's app with the benchmark endpoints (for the benchmarks only, never served)."""
    from okconf import create_app

    app = create_app(test_config)
    app.register_blueprint(bench_bp)
    return app
