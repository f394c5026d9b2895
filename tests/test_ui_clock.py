"""The window never reads the wall clock itself: it is handed ``now`` (``Services.now``), so
what day it is can be fixed in a test, and one place (``system/clock.py``) reads it."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).parent.parent / "hiptimer" / "ui"
CLOCK_READS = {("date", "today"), ("datetime", "now"), ("datetime", "today"),
               ("datetime", "utcnow"), ("time", "localtime")}


def clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in CLOCK_READS):
            found.append(f"{node.func.value.id}.{node.func.attr}() at line {node.lineno}")
    return found


def test_the_check_sees_a_clock_read() -> None:
    assert clock_reads("from datetime import date\nday = date.today()\n") == [
        "date.today() at line 2"]


def test_no_module_of_the_window_reads_the_wall_clock() -> None:
    reads = {str(p.relative_to(UI)): clock_reads(p.read_text(encoding="utf-8"))
             for p in sorted(UI.rglob("*.py"))}
    assert {name: found for name, found in reads.items() if found} == {}
