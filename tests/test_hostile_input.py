"""Hostile input: random and malicious text at every public form gives a clear answer, never a
500, and whatever is shown back is escaped.

The forms are found by reading each page's HTML, so a field added later is fuzzed too.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MALICIOUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE registrations; --",
    "1 OR 1=1",
    "\x00\x01\x02",
    "A" * 100_000,
    "../../etc/passwd",
    "{{ 7*7 }}",
    "%(name)s %s %d",
    "😀" * 500,
    "-1",
    "99999999999999999999999",
    "2026-02-30",
    "",
]

hostile_text = st.one_of(st.sampled_from(MALICIOUS), st.text(max_size=300))


class FormFields(HTMLParser):
    """Collect the named fields of the page's forms (method post)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = {"action": attrs.get("action"), "fields": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            if name and name != "csrf_token" and attrs.get("type") not in ("submit", "button"):
                self._current["fields"].setdefault(name, attrs.get("type") or tag)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def post_forms(client, url):
    """The (action, field names) of every POST form on a page."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = FormFields()
    parser.feed(page.get_data(as_text=True))
    return [(form["action"] or url, sorted(form["fields"])) for form in parser.forms]


def public_form_pages(app_fixtures) -> list[str]:
    """Public pages with forms; features add theirs in PUBLIC_FORM_PAGES below."""
    return [builder(app_fixtures) for builder in PUBLIC_FORM_PAGES]


PUBLIC_FORM_PAGES = [
    lambda f: "/login",
]


def check_response(response, sent_values):
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    if response.status_code == 200 and response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        for value in sent_values:
            if isinstance(value, str) and "<script>alert(1)</script>" in value:
                assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize("page_index", range(len(PUBLIC_FORM_PAGES)))
def test_public_forms_survive_hostile_input(app, client, page_index):
    url = public_form_pages(None)[page_index]
    forms = post_forms(client, url)
    assert forms, f"no form found on {url}"

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        for action, names in forms:
            values = {name: data.draw(hostile_text, label=name) for name in names}
            response = client.post(action, data=values)
            check_response(response, values.values())

    fuzz()


@pytest.mark.parametrize("value", MALICIOUS)
def test_wrongly_encoded_and_huge_bodies(client, value):
    raw = value.encode("utf-8") + b"\xff\xfe\xc3\x28\xed\xa0\x80"
    response = client.post(
        "/login",
        data=b"email=" + raw + b"&password=" + raw,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
