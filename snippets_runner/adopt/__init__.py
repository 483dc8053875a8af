"""Adoption: how a site writes its shell sessions, read from its pages (``init``).

``survey`` reads every page the site publishes and keeps the fences that could
hold sessions; ``detect`` finds the site's dialect in them (prompts, fence
languages, which fences are sessions, commentary, elision markers, the output
habit, placeholders), each with its evidence; ``plan`` turns that into the
settings of ``[tool.snippets-runner]`` (one :class:`~snippets_runner.config.options.Option`
each), keeping the ones the site already chose, and ``tomlfile`` adds them to
its pyproject.toml without touching anything else.
"""

from .detect import Finding, Findings, Trial, detect
from .plan import InitPlan, Setting, Status, describe, detected_options, plan_init
from .survey import CANDIDATE_LANGUAGES, Survey, survey_site
from .tomlfile import Entry, add_settings

__all__ = [
    "CANDIDATE_LANGUAGES",
    "Entry",
    "Finding",
    "Findings",
    "InitPlan",
    "Setting",
    "Status",
    "Survey",
    "Trial",
    "add_settings",
    "describe",
    "detect",
    "detected_options",
    "plan_init",
    "survey_site",
]
