"""The mail outbox: mails are stored with the change that causes them and sent afterwards."""
