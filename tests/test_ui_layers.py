"""hiptimer/ui/ by feature: each feature folder imports only downward.

A feature (session/, routines/, editor/, history/) may import its own modules, the shared
widgets/, tasks.py and text.py, and anything below ui/ (core, store, speech, system); never a
sibling feature nor the window. widgets/, tasks.py and text.py import no feature. window/, at the
top, puts the features together and may import any of them. Imports inside functions and
TYPE_CHECKING blocks count too: they tie the modules together all the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import hiptimer

UI = Path(hiptimer.__file__).parent / "ui"
FEATURES = ("session", "routines", "editor", "history")
SHARED = ("widgets", "tasks", "text")  # what every feature may use
TOP_MODULES = {"__init__", "tasks", "text"}

by_feature = pytest.mark.skipif(not (UI / "session").is_dir(),
                                reason="hiptimer/ui/ is not yet laid out by feature")


def module_parts(path: Path) -> list[str]:
    parts = ["hiptimer", *path.relative_to(UI.parent).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path, source: str | None = None) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module the module at ``path`` imports (its text, or
    ``source``), relative imports resolved."""
    module = module_parts(path)
    package = module if path.name == "__init__.py" else module[:-1]
    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            if target == ["hiptimer", "ui"]:  # from .. import text: the names are modules
                for alias in node.names:
                    yield node.lineno, f"hiptimer.ui.{alias.name}"
            else:
                yield node.lineno, ".".join(target)


def layer(dotted: str) -> str | None:
    """The ui/ folder or top module a name belongs to; None for what lies outside ui/."""
    parts = dotted.split(".")
    return parts[2] if parts[:2] == ["hiptimer", "ui"] and len(parts) > 2 else None


def upward_imports(folder: str, allowed: set[str | None]) -> list[str]:
    found = []
    files = sorted((UI / folder).rglob("*.py")) if (UI / folder).is_dir() else [
        UI / f"{folder}.py"]
    for path in files:
        for line, name in imported(path):
            if layer(name) not in allowed:
                found.append(f"{path.relative_to(UI.parent.parent)}:{line} imports {name}")
    return found


@by_feature
@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_imports_only_itself_the_shared_parts_and_below(feature: str) -> None:
    assert upward_imports(feature, {feature, *SHARED, None}) == []


@by_feature
@pytest.mark.parametrize("shared", SHARED)
def test_the_shared_parts_import_no_feature(shared: str) -> None:
    assert upward_imports(shared, {*SHARED, None}) == []


@by_feature
def test_every_module_of_ui_has_its_place() -> None:
    known = {"window", *FEATURES, "widgets", "__pycache__"}
    stray = [p.name for p in UI.iterdir()
             if (p.is_dir() and p.name not in known)
             or (p.suffix == ".py" and p.stem not in TOP_MODULES)]
    assert stray == []


def test_the_check_sees_an_upward_import() -> None:
    """The resolver itself, on a module as it would be: a sibling feature is found, what lies
    below ui/ is not."""
    source = ("from ..session.session_page import Banner\n"
              "from ...core import catalog\n"
              "from .. import text\n"
              "def later():\n    from ..routines import coach\n")
    names = [name for _, name in imported(UI / "history" / "example.py", source)]
    assert names == ["hiptimer.ui.session.session_page", "hiptimer.core", "hiptimer.ui.text",
                     "hiptimer.ui.routines"]
    assert [layer(n) for n in names] == ["session", None, "text", "routines"]
