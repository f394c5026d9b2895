"""What the text commands print cannot drive the terminal: control characters and
right-to-left overrides from files and the database come out as visible escapes."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer import cli_routines
from hiptimer.app import main
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.routine_load import builtin_routines
from hiptimer.store.history import HistoryStore
from hiptimer.terminal import escape_controls

from .store.records import session_record

# An OSC sequence that sets the terminal's title, a colour, a C1 control sequence
# introducer, and a right-to-left override.
HOSTILE = "\x1b]0;pwned\x07Stretch \x1b[31mred\x9b2J \u202eesrever"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                 "\u2066-\u2069]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@given(st.text(st.characters(blacklist_characters="\\")))
def test_escaping_leaves_no_control_character_and_hides_nothing(text: str) -> None:
    escaped = escape_controls(text)
    assert not RAW.search(escaped)
    unescaped = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), escaped)
    assert unescaped == text


def test_escapes_are_visible_and_line_ends_stay() -> None:
    assert escape_controls("a\x1b[31mb\tc\r\n\u202ed") == "a\\u001b[31mb\tc\r\n\\u202ed"
    assert escape_controls("Étirement du matin ✓") == "Étirement du matin ✓"


@pytest.fixture
def hostile_history(tmp_path: Path) -> Path:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.save(dataclasses.replace(session_record(uid="a"), routine_name=HOSTILE,
                                   note=HOSTILE))
    store.close()
    return tmp_path


@pytest.mark.parametrize("argv", [[], ["--csv", "-"], ["--sets-csv", "-"]])
def test_history_prints_names_and_notes_inert(hostile_history: Path, argv: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "history", "--data-dir", str(hostile_history), *argv)
    assert status == 0 and not RAW.search(out + err)
    if argv != ["--sets-csv", "-"]:
        assert "\\u001b]0;pwned\\u0007Stretch" in out and "\\u202eesrever" in out


def test_routines_and_plan_print_names_inert(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    routines = builtin_routines(builtin_catalog())
    hostile = (dataclasses.replace(routines[0], name=HOSTILE), *routines[1:])
    monkeypatch.setattr(cli_routines, "builtin_routines", lambda _catalog: hostile)
    for argv in (["routines"], ["routines", "--json"],
                 ["plan", hostile[0].id, "--estimate"], ["plan", hostile[0].id, "--json",
                                                         "--estimate"]):
        status, out, _ = run(capsys, *argv)
        assert status == 0 and not RAW.search(out), argv
        if "--json" in argv:  # the escapes are JSON's own: the name reads back whole
            found = json.loads(out)
            name = found[0]["name"] if isinstance(found, list) else found["name"]
            assert name == HOSTILE
