"""The pytest side: what the plugin module (integrations/pytest_plugin.py) uses.

Options and their checks, the session (one object holding the run's state),
the collected items, and the xdist groups that keep a lesson on one worker.
The plugin module keeps only its hooks, so `-p snippets_runner.integrations.pytest_plugin`
names the same plugin as the entry point.
"""

from __future__ import annotations

__all__ = ["command_line", "groups", "items", "run_state"]
