"""Mutations, one module per feature; each returns a ``Success | Error`` union."""
