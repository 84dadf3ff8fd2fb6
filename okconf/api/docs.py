"""The OpenAPI document: flask-smorest's Api bound to the app, and the operations for the page.

flask-smorest collects each endpoint's marshmallow schemas, and apispec writes them as an
OpenAPI 3.1 document (JSON Schema 2020-12: `type: [..., "null"]` for nullable fields).
"""

from __future__ import annotations

from flask_smorest import Api

from okconf.api.schemas import ErrorSchema

METHODS = ("get", "post", "put", "patch", "delete")


class OkconfApi(Api):
    """flask-smorest's Api with okconf's error shape, and no app-wide error handler: the API
    blueprint answers its own errors as JSON, the rest of the app keeps its HTML pages."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """The API blueprint has its own (okconf.api.blueprint)."""


def init_api(app) -> OkconfApi:
    """Bind the Api to the app and register the API's endpoints and their documentation."""
    from okconf.api import conferences, others  # noqa: F401 - the endpoints, on api_bp
    from okconf.api.blueprint import api_bp

    app.config.setdefault("API_TITLE", "okconf API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    api = OkconfApi(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "The API for staff systems: conferences, programme, registrations, "
                    "waiting list, workshop assignments, reimbursement claims and "
                    "organisations. Authenticate with a personal token (Authorization: "
                    "Bearer okc_…) made on the page /staff/konto/api-nycklar. Lists are paged "
                    "in a stable order (change time, then id): follow `next`. Errors are "
                    "JSON with `error`, `message` and `errors` per field, in the language of "
                    "Accept-Language (Swedish or English)."
                )
            },
            "servers": [{"url": "/"}],
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "A personal API token (okc_…)."},
    )
    api.register_blueprint(api_bp)
    app.extensions["okconf_api"] = api
    return api


def _resolve(spec: dict, schema: dict) -> dict:
    """A schema with its $ref followed (components only)."""
    ref = schema.get("$ref")
    if ref and ref.startswith("#/components/schemas/"):
        return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def _type(spec: dict, schema: dict) -> str:
    """A short type for the page: string, integer, array of X, one of a, b…"""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    kind = schema.get("type", "")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    if "enum" in schema:
        kind += " (" + ", ".join(str(v) for v in schema["enum"] if v is not None) + ")"
    if schema.get("format"):
        kind += f" ({schema['format']})"
    if schema.get("items"):
        kind += " of " + _type(spec, schema["items"])
    return kind


def _fields(spec: dict, schema: dict) -> list[dict]:
    schema = _resolve(spec, schema)
    required = set(schema.get("required", ()))
    return [
        {
            "name": name,
            "type": _type(spec, prop),
            "required": name in required,
            "description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def operations(spec: dict) -> list[dict]:
    """Every operation of the document, in path order, as the docs page shows it."""
    result = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = []
            for code, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                schema = content.get("schema")
                responses.append(
                    {
                        "code": code,
                        "description": response.get("description", ""),
                        "schema": _type(spec, schema) if schema else "",
                    }
                )
            result.append(
                {
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "scope": op.get("x-okconf-scope", ""),
                    "roles": op.get("x-okconf-roles", []),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "type": _type(spec, p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in [*item.get("parameters", []), *op.get("parameters", [])]
                    ],
                    "body": _fields(spec, body["schema"]) if body.get("schema") else [],
                    "responses": responses,
                }
            )
    return result
