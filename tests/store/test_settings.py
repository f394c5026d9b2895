"""Settings: defaults, round trips, and bad files that never stop the app."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

from hiptimer.core.cues import Verbosity
from hiptimer.paths import Paths
from hiptimer.store.settings import Settings, Theme, limits, load_settings, save_settings


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == (Settings(), [])


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = Settings(voice="en-gb", rate=140, volume=0.5, verbosity=Verbosity.COACH,
                      beeps=False, lead_in_s=8, window_geometry="01d9d0cb", safety_read=1,
                      theme=Theme.DARK, remind=True, remind_at="07:45",
                      hip_replaced_months=4)
    save_settings(path, chosen)
    assert load_settings(path) == (chosen, [])
    assert not list(tmp_path.glob(".settings-*"))  # no temp file left behind


@pytest.mark.parametrize(("field", "value"), [
    ("rate", 5000), ("rate", "fast"), ("volume", -1), ("verbosity", "chatty"),
    ("beeps", "yes"), ("lead_in_s", 99), ("theme", "purple"), ("remind_at", "25:00"),
    ("remind_at", "7:45"), ("safety_read", -1), ("hip_replaced_months", 25),
    ("hip_replaced_months", 2.5)])
def test_a_bad_value_falls_back_to_its_default_and_says_so(
        tmp_path: Path, field: str, value: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"rate": 150, field: value}), encoding="utf-8")
    settings, problems = load_settings(path)
    assert getattr(settings, field) == getattr(Settings(), field)
    assert len(problems) == 1 and field in problems[0]
    if field != "rate":
        assert settings.rate == 150  # the good values are kept


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "\xff\xfe"])
def test_an_unreadable_file_gives_the_defaults_and_is_left_alone(tmp_path: Path,
                                                                  text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(text.encode("latin-1"))
    settings, problems = load_settings(path)
    assert settings == Settings() and problems and str(path) in problems[0]
    assert path.read_bytes() == text.encode("latin-1")


def test_limits_are_declared_with_the_fields() -> None:
    assert (limits("rate").lo, limits("rate").hi) == (80, 300)
    assert limits("lead_in_s").hi == 30


def test_data_dir_keeps_everything_in_one_private_folder(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path / "new" / "mine")
    old_umask = os.umask(0)  # the loosest umask: HipTimer's folders are private all the same
    try:
        paths.create()
    finally:
        os.umask(old_umask)
    for folder in (tmp_path / "new", paths.data, paths.config, paths.cache, paths.cue_cache):
        assert folder.is_relative_to(tmp_path / "new")
        assert os.stat(folder).st_mode & 0o777 == 0o700
    assert paths.settings_file == tmp_path / "new" / "mine" / "settings.json"


@pytest.mark.parametrize("mode", [0o555, 0o755, 0o750])
def test_a_folder_the_user_made_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    mine.chmod(mode)
    try:
        with contextlib.suppress(OSError):  # a read-only folder cannot take the cache folder
            Paths.under(mine).create()
        assert os.stat(mine).st_mode & 0o777 == mode
    finally:
        mine.chmod(0o700)


def test_failed_save_keeps_the_old_file_and_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(rate=120))

    def disk_full(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_settings(path, Settings(rate=200))
    monkeypatch.undo()
    assert load_settings(path)[0].rate == 120
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_saving_where_a_file_blocks_the_folder_raises(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        save_settings(tmp_path / "blocked" / "settings.json", Settings())
