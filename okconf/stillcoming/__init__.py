""" "Kommer du fortfarande?": some days before the conference, confirmed participants are asked
whether they still come; "no" gives their place to the waiting list at once."""
