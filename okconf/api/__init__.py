"""The REST API for staff systems (/api/v1/): personal tokens with scopes, and the resources."""
