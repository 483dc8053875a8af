"""pytest plugin: `pytest docs/` verifies the pages' commands, one test item per command.

A thin shell over `verification`: pages become pytest Files and commands
Items; the first item of a lesson runs the whole lesson once (inside its lab)
and every item of every language reads its own result from that run.

Pages are collected only under paths typed on the command line (not
`testpaths`, not the current folder pytest falls back to, not an option's
value) and only if they are pages of the docs_dir of their mkdocs.yml:
running pages deletes pods, so a plain `pytest` never does it by accident.

A cluster is looked at only when a lesson that is run needs one, as in
`snippets-runner verify`: pages whose front matter declares
`cluster: false` run without one even when cluster lessons sit in the same
docs folder, and a refused cluster fails only the items that need it, each
with the one reason.

Under pytest-xdist (which needs `--dist loadgroup`), items carry an
`xdist_group`: a lesson stays on one worker, and lessons that share a
namespace, directly or through other lessons, share a group, so they never
run at the same time.

Problems are reported as pytest reports them for any file, with
`file:line: message` and no stack: a page that does not extract is a
collection error, a bad option or report a usage error.

Loading: pytest loads the plugin through its `pytest11` entry point, whose
name is the module's, so `-p snippets_runner.integrations.pytest_plugin`
(with plugin autoloading off), `pytest_plugins` in a conftest.py and
`-p no:snippets_runner.integrations.pytest_plugin` all name this one plugin.
Nothing of the runner is imported until an option or a page needs it: the
plugin is loaded by every pytest run in the environment. This module holds
only the hooks, so that is all pytest finds here; the modules behind them
(pytest_options, pytest_session, pytest_items, pytest_groups) keep the
runner's imports inside their functions too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..config.options import FLAGGED
from .suite.command_line import _durations, _given_paths, _shard, _within, addoption_arguments
from .suite.groups import _groups
from .suite.items import CommandItem, MarkdownPage, _UnreadableSite
from .suite.run_state import _SESSION, _Session


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("snippets", "verify documentation pages (snippets-runner)")
    group.addoption("--snippets-context", help="kubeconfig context (default: current).")
    group.addoption("--snippets-kubeconfig", type=Path, help="kubeconfig file.")
    for setting in FLAGGED:  # every runner setting with a flag, from its one declaration
        group.addoption(f"--snippets-{setting.flag}", **addoption_arguments(setting))
    group.addoption(
        "--snippets-shard",
        type=_shard,
        metavar="K/N",
        help="only the lessons of shard K of N, as `snippets-runner verify --shard`.",
    )
    group.addoption(
        "--snippets-durations",
        type=Path,
        metavar="REPORT",
        help="balance --snippets-shard by this JSON report's lesson durations.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(  # harmless when pytest-xdist registers it too
        "markers", "xdist_group(name): run items of one group on one xdist worker"
    )
    config.stash[_SESSION] = _Session(config, _durations(config))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION in config.stash:
        config.stash[_SESSION].stack.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if file_path.suffix != ".md" or not _within(file_path, _given_paths(parent.config)):
        return None
    from ..extract.discover import find_config

    mkdocs_config = find_config(file_path.parent)
    if mkdocs_config is None:
        return None
    session = parent.config.stash[_SESSION]
    site = session.site(mkdocs_config)
    if isinstance(site, str):  # said once, on the first page pytest meets
        if mkdocs_config in session.reported:
            return None
        session.reported.add(mkdocs_config)
        return _UnreadableSite.from_parent(parent, path=file_path, message=site)
    if file_path.resolve() not in site.pages:  # README.md next to mkdocs.yml, ...
        return None
    return MarkdownPage.from_parent(parent, path=file_path, site=site)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's worker reads the groups into node ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    ours = [item for item in items if isinstance(item, CommandItem)]
    if not ours:
        return
    groups = _groups({item.run_key: item.namespaces for item in ours})
    for item in ours:
        item.add_marker(pytest.mark.xdist_group(groups[item.run_key]))
