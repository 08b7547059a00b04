"""Safety limits: depth, aliases, tokens, introspection, masked errors.

Page sizes are capped in ``pagination`` (``first`` ≤ 100).
"""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from provisor.graphql.errors import should_mask

MAX_DEPTH = 10
MAX_ALIASES = 20
MAX_TOKENS = 4000


def extensions(*, introspection: bool) -> list[Callable[[], SchemaExtension]]:
    """Factories: each operation gets fresh extension instances."""
    found: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=should_mask),
    ]
    if not introspection:
        found.append(DisableIntrospection)
    return found
