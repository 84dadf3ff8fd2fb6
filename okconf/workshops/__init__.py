"""Workshop preferences, optimal assignment, and mixed tables."""
