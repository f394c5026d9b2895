"""Figure files: how an exercise is drawn (view, props) and its key poses, read from TOML.

One file per exercise in ``assets/figures/``, named after the exercise id. The format is
described in ``assets/figures/README.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from importlib import resources

from ..catalog import Equipment
from ..fields import DataFile, DataFileError, FieldError, Table, read_toml
from .skeleton import JOINTS, POINT_NAMES, SIDED, Body, Pose, PoseError, check_pose


class View(str, Enum):
    """Where the camera stands. Side: at the figure's right; front: facing it; top: above."""

    SIDE = "side"
    FRONT = "front"
    TOP = "top"


class Motion(str, Enum):
    REP = "rep"  # first pose at rest, last at the top of the rep (in between: on the way)
    HOLD = "hold"  # first pose getting ready, last the held stretch
    CYCLE = "cycle"  # poses in a loop, ``period`` seconds round


FACINGS = ("+x", "-x", "+z", "-z")
DRAWN = tuple(e for e in Equipment if e is not Equipment.POLES)
GROUND = "ground"  # anchor: rest on the floor afresh in every frame


@dataclass(frozen=True)
class Prop:
    kind: Equipment
    at: str = ""  # a body point it is placed by
    offset: tuple[float, float, float] = (0.0, 0.0, 0.0)
    between: tuple[str, str] | None = None  # two body points it spans, following the motion
    facing: str = "+x"
    level: float = 0.6  # water depth, pool only


@dataclass(frozen=True)
class FigureSpec:
    exercise: str
    body: Body
    view: View
    camera: tuple[float, float]  # extra yaw and pitch, degrees
    anchor: str  # a body point that stays put, or GROUND
    motion: Motion
    period: float  # seconds per loop, cycle only
    lift: float  # raise the body this far off the floor (a bike's saddle holds it)
    poses: tuple[Pose, ...]
    names: tuple[str, ...]
    props: tuple[Prop, ...]
    working: tuple[str, ...] | None = None  # limbs in the working colour; None: legs that move


class FigureError(DataFileError):
    """A figure file cannot be used; the message names the file and the field."""


TOP_KEYS = {"exercise", "body", "view", "camera", "anchor", "motion", "period", "lift", "pose",
            "prop", "working"}
LIMBS = ("right_leg", "left_leg", "right_arm", "left_arm")
PROP_KEYS = {"kind", "at", "offset", "between", "facing", "level"}
PLURAL = {f"{joint}s": joint for joint in SIDED}  # "hips" sets both hips


def parse_figure(top: Table) -> FigureSpec:
    """Read one figure file's table. Raises FieldError naming the field."""
    top.only(TOP_KEYS)
    motion = top.choice("motion", Motion)
    anchor = top.text("anchor", default=GROUND, max_len=20)
    if anchor != GROUND and anchor not in POINT_NAMES:
        raise FieldError(top.name("anchor"), f"{anchor!r} is not a body point; expected "
                         f"{GROUND!r} or one of: {', '.join(POINT_NAMES)}")
    camera = _numbers(top, "camera", 2, lo=-90, hi=90, default=(0.0, 0.0))
    pose_tables = top.tables("pose", min_items=2, max_items=8)
    names = tuple(t.text("name", max_len=30) for t in pose_tables)
    if len(set(names)) != len(names):
        raise FieldError(top.name("pose"), "two poses have the same name")
    return FigureSpec(
        exercise=top.identifier("exercise"),
        body=top.choice("body", Body),
        view=top.choice("view", View),
        camera=(camera[0], camera[1]),
        anchor=anchor,
        motion=motion,
        period=top.number("period", lo=0.4, hi=10, default=1.0),
        lift=top.number("lift", lo=0, hi=1, default=0.0),
        poses=tuple(parse_pose(t) for t in pose_tables),
        names=names,
        props=tuple(parse_prop(t) for t in (top.tables("prop", max_items=8)
                                            if top.has("prop") else ())),
        working=_limbs(top) if top.has("working") else None,
    )


def _limbs(table: Table) -> tuple[str, ...]:
    names = table.texts("working", max_items=len(LIMBS), max_len=12)
    for i, name in enumerate(names, 1):
        if name not in LIMBS:
            raise FieldError(f"{table.name('working')}[{i}]", f"{name!r} is not a limb; "
                             f"expected one of: {', '.join(LIMBS)}")
    return tuple(names)


