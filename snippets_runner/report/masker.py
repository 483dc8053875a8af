"""Replace secret values with ``******`` before any text reaches a report.

Every report (terminal, JUnit, JSON) passes commands, published and real
output through one Masker, so adding a reporter cannot forget a secret.
Values shorter than ``MIN_LENGTH`` are ignored: masking ``1`` or ``no``
would shred every report while protecting nothing a guess would not find.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "******"
MIN_LENGTH = 3


class Masker:
    def __init__(self, values: Iterable[str] = ()) -> None:
        # Reports mask line by line, so a value `pw\n` or a multi-line one must
        # also be known by its stripped form and by each of its lines.
        expanded = {part for v in values for part in (v, v.strip(), *v.splitlines())}
        self.values = frozenset(v for v in expanded if len(v.strip()) >= MIN_LENGTH)
        ordered = sorted(self.values, key=len, reverse=True)  # longest first: no partial leaks
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub(MASK, text) if self._pattern else text

    def __or__(self, other: Masker) -> Masker:
        return Masker(self.values | other.values)
