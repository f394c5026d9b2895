"""The exercise catalog: load every ``*.toml`` in a folder and validate each entry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from importlib import resources

from .dose import Dose, Sides, parse_dose
from .fields import DataFile, DataFileError, FieldError, Table, read_toml
from .guidance import (
    PhaseWords,
    Precaution,
    Rung,
    SourceRange,
    parse_phases,
    parse_range,
    parse_rung,
)


class Category(str, Enum):
    STRETCH = "stretch"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    ACTIVITY = "activity"
    SELF_CARE = "self-care"

    @property
    def progresses(self) -> bool:
        """Whether a dose of it is stepped up or eased off: a walk or a massage is not a load
        that a few reps or seconds would change."""
        return self in (Category.STRENGTH, Category.STRETCH, Category.MOBILITY)


class Position(str, Enum):
    """The starting position, for filters and for drawing the exercise."""

    BACK = "back"
    SIDE = "side"
    FRONT = "front"
    KNEELING = "kneeling"
    FLOOR_SITTING = "floor-sitting"
    CHAIR_SITTING = "chair-sitting"
    STANDING = "standing"

    @property
    def label(self) -> str:
        return {
            "back": "lying on your back", "side": "lying on your side",
            "front": "lying face down", "kneeling": "kneeling",
            "floor-sitting": "sitting on the floor", "chair-sitting": "sitting on a chair",
            "standing": "standing",
        }[self.value]


class SideMeans(str, Enum):
    """What a side means for an exercise done one side at a time: a block's side is always
    the leg being worked, and this says how the body is set up for it."""

    WORKING_LEG = "working-leg"  # that leg moves, or is stretched
    TOP_LEG = "top-leg"  # lying on the other side, that leg on top
    KNEELING_KNEE = "kneeling-knee"  # kneeling on that knee
    BACK_LEG = "back-leg"  # standing in a split stance, that leg behind
    STANDING_LEG = "standing-leg"  # standing on that leg while the other side moves
    SUPPORTING_LEG = "supporting-leg"  # that foot on the floor, the other leg lifted


class Equipment(str, Enum):
    MAT = "mat"
    PILLOW = "pillow"
    CHAIR = "chair"
    STEP = "step"
    BAND = "band"
    CUFF_WEIGHT = "cuff-weight"
    TOWEL = "towel"
    WALL = "wall"
    TENNIS_BALL = "tennis-ball"
    POLES = "poles"
    BIKE = "bike"
    POOL = "pool"
    ELLIPTICAL = "elliptical"


SOURCES = {
    "VW": "Verywell Health, PT exercises for hip pain",
    "BD": "Bedford physiotherapy clinic, hip pain exercises",
    "TH": "Therapydia, 6 exercises to relieve hip pain",
    "HH": "Hinge Health, exercises and stretches for hip pain",
}


@dataclass(frozen=True)
class Exercise:
    """One catalog entry. ``steps_from_source`` is False where we wrote the steps ourselves
    because the source's were lost; ``dose_from_source`` likewise for the dose. ``dose_note``
    says where the dose came from, for maintainers only: it is never shown.

    ``say`` is the short safety phrase spoken after the exercise is announced; ``easier`` what
    to try when it hurts (besides the easier exercises in ``regressions``); ``range`` the dose
    the sources support (None for activities and self-care, which are never stepped up);
    ``progressions`` its ladder beyond that range, in order.
    """

    id: str
    name: str
    category: Category
    position: Position
    sides: Sides
    side_means: SideMeans
    equipment: tuple[Equipment, ...]
    feel: str
    how_to: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    progressions: tuple[Rung, ...]
    regressions: tuple[str, ...]
    sources: tuple[str, ...]
    steps_from_source: bool
    dose: Dose
    dose_from_source: bool
    dose_note: str
    phases: PhaseWords
    say: str
    easier: str
    range: SourceRange | None
    precautions: tuple[Precaution, ...] = ()


class CatalogError(DataFileError):
    """A catalog file cannot be used. The message names the file, the entry and the field."""


class Catalog(Mapping[str, Exercise]):
    """Exercises by id, in the order the files list them."""

    def __init__(self, exercises: Mapping[str, Exercise]) -> None:
        self._by_id = dict(exercises)

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self._by_id[exercise_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


ENTRY_KEYS = {"id", "name", "category", "position", "sides", "equipment", "feel", "how_to",
              "steps", "cautions", "progressions", "regressions", "sources",
              "steps_from_source", "dose", "phases", "say", "easier", "range", "precautions"}
ENTRY_KEYS |= {"side_means"}  # what a side means for the exercise: see SideMeans
DOSE_KEYS = {"hold_s", "reps", "sets", "rest_s", "tempo", "dose_from_source", "note"}


def parse_exercise(table: Table) -> Exercise:
    """Read one ``[[exercise]]`` table. Links to other ids are checked by ``load_catalog``."""
    table.only(ENTRY_KEYS)
    dose_table = table.table("dose")
    dose_table.only(DOSE_KEYS)
    sources = table.texts("sources", min_items=1, max_items=4)
    for i, key in enumerate(sources, 1):
        if key not in SOURCES:
            raise FieldError(f"{table.name('sources')}[{i}]", f"unknown source {key!r}; "
                             f"expected one of: {', '.join(SOURCES)}")
    category = table.choice("category", Category)
    dose = parse_dose(dose_table)
    if category.progresses or table.has("range"):
        source_range: SourceRange | None = parse_range(table.table("range"), dose)
    else:
        source_range = None
    return Exercise(
        id=table.identifier("id"),
        name=table.text("name", max_len=40),
        category=category,
        position=table.choice("position", Position),
        sides=table.choice("sides", Sides),
        side_means=table.choice("side_means", SideMeans),
        equipment=table.choices("equipment", Equipment, default=()),
        feel=table.text("feel", max_len=160),
        how_to=table.text("how_to", max_len=90),
        steps=table.texts("steps", min_items=2, max_items=8, max_len=240),
        cautions=table.texts("cautions", default=(), max_len=200),
        progressions=tuple(parse_rung(rung) for rung in table.tables(
            "progressions", max_items=4)) if table.has("progressions") else (),
        regressions=table.texts("regressions", default=(), max_len=48),
        sources=sources,
        steps_from_source=table.flag("steps_from_source"),
        dose=dose,
        dose_from_source=dose_table.flag("dose_from_source"),
        dose_note=dose_table.text("note", max_len=200),
        phases=parse_phases(table.table("phases"), dose),
        say=table.text("say", max_len=60),
        easier=table.text("easier", max_len=160),
        range=source_range,
        precautions=table.choices("precautions", Precaution, default=()),
    )


def load_catalog(folder: DataFile) -> Catalog:
    """Load and validate every ``*.toml`` file in ``folder``.

    Raises:
        CatalogError: a file is not valid TOML, an entry is invalid, an id is used twice,
            or a progression or regression names an id that does not exist.
    """
    exercises: dict[str, Exercise] = {}
    origin: dict[str, tuple[str, str]] = {}  # id -> (file, entry label)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    if not files:
        raise CatalogError(str(folder), "", FieldError("(folder)", "holds no .toml files"))
    for file in files:
        for label, exercise in _load_file(file):
            if exercise.id in exercises:
                raise CatalogError(file.name, label, FieldError(
                    "id", f"{exercise.id!r} is already used in {origin[exercise.id][0]}"))
            exercises[exercise.id] = exercise
            origin[exercise.id] = (file.name, label)
    for exercise in exercises.values():
        links = [(f"regressions[{i}]", linked) for i, linked in enumerate(exercise.regressions, 1)]
        links += [(f"progressions[{i}].exercise", rung.exercise)
                  for i, rung in enumerate(exercise.progressions, 1) if rung.exercise]
        for field, linked in links:
            if linked not in exercises or linked == exercise.id:
                raise CatalogError(*origin[exercise.id], FieldError(
                    field, f"{linked!r} is not another exercise in the catalog"))
    return Catalog(exercises)


def _load_file(file: DataFile) -> Iterator[tuple[str, Exercise]]:
    """Each entry of one file with its label for messages, e.g. ``#3 ('bridge')``."""
    try:
        top = read_toml(file)
    except DataFileError as exc:
        raise CatalogError(exc.file, "", FieldError(exc.field, exc.problem)) from exc
    try:
        top.only({"exercise"})
        entries = top.tables("exercise", min_items=1)
    except FieldError as exc:
        raise CatalogError(file.name, "", exc) from exc
    for number, listed in enumerate(entries, 1):
        entry = listed.relabelled("")  # name fields relative to the entry
        label = f"#{number}"
        if entry.has("id") and isinstance(entry.raw("id"), str):
            label = f"#{number} ({entry.raw('id')!r})"
        try:
            yield label, parse_exercise(entry)
        except FieldError as exc:
            raise CatalogError(file.name, label, exc) from exc


def builtin_catalog() -> Catalog:
    """The catalog shipped with HipTimer."""
    return load_catalog(resources.files("hiptimer.assets") / "catalog")
