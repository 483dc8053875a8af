"""Object UIDs: a fresh random UUID for every object the cluster creates.

Only in the ``uid`` fields the cluster fills in (``metadata.uid``, an owner
reference's, a claim reference's, an event's object; ``Metadata`` > ``UID`` of
``describe``) and in ``controller-uid`` labels, inline (``Labels:
controller-uid=...``) or as YAML keys.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Field, Label, paths

_UID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_LABELS = ("controller-uid", "batch.kubernetes.io/controller-uid")

RULE = Rule(
    name="uid",
    find=re.compile(rf"(?<![\w-]){_UID}(?![\w-])"),
    accept=constant(_UID),
    contexts=(
        Field(
            paths(
                "Metadata > UID",
                "metadata > uid",
                "metadata > ownerReferences > [] > uid",
                "spec > claimRef > uid",
                "involvedObject > uid",
                "regarding > uid",
                *(
                    f"{where} > {label}"
                    for where in (
                        "metadata > labels",
                        "spec > selector > matchLabels",
                        "spec > template > metadata > labels",
                    )
                    for label in _LABELS
                ),
            )
        ),
        Label(frozenset(_LABELS)),
    ),
    sample=("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
    same=(
        (
            "metadata:\n  uid: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "metadata:\n  uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
        (
            '{\n    "metadata": {\n        "uid": "0f8fad5b-d9cb-469f-a165-70867728950e",',
            '{\n    "metadata": {\n        "uid": "7c9e6679-7425-40de-944b-e07fc1f90ae7",',
        ),
        (
            "metadata:\n  ownerReferences:\n  - kind: ReplicaSet\n"
            "    uid: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "metadata:\n  ownerReferences:\n  - kind: ReplicaSet\n"
            "    uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
        (
            "Labels:  batch.kubernetes.io/controller-uid=0f8fad5b-d9cb-469f-a165-70867728950e",
            "Labels:  batch.kubernetes.io/controller-uid=7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
    ),
    different=(
        ("metadata:\n  uid: 0f8fad5b-d9cb-469f-a165-70867728950e", "metadata:\n  uid: not-a-uid"),
        (
            "data:\n  uid: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "data:\n  uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
        (
            "request 0f8fad5b-d9cb-469f-a165-70867728950e",
            "request 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ),
    ),
)
