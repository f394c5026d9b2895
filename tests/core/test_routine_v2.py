"""Routine format 2: the physiotherapist's programme as written, every problem of a file told
at once with its line, and files that cost too much refused before they are read."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from hiptimer.core.dose import Side, Sides
from hiptimer.core.frequency import Frequency
from hiptimer.core.plan import compile_plan, measure
from hiptimer.core.routine_file import read_routine_text, to_toml
from hiptimer.core.routine_load import RoutineFileError

from .helpers import CATALOG

DOC = Path(__file__).parents[2] / "docs" / "routine-format.md"
EXAMPLE = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]
HEADER = 'format = "hiptimer-routine"\nversion = 2\n'


def read(text: str, source: str = "mine.toml"):  # type: ignore[no-untyped-def]
    return read_routine_text(text.encode(), CATALOG, source=source)


def refused(text: str) -> RoutineFileError:
    with pytest.raises(RoutineFileError) as caught:
        read(text)
    return caught.value


def test_the_example_reads_as_the_physiotherapist_wrote_it() -> None:
    r = read(EXAMPLE).routine
    bridge, abduction, knees, hamstring = r.blocks
    assert r.affected_side is Side.LEFT and r.frequency == Frequency.DAILY
    assert (bridge.dose.sets, bridge.dose.rest_s, bridge.dose.tempo.hold) == (3, 60, 5)
    assert bridge.progress_to is CATALOG["single-leg-bridge"]
    assert bridge.progress_when == "when 3 × 12 feels easy"
    assert abduction.sides is Sides.EACH_BY_SET and abduction.dose.tempo.hold == 3
    assert abduction.equipment == "kitchen counter to hold"
    assert (knees.dose.hold_s, knees.dose.sets) == (20, 5)
    assert hamstring.note == "Stop if your leg tingles." and hamstring.first_side is None
    [bike] = r.activities
    assert (bike.exercise.id, bike.minutes, bike.frequency, bike.note) == (
        "stationary-bike", 15, Frequency(3, 3), "seat high")


def test_the_example_starts_on_the_left_and_alternates_sets_in_the_abduction() -> None:
    plan = compile_plan(read(EXAMPLE).routine)
    units = [(u.block, u.side) for u in plan.units]
    assert units[1:7] == [(1, Side.LEFT), (1, Side.RIGHT)] * 3
    assert units[8:] == [(3, Side.LEFT), (3, Side.RIGHT)]
    sets = [(s.side, s.set) for s in plan.sets if s.block == 1]
    assert sets == [(side, n) for n in (1, 2, 3) for side in (Side.LEFT, Side.RIGHT)]


def test_the_example_marks_what_it_left_out() -> None:
    imported = read(EXAMPLE)
    assert "block[3].rest_s" in imported.defaulted  # "no rest written"
    assert "block[1].rest_s" not in imported.defaulted
    assert "block[2].tempo.up" in imported.defaulted
    assert "block[2].tempo.hold" not in imported.defaulted
    assert imported.version == 2


def test_every_v2_field_survives_a_round_trip() -> None:
    r = read(EXAMPLE).routine
    again = read(to_toml(r)).routine
    assert again == r
    assert compile_plan(again).segments == compile_plan(r).segments


def test_a_version_1_file_still_reads_the_same() -> None:
    v1 = (HEADER.replace("version = 2", "version = 1")
          + 'id = "old"\nname = "Old one"\nfrequency = "3-4-per-week"\n\n'
            '[[block]]\nexercise = "clamshell"\nreps = [10, 15]\n')
    r = read(v1).routine
    assert r.frequency == Frequency.STRENGTH and r.blocks[0].sides is Sides.EACH
    assert compile_plan(r).units[0].side is Side.LEFT  # left first, as version 1 did


def test_a_version_2_field_in_a_version_1_file_says_to_write_version_2() -> None:
    v1 = (HEADER.replace("version = 2", "version = 1")
          + 'id = "old"\nname = "Old one"\n\n[[block]]\nexercise = "clamshell"\n'
            'first_side = "right"\n')
    error = refused(v1)
    assert error.field == "block[1].first_side"
    assert "write version = 2" in error.problem


BROKEN = HEADER + '''
id = "programme"
name = "My programme"
frequency = "5 days a week"

[[block]]
exercise = "clamshel"
rest_s = "30s"

[[block]]
exercise = "bridge"
sets = 12
sidez = "each"

[[block]]
activity = "bridge"
minutes = 20
'''


def test_every_problem_is_told_at_once_with_its_line_value_and_a_suggestion() -> None:
    error = refused(BROKEN)
    lines = str(error).splitlines()
    assert lines == [
        'mine.toml: line 6: frequency: is \'5 days a week\'; expected "daily", "N-per-week" '
        '(N from 1 to 7), "N-M-per-week" or "as-needed"; write "5-per-week"',
        "mine.toml: line 9: block[1].exercise: no exercise with id 'clamshel' in the "
        'catalog; did you mean "clamshell"?',
        "mine.toml: line 10: block[1].rest_s: expected a number, got text ('30s'); write 30, "
        'not "30s"',
        "mine.toml: line 15: block[2].sidez: unknown field; did you mean \"sides\"? "
        "(expected one of: equipment, exercise, first_side, frequency, hold_s, lead_in_s, "
        "note, progress_to, progress_when, reps, rest_s, sets, sides, switch_s, "
        "tempo, transition_s)",
        "mine.toml: line 14: block[2].sets: is 12; must be from 1 to 10",
        "mine.toml: line 18: block[3].activity: 'bridge' is not an activity; write exercise = "
        '"bridge" to time it in the session, or use one of: walking, stationary-bike, '
        "pool-exercise, elliptical",
    ]
    assert [p.line for p in error.problems] == [6, 9, 10, 15, 14, 18]


def test_a_number_written_with_its_unit_is_echoed_with_how_to_write_it() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\n[[block]]\nexercise = "bridge"\n'
                    'rest_s = "30s"\ntransition_s = "1 min"\n')
    assert [p.problem for p in error.problems] == [
        'expected a number, got text (\'30s\'); write 30, not "30s"',
        'expected a number, got text (\'1 min\'); write 60, not "1 min"']


def test_a_block_of_an_unknown_exercise_still_has_its_fields_checked() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\n[[block]]\nexercise = "cartwheel"\n'
                    "sets = 0\ntempo = { up = 99 }\nlead_in_s = -1\n")
    assert [p.field for p in error.problems] == [
        "block[1].exercise", "block[1].sets", "block[1].tempo.up", "block[1].lead_in_s"]


def test_a_misspelt_exercise_name_suggests_its_id() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\n[[block]]\nexercise = "Bridge"\n')
    assert error.problem.endswith('did you mean "bridge"?')


def test_a_block_field_at_the_top_says_the_block_line_is_missing() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\nexercise = "bridge"\n'
                    '[[block]]\nexercise = "bridge"\n')
    assert (error.field, error.problem) == (
        "exercise", "belongs to a block: is a [[block]] line missing above it?")


def test_progress_to_must_be_another_exercise_of_the_catalog() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\n[[block]]\nexercise = "bridge"\n'
                    'progress_to = "bridge"\n\n[[block]]\nexercise = "clamshell"\n'
                    'progress_to = "single-leg-brige"\n')
    assert [(p.field, p.line) for p in error.problems] == [
        ("block[1].progress_to", 7), ("block[2].progress_to", 11)]
    assert error.problems[1].problem.endswith('did you mean "single-leg-bridge"?')


def test_a_routine_of_only_activities_is_refused() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\n[[block]]\nactivity = "walking"\n'
                    "minutes = 20\n")
    assert "needs at least one exercise" in error.problem


def test_control_characters_are_dropped_from_names_and_notes() -> None:
    r = read(HEADER + 'id = "a"\nname = "Hip\\u0007 \\u001b[2Jwork\\u202e"\n[[block]]\n'
             'exercise = "bridge"\nnote = "Slowly.\\nStop if it hurts.\\u0000"\n').routine
    assert r.name == "Hip [2Jwork"
    assert r.blocks[0].note == "Slowly. Stop if it hurts."


def test_the_largest_routine_the_fields_allow_is_refused_quickly_with_its_size() -> None:
    block = '[[block]]\nexercise = "clamshell"\nreps = 50\nsets = 10\nsides = "each"\n'
    error = refused(HEADER + 'id = "huge"\nname = "Huge"\n' + block * 200)
    assert error.field == "block"
    assert re.match(r"the routine would take \d+ h( \d{1,2} min)?; at most 4 hours", error.problem)


def test_a_routine_of_too_many_steps_is_refused() -> None:
    block = ('[[block]]\nexercise = "clamshell"\nreps = 50\nsets = 10\nrest_s = 0\n'
             'transition_s = 0\nlead_in_s = 0\nswitch_s = 0\n'
             'tempo = { up = 0.5, hold = 0, down = 0.5, between = 0 }\n')
    error = refused(HEADER + 'id = "huge"\nname = "Huge"\n' + block * 6)
    assert "12,001 steps" in error.problem and "at most 10,000" in error.problem


def test_measure_matches_the_compiled_plan_for_the_example() -> None:
    r = read(EXAMPLE).routine
    plan = compile_plan(r)
    assert measure(r) == (plan.duration, len(plan.segments))


@pytest.mark.parametrize("kb", [41, 81])
def test_a_long_dotted_key_is_refused_before_it_is_read(kb: int) -> None:
    # Read as TOML, 41 KB of this took 1.6 GB; 81 KB ran out of memory.
    key = "a" + ".a" * (kb * 1024 // 2)
    tracemalloc.start()
    try:
        error = refused(HEADER + f"{key} = 1\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.field == "(file)" and "parts separated by dots; at most 16" in error.problem
    assert peak < 20_000_000


def test_a_dotted_key_within_the_limit_is_read() -> None:
    error = refused(HEADER + 'id = "a"\nname = "A"\n[[block]]\nexercise = "bridge"\n'
                    "tempo.up.x.y = 1\n")
    assert error.field.startswith("block[1].tempo")  # read, and refused for what it says


@pytest.mark.parametrize(("text", "frequency", "label"), [
    ("daily", Frequency(7, 7), "daily"),
    ("5-per-week", Frequency(5, 5), "5 days a week"),
    ("1-per-week", Frequency(1, 1), "once a week"),
    ("3-4-per-week", Frequency(3, 4), "3–4 days a week"),
    ("as-needed", Frequency(0, 0), "whenever you like"),
])
def test_frequencies_read_and_say_themselves(text: str, frequency: Frequency,
                                             label: str) -> None:
    assert Frequency.parse(text) == frequency
    assert (frequency.value, frequency.label) == (text, label)


@pytest.mark.parametrize(("text", "hint"), [
    ("5 days a week", 'write "5-per-week"'), ("3 to 4 times a week", 'write "3-4-per-week"'),
    ("8-per-week", ""), ("4-3-per-week", ""), ("weekly", "")])
def test_a_bad_frequency_is_refused_with_a_hint_when_one_is_likely(text: str,
                                                                   hint: str) -> None:
    with pytest.raises(ValueError, match="expected") as caught:
        Frequency.parse(text)
    assert str(caught.value).endswith(hint)
