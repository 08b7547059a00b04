"""Strawberry types of the schema, one module per feature."""
