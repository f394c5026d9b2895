"""Loading and validating the exercise catalog."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from hiptimer.core.catalog import SOURCES, CatalogError, Category, builtin_catalog, load_catalog
from hiptimer.core.dose import Sides

# Every exercise, stretch and activity that CONTENT.md lists from the four sources.
EXPECTED_IDS = {
    "hip-flexor-stretch", "hamstring-stretch", "it-band-stretch", "piriformis-stretch",
    "butterfly-stretch", "knees-to-chest", "quad-stretch",
    "clamshell", "reverse-clamshell", "side-lying-hip-abduction", "prone-hip-extension",
    "prone-straight-leg-raise", "bridge", "single-leg-bridge", "posterior-pelvic-tilt",
    "straight-leg-raise", "monster-walk", "hip-hiker", "standing-hip-extension",
    "standing-hip-flexion", "standing-hip-abduction",
    "walking", "stationary-bike", "pool-exercise", "elliptical", "seated-marches",
    "tennis-ball-massage",
    # Our gentler or harder variants of the sources' exercises: the easier option when a
    # stretch hurts, the seated butterfly for the desk snack, and the cuff-weight step of the
    # straight leg raises' ladder.
    "standing-hip-flexor-stretch", "seated-figure-4-stretch", "seated-butterfly-stretch",
    "weighted-straight-leg-raise", "weighted-side-lying-hip-abduction",
    "weighted-prone-straight-leg-raise",
}

GOOD_ENTRY = """
[[exercise]]
id = "bridge"
name = "Bridge"
category = "strength"
position = "back"
sides = "both"
side_means = "working-leg"
equipment = ["mat"]
feel = "Buttocks working."
how_to = "Lift your hips."
steps = ["Lie on your back.", "Lift your hips, then lower them."]
say = "Ribs down."
easier = "Lift your hips less high."
phases = { up = "Lift", hold = "Hold", down = "Lower" }
sources = ["TH"]
steps_from_source = true

[exercise.dose]
reps = [10, 15]
dose_from_source = true
note = "TH"

