"""Query fields, one module per feature, merged into ``Query``."""
