"""Container and image IDs: a container's ID is new on every start, an image's depends on the build.

Only the 64 hex digits in ``Container ID``/``Image ID`` fields (and their
YAML names); the runtime (``containerd://``) and the repository stay literal.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Field

_HEX = "[0-9a-f]{64}"

RULE = Rule(
    name="digest",
    find=re.compile(rf"(?<![0-9a-zA-Z]){_HEX}(?![0-9a-zA-Z])"),
    accept=constant(_HEX),
    contexts=(Field(frozenset({"Container ID", "Image ID", "containerID", "imageID"})),),
    sample=("a" * 64, "0b" * 32),
    same=(
        (
            "    Container ID:  containerd://" + "a" * 64,
            "    Container ID:  containerd://" + "0b" * 32,
        ),
        (
            "    Image ID:  docker.io/library/mysql@sha256:" + "1" * 64,
            "    Image ID:  docker.io/library/mysql@sha256:" + "f" * 64,
        ),
    ),
    different=(
        ("    Container ID:  containerd://" + "a" * 64, "    Container ID:  docker://" + "a" * 64),
        (
            "    Image ID:  docker.io/library/mysql@sha256:" + "1" * 64,
            "    Image ID:  docker.io/library/nginx@sha256:" + "1" * 64,
        ),
        ("commit " + "a" * 64, "commit " + "b" * 64),
    ),
)
