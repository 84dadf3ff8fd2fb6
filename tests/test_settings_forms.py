"""Settings pages of one conference save through okconf.actions.submit: a rule the service
refuses is shown beside its field and nothing is saved; a saved form says so and goes back."""

from __future__ import annotations

import pytest


@pytest.fixture
def organiser_conference(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    return conference


def test_certificate_settings(client, organiser_conference):
    from okconf.certificates import services

    url = f"/staff/konferenser/{organiser_conference.id}/intyg"
    refused = client.post(url, data={"enabled": "y", "hours": "6", "signer_name": ""})
    assert refused.status_code == 200
    assert "Name who signs the certificates before offering them." in refused.text
    assert not services.settings_for(organiser_conference).enabled
    saved = client.post(url, data={"enabled": "y", "hours": "6", "signer_name": "Anna Ek"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(url)
    assert "The certificate was saved." in client.get(url).text
    assert services.settings_for(organiser_conference).signer_name == "Anna Ek"


def test_still_coming_settings(client, organiser_conference):
    from okconf.stillcoming import services

    url = f"/staff/konferenser/{organiser_conference.id}/kommer-du"
    refused = client.post(url, data={"enabled": "y", "days_before": "99"})
    assert refused.status_code == 200
    assert "Give a number of days from 1 to 60." in refused.text
    assert not services.settings_for(organiser_conference).enabled
    saved = client.post(url, data={"enabled": "y", "days_before": "7"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(url)
    assert services.settings_for(organiser_conference).days_before == 7