[exercise.range]
reps = [10, 15]
from_source = true
note = "TH"
"""


def test_builtin_catalog_has_every_exercise_the_sources_name() -> None:
    catalog = builtin_catalog()
    assert set(catalog) == EXPECTED_IDS


def test_builtin_entries_are_complete_and_consistent() -> None:
    catalog = builtin_catalog()
    for exercise in catalog.values():
        assert 2 <= len(exercise.steps) <= 8, exercise.id
        assert len(exercise.how_to) <= 90, exercise.id
        assert set(exercise.sources) <= set(SOURCES), exercise.id
        assert exercise.dose_note, exercise.id
        rungs = tuple(r.exercise for r in exercise.progressions if r.exercise)
        for linked in rungs + exercise.regressions:
            assert linked in catalog and linked != exercise.id
        if exercise.category is Category.STRETCH and exercise.dose.is_timed:
            assert exercise.dose.hold_s is not None and exercise.dose.hold_s >= 20


def test_steps_written_by_us_are_flagged_for_every_verywell_only_exercise() -> None:
    # VW lost every step list: an entry sourced only from VW cannot have source steps.
    for exercise in builtin_catalog().values():
        if exercise.sources == ("VW",):
            assert not exercise.steps_from_source, exercise.id


def test_doses_follow_the_sources() -> None:
    catalog = builtin_catalog()
    assert catalog["hip-flexor-stretch"].dose.hold_s == 60  # VW
    assert catalog["clamshell"].dose.reps is not None
    assert (catalog["clamshell"].dose.reps.low, catalog["clamshell"].dose.reps.high) == (10, 15)
    assert catalog["clamshell"].dose.tempo.hold == 5  # TH: start with 5 s holds
    assert catalog["butterfly-stretch"].sides is Sides.BOTH
    knees = catalog["knees-to-chest"].dose
    assert knees.reps is not None and (knees.reps.low, knees.reps.high) == (5, 10)
    assert knees.tempo.hold == 20  # BD: about 20 s, 5-10 times
    assert [r.exercise for r in catalog["posterior-pelvic-tilt"].progressions] == ["bridge"]


def _folder(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


BROKEN = [
    # (what is wrong, replace this, with this, field the message must name)
    ("missing name", 'name = "Bridge"\n', "", "name"),
    ("unknown category", '"strength"', '"cardio"', "category"),
    ("unknown position", 'position = "back"', 'position = "upside-down"', "position"),
    ("unknown sides", 'sides = "both"', 'sides = "three"', "sides"),
    ("unknown equipment", '["mat"]', '["trampoline"]', "equipment[1]"),
    ("reps backwards", "[10, 15]", "[15, 10]", "dose.reps"),
    ("reps out of range", "[10, 15]", "[10, 500]", "dose.reps.high"),
    ("reps not numbers", "[10, 15]", '["ten", 15]', "dose.reps.low"),
    ("hold and reps", "reps = [10, 15]", "reps = [10, 15]\nhold_s = 30", "dose.reps"),
    ("neither hold nor reps", "reps = [10, 15]\n", "", "dose.hold_s"),
    ("hold too long", "reps = [10, 15]", "hold_s = 99999", "dose.hold_s"),
    ("tempo on a hold", "reps = [10, 15]", "hold_s = 30\ntempo = { up = 2 }", "dose.tempo"),
    ("tempo out of range", "reps = [10, 15]", "reps = [10, 15]\ntempo = { up = 0 }",
     "dose.tempo.up"),
    ("unknown tempo field", "reps = [10, 15]", "reps = [10, 15]\ntempo = { sideways = 1 }",
     "dose.tempo.sideways"),
    ("sets as text", "reps = [10, 15]", 'reps = [10, 15]\nsets = "two"', "dose.sets"),
    ("misspelt field", "how_to =", "howto =", "howto"),
    ("bad id", 'id = "bridge"', 'id = "Bridge Exercise"', "id"),
    ("one step only", 'steps = ["Lie on your back.", "Lift your hips, then lower them."]',
     'steps = ["Lie down."]', "steps"),
    ("empty step", '"Lie on your back."', '"  "', "steps[1]"),
    ("unknown source", 'sources = ["TH"]', 'sources = ["XX"]', "sources[1]"),
    ("no sources", 'sources = ["TH"]', "sources = []", "sources"),
    ("flag as text", "steps_from_source = true", 'steps_from_source = "yes"',
     "steps_from_source"),
    ("how-to too long", 'how_to = "Lift your hips."', f'how_to = "{"x" * 91}"', "how_to"),
    ("dangling progression", 'note = "TH"\n',
     'note = "TH"\n[[exercise.progressions]]\nexercise = "flying"\n', "progressions[1].exercise"),
    ("progression neither hold nor exercise", 'note = "TH"\n',
     'note = "TH"\n[[exercise.progressions]]\nwhen = "low-pain"\n', "progressions[1].hold_s"),
    ("progression hold backwards", 'note = "TH"\n',
     'note = "TH"\n[[exercise.progressions]]\nhold_s = [10, 5]\n', "progressions[1].hold_s"),
    ("unknown progression condition", 'note = "TH"\n',
     'note = "TH"\n[[exercise.progressions]]\nhold_s = [5, 10]\nwhen = "sunny"\n',
     "progressions[1].when"),
    ("no safety phrase", 'say = "Ribs down."\n', "", "say"),
    ("no easier option", 'easier = "Lift your hips less high."\n', "", "easier"),
    ("no phase words", 'phases = { up = "Lift", hold = "Hold", down = "Lower" }\n', "",
     "phases"),
    ("no up word for reps", 'up = "Lift", ', "", "phases.up"),
    ("no source range", "[exercise.range]\nreps = [10, 15]\nfrom_source = true\nnote = \"TH\"\n",
     "", "range"),
    ("range of the wrong kind", "[exercise.range]\nreps = [10, 15]",
     "[exercise.range]\nhold_s = [10, 15]", "range.hold_s"),
    ("range backwards", "[exercise.range]\nreps = [10, 15]", "[exercise.range]\nreps = [15, 10]",
     "range.reps"),
    ("unknown precaution", 'say = "Ribs down."', 'say = "Ribs down."\nprecautions = ["jumping"]',
     "precautions[1]"),
    ("progression to itself", 'sources = ["TH"]', 'sources = ["TH"]\nregressions = ["other"]',
     "regressions[1]"),
    ("duplicate id in one file", 'id = "bridge"', 'id = "bridge"', "id"),
]


@pytest.mark.parametrize(("what", "old", "new", "field"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_bad_entry_is_rejected_naming_file_entry_and_field(
        tmp_path: Path, what: str, old: str, new: str, field: str) -> None:
    assert old in GOOD_ENTRY
    second = GOOD_ENTRY.replace(old, new, 1)
    if old != 'id = "bridge"':
        second = second.replace('id = "bridge"', 'id = "other"')
    text = GOOD_ENTRY + second
    with pytest.raises(CatalogError) as caught:
        load_catalog(_folder(tmp_path, text))
    error = caught.value
    assert error.file == "broken.toml"
    assert error.entry.startswith("#2")
    assert error.field == field, str(error)
    assert "broken.toml" in str(error) and "#2" in str(error) and field in str(error)


def test_good_entry_loads(tmp_path: Path) -> None:
    catalog = load_catalog(_folder(tmp_path, GOOD_ENTRY))
    assert catalog["bridge"].dose.sets == 1
    assert catalog["bridge"].dose.rest_s == 30
    assert catalog["bridge"].dose.tempo.up == 2


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"broken\.toml.*TOML"):
        load_catalog(_folder(tmp_path, GOOD_ENTRY + "\n[[exercise]\n"))


def test_a_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "latin1.toml").write_bytes(GOOD_ENTRY.replace("Bridge", "Br\xfccke")
                                           .encode("latin-1"))
    with pytest.raises(CatalogError, match=r"latin1\.toml"):
        load_catalog(tmp_path)


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    _folder(tmp_path, GOOD_ENTRY, "a.toml")
    _folder(tmp_path, GOOD_ENTRY, "b.toml")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert caught.value.file == "b.toml" and "a.toml" in str(caught.value)


def test_a_file_without_entries_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"empty\.toml.*exercise"):
        load_catalog(_folder(tmp_path, "# nothing here\n", "empty.toml"))


def test_an_empty_folder_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"no \.toml"):
        load_catalog(tmp_path)


def test_the_shipped_files_load_from_a_copy(tmp_path: Path) -> None:
    source = resources.files("hiptimer.assets") / "catalog"
    for item in source.iterdir():
        if item.name.endswith(".toml"):
            (tmp_path / item.name).write_text(item.read_text(encoding="utf-8"), encoding="utf-8")
    assert set(load_catalog(tmp_path)) == EXPECTED_IDS
    shutil.rmtree(tmp_path)
