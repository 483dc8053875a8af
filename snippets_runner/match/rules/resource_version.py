"""``resourceVersion``: the etcd revision an object was last written at, per cluster.

Only in an object's ``metadata`` (or a list's), a reference's
(``involvedObject``, ``claimRef``) and ``describe``'s ``Metadata``.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Field, paths

RULE = Rule(
    name="resourceVersion",
    find=re.compile(r"(?<![\w.])\d+(?![\w.])"),
    accept=constant(r"\d+"),
    contexts=(
        Field(
            paths(
                "metadata > resourceVersion",
                "involvedObject > resourceVersion",
                "regarding > resourceVersion",
                "spec > claimRef > resourceVersion",
                "Metadata > Resource Version",
            )
        ),
    ),
    sample=("1234", "98765"),
    same=(
        ('metadata:\n  resourceVersion: "1234"', 'metadata:\n  resourceVersion: "98765"'),
        (
            '{\n    "metadata": {\n        "resourceVersion": "1234",',
            '{\n    "metadata": {\n        "resourceVersion": "98765",',
        ),
    ),
    different=(
        ('metadata:\n  resourceVersion: "1234"', 'metadata:\n  resourceVersion: "12a"'),
        ("metadata:\n  generation: 1234", "metadata:\n  generation: 98765"),
        ('data:\n  resourceVersion: "1234"', 'data:\n  resourceVersion: "98765"'),
    ),
)
