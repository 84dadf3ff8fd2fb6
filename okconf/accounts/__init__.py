"""Staff accounts, roles, sign-in and participants' personal links."""
