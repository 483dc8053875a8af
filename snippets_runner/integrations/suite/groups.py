"""Which lessons pytest-xdist must keep together, as `xdist_group` names.

Under `--dist loadgroup` a group runs on one worker, one item after
another: a lesson must stay on one worker (its first item runs it all), and
lessons that share a namespace must never run at the same time, or one
would see, or delete, what the other set up there.
"""

from __future__ import annotations

from collections.abc import Mapping

from .run_state import RunKey


def _groups(namespaces: Mapping[RunKey, frozenset[str]]) -> dict[RunKey, str]:
    """Each lesson's xdist group: lessons sharing a namespace, even through others, share one.

    Equal namespace sets are not enough: lessons touching {a, b} and {b, c}
    must not overlap in time either, so the groups are the connected
    components of "shares a namespace". A lesson that touches no cluster is
    a group of its own (it must only stay on one worker). The name depends
    only on the lessons, so every xdist worker computes the same one.
    """
    components: list[tuple[set[str], list[RunKey]]] = []
    for key in sorted(namespaces):
        names, keys = set(namespaces[key]), [key]
        if not names:
            continue
        apart: list[tuple[set[str], list[RunKey]]] = []
        for other_names, other_keys in components:
            if other_names & names:
                names |= other_names
                keys += other_keys
            else:
                apart.append((other_names, other_keys))
        components = [*apart, (names, keys)]
    groups = {key: f"snippets:{key[1]}" for key, names in namespaces.items() if not names}
    for names, keys in components:
        groups.update(dict.fromkeys(keys, "snippets:" + ",".join(sorted(names))))
    return groups
