"""Whatever is in the settings file's place, HipTimer starts with usable settings and says
what it could not use; an unreadable file is kept aside, and the file is written only when
the settings change."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.fields import plain_text
from hiptimer.store.settings import (
    MAX_BYTES,
    Settings,
    SettingsFile,
    limits,
    load_settings,
    save_settings,
)

FIELDS = [f for f in Settings.__dataclass_fields__]


def load_soon(path: Path) -> tuple[Settings, list[str]]:
    """``SettingsFile(path).load()``, failing the test instead of hanging it forever."""
    found: list[tuple[Settings, list[str]]] = []
    worker = threading.Thread(target=lambda: found.append(SettingsFile(path).load()),
                              daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert found, "reading the settings never returned"
    return found[0]


def kept_aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("settings-unreadable-*"))


def assert_usable(settings: Settings) -> None:
    """Every value is of its declared type and inside its range or pattern."""
    for name in ("rate", "safety_read"):
        value = getattr(settings, name)
        assert type(value) is int and limits(name).lo <= value <= limits(name).hi
    for name in ("volume", "lead_in_s"):
        value = getattr(settings, name)
        assert isinstance(value, float) and limits(name).lo <= value <= limits(name).hi
    assert settings.window_geometry.isascii()
    bytes.fromhex(settings.window_geometry + "0" * (len(settings.window_geometry) % 2))
    assert isinstance(settings.beeps, bool) and isinstance(settings.remind, bool)


@pytest.mark.parametrize(("text", "why"), [
    ("1" * 5000, "number too long"),
    ('{"rate": ' + "1" * 5000 + "}", "number too long"),
    ("[" * 100_000 + "]" * 100_000, "larger than 64 KiB"),
    ("[" * 20_000 + "]" * 20_000, "nested too deeply"),
    ('{"theme": ' + "[" * 20_000 + "]" * 20_000 + "}", "nested too deeply"),
    ("{not json", "not valid JSON"),
    ("\ufeff\ufeff{}", "not valid JSON"),
    ('"just text"', "not a set of named settings"),
    ("", "not valid JSON"),
])
def test_a_file_that_cannot_be_read_gives_the_defaults_and_is_kept_aside(
        tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    settings, [problem] = load_soon(path)
    assert settings == Settings()
    assert why in problem and str(path) in problem
    [kept] = kept_aside(tmp_path)
    assert kept.read_text(encoding="utf-8") == text
    assert str(kept) in problem
    assert not path.exists()


def test_bytes_that_are_not_utf8_are_kept_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"rate": 150, "voice": "\xff\xfe"}')
    settings, [problem] = load_soon(path)
    assert settings == Settings() and "not UTF-8" in problem
    assert kept_aside(tmp_path)[0].read_bytes() == b'{"rate": 150, "voice": "\xff\xfe"}'


@pytest.mark.parametrize("value", ["é€中", "01d9d0cb zz", "0x1f", "０１ff", 17, [1]])
def test_a_window_position_that_is_not_hex_is_dropped(tmp_path: Path, value: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"rate": 150, "window_geometry": value}), encoding="utf-8")
    settings, [problem] = load_settings(path)
    assert settings == Settings(rate=150)
    assert "window_geometry" in problem


def test_a_long_bad_value_is_not_echoed_whole(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "x" * 50_000, "verbosity": [[[["deep"]]]],
                                "remind_at": "9" * 3000}), encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert len(problems) == 3 and all(len(p) <= 300 for p in problems)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_folder(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_text("{}", encoding="utf-8")


def link_to_device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("pipe"))
    path.symlink_to(path.with_name("pipe"))


@pytest.mark.skipif(os.name != "posix", reason="named pipes and devices are POSIX")
@pytest.mark.parametrize("make", [make_fifo, make_folder, link_to_device, link_to_fifo])
def test_something_else_in_the_files_place_gives_the_defaults_at_once(
        tmp_path: Path, make: object) -> None:
    path = tmp_path / "settings.json"
    make(path)  # type: ignore[operator]
    kind = stat.S_IFMT(os.lstat(path).st_mode)
    settings, [problem] = load_soon(path)
    assert settings == Settings()
    assert "not a file" in problem
    [kept] = kept_aside(tmp_path)
    assert stat.S_IFMT(os.lstat(kept).st_mode) == kind  # moved as it was
    assert not os.path.lexists(path)


def test_an_unreadable_file_that_cannot_be_moved_is_left_and_said_so(
        tmp_path: Path, make_read_only: object) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.json"
    path.write_text("{broken", encoding="utf-8")
    make_read_only(folder)  # type: ignore[operator]
    settings, [problem] = load_soon(path)
    assert settings == Settings()
    assert "could not be moved aside" in problem
    assert path.read_text(encoding="utf-8") == "{broken"


def test_a_bad_value_alone_leaves_the_file_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"rate": 5000, "volume": 0.5}', encoding="utf-8")
    settings, [problem] = SettingsFile(path).load()
    assert settings == Settings(volume=0.5) and "rate" in problem
    assert kept_aside(tmp_path) == [] and path.exists()


def test_settings_are_written_only_when_they_change(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(rate=120))
    before = os.stat(path)
    store = SettingsFile(path)
    settings, _ = store.load()
    store.save(settings)
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    store.save(Settings(rate=130))
    assert load_settings(path)[0].rate == 130
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_missing_file_is_not_created_until_something_changes(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsFile(path)
    settings, problems = store.load()
    store.save(settings)
    assert problems == [] and not path.exists()


def test_a_linked_settings_file_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "hiptimer.json"
    save_settings(real, Settings(rate=120))
    link = tmp_path / "settings.json"
    link.symlink_to(real)
    store = SettingsFile(link)
    assert store.load() == (Settings(rate=120), [])
    store.save(Settings(rate=200))
    assert link.is_symlink() and load_settings(real)[0].rate == 200


# Any JSON value at all.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)
settings_like = st.fixed_dictionaries({}, optional={name: json_values for name in FIELDS}) | \
    st.dictionaries(st.sampled_from(FIELDS), st.text() | st.integers(-10**60, 10**60))


def as_json(value: object) -> object:
    return getattr(value, "value", value)


@given(raw=settings_like | json_values)
def test_any_json_gives_usable_settings_and_says_what_was_dropped(
        tmp_path_factory: pytest.TempPathFactory, raw: object) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    settings, problems = SettingsFile(path).load()
    assert_usable(settings)
    if not isinstance(raw, dict):
        assert settings == Settings() and len(problems) == 1
        return
    for name in FIELDS:
        told = [p for p in problems if p.startswith(f"Setting {name} ")]
        if told:  # dropped, and said so
            assert getattr(settings, name) == getattr(Settings(), name)
        elif name in raw:  # else taken as it was written
            given_value = (plain_text(raw[name]).strip() if isinstance(raw[name], str)
                           else raw[name])
            assert as_json(getattr(settings, name)) == given_value
        else:
            assert getattr(settings, name) == getattr(Settings(), name)
    assert len(problems) == sum(1 for p in problems if p.startswith("Setting "))


@given(depth=st.integers(1, 60_000), digits=st.integers(1, 20_000))
def test_any_depth_or_size_of_number_never_stops_a_start(
        tmp_path_factory: pytest.TempPathFactory, depth: int, digits: int) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_text('{"rate": ' + "[" * depth + "9" * digits + "]" * depth + "}",
                    encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings() and len(problems) == 1
    assert ("larger than" in problems[0]) == (path.stat().st_size > MAX_BYTES)
