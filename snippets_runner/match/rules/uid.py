"""Object UIDs: a fresh random UUID for every object the cluster creates.

Only in ``uid`` fields (YAML, JSON) and in ``controller-uid`` labels.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Field, Label

_UID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

RULE = Rule(
    name="uid",
    find=re.compile(rf"(?<![\w-]){_UID}(?![\w-])"),
    accept=constant(_UID),
    contexts=(
        Field(frozenset({"uid", "UID", "Controller UID"})),
        Label(frozenset({"controller-uid", "batch.kubernetes.io/controller-uid"})),
    ),
    sample=("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
    same=(
        (
            "  uid: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "  uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
        (
            '    "uid": "0f8fad5b-d9cb-469f-a165-70867728950e",',
            '    "uid": "7c9e6679-7425-40de-944b-e07fc1f90ae7",',
        ),
        (
            "Labels:  batch.kubernetes.io/controller-uid=0f8fad5b-d9cb-469f-a165-70867728950e",
            "Labels:  batch.kubernetes.io/controller-uid=7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
    ),
    different=(
        ("  uid: 0f8fad5b-d9cb-469f-a165-70867728950e", "  uid: not-a-uid"),
        (
            "request 0f8fad5b-d9cb-469f-a165-70867728950e",
            "request 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
    ),
)
