"""Travel reimbursement (reseersättning) and lost-earnings claims, reviewed against a budget."""
