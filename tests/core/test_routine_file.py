"""Routine files to hand over: written in full, read back exactly, anything else refused cleanly."""

from __future__ import annotations

import dataclasses
import math
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiptimer.core.dose import LIMITS, Sides
from hiptimer.core.fields import DIRECTION_MARKS
from hiptimer.core.routine import Block, Frequency, Routine
from hiptimer.core.routine_file import FORMAT, MAX_BYTES, VERSION, parse_routine_text, to_toml
from hiptimer.core.routine_load import RoutineFileError, builtin_routines

from .helpers import CATALOG, block, routine, routines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOC = Path(__file__).parents[2] / "docs" / "routine-format.md"
BUILT_IN = builtin_routines(CATALOG)
# Drawing whole routines is slow; a third of the profile's examples keeps this file quick.
FEWER = settings(max_examples=max(30, settings.default.max_examples // 3))


def read(text: str | bytes, source: str = "mine.toml") -> Routine:
    data = text.encode() if isinstance(text, str) else text
    return parse_routine_text(data, CATALOG, source=source)


def as_read_back(r: Routine) -> Routine:
    """What a file of ``r`` reads back as: not built in, and a timed block (which has no
    tempo to write) with its exercise's default tempo."""
    blocks = tuple(
        dataclasses.replace(b, dose=dataclasses.replace(b.dose, tempo=b.exercise.dose.tempo))
        if b.dose.is_timed else b for b in r.blocks)
    return dataclasses.replace(r, blocks=blocks, built_in=False)


@pytest.mark.parametrize("r", BUILT_IN, ids=[r.id for r in BUILT_IN])
def test_every_builtin_routine_reads_back_as_it_was(r: Routine) -> None:
    assert read(to_toml(r)) == dataclasses.replace(r, built_in=False) == as_read_back(r)


@FEWER
@given(routines())
def test_any_routine_reads_back_as_it_was(r: Routine) -> None:
    assert read(to_toml(r)) == as_read_back(r)


def test_the_file_starts_with_a_comment_and_the_header() -> None:
    lines = to_toml(BUILT_IN[0]).splitlines()
    assert lines[0].startswith("# A HipTimer routine") and "docs/routine-format.md" in lines[0]
    assert lines[1:3] == [f'format = "{FORMAT}"', f"version = {VERSION}"]
    assert list(tomllib.loads(to_toml(BUILT_IN[0])))[:2] == ["format", "version"]


def test_every_dose_field_is_written_out() -> None:
    r = routine(block("clamshell", reps=(8, 12)), block("hip-flexor-stretch", hold_s=30.25))
    text = to_toml(r)
    reps, hold = text.split("[[block]]")[1:]
    for key in ("reps = [8, 12]", "sets = 1", "rest_s = 0",
                "tempo = { up = 2, hold = 0, down = 2, between = 1 }", 'sides = "both"',
                "lead_in_s = 5", "switch_s = 10", "transition_s = 10"):
        assert f"\n{key}\n" in reps
    assert "\nhold_s = 30.25\n" in hold and "tempo" not in hold


PLAIN = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=DIRECTION_MARKS)


@given(st.text(PLAIN, min_size=1, max_size=60).filter(lambda s: s.strip() == s and s != ""),
       st.text(PLAIN, max_size=400).filter(lambda s: s.strip() == s))
def test_any_text_reads_back_as_it_was(name: str, description: str) -> None:
    r = dataclasses.replace(routine(block("bridge", reps=(5, 5))), name=name,
                            description=description, sources=(name[:8].strip() or "x",))
    assert read(to_toml(r)) == r


def test_control_characters_are_escaped_when_written_and_dropped_when_read() -> None:
    # json.dumps(ensure_ascii=False) leaves DEL raw, which TOML forbids.
    r = dataclasses.replace(routine(block("bridge", reps=(5, 5))), name='a"\\\x7f\x00\tb',
                            description="line one\nline two\r\n\x1b[31mred\u202eevil")
    text = to_toml(r)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    back = read(text)
    assert (back.name, back.description) == ('a"\\ b', "line one\nline two\n[31mredevil")


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    r = dataclasses.replace(routine(block("bridge", reps=(5, 5))), name="a\ud800b")
    assert read(to_toml(r)).name == "a\ufffdb"


def test_a_number_that_is_not_finite_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="nan"):
        to_toml(routine(block("bridge", reps=(5, 5), rest_s=math.nan)))


def test_a_byte_order_mark_is_allowed() -> None:
    r = BUILT_IN[0]
    assert read(b"\xef\xbb\xbf" + to_toml(r).encode()) == as_read_back(r)


def test_the_size_limit_is_exact() -> None:
    text = to_toml(BUILT_IN[0])
    padded = text + "#" * (MAX_BYTES - len(text.encode()) - 1) + "\n"
    assert len(padded.encode()) == MAX_BYTES
    assert read(padded).id == BUILT_IN[0].id
    with pytest.raises(RoutineFileError, match=r"^big\.toml: \(file\): is larger than 256 KiB"):
        read(padded + "\n", source="big.toml")


