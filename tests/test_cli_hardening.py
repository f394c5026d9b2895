"""The text commands against hostile or broken files: options after the command, settings
that are not settings, an empty history file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hiptimer.app import main

HISTORY = "history.sqlite3"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_data_dir_may_follow_the_command(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = run(capsys, "--data-dir", str(tmp_path), "history")
    after = run(capsys, "history", "--data-dir", str(tmp_path))
    assert before == after
    assert after[0] == 0 and str(tmp_path / HISTORY) in after[1]
    elsewhere = tmp_path / "elsewhere"
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "history", "--data-dir",
                         str(elsewhere))
    assert status == 0 and str(elsewhere / HISTORY) in out  # the nearer one wins


@pytest.mark.parametrize("command", [["routines"], ["plan", "movement-snack", "--estimate"]])
def test_every_command_takes_data_dir_after_it(tmp_path: Path, command: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, *command, "--data-dir", str(tmp_path))[0] == 0


@pytest.mark.parametrize("settings", [
    '{"rate": ' + "9" * 5000 + "}",
    "[" * 100_000 + "]" * 100_000,
    "[" * 20_000 + "]" * 20_000,
    '{"window_geometry": "é€中"}',
])
def test_plan_works_whatever_the_settings_file_holds(tmp_path: Path, settings: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "settings.json").write_text(settings, encoding="utf-8")
    status, out, _ = run(capsys, "plan", "movement-snack", "--json", "--data-dir",
                         str(tmp_path))
    assert status == 0 and json.loads(out)["id"] == "movement-snack"
    # A command only reads: the broken file stays for the window to tell about.
    assert (tmp_path / "settings.json").read_text(encoding="utf-8") == settings


def test_an_empty_history_file_lists_no_sessions(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / HISTORY).write_bytes(b"")  # what a first start that failed leaves
    status, out, err = run(capsys, "history", "--data-dir", str(tmp_path))
    assert (status, err) == (0, "")
    assert out.startswith("No sessions yet.")
    assert "needs updating" not in out and "Open HipTimer once" not in out
    assert (tmp_path / HISTORY).read_bytes() == b""
    status, out, _ = run(capsys, "history", "--csv", "-", "--data-dir", str(tmp_path))
    assert status == 0 and len(out.splitlines()) == 1  # the header only
