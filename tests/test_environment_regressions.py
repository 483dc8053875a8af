"""What environment values did wrong before they had contexts, written against the API
they had then (``to_published(text)``, no command), so each test fails on that code.

``standard`` -> ``gp2`` turned coreutils' "read standard input" into "read gp2 input":
the right page failed, the nonsense page passed and ``update`` wrote the nonsense;
``local-path`` -> ``standard`` -> ``gp2`` chained; and a one-character value rewrote
every standalone number while every command, lint included, said nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.config.environment import Environment
from snippets_runner.config.pyproject import load_runner_config
from snippets_runner.errors import ConfigError
from snippets_runner.extract.pages import extract_page
from snippets_runner.run.results import Reason, Result
from snippets_runner.run.runner import RunOptions, run_page
from snippets_runner.secrets import Masker
from snippets_runner.update.edits import apply
from snippets_runner.update.planning import plan_update

FENCE = "```"
COREUTILS = "With no FILE, or when FILE is -, read standard input."
ENV = Environment.declare(
    {"STORAGE_CLASS": {"published": "gp2", "testcluster": "standard"}}
).select("testcluster", None)


def _page(tmp_path: Path, published: str, command: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(f"# P\n\n{FENCE}console\n~$ {command}\n{published}\n{FENCE}\n")
    return path


def _verdict(path: Path) -> Result:
    return run_page(extract_page(path), RunOptions(environment=ENV)).commands[0].verdict


def test_standard_input_is_not_a_storage_class() -> None:
    assert ENV.to_published(COREUTILS) == (COREUTILS, ())


def test_the_right_page_passes_and_the_nonsense_page_fails(tmp_path: Path) -> None:
    command = f"printf '%s\\n' '{COREUTILS}'"
    assert _verdict(_page(tmp_path, COREUTILS, command)) is Result.PASSED
    nonsense = COREUTILS.replace("standard", "gp2")
    assert _verdict(_page(tmp_path, nonsense, command)) is Result.FAILED
    table = "NAME   STORAGECLASS   AGE\\ndata   standard       1s"
    published = "NAME   STORAGECLASS   AGE\ndata   gp2            1s"
    # printf's table is the page's own text: no reader's cluster prints gp2 there
    assert _verdict(_page(tmp_path, published, f"printf '{table}\\n'")) is Result.FAILED
    # the same table printed by the command kubectl (a function standing in offline)
    kubectl = f"kubectl() {{ printf '{table}\\n'; }}; kubectl get pvc"
    assert _verdict(_page(tmp_path, published, kubectl)) is Result.PASSED


@pytest.mark.parametrize(
    ("command", "mapped"),
    [
        ("kubectl get pvc data -o yaml", True),
        ("/usr/local/bin/kubectl get pvc -o yaml | grep storage", True),
        ("\\kubectl get pvc -o yaml", True),
        ("cat pvc.yaml", False),
        ("printf 'storageClassName: standard\\n'", False),
        ("helm get values db", False),
        ("k get pvc -o yaml", False),  # an alias is not known: the real value stays
        ("echo kubectl", False),
    ],
)
def test_a_types_contexts_hold_only_in_kubectls_output(command: str, mapped: bool) -> None:
    text = "spec:\n  storageClassName: standard\n"
    published, used = ENV.to_published(text, command)
    assert (published != text, bool(used)) == (mapped, mapped)


def test_a_context_the_writer_declares_holds_where_the_writer_said() -> None:
    env = Environment.declare(
        {
            "STORAGE_CLASS": {
                "published": "gp2",
                "testcluster": "standard",
                "contexts": ["regex:^class=(?P<value>\\S+)$"],
            }
        }
    ).select("testcluster", None)
    assert env.to_published("class=standard", "cat settings.env")[0] == "class=gp2"
    assert env.to_published("storageClassName: standard", "cat a.yaml")[0] == (
        "storageClassName: standard"
    )


def test_a_manifest_the_page_cats_keeps_its_own_storage_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review round 3, defect 3: ``cat`` of a manifest the page wrote with
    ``storageClassName: standard`` must publish ``standard``: every reader's file says so."""
    from click.testing import CliRunner

    from snippets_runner.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.snippets-runner]\nenvironment = "testcluster"\n\n'
        "[tool.snippets-runner.values.STORAGE_CLASS]\n"
        'published = "ebs-csi-default-sc"\ntestcluster = "standard"\n',
        encoding="utf-8",
    )
    page = tmp_path / "docs" / "p.md"
    page.parent.mkdir()
    write = "~$ printf 'spec:\\n  storageClassName: standard\\n' > pvc.yaml\n~$ cat pvc.yaml\n"
    front = "---\nsnippets: {cluster: false}\n---\n# p\n\n"
    page.write_text(
        f"{front}{FENCE}console\n{write}spec:\n  storageClassName: ebs-csi-default-sc\n{FENCE}\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(main, ["verify", "docs/p.md"]).exit_code == 1
    page.write_text(
        f"{front}{FENCE}console\n{write}spec:\n  storageClassName: standard\n{FENCE}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["verify", "docs/p.md"])
    assert result.exit_code == 0, result.output


def test_mappings_apply_at_once_and_never_chain() -> None:
    env = Environment.declare(
        {
            "STORAGE_CLASS": {"published": "gp2", "testcluster": "standard"},
            "FAST": {"type": "StorageClass", "published": "standard", "testcluster": "local-path"},
        }
    ).select("testcluster", None)
    table = "NAME   STORAGECLASS\na      standard\nb      local-path"
    out, used = env.to_published(table, "kubectl get pvc")
    assert out.splitlines()[1:] == ["a      gp2", "b      standard"]
    assert {str(u) for u in used} == {
        "STORAGE_CLASS: standard -> gp2",
        "FAST: local-path -> standard",
    }


@pytest.mark.parametrize("head", ['environment = "testcluster"\n', ""])
def test_a_one_character_value_is_refused(tmp_path: Path, head: str) -> None:
    """Also before an environment is chosen: lint reads the same configuration."""
    values = '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\ntestcluster = "1"\n'
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.snippets-runner]\n{head}\n{values}", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_runner_config(tmp_path)
    assert str(err.value) == (
        f"{path}: [tool.snippets-runner.values.STORAGE_CLASS] testcluster = '1' is shorter "
        "than 3 characters: it would stand for too many other things to be mapped safely"
    )


def test_update_writes_published_values_in_their_context_only(tmp_path: Path) -> None:
    """A stale page is rewritten with the real sentence, not "read gp2 input", and with
    the published StorageClass in its column."""
    real = f"cat: usage v2\\n{COREUTILS}\\nNAME   STORAGECLASS\\nnew    standard"
    path = _page(
        tmp_path,
        f"cat: usage v1\n{COREUTILS}\nNAME   STORAGECLASS\nold    gp2",
        f"kubectl() {{ printf '{real}\\n'; }}; kubectl get pvc",
    )
    ran = run_page(extract_page(path), RunOptions(environment=ENV))
    assert ran.commands[0].reason is Reason.OUTPUT_DIFFERS
    plan = plan_update([ran], Masker())
    assert plan.complete
    (change,) = plan.changes
    assert change.new == ("cat: usage v2", COREUTILS, "NAME   STORAGECLASS", "new    gp2")
    apply(plan.edits)
    assert "read gp2 input" not in path.read_text()
    assert _verdict(path) is Result.PASSED
