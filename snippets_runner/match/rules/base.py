"""A normalizer rule: a kind of value, the contexts where it varies, and examples.

Each rule lives in one module of this package together with its contexts and
its examples (``same``: published and real output that must match;
``different``: pairs that must not), which are kubectl's output on a page
showing the rule's ``session``.  ``tests/test_normalize.py`` runs every
rule's examples, so adding a rule is one new module plus one line in
``rules/__init__.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .context import Context

Example = tuple[str, str]
"""``(published, real)`` output, lines separated by ``\\n``."""


def constant(regex: str) -> Callable[[str], str]:
    """``accept`` for rules whose real value does not depend on the published one."""
    return lambda published: regex


def anything(text: str) -> bool:
    return True


@dataclass(frozen=True)
class Rule:
    name: str
    """Reported with each span the rule accepted (``MatchResult.normalizers``)."""
    find: re.Pattern[str]
    """The value in published text, searched only inside the spans of ``contexts``."""
    accept: Callable[[str], str]
    """The regex the real output must fullmatch in its place, given the published value."""
    contexts: tuple[Context, ...]
    valid: Callable[[str], bool] = anything
    """Checked on the real value (a regex cannot say "a routable IP address")."""
    published: Callable[[str], bool] = anything
    """Checked on the published value before it is loosened at all."""
    page_sets: bool = False
    """Values of this kind may be the page's own (an address a command or manifest
    assigns): a value the page writes, on either side, is compared literally."""
    same: tuple[Example, ...] = ()
    different: tuple[Example, ...] = ()
    sample: tuple[str, str] = ("", "")
    """Two different values of the kind, so a test can try every column, path and label
    the contexts name (empty for rules whose context is a line shape or anywhere)."""
    session: tuple[tuple[str, str], ...] = ()
    """The controllers (``(kind, name)``, see ``origin``) the page of the examples shows;
    the examples are kubectl's output on such a page."""
