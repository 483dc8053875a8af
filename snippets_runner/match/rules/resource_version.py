"""``resourceVersion``: the etcd revision an object was last written at, per cluster."""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Field

RULE = Rule(
    name="resourceVersion",
    find=re.compile(r"(?<![\w.])\d+(?![\w.])"),
    accept=constant(r"\d+"),
    contexts=(Field(frozenset({"resourceVersion", "Resource Version"})),),
    sample=("1234", "98765"),
    same=(
        ('  resourceVersion: "1234"', '  resourceVersion: "98765"'),
        ('    "resourceVersion": "1234",', '    "resourceVersion": "98765",'),
    ),
    different=(
        ('  resourceVersion: "1234"', '  resourceVersion: "12a"'),
        ("  generation: 1234", "  generation: 98765"),
    ),
)
