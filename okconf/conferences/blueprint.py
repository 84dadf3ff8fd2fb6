"""The conferences blueprint, shared by its staff, programme and public views."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("conferences", __name__)
