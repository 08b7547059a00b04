"""``python -m provisor.graphql.export [path]``: write the schema's SDL (default:
./schema.graphql), or print it with ``-``."""

from __future__ import annotations

import sys
from pathlib import Path

from provisor.graphql.schema import sdl


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "schema.graphql"
    if target == "-":
        sys.stdout.write(sdl())
    else:
        Path(target).write_text(sdl(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
