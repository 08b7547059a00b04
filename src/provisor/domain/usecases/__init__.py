"""Use cases, one per module, named by a verb; each takes ``Deps`` first."""
