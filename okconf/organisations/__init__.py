"""The registry of organisations, municipalities and agencies, and the Agreement's signatories."""
