"""User routines as files: saved atomically and privately, deleted undoably, imported whole or
not at all, a broken file reported and never lost."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.fields import Table
from hiptimer.core.routine import Routine
from hiptimer.core.routine_file import MAX_BYTES, to_toml
from hiptimer.core.routine_load import RoutineFileError, builtin_routines
from hiptimer.store.routines import UserRoutines, kept_apart, new_id, replacing, same_as

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATALOG = builtin_catalog()
BUILT_IN = builtin_routines(CATALOG)
BROKEN = Path(__file__).parent / "broken_routines"
EXPECTED: dict[str, dict[str, str]] = tomllib.loads(
    (BROKEN / "expected.toml").read_text(encoding="utf-8"))


def mine(routine_id: str = "mine", name: str = "My routine") -> Routine:
    return dataclasses.replace(BUILT_IN[1], id=routine_id, name=name, built_in=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"(folder)"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def store(tmp_path: Path) -> UserRoutines:
    return UserRoutines(tmp_path / "data" / "routines", CATALOG)


def test_the_corpus_and_its_expectations_match() -> None:
    files = {p.name for p in BROKEN.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED) and len(files) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_file_is_refused_naming_file_field_and_problem(
        store: UserRoutines, tmp_path: Path, name: str) -> None:
    store.save(mine())
    before = snapshot(store.folder)
    with pytest.raises(RoutineFileError) as caught:
        store.read_file(BROKEN / name)
    error, expected = caught.value, EXPECTED[name]
    assert (error.file, error.field) == (name, expected["field"]), str(error)
    assert expected["problem"] in error.problem, str(error)
    line = error.problems[0].line
    where = f"{name}: line {line}" if line else name
    assert str(error).startswith(f"{where}: {expected['field']}: ")
    assert line == expected.get("line"), str(error)
    assert snapshot(store.folder) == before  # nothing half-imported


def test_a_file_too_big_is_refused_without_reading_it_all(store: UserRoutines,
                                                          tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    huge.write_text(to_toml(mine()) + "#" * (8 * MAX_BYTES) + "\n", encoding="utf-8")
    with pytest.raises(RoutineFileError, match=r"^huge\.toml: \(file\): is larger than 256 KiB"):
        store.read_file(huge)


def test_a_folder_or_a_missing_file_is_refused(store: UserRoutines, tmp_path: Path) -> None:
    with pytest.raises(RoutineFileError, match=r"^gone\.toml: \(file\): cannot be read"):
        store.read_file(tmp_path / "gone.toml")
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(RoutineFileError, match=r"^dir\.toml: \(file\): is not a file"):
        store.read_file(tmp_path / "dir.toml")


def test_load_skips_and_reports_broken_files_and_keeps_them(store: UserRoutines) -> None:
    store.save(mine())
    for name in EXPECTED:
        shutil.copy(BROKEN / name, store.folder / name)
    before = snapshot(store.folder)
    routines, problems = store.load()
    assert routines == (mine(),)
    assert len(problems) == len(EXPECTED)
    for name, problem in zip(sorted(EXPECTED), problems, strict=True):
        assert str(store.folder / name) in problem and EXPECTED[name]["field"] in problem
    assert snapshot(store.folder) == before


def test_a_missing_folder_holds_no_routines(store: UserRoutines) -> None:
    assert store.load() == ((), [])
    assert not store.folder.exists()


def test_load_sorts_by_name_and_skips_a_repeated_id(store: UserRoutines) -> None:
    store.save(mine("b", "Zebra walk"))
    store.save(mine("a", "apple stretch"))
    shutil.copy(store.folder / "a.toml", store.folder / "copy-of-a.toml")
    routines, problems = store.load()
    assert [r.id for r in routines] == ["a", "b"]
    assert problems == [f"Skipped the routine file {store.folder / 'copy-of-a.toml'}: id: 'a' "
                        "is already used by a.toml"]


def test_a_routine_with_a_built_in_id_is_left_out_saying_how_to_keep_it(
        store: UserRoutines) -> None:
    builtin = builtin_routines(builtin_catalog())
    store.save(mine())
    store.save(mine(builtin[0].id, "My version"))
    routines, problems = store.load_beside(builtin)
    assert [r.id for r in routines] == ["mine"]
    assert problems == [f"Skipped your routine 'My version': its id {builtin[0].id!r} is a "
                        "built-in routine's. Import its file again to give it an id of its own."]


def test_save_writes_a_private_file_named_by_id(store: UserRoutines) -> None:
    path = store.save(mine())
    assert path == store.folder / "mine.toml"
    assert path.read_text(encoding="utf-8") == to_toml(mine())
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert [p.name for p in store.folder.iterdir()] == ["mine.toml"]  # no temp file left
    assert UserRoutines(store.folder, CATALOG).load() == ((mine(),), [])


def test_a_failed_save_leaves_the_old_file(store: UserRoutines,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(mine())
    before = snapshot(store.folder)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.save(mine(name="Renamed"))
    assert snapshot(store.folder) == before


def test_save_never_overwrites_a_file_it_did_not_load(store: UserRoutines) -> None:
    store.folder.mkdir(parents=True)
    shutil.copy(BROKEN / "12-unknown-exercise.toml", store.folder / "mine.toml")
    store.load()
    before = snapshot(store.folder)
    with pytest.raises(FileExistsError):
        store.save(mine())
    assert snapshot(store.folder) == before
    assert "mine" in store.taken_ids()


def test_saving_a_routine_loaded_from_another_name_moves_it(store: UserRoutines) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "From my physio.toml").write_text(to_toml(mine()), encoding="utf-8")
    (routine,), _ = store.load()
    store.save(dataclasses.replace(routine, name="Renamed"))
    assert [p.name for p in store.folder.iterdir()] == ["mine.toml"]
    assert store.load()[0][0].name == "Renamed"


def test_a_routine_that_would_not_read_back_is_never_written(store: UserRoutines,
                                                            tmp_path: Path) -> None:
    too_long = mine(name="A name much too long to show on screen, let alone to speak aloud")
    with pytest.raises(RoutineFileError, match=r"^mine\.toml: line 6: name: is 64 characters"):
        store.save(too_long)
    with pytest.raises(RoutineFileError, match=r"^out\.toml: line 6: name: "):
        store.export(too_long, tmp_path / "out.toml")
    assert not store.folder.exists() and not (tmp_path / "out.toml").exists()


def test_a_bad_id_never_becomes_a_path(store: UserRoutines) -> None:
    with pytest.raises(ValueError, match="not a routine id"):
        store.save(mine("../escape"))
    with pytest.raises(ValueError, match="not a routine id"):
        store.delete("../../etc/passwd")
    assert not store.folder.exists()


def test_delete_can_be_undone(store: UserRoutines) -> None:
    store.save(mine())
    store.load()
    store.delete("mine")
    assert store.load() == ((), [])
    assert (store.trash / "mine.toml").is_file()
    assert store.restore("mine") == store.folder / "mine.toml"
    assert store.load() == ((mine(),), [])
    with pytest.raises(FileNotFoundError):
        store.restore("mine")


def test_delete_of_an_unknown_routine_says_so(store: UserRoutines) -> None:
    with pytest.raises(FileNotFoundError):
        store.delete("nothing")


def test_restore_never_replaces_a_routine_saved_since(store: UserRoutines) -> None:
    store.save(mine())
    store.delete("mine")
    store.save(mine(name="A new one"))
    with pytest.raises(FileExistsError):
        store.restore("mine")
    assert store.load()[0][0].name == "A new one"
    assert (store.trash / "mine.toml").is_file()


def test_reading_a_file_to_import_saves_nothing(store: UserRoutines, tmp_path: Path) -> None:
    handed = tmp_path / "handed-over.toml"
    store.export(mine(), handed)
    assert store.read_file(handed).routine == mine()
    assert not store.folder.exists()


def test_a_routine_already_here_is_found_by_id_or_by_name() -> None:
    here = (mine(), mine("other", "Other one"))
    assert same_as(mine(), here) == here[0]
    assert same_as(mine("new-id", "OTHER ONE"), here) == here[1]
    assert same_as(mine("new-id", "New one"), here) is None


def test_kept_apart_gets_a_new_name_and_id_and_replacing_takes_the_old_id() -> None:
    here = (mine(), mine("mine-2", "My routine (2)"))
    kept = kept_apart(mine(), here, taken_ids={"mine-3"})
    assert (kept.id, kept.name) == ("mine-4", "My routine (3)")
    assert replacing(mine("from-file", "My routine"), here[0]).id == "mine"
    long = mine(name="x" * 60)
    assert len(kept_apart(long, (long,), ()).name) == 60


def test_a_file_with_a_byte_order_mark_imports(store: UserRoutines, tmp_path: Path) -> None:
    handed = tmp_path / "notepad.toml"
    handed.write_bytes(b"\xef\xbb\xbf" + to_toml(mine()).replace("\n", "\r\n").encode())
    assert store.read_file(handed).routine == mine()


def test_export_replaces_a_file_keeping_its_mode(store: UserRoutines, tmp_path: Path) -> None:
    out = tmp_path / "for-anna.toml"
    store.export(mine(), out)
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        out.chmod(0o644)
    store.export(mine(name="Second"), out)
    assert store.read_file(out).routine.name == "Second"
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["for-anna.toml"]


@pytest.mark.parametrize(("name", "taken", "expected"), [
    ("Morning Stretch!", (), "morning-stretch"),
    ("  Übung für die Hüfte  ", (), "ubung-fur-die-hufte"),
    ("日本語", (), "routine"),
    ("Week 3 -- outer hip", ("week-3-outer-hip",), "week-3-outer-hip-2"),
    ("x" * 60, ("x" * 48, "x" * 46 + "-2"), "x" * 46 + "-3"),
    ("a" * 47 + " b", (), "a" * 47),
])
def test_new_id_makes_a_slug(name: str, taken: tuple[str, ...], expected: str) -> None:
    assert new_id(name, taken) == expected


@given(st.text(max_size=80), st.integers(1, 12))
def test_new_id_is_always_a_valid_unused_id(name: str, count: int) -> None:
    taken: set[str] = set()
    for _ in range(count):
        result = new_id(name, taken)
        assert result not in taken
        assert Table({"id": result}).identifier("id") == result
        taken.add(result)
