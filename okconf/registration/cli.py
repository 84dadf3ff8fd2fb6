"""The registration feature's commands: `flask okconf send-stream-links` (run from cron)."""

from __future__ import annotations

from okconf.registration.streaming import send_stream_links_command

commands = [send_stream_links_command]
