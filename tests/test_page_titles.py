"""Every staff page a conference has, and every page without parameters, renders a plain
<title> (a template slip once put half a page into one)."""

import re

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def test_titles_are_plain_text(app, client, make_user, login, make_conference):
    admin = make_user("admin")
    conference = make_conference()
    login(admin)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.redirect_to:
            continue
        args = set(rule.arguments)
        if args == {"conference_id"}:
            url = rule.build({"conference_id": conference.id})[1]
        elif not args:
            url = rule.rule
        else:
            continue
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        match = TITLE.search(response.get_data(as_text=True))
        assert match, url
        title = match.group(1)
        assert "<" not in title and "{" not in title and len(title) < 200, (url, title[:200])
        checked += 1
    assert checked > 30
