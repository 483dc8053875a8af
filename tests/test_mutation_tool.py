"""tools/mutation.py names real modules and real tests: a renamed file cannot drop out of it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from conftest import REPO


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation", REPO / "tools" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_every_target_glob_finds_modules_and_every_mirrored_test_exists() -> None:
    tool = _tool()
    for pattern, tests in tool.TARGET_GLOBS.items():
        assert sorted(REPO.glob(pattern)), f"{pattern} matches no module"
        missing = [test for test in tests if not (REPO / test).is_file()]
        assert not missing, f"{pattern}: mirrored tests that do not exist: {missing}"
    assert all(tests for tests in tool.TARGETS.values())
