"""The WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from okconf import create_app

app = create_app()
