"""The API is loaded on its first call, not when the app starts.

Its libraries (flask-smorest, marshmallow, apispec, webargs, and the API's own schemas and
endpoints) hold about 7 MB in every web worker, yet most installations call the API rarely or
never. So the app starts with only the token page and a small WSGI layer: the first request
whose path starts with /api/ imports them and registers the API's blueprint (with its
OpenAPI document) before Flask matches the URL, and every later request finds it there.

`load_api(app)` does the same for code that needs the API without a request (the access-matrix
test that walks the URL map, a shell). tests/test_light_workers.py checks that creating the
app imports none of the API's libraries.
"""

from __future__ import annotations

import threading

PREFIX = "/api/"


class LazyApi:
    """WSGI layer in front of the app's own: loads the API before the first /api/ request."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.loaded = False
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not self.loaded and environ.get("PATH_INFO", "").startswith(PREFIX):
            self.load()
        return self.wsgi_app(environ, start_response)

    def load(self):
        """Import and register the API once (other threads wait for it); the Api object."""
        with self.lock:
            if not self.loaded:
                app = self.app
                # Flask refuses to add routes once it has served a request, to keep a URL map
                # from changing under requests; this is the one addition made later, once,
                # under the lock, and only routes under /api/ are added.
                app._check_setup_finished = _allowed
                try:
                    # In the app's own context: the schemas' lazy texts are read as the
                    # modules are imported.
                    with app.app_context():
                        from okconf.api.docs import init_api

                        init_api(app)
                finally:
                    del app._check_setup_finished
                self.loaded = True
        return self.app.extensions["okconf_api"]


def _allowed(_f_name: str) -> None:
    """Flask's check that setup is finished, switched off while the API is registered."""


def install(app) -> None:
    """Put the loader in front of the app (once, when the API feature's views register)."""
    if "okconf_api_loader" in app.extensions:
        return
    loader = LazyApi(app, app.wsgi_app)
    app.wsgi_app = loader
    app.extensions["okconf_api_loader"] = loader


def load_api(app):
    """The API bound to the app, loaded now if it was not yet (flask-smorest's Api)."""
    return app.extensions["okconf_api_loader"].load()
