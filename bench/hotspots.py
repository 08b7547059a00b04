"""``python -m bench.hotspots <collapsed.txt> [N]``: where a py-spy profile spends its time.

Prints the N functions with the most inclusive samples (a function counted
once per stack), which is what the profile's lesson is usually read from.
"""

from __future__ import annotations

import sys
from collections import Counter


def main(path: str, top: int = 30) -> None:
    inclusive: Counter[str] = Counter()
    total = 0
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            n = int(count)
            total += n
            for frame in set(stack.split(";")):
                inclusive[frame] += n
    for frame, n in inclusive.most_common(top):
        print(f"{100 * n / total:5.1f}%  {frame[:150]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
