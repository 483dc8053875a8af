"""The runner configuration: read once from the site's pyproject.toml, flags on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.config.pyproject import RunnerConfig, load_runner_config
from snippets_runner.errors import ConfigError, ExitCode, exit_code

FULL = """
[tool.snippets-runner]
prompt = "$"
fence-language = "shell-session"
command-timeout = 12
lab-timeout = 30.5
allowed-contexts = ["kind-docs"]
environment = "testcluster"
pass-env = ["AWS_*", "HTTPS_PROXY"]

[tool.snippets-runner.values.STORAGE_CLASS]
published = "gp2"
testcluster = "standard"
eks = "gp2"
"""


def write(folder: Path, text: str) -> Path:
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    return folder


def test_defaults_without_a_pyproject(tmp_path: Path) -> None:
    config = load_runner_config(tmp_path)
    assert config == RunnerConfig()
    assert (config.prompt, config.fence_language) == (("~$",), ("console",))
    assert (config.command_timeout, config.lab_timeout) == (60.0, 180.0)
    assert load_runner_config(None) == RunnerConfig()


def test_every_key_is_read(tmp_path: Path) -> None:
    config = load_runner_config(write(tmp_path, FULL))
    assert config.prompt == ("$",)
    assert config.fence_language == ("shell-session",)
    assert config.command_timeout == 12.0
    assert config.lab_timeout == 30.5
    assert config.allowed_contexts == ("kind-docs",)
    assert config.environment.name == "testcluster"
    assert [str(v) for v in config.environment.values] == ["STORAGE_CLASS: standard -> gp2"]
    assert config.pass_env == ("AWS_*", "HTTPS_PROXY")
    assert config.source == tmp_path / "pyproject.toml"


def test_flags_override_the_file_and_unset_flags_keep_it(tmp_path: Path) -> None:
    config = load_runner_config(write(tmp_path, FULL))
    same = config.override({"command_timeout": None, "lab_timeout": None, "allowed_contexts": ()})
    assert same == config
    changed = config.override(
        {
            "command_timeout": 5.0,
            "allowed_contexts": ("ci",),
            "environment": "eks",
            "pass_env": ("GCP_?",),
        }
    )
    assert changed.pass_env == ("AWS_*", "HTTPS_PROXY", "GCP_?")  # flags add to the file's
    assert changed.command_timeout == 5.0
    assert changed.allowed_contexts == ("kind-docs", "ci")  # flags add to the allow-list
    assert changed.environment.name == "eks"
    assert changed.environment.values == ()  # eks prints the published value itself


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("comand-timeout = 5", "unknown key 'comand-timeout'"),
        ("command-timeout = -1", "command-timeout must be positive"),
        ("lab-timeout = nan", "lab-timeout must be positive"),
        ("command-timeout = 86401", "command-timeout is more than a day"),
        ("lab-timeout = inf", "lab-timeout must be positive"),
        ("command-timeout = true", "command-timeout has the wrong type"),
        ("normalizers = false", "unknown key 'normalizers'"),
        ('prompt = "  "', "prompt must not be blank"),
        ("allowed-contexts = [1]", "allowed-contexts must be a list of strings"),
        ('environment = "nowhere"', "environment 'nowhere' declares no values"),
        ('pass-env = "AWS_*"', "pass-env has the wrong type"),
        ("pass-env = [1]", "pass-env: must be a list of variable names or patterns"),
        ('pass-env = ["AWS-*"]', "pass-env: 'AWS-*' is not a variable name or a pattern"),
        ('pass-env = ["1X"]', "pass-env: '1X' is not a variable name"),
        ('pass-env = [""]', "pass-env: '' is not a variable name"),
        ('pass-env = ["*"]', "pass-env: '*' would pass every variable, CI tokens included"),
        ('pass-env = ["HOME"]', "pass-env: 'HOME' is set by the runner itself"),
        ('pass-env = ["KUBECONFIG"]', "pass-env: 'KUBECONFIG' is set by the runner itself"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    values = '\n[tool.snippets-runner.values.X]\npublished = "a"\ntestcluster = "b"\n'
    write(tmp_path, f"[tool.snippets-runner]\n{body}\n{values}")
    with pytest.raises(ConfigError) as err:
        load_runner_config(tmp_path)
    assert message in str(err.value)
    assert str(tmp_path / "pyproject.toml") in str(err.value)
    assert exit_code(err.value) is ExitCode.ENVIRONMENT


def test_a_value_needs_its_published_text(tmp_path: Path) -> None:
    write(tmp_path, '[tool.snippets-runner.values.SC]\ntestcluster = "standard"\n')
    with pytest.raises(ConfigError, match="needs a published value"):
        load_runner_config(tmp_path)


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, "[tool.snippets-runner\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_runner_config(tmp_path)


def test_a_site_with_its_own_prompt_and_fence_language_verifies_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from snippets_runner.cli import main

    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n")
    write(tmp_path, '[tool.snippets-runner]\nprompt = "$"\nfence-language = "shell-session"\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(
        "---\nsnippets: {cluster: false}\n---\n"
        "```shell-session\n$ echo hi\nhi\n```\n\n```console\n~$ echo ignored\nnot run\n```\n"
    )
    monkeypatch.chdir(tmp_path)
    listed = CliRunner().invoke(main, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "docs/p.md:5 [-] $ echo hi" in listed.stdout and "ignored" not in listed.stdout
    verified = CliRunner().invoke(main, ["verify"])
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.rstrip().splitlines()[-1].startswith("1 passed, 0 failed")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"command_timeout": float("inf")}, "command-timeout must be positive"),
        ({"command_timeout": 0.0}, "command-timeout must be positive"),
        ({"lab_timeout": -1.0}, "lab-timeout must be positive"),
        ({"lab_timeout": 3e6}, "lab-timeout is more than a day"),
        ({"pass_env": ("*",)}, "option pass-env: '\\*' would pass every variable"),
        ({"pass_env": ("PATH",)}, "option pass-env: 'PATH' is set by the runner itself"),
    ],
)
def test_flags_are_held_to_the_same_limits_as_the_file(
    changes: dict[str, object], message: str
) -> None:
    """pytest's --snippets-timeout has no range of its own: the override checks it."""
    with pytest.raises(ConfigError, match=message) as err:
        RunnerConfig().override(changes)  # type: ignore[arg-type]
    assert exit_code(err.value) is ExitCode.ENVIRONMENT
    assert RunnerConfig().override({"command_timeout": 86_400.0}).command_timeout == 86_400.0
