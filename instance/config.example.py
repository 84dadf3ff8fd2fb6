# Copy to instance/config.py and adjust. Every key can also be set as an OKCONF_<KEY>
# environment variable, which wins over this file. README.md lists every key.

# PostgreSQL in production (psycopg 3):
# DATABASE_URL = "postgresql://okconf@localhost/okconf"

# The public address, used in the links inside emails and QR codes:
# BASE_URL = "https://konferens.example.org"

# Deliver mail over SMTP with `flask okconf send-mail --loop`:
# MAIL_BACKEND = "smtp"
# MAIL_SERVER = "smtp.example.org"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# MAIL_USERNAME = "okconf"
# MAIL_PASSWORD = "..."
# MAIL_DEFAULT_SENDER = "okconf <noreply@example.org>"

# Share rate limits between app servers:
# REDIS_URL = "redis://127.0.0.1:6379/0"

# Behind one TLS-terminating proxy (nginx, Caddy): trust its X-Forwarded-* headers, so that
# rate limits count each client and https reaches okconf (README, Production):
# PROXY_FIX_X_FOR = 1
# PROXY_FIX_X_PROTO = 1
# PROXY_FIX_X_HOST = 1

# A development server on this machine may use an http:// BASE_URL (never in production):
# ALLOW_HTTP_BASE_URL = True
