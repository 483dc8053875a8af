"""Container and image IDs: a container's ID is new on every start, an image's depends on the build.

Only the 64 hex digits in a container's ``Container ID``/``Image ID`` fields
(``describe``: under ``Containers`` > the container's name; YAML:
``status.containerStatuses[].containerID``...); the runtime
(``containerd://``) and the repository stay literal.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Field
from .timestamp import CONTAINERS, STATUSES

_HEX = "[0-9a-f]{64}"

RULE = Rule(
    name="digest",
    find=re.compile(rf"(?<![0-9a-zA-Z]){_HEX}(?![0-9a-zA-Z])"),
    accept=constant(_HEX),
    contexts=(
        Field(
            (
                *((c, "*", k) for c in CONTAINERS for k in ("Container ID", "Image ID")),
                *(("status", s, "[]", k) for s in STATUSES for k in ("containerID", "imageID")),
            )
        ),
    ),
    sample=("a" * 64, "0b" * 32),
    same=(
        (
            "Containers:\n  mysql:\n    Container ID:  containerd://" + "a" * 64,
            "Containers:\n  mysql:\n    Container ID:  containerd://" + "0b" * 32,
        ),
        (
            "Containers:\n  mysql:\n    Image ID:  docker.io/library/mysql@sha256:" + "1" * 64,
            "Containers:\n  mysql:\n    Image ID:  docker.io/library/mysql@sha256:" + "f" * 64,
        ),
        (
            "status:\n  containerStatuses:\n  - containerID: containerd://" + "a" * 64,
            "status:\n  containerStatuses:\n  - containerID: containerd://" + "0b" * 32,
        ),
    ),
    different=(
        (
            "Containers:\n  mysql:\n    Container ID:  containerd://" + "a" * 64,
            "Containers:\n  mysql:\n    Container ID:  docker://" + "a" * 64,
        ),
        (
            "Containers:\n  mysql:\n    Image ID:  docker.io/library/mysql@sha256:" + "1" * 64,
            "Containers:\n  mysql:\n    Image ID:  docker.io/library/nginx@sha256:" + "1" * 64,
        ),
        ("data:\n  imageID: sha256:" + "1" * 64, "data:\n  imageID: sha256:" + "2" * 64),
        ("commit " + "a" * 64, "commit " + "b" * 64),
    ),
)
