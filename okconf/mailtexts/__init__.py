"""A conference's own introductions to its confirmation, waiting-list and reminder mails."""
