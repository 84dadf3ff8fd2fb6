"""Privacy: retention and purging, participants' rights, backups, the privacy page."""
