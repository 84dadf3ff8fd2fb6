"""Group notes and the Open Space wall during a conference; feedback forms after it."""
