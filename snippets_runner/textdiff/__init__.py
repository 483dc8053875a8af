"""Text diff helpers every layer may use: which rows to show, and invisible characters made visible.

Pure functions over strings and row signs, with no knowledge of runs or
reports, so the translation-parity rule (parity.py), lint and every report
render differences the same way.
"""

from __future__ import annotations

from .hunks import CHANGED, HEADER, counterparts, describe, select
from .visible import Marks, mark

__all__ = ["CHANGED", "HEADER", "Marks", "counterparts", "describe", "mark", "select"]