def parse_pose(table: Table) -> Pose:
    """One ``[[pose]]``: a name, the pelvis tilt/roll/turn, and joints as tables of angles."""
    angle_joints = {"spine", "neck", *PLURAL, *(f"{side}_{j}" for j in SIDED
                                                 for side in ("right", "left"))}
    table.only({"name", "tilt", "roll", "turn", *angle_joints})
    angles: dict[str, float] = {}
    # Plural keys first, so that "right_hip" refines what "hips" set for both.
    for key in sorted((k for k in angle_joints if table.has(k)), key=lambda k: k not in PLURAL):
        joint = PLURAL.get(key, key)
        kind = joint.split("_", 1)[-1] if joint.startswith(("right_", "left_")) else joint
        sub = table.table(key)
        sub.only(JOINTS[kind])
        for dof, limits in JOINTS[kind].items():
            if not sub.has(dof):
                continue
            value = sub.number(dof, lo=limits.lo, hi=limits.hi)
            targets = [f"{side}_{joint}" for side in ("right", "left")] if key in PLURAL \
                else [joint]
            angles.update({f"{t}.{dof}": value for t in targets})
    pose = Pose(angles, table.number("tilt", lo=-180, hi=180, default=0.0),
                table.number("roll", lo=-90, hi=90, default=0.0),
                table.number("turn", lo=-180, hi=180, default=0.0))
    try:
        check_pose(pose)
    except PoseError as exc:  # pragma: no cover - the reads above check the same ranges
        raise FieldError(table.name("name"), str(exc)) from exc
    return pose


def parse_prop(table: Table) -> Prop:
    table.only(PROP_KEYS)
    kind = table.choice("kind", Equipment)
    if kind not in DRAWN:  # no exercise uses them yet
        raise FieldError(table.name("kind"), f"{kind.value!r} is not drawn; expected one of: "
                         f"{', '.join(e.value for e in DRAWN)}")
    at = table.text("at", default="", max_len=20)
    if at and at not in POINT_NAMES:
        raise FieldError(table.name("at"), f"{at!r} is not a body point")
    if kind is Equipment.CUFF_WEIGHT and not at.endswith("_ankle"):
        raise FieldError(table.name("at"), "a cuff weight is strapped at an ankle: "
                         "right_ankle or left_ankle")
    between = None
    if table.has("between"):
        pair = table.texts("between", min_items=2, max_items=2, max_len=20)
        for i, point in enumerate(pair, 1):
            if point not in POINT_NAMES:
                raise FieldError(f"{table.name('between')}[{i}]", f"{point!r} is not a body point")
        between = (pair[0], pair[1])
    facing = table.text("facing", default="+x", max_len=2)
    if facing not in FACINGS:
        raise FieldError(table.name("facing"), f"is {facing!r}; expected one of: "
                         f"{', '.join(FACINGS)}")
    offset = _numbers(table, "offset", 3, lo=-2, hi=2, default=(0.0, 0.0, 0.0))
    return Prop(kind, at, (offset[0], offset[1], offset[2]), between, facing,
                table.number("level", lo=0.05, hi=1.5, default=0.6))


def _numbers(table: Table, key: str, count: int, *, lo: float, hi: float,
             default: tuple[float, ...]) -> tuple[float, ...]:
    if not table.has(key):
        return default
    raw = table.raw(key)
    if not isinstance(raw, list) or len(raw) != count:
        raise FieldError(table.name(key), f"expected a list of {count} numbers")
    values = Table({str(i): v for i, v in enumerate(raw, 1)}, table.name(key))
    return tuple(values.number(str(i), lo=lo, hi=hi) for i in range(1, count + 1))


def load_figure(file: DataFile) -> FigureSpec:
    """One figure file.

    Raises:
        FigureError: the file is not valid, or is not named after the exercise it draws.
    """
    try:
        spec = parse_figure(read_toml(file))
    except DataFileError as exc:
        raise FigureError(exc.file, "", FieldError(exc.field, exc.problem)) from exc
    except FieldError as exc:
        raise FigureError(file.name, "", exc) from exc
    if file.name != f"{spec.exercise}.toml":
        raise FigureError(file.name, "", FieldError(
            "exercise", f"is {spec.exercise!r}, but the file must be named after it"))
    return spec


def load_figures(folder: DataFile) -> dict[str, FigureSpec]:
    """Every ``*.toml`` figure in ``folder``, by exercise id. Raises FigureError."""
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")),
                   key=lambda f: f.name)
    return {spec.exercise: spec for spec in map(load_figure, files)}


def _builtin_folder() -> DataFile:
    return resources.files("hiptimer.assets") / "figures"


@functools.cache
def builtin_figure(exercise_id: str) -> FigureSpec | None:
    """The shipped figure of one exercise (read once), or None if it has none."""
    file = _builtin_folder() / f"{exercise_id}.toml"
    return load_figure(file) if file.is_file() else None


@functools.cache
def builtin_figures() -> Mapping[str, FigureSpec]:
    """The figures shipped with HipTimer, by exercise id (read once)."""
    return load_figures(_builtin_folder())
