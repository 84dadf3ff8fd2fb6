"""Privacy: retention and purging, participants' rights, backups, the privacy page, and the
conference's audit log page (okconf/audit only writes the log)."""
