"""Environment values map whole tokens only, and say which mappings they used."""

from __future__ import annotations

from snippets_runner.config.environment import Environment

DECLARED = Environment.declare(
    {
        "STORAGE_CLASS": {"published": "gp2", "testcluster": "standard"},
        "PROVISIONER": {"published": "ebs.csi.aws.com", "testcluster": "rancher.io/local-path"},
        "SAME": {"published": "x", "testcluster": "x"},
    }
)


def test_real_values_become_published_ones() -> None:
    env = DECLARED.select("testcluster", None)
    text, used = env.to_published(
        "NAME   PROVISIONER             RECLAIMPOLICY\nstandard   rancher.io/local-path   Delete"
    )
    assert text == "NAME   PROVISIONER             RECLAIMPOLICY\ngp2   ebs.csi.aws.com   Delete"
    assert sorted(str(u) for u in used) == [
        "PROVISIONER: rancher.io/local-path -> ebs.csi.aws.com",
        "STORAGE_CLASS: standard -> gp2",
    ]


def test_only_whole_tokens_are_mapped() -> None:
    env = DECLARED.select("testcluster", None)
    for text in ("nonstandard", "standard-2", "standard.io", "my_standard"):
        assert env.to_published(text) == (text, ())


def test_unmapped_differences_stay() -> None:
    env = DECLARED.select("testcluster", None)
    assert env.to_published("premium") == ("premium", ())
    assert Environment().to_published("standard") == ("standard", ())
