"""Every API response the test suite receives is checked against the app's OpenAPI document.

`tests/conftest.py`'s IsolatedClient calls `check_response` after each request; a response of a
documented operation (`/api/v1/…`) that does not match its schema fails the test that made it.
Responses of undocumented addresses or methods (a 404 for an unknown path, a 405) are left
alone: there is no schema to hold them to.
"""

from __future__ import annotations

import copy

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import (
    OperationNotFound,
    PathNotFound,
    ServerNotFound,
)
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

UNCHECKED = ("/api/v1/openapi.json", "/api/v1/docs")
# Every response checked, for the test that proves the check ran.
checked: list[tuple[str, str, int]] = []


def _openapi(app) -> OpenAPI:
    cached = app.extensions.get("okconf_api_contract")
    if cached is None:
        spec = copy.deepcopy(app.extensions["okconf_api"].spec.to_dict())
        spec["servers"] = [{"url": "http://localhost/"}]
        cached = app.extensions["okconf_api_contract"] = OpenAPI.from_dict(spec)
    return cached


def check_response(app, response) -> None:
    """Raise when `response` to an API call breaks the document."""
    request = getattr(response, "request", None)
    if request is None or not request.path.startswith("/api/v1/") or request.path in UNCHECKED:
        return
    if "okconf_api" not in app.extensions:
        return
    openapi = _openapi(app)
    # The request's body was read by the app: the operation is found from a bodiless copy.
    bare = Request(
        EnvironBuilder(
            method=request.method, path=request.path, query_string=request.query_string.decode()
        ).get_environ()
    )
    try:
        openapi.validate_response(WerkzeugOpenAPIRequest(bare), WerkzeugOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound, ServerNotFound):
        return
    checked.append((request.method, request.path, response.status_code))
