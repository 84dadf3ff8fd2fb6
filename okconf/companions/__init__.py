"""Companions and personal assistants (ledsagare, personlig assistent): one person who comes
with a participant, with their own diet, needs, badge and check-in, and no link of their own."""
