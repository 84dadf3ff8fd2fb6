"""Rate limits (shared through Redis), security headers and cookies."""

from okconf.extensions import db


def test_sign_in_throttling_is_the_same_for_unknown_accounts(make_app, make_user):
    application = make_app(RATELIMIT_ENABLED=True)
    with application.app_context():
        make_user("admin", email="known@example.org")
    client = application.test_client()
    for email in ("known@example.org", "nobody@example.org"):
        codes = [
            client.post("/login", data={"email": email, "password": "wrong-password"}).status_code
            for _ in range(6)
        ]
        assert codes == [200] * 5 + [429], email
    page = client.post("/login", data={"email": "known@example.org", "password": "x"})
    assert page.status_code == 429
    assert "Retry-After" in page.headers


def test_rate_limits_are_shared_between_app_servers_through_redis(make_app, redis_limits):
    shared = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_limits.url,
        "RATELIMIT_KEY_PREFIX": redis_limits.prefix,
    }
    first, second = make_app(**shared), make_app(**shared)
    data = {"email": "someone@example.org", "password": "wrong-password"}
    codes = []
    for i in range(6):
        server = first if i % 2 == 0 else second
        codes.append(server.test_client().post("/login", data=data).status_code)
    assert codes[-1] == 429
    assert codes[:5] == [200] * 5
    assert redis_limits.keys()  # under this run's prefix: another run's counts are apart


def test_a_test_run_deletes_only_its_own_redis_keys(redis_limits):
    """Two runs at once share the test Redis: cleaning up after one leaves the other's keys
    (FLUSHDB did not)."""
    other = "LIMITS:LIMITER/okconf-test-another-run/127.0.0.1/login"
    mine = f"LIMITS:LIMITER/{redis_limits.prefix}/127.0.0.1/login"
    redis_limits.client.set(other, 3, ex=60)
    redis_limits.client.set(mine, 3, ex=60)
    try:
        redis_limits.clear()
        assert redis_limits.client.get(other) == b"3"
        assert redis_limits.client.get(mine) is None
    finally:
        redis_limits.client.delete(other)


def test_security_headers_and_csp_without_inline_script(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_and_secure_cookies_behind_tls(make_app, make_user):
    application = make_app(BASE_URL="https://konferens.example.org", SESSION_COOKIE_SECURE=None)
    assert application.config["SESSION_COOKIE_SECURE"] is True
    client = application.test_client()
    response = client.get("/", base_url="https://localhost")
    assert "max-age" in response.headers["Strict-Transport-Security"]
    with application.app_context():
        user = make_user("admin")
        email = user.email
    response = client.post(
        "/login",
        data={"email": email, "password": "correct-horse-battery"},
        base_url="https://localhost",
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    db.session.remove()


def test_csrf_is_required_on_forms(make_app, make_user):
    application = make_app(WTF_CSRF_ENABLED=True)
    client = application.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "form" in response.get_data(as_text=True).lower()


def test_registration_form_is_rate_limited(make_app, make_conference):
    application = make_app(RATELIMIT_ENABLED=True)
    with application.app_context():
        slug = make_conference().slug
    client = application.test_client()
    codes = [client.post(f"/konferens/{slug}/anmalan", data={}).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20  # the form shows its errors
    assert codes[20] == 429
