"""The front page, the staff start page, each conference's dashboard, the language switch and the
health check: the top layer, which may read every feature."""
