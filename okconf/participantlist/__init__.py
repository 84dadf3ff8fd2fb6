"""Who else is coming (deltagarförteckning): participants who opted in, listed for the other
participants or the public, as the organiser chooses."""
