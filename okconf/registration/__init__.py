"""Registration: sign-up, substitutes, cancellation, waiting list, check-in and exports."""
