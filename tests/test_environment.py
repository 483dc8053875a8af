"""Environment values map only where they stand for what they name, all at once,
and declarations that could not mean what they say are refused."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from snippets_runner.cli import main
from snippets_runner.config.environment import Environment
from snippets_runner.config.pyproject import load_runner_config
from snippets_runner.config.value_contexts import TYPES, kubectl_targets
from snippets_runner.errors import ConfigError, ExitCode, exit_code
from snippets_runner.extract.pages import extract_page

REPO = Path(__file__).resolve().parent.parent
FENCE = "```"
COREUTILS = "With no FILE, or when FILE is -, read standard input."

DECLARED = Environment.declare(
    {
        "STORAGE_CLASS": {"published": "gp2", "testcluster": "standard"},
        "PROVISIONER": {"published": "ebs.csi.aws.com", "testcluster": "rancher.io/local-path"},
        "SAME": {"type": "StorageClass", "published": "fast", "testcluster": "fast"},
    }
)
ENV = DECLARED.select("testcluster", None)

PVC = (
    "NAME                      STATUS   VOLUME                                     CAPACITY   "
    "ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
    "standard                  Bound    pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365   30Gi       "
    "RWO            standard       <unset>                 79s"
)
PV_ROW = (
    "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365   30Gi       RWO            Delete           "
    "Bound    catalog/data-catalog-mysql-pv-0   standard       <unset>                          5m"
)
SC = (
    "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      "
    "ALLOWVOLUMEEXPANSION   AGE\n"
    "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   "
    "false                  10m"
)


def mapped(text: str, command: str = "", env: Environment = ENV) -> str:
    return env.to_published(text, command)[0]


def write(folder: Path, values: str, head: str = 'environment = "testcluster"\n') -> Path:
    text = f"[tool.snippets-runner]\n{head}\n{values}"
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    return folder


# -- where a value is mapped ---------------------------------------------------------------


def test_the_storageclass_column_is_mapped_and_a_claim_named_standard_is_not() -> None:
    text, used = ENV.to_published(PVC, "kubectl get pvc -n catalog")
    rows = text.splitlines()
    assert rows[1].startswith("standard ") and " RWO            gp2       <unset> " in rows[1]
    assert [str(u) for u in used] == ["STORAGE_CLASS: standard -> gp2"]


def test_a_pv_row_without_its_header_is_mapped_after_its_claim() -> None:
    """``kubectl get pv | grep`` drops the header; the PV lesson publishes such a row."""
    out = mapped(PV_ROW, "kubectl get pv | grep -i catalog")
    assert "catalog/data-catalog-mysql-pv-0   gp2       <unset>" in out
    assert mapped(PV_ROW, "cat pv.txt") == PV_ROW, "the row shape alone is not enough"
    claim = "data-0   Bound    pvc-1   30Gi   RWO   standard   <unset>   3m"
    assert mapped(claim, "kubectl get pvc -n x|grep data") == claim.replace("standard", "gp2")


def test_storage_class_listing_maps_name_and_provisioner_columns() -> None:
    out = mapped(SC, "kubectl get storageclass")
    assert out.splitlines()[1].startswith("gp2 (default)   ebs.csi.aws.com   Delete")
    table = "NAME       READY\nstandard   1/1"
    assert mapped(table, "kubectl get statefulset") == table, "NAME means a StorageClass only there"


@pytest.mark.parametrize(
    ("command", "text", "want"),
    [
        ("kubectl describe pvc data-0", "StorageClass:  standard", "StorageClass:  gp2"),
        (
            "kubectl describe sts web",
            "Volume Claims:\n  Name:          data\n  StorageClass:  standard",
            "Volume Claims:\n  Name:          data\n  StorageClass:  gp2",
        ),
        ("kubectl get pvc x -o yaml", "  storageClassName: standard", "  storageClassName: gp2"),
        (
            "kubectl get pvc x -o jsonpath='{.spec}'",
            '{"accessModes":["ReadWriteOnce"],"storageClassName":"standard"}',
            '{"accessModes":["ReadWriteOnce"],"storageClassName":"gp2"}',
        ),
        ("kubectl describe sc standard", "Name:            standard", "Name:            gp2"),
        ("kubectl describe pod standard", "Name:            standard", "Name:            standard"),
        (
            "kubectl get sc standard -o yaml",
            "metadata:\n  name: standard",
            "metadata:\n  name: gp2",
        ),
        ("kubectl get cm -o yaml", "metadata:\n  name: standard", "metadata:\n  name: standard"),
        ("cat x", "storageClassName: standard-2", "storageClassName: standard-2"),
        ("cat x", "mystorageClassName: standard", "mystorageClassName: standard"),
    ],
)
def test_fields_are_mapped_where_they_name_a_storage_class(
    command: str, text: str, want: str
) -> None:
    assert mapped(text, command) == want


def test_only_whole_cells_are_mapped() -> None:
    for cell in ("nonstandard", "standard-2", "standard.io", "my_standard"):
        row = PVC.replace("standard       <unset>", f"{cell:<15}<unset>")
        assert mapped(row, "kubectl get pvc") == row


def test_unmapped_differences_stay() -> None:
    row = PVC.replace("standard       <unset>", "premium        <unset>")
    assert ENV.to_published(row, "kubectl get pvc") == (row, ())
    assert Environment().to_published(PVC, "kubectl get pvc") == (PVC, ())


def test_a_type_is_one_entry_ingress_classes_work_too() -> None:
    env = Environment.declare(
        {"INGRESS_CLASS": {"published": "alb", "testcluster": "nginx"}}
    ).select("testcluster", None)
    table = (
        "NAME   CLASS   HOSTS   ADDRESS   PORTS   AGE\nui     nginx   *       1.2.3.4   80      1m"
    )
    assert "ui     alb   *" in mapped(table, "kubectl get ingress -n ui", env)
    assert mapped("Ingress Class:    nginx", "kubectl describe ingress ui", env).endswith("alb")
    assert mapped("server: nginx", "curl -sI x", env) == "server: nginx"
    assert {"StorageClass", "IngressClass", "Provisioner"} <= set(TYPES)


def test_writers_add_contexts_column_field_and_regex() -> None:
    env = Environment.declare(
        {
            "STORAGE_CLASS": {
                "published": "gp2",
                "testcluster": "standard",
                "contexts": [
                    "column:SC",
                    "field:class",
                    "get pvc: regex:^(?P<value>[a-z0-9.-]+)$",
                    r"regex:^default class is (?P<value>\S+)$",
                ],
            }
        }
    ).select("testcluster", None)
    custom = "NAME     SC\ndata-0   standard"
    assert mapped(custom, "kubectl get pvc -o custom-columns=NAME:.metadata.name,SC:.x", env) == (
        "NAME     SC\ndata-0   gp2"
    )
    assert mapped("class: standard", "", env) == "class: gp2"
    jsonpath = "kubectl get pvc data-0 -o jsonpath='{.spec.storageClassName}'"
    assert mapped("standard", jsonpath, env) == "gp2"
    assert mapped("standard", "echo standard", env) == "standard"
    assert mapped("default class is standard", "", env) == "default class is gp2"
    assert mapped(COREUTILS, "", env) == COREUTILS


@pytest.mark.parametrize(
    ("command", "targets"),
    [
        ("kubectl get pvc -n catalog", {("get", "pvc")}),
        ("kubectl -n catalog get pv,pvc | grep -i x", {("get", "pv"), ("get", "pvc")}),
        ("kubectl get pv|grep x", {("get", "pv")}),
        (
            "k=1 /usr/bin/kubectl --context c get storageclass.storage.k8s.io/x",
            {("get", "storageclass")},
        ),
        ("echo a && kubectl describe \\\n  pvc data-0", {("describe", "pvc")}),
        ("cat 'unbalanced", set()),
        ("kubectl", set()),
    ],
)
def test_the_command_says_which_kubectl_output_it_is(
    command: str, targets: set[tuple[str, str]]
) -> None:
    assert kubectl_targets(command) == targets


# -- declarations that could not mean what they say ------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "2"\ntestcluster = "1"\n',
            "[tool.snippets-runner.values.STORAGE_CLASS] published = '2' is shorter than 3",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\ntestcluster = "1"\n',
            "[tool.snippets-runner.values.STORAGE_CLASS] testcluster = '1' is shorter than 3",
        ),
        (
            '[tool.snippets-runner.values.X]\npublished = "gp2"\ntestcluster = "standard"\n',
            "[tool.snippets-runner.values.X] does not say what it names: add type",
        ),
        (
            '[tool.snippets-runner.values.X]\ntype = "Volume"\npublished = "gp2"\n'
            'testcluster = "standard"\n',
            "[tool.snippets-runner.values.X] type = 'Volume' is no known type (IngressClass,",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "Standard Input"\n',
            "testcluster = 'Standard Input' is not a StorageClass name",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\ncontexts = ["regex:(?P<value>\\\\S+)"]\n',
            "[tool.snippets-runner.values.STORAGE_CLASS] context 'regex:(?P<value>\\\\S+)' would "
            "map testcluster = 'standard' inside ordinary text",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\ncontexts = ["regex:^(?P<value>standard)$"]\n',
            "would map testcluster = 'standard' inside ordinary text ('standard')",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\ncontexts = ["regex:class (\\\\S+)"]\n',
            "[tool.snippets-runner.values.STORAGE_CLASS] contexts[0] = 'regex:class (\\\\S+)' "
            "needs a named group (?P<value>...)",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\ncontexts = ["STORAGECLASS"]\n',
            "contexts[0] = 'STORAGECLASS' is not a context",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\ncontexts = ["column:StorageClass"]\n',
            "as kubectl prints its header",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\ncontexts = "column:SC"\n',
            "[tool.snippets-runner.values.STORAGE_CLASS] contexts must be a list of strings",
        ),
        (
            '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\n'
            'testcluster = "standard"\n[tool.snippets-runner.values.FAST]\ntype = "StorageClass"\n'
            'published = "io1"\ntestcluster = "standard"\n',
            "[tool.snippets-runner.values.STORAGE_CLASS] testcluster = 'standard' is also "
            "[tool.snippets-runner.values.FAST] testcluster",
        ),
    ],
)
def test_untrustworthy_values_are_refused_naming_file_and_key(
    tmp_path: Path, values: str, message: str
) -> None:
    write(tmp_path, values)
    with pytest.raises(ConfigError) as err:
        load_runner_config(tmp_path)
    assert message in str(err.value)
    assert str(tmp_path / "pyproject.toml") in str(err.value)
    assert exit_code(err.value) is ExitCode.ENVIRONMENT


def test_lint_refuses_the_site_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command reads the configuration first: lint no longer says nothing."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "pages" / "site", site)
    monkeypatch.chdir(site)
    values = '[tool.snippets-runner.values.STORAGE_CLASS]\npublished = "gp2"\ntestcluster = "1"\n'
    write(site, values)
    result = CliRunner().invoke(main, ["lint", "docs"])
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert "pyproject.toml: [tool.snippets-runner.values.STORAGE_CLASS] testcluster = '1'" in (
        result.output
    )


def test_the_sites_own_declaration_keeps_working() -> None:
    """``STORAGE_CLASS`` names its type; the site's declaration needs no ``type`` key."""
    env = load_runner_config(REPO).environment
    assert [(v.name, v.type, v.actual) for v in env.values] == [
        ("STORAGE_CLASS", "StorageClass", "standard")
    ]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_storage_class_the_pv_lesson_publishes_stands_in_a_context(language: str) -> None:
    """Each output naming the published class, printed with the test cluster's class
    instead, maps back to exactly what the page publishes; a place no context covers
    would make the lesson fail on the cluster."""
    env = load_runner_config(REPO).environment
    (value,) = env.values
    page = extract_page(REPO / "docs" / "statefulsets-pv" / f"index.{language}.md")
    token = r"(?<![\w.-]){}(?![\w.-])"
    seen = 0
    for command in page.commands:
        published = "\n".join(command.expected.lines).replace("[...]", "5m")
        if not re.search(token.format(re.escape(value.published)), published):
            continue
        real = re.sub(token.format(re.escape(value.published)), value.actual, published)
        out, used = env.to_published(real, command.text)
        assert out == published, command.location
        assert used == (value,)
        seen += 1
    assert seen >= 3  # get pvc, get pv | grep, get pvc after the StatefulSet is gone
