"""--shard K/N and --durations REPORT, shared by verify and list.

`list --shard` prints exactly what `verify --shard` would run, so a CI
matrix can be checked (and a shard reproduced) without a cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from ..errors import SnippetsError
from ..model import Lesson

if TYPE_CHECKING:
    from ..shard import Shard

F = TypeVar("F", bound=Callable[..., object])


def _parse(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    if value is None:
        return None
    from ..shard import Shard

    try:
        return Shard.parse(value)
    except SnippetsError as exc:
        raise click.BadParameter(exc.message) from None


def shard_options(func: F) -> F:
    func = click.option(
        "--durations",
        "durations_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="balance --shard by the lesson durations of this JSON report.",
    )(func)
    return click.option(
        "--shard",
        metavar="K/N",
        callback=_parse,
        help="only the lessons of shard K of N (every language of a lesson together).",
    )(func)


def shard_lessons(
    lessons: tuple[Lesson, ...], shard: Shard | None, durations_path: Path | None
) -> tuple[Lesson, ...]:
    """The shard's lessons; a --durations report that cannot be read is a usage error."""
    if durations_path is not None and shard is None:
        raise click.UsageError("--durations only makes sense with --shard")
    if shard is None:
        return lessons
    # Sharding (and reading a report for durations) loads only when a shard is asked for.
    from ..report.json_report import OldReportError, read_durations
    from ..shard import select

    durations = None
    if durations_path is not None:
        try:
            durations = read_durations(durations_path)
        except OldReportError as exc:  # the first night after an upgrade: split by hash
            click.echo(f"warning: --durations not used: {exc}", err=True)
        except SnippetsError as exc:
            raise click.UsageError(str(exc)) from None
    return select(lessons, shard, durations)
