"""Routine files: block overrides on the catalog's default dose, and bad files rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.dose import Dose, RepRange, Sides
from hiptimer.core.plan import compile_plan, total_duration
from hiptimer.core.routine_load import (
    RoutineFileError,
    builtin_routines,
    load_routine_file,
    load_routines,
)

CATALOG = builtin_catalog()

GOOD = """
id = "mine"
name = "My routine"
frequency = "daily"

[[block]]
exercise = "clamshell"
reps = [8, 12]

[[block]]
exercise = "hip-flexor-stretch"
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_block_overrides_only_what_it_gives(tmp_path: Path) -> None:
    r = load_routine_file(write(tmp_path, GOOD), CATALOG)
    clam = r.blocks[0]
    default = CATALOG["clamshell"].dose
    assert clam.dose.reps == RepRange(8, 12)
    assert clam.dose.tempo == default.tempo and clam.dose.sets == default.sets
    assert clam.sides is Sides.EACH
    assert r.blocks[1].dose == CATALOG["hip-flexor-stretch"].dose
    assert not r.built_in


def test_builtin_routines_have_durations_matching_their_plans() -> None:
    routines = builtin_routines(CATALOG)
    assert len(routines) >= 5 and all(r.built_in for r in routines)
    for r in routines:
        assert total_duration(r) == compile_plan(r).duration > 60


BROKEN = [
    ("unknown exercise", 'exercise = "clamshell"', 'exercise = "cartwheel"', "block[1].exercise"),
    ("reps out of range", "reps = [8, 12]", "reps = [8, 99]", "block[1].reps.high"),
    ("hold on a rep block keeps going", "reps = [8, 12]", "hold_s = 2", "block[1].hold_s"),
    ("bad sides", 'exercise = "clamshell"', 'exercise = "clamshell"\nsides = "up"',
     "block[1].sides"),
    ("unknown field", 'exercise = "clamshell"', 'exercise = "clamshell"\ncolour = "red"',
     "block[1].colour"),
    ("no blocks", "[[block]]", "[[blocks]]", "blocks"),
    ("bad frequency", '"daily"', '"hourly"', "frequency"),
    ("missing name", 'name = "My routine"\n', "", "name"),
    ("lead-in too long", "reps = [8, 12]", "reps = [8, 12]\nlead_in_s = 600",
     "block[1].lead_in_s"),
]


@pytest.mark.parametrize(("what", "old", "new", "field"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_bad_routine_file_names_the_file_and_field(
        tmp_path: Path, what: str, old: str, new: str, field: str) -> None:
    assert old in GOOD
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(write(tmp_path, GOOD.replace(old, new, 1)), CATALOG)
    assert caught.value.file == "mine.toml"
    assert caught.value.field == field, str(caught.value)
    assert str(caught.value).startswith(f"mine.toml: {field}: ")


def test_a_hold_shorter_than_allowed_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace('exercise = "hip-flexor-stretch"',
                        'exercise = "hip-flexor-stretch"\nhold_s = 2')
    with pytest.raises(RoutineFileError, match=r"block\[2\]\.hold_s: is 2; must be from 5"):
        load_routine_file(write(tmp_path, text), CATALOG)


def test_two_routines_with_one_id_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RoutineFileError, match=r"b\.toml: id: 'mine' is used"):
        load_routines(tmp_path, CATALOG)


def test_dose_must_be_timed_or_reps() -> None:
    with pytest.raises(ValueError, match="either"):
        Dose()
    with pytest.raises(ValueError, match="either"):
        Dose(hold_s=30, reps=RepRange(1, 2))
    assert Dose(reps=RepRange(10, 15), sets=2).describe() == "2 × 10–15 reps"
    assert Dose(hold_s=60).describe() == "60 s hold"
    assert Dose(hold_s=1800).describe() == "30 min"  # an activity: a time, not a hold
    assert Dose(hold_s=150, sets=2).describe() == "2 × 2 min 30 s"


def test_absurd_files_are_refused_not_crashed_on(tmp_path: Path) -> None:
    from hiptimer.core.fields import DataFileError, FieldError, Table, read_toml

    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot be read as TOML"):
        read_toml(deep)
    with pytest.raises(FieldError, match="must be from 0 to 5"):
        Table({"hold_s": 10**400}).number("hold_s", lo=0, hi=5)
