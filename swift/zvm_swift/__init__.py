"""ZeroVM execution middleware for OpenStack Swift (proxy and object server filters)."""
