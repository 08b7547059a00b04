"""The composition root: settings, wiring, the app factory and the CLI."""
