"""Card-number masking speed (core/cards.py): it runs on every stored message.

    .venv/bin/python -m bench.cards

Prints microseconds per call for 50 KB bodies: prose, prose with a card, a table of
numbers (the worst case: every number a candidate) and text without digits.
"""

from __future__ import annotations

import random
import timeit
from pathlib import Path

from frontdesk.core.cards import mask_card_numbers

SIZE = 50_000


def bodies() -> dict[str, str]:
    prose = (Path(__file__).resolve().parent.parent / "docs" / "architecture.md").read_text()
    prose = (prose * (SIZE // len(prose) + 1))[:SIZE]
    rng = random.Random(1)
    numbers = " ".join(str(rng.randrange(10**12, 10**16)) for _ in range(4000))[:SIZE]
    return {
        "prose (docs/architecture.md)": prose,
        "prose with a card in the middle": (
            prose[: SIZE // 2] + " card 4111 1111 1111 1111 " + prose[SIZE // 2 :]
        ),
        "13-16 digit numbers only": numbers,
        "no digits": ("lorem ipsum dolor " * (SIZE // 18 + 1))[:SIZE],
    }


def main() -> None:
    for name, body in bodies().items():
        runs = 50
        seconds = min(timeit.repeat(lambda b=body: mask_card_numbers(b), number=runs, repeat=3))
        print(f"{name:34} {len(body):6} chars {seconds / runs * 1e6:9.0f} µs")


if __name__ == "__main__":
    main()