def test_a_newer_file_says_so() -> None:
    text = to_toml(BUILT_IN[0]).replace(f"version = {VERSION}", "version = 7")
    with pytest.raises(RoutineFileError) as caught:
        read(text, source="new.toml")
    assert str(caught.value) == ("new.toml: line 3: version: made by a newer HipTimer (format "
                                 f"version 7; this one reads up to {VERSION})")


def test_errors_name_the_source_the_field_and_the_problem() -> None:
    text = to_toml(BUILT_IN[0]).replace("sets = 1", "sets = 12", 1)
    with pytest.raises(RoutineFileError) as caught:
        read(text, source="from-my-physio.toml")
    error = caught.value
    assert (error.file, error.field) == ("from-my-physio.toml", "block[1].sets")
    assert str(error) == ("from-my-physio.toml: line 14: block[1].sets: is 12; must be from "
                          "1 to 10")


# A random TOML value, as text: anything a hand-edited file might hold.
TOML_VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(lambda x: {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(x), repr(x))),
    st.sampled_from(["true", "false", "nan", "-inf", "0x10", "1_000", "1" + "0" * 400,
                     "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "[]", "{}", '""',
                     '"   "', "[1, 2]", "[15, 10]", "[[1, 2]]", "[1, 2, 3]", "{ up = 1 }",
                     "{ up = 0.25, down = 11 }", '"each"', '"daily"', '"clamshell"',
                     '"bridge"', '"hiptimer-routine"', '["TH"]', "[{ a = 1 }]"]),
    st.text(st.characters(codec="utf-8", exclude_characters='"\\'), max_size=70)
    .map(lambda s: '"' + re.sub(r"[\x00-\x1f\x7f]", "", s) + '"'),
    st.lists(st.integers(-3, 60), max_size=3).map(lambda xs: f"[{', '.join(map(str, xs))}]"),
)
KEYS = ["format", "version", "id", "name", "description", "frequency", "sources", "exercise",
        "hold_s", "reps", "sets", "rest_s", "tempo", "sides", "lead_in_s", "switch_s",
        "transition_s", "colour"]


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A valid routine file with a few lines dropped, given other values or other keys,
    or with junk inserted."""
    lines = to_toml(draw(st.sampled_from(BUILT_IN))).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        key, sep, _value = lines[i].partition(" = ")
        how = draw(st.sampled_from(["drop", "value", "key", "insert", "junk"]))
        if how == "drop":
            del lines[i]
        elif how == "value" and sep:
            lines[i] = f"{key} = {draw(TOML_VALUES)}"
        elif how == "key" and sep:
            lines[i] = f"{draw(st.sampled_from(KEYS))} = {_value}"
        elif how == "insert":
            lines.insert(i, f"{draw(st.sampled_from(KEYS))} = {draw(TOML_VALUES)}")
        else:
            lines.insert(i, draw(st.text(max_size=20)))
        if not lines:
            break
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@given(mutated_files())
def test_a_mutated_file_reads_as_a_valid_routine_or_is_refused(data: bytes) -> None:
    try:
        r = read(data)
    except RoutineFileError as exc:
        assert re.match(rf"mine\.toml: (line \d+: )?{re.escape(exc.field)}: ", str(exc))
        assert exc.problem and all(p.problem for p in exc.problems)
        return
    assert_valid(r)


def assert_valid(r: Routine) -> None:
    """Everything a routine must be once read: within LIMITS and the lengths the format allows."""
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.id) and len(r.id) <= 48
    assert 0 < len(r.name) <= 60 and len(r.description) <= 400
    assert isinstance(r.frequency, Frequency) and not r.built_in
    assert 1 <= len(r.blocks) <= 200
    for b in r.blocks:
        assert isinstance(b, Block) and CATALOG[b.exercise.id] is b.exercise
        assert isinstance(b.sides, Sides)
        d = b.dose
        values = {"sets": d.sets, "rest_s": d.rest_s, "lead_in_s": b.lead_in_s,
                  "switch_s": b.switch_s, "transition_s": b.transition_s,
                  **{f"tempo.{f.name}": getattr(d.tempo, f.name)
                     for f in dataclasses.fields(d.tempo)}}
        if d.hold_s is not None:
            values["hold_s"] = d.hold_s
        else:
            assert d.reps is not None and d.reps.low <= d.reps.high
            values["reps"] = d.reps.low
            values["reps "] = d.reps.high
        for key, value in values.items():
            limit = LIMITS[key.strip()]
            assert math.isfinite(value) and limit.lo <= value <= limit.hi, (key, value)


def test_the_format_doc_gives_every_limit_and_its_example_reads() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for key, limit in LIMITS.items():
        rows = [line for line in doc.splitlines() if line.startswith(f"| `{key}`")]
        assert len(rows) == 1, f"{key} is not in the table of fields"
        assert f"{limit.lo:g} to {limit.hi:g}" in rows[0], f"{key}: range differs from LIMITS"
    examples = re.findall(r"```toml\n(.*?)```", doc, re.S)
    assert examples, "the doc has no example"
    for example in examples:
        assert_valid(read(example, source="example.toml"))
    assert f"version = {VERSION}" in examples[0] and f'format = "{FORMAT}"' in examples[0]
