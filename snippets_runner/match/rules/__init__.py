"""The normalizer rules, in priority order: earlier wins where two would overlap.

Add a rule as one module here (the value, its contexts, its examples) and
list it below; ``tests/test_normalize.py`` then checks its examples.
"""

from __future__ import annotations

from . import (
    digest,
    duration,
    generated_name,
    ip,
    ls_date,
    provisioned_volume,
    resource_version,
    timestamp,
    uid,
)
from .base import Example, Rule
from .context import Piece

RULES: tuple[Rule, ...] = (
    timestamp.RULE,
    ls_date.RULE,
    uid.RULE,
    provisioned_volume.RULE,
    digest.RULE,
    ip.RULE,
    resource_version.RULE,
    duration.RULE,
    generated_name.RULE,
    generated_name.HASH_LABEL,
)

__all__ = ["RULES", "Example", "Piece", "Rule"]
