"""From a pose to flat shapes: place the body in the room, project it, add the props.

A ``Figure`` is made once per exercise. ``Figure.draw(pose)`` gives a ``Drawing``: capsules,
discs and polygons in world units (y up) in the order to paint them, far to near. The painter
only maps them to pixels, so everything here can be checked without Qt.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..catalog import Equipment
from .motion import Frame, passes_through
from .room import (
    BEHIND,
    FLOOR_MARGIN,
    MAT_THICKNESS,
    PILLOW_HEIGHT,
    STEP_HEIGHT,
    Bounds,
    Camera,
    Layer,
    Point,
    Role,
    Shape,
    fixed_props,
    footprint,
    hull_of_discs,
    moving_props,
    union,
)
from .skeleton import RADIUS, Pose, Vec, add, body_points, swapped
from .spec import GROUND, FigureSpec, Motion

__all__ = ["Bounds", "Drawing", "Figure", "Point", "Role", "Shape"]


@dataclass(frozen=True)
class Drawing:
    shapes: tuple[Shape, ...]  # in paint order
    bounds: Bounds  # the same for every frame of a figure, so it does not jump in size
    points: Mapping[str, Point]  # projected body points
    fixed: int = 0  # the first ``fixed`` shapes are the room behind the body: never move


# Each limb's segments: (segment, from point, to point); "side" is filled with right or left.
LEGS = (("thigh", "hip", "knee"), ("shank", "knee", "ankle"), ("foot", "heel", "toe"))
ARMS = (("upper_arm", "shoulder", "elbow"), ("forearm", "elbow", "wrist"))
# How far each body point's surface lies below it, for resting on the floor.
SURFACE = {"pelvis": RADIUS["hip"], "waist": RADIUS["waist"], "chest": RADIUS["chest"],
           "head": RADIUS["head"], "neck": RADIUS["neck"], "shoulder": RADIUS["shoulder"],
           "elbow": RADIUS["forearm"], "wrist": RADIUS["forearm"], "hand": RADIUS["hand"],
           "hip": RADIUS["hip"], "knee": RADIUS["shank"], "ankle": RADIUS["shank"],
           "heel": RADIUS["foot"], "toe": RADIUS["foot"]}
BREATH = 0.06  # the chest's radius grows and shrinks this much with a breath
EDGE = 0.012  # the outline around body parts, world units (the painter uses the same)
IN_BETWEEN = 5  # poses sampled between two key poses when fitting the picture
SLACK = 0.005  # for limbs swinging on an arc between two sampled poses


def surface(point: str) -> float:
    return SURFACE.get(point.split("_", 1)[-1], 0.0)


class Figure:
    """One exercise's figure: its spec, placed on the floor, with its props and bounds."""

    def __init__(self, spec: FigureSpec) -> None:
        self.spec = spec
        self.camera = Camera(spec)
        self._floor = MAT_THICKNESS if any(p.kind is Equipment.MAT for p in spec.props) else 0.0
        self._lift = self._lifts()
        self.start = self._grounded(body_points(spec.poses[0], spec.body))
        # Every pose the figure passes through, both ways round, for its room and its frame.
        path = passes_through(spec, IN_BETWEEN)
        frames = [self.place(p) for p in path]
        turns = [self.place(p, swap=True) for p in path]
        self.working = frozenset(spec.working if spec.working is not None
                                 else () if spec.motion is Motion.CYCLE
                                 else _moved_legs(self.place(spec.poses[0]),
                                                  self.place(spec.poses[-1])))
        # What stands in the room (floor, mat, chair, wall...) does not move: placed once.
        room = footprint(frames + turns, margin=FLOOR_MARGIN)
        self._scenery = tuple(fixed_props(spec, self.camera, self.start, room, self._floor))
        self.bounds = self._bounds(frames, self.working)
        # Legs taking turns: one scale for both, so the figure does not jump between reps.
        self.turn_bounds = union(self.bounds, self._bounds(turns, _swap_sides(self.working)))

    # --- placing the body -----------------------------------------------------------------

    def _lifts(self) -> dict[str, float]:
        """Body points that rest on a prop rather than on the floor, and how high it is."""
        lifts: dict[str, float] = {}
        for prop in self.spec.props:
            height = {Equipment.PILLOW: PILLOW_HEIGHT, Equipment.STEP: STEP_HEIGHT}.get(prop.kind)
            if height is None or not prop.at:
                continue
            lifts[prop.at] = height
            if prop.at.endswith("_ankle"):
                side = prop.at.split("_")[0]
                lifts[f"{side}_heel"] = lifts[f"{side}_toe"] = height
        return lifts

    def _grounded(self, points: dict[str, Vec]) -> dict[str, Vec]:
        """Move the body so its lowest surface rests on the floor, the pelvis over the origin."""
        low = min(p[1] - surface(name) - self._lift.get(name, 0.0)
                  for name, p in points.items() if name != "face")
        pelvis = points["pelvis"]
        return _moved_by(points, (-pelvis[0], self._floor + self.spec.lift - low, -pelvis[2]))

    def place(self, pose: Pose, *, swap: bool = False) -> dict[str, Vec]:
        """Body points of ``pose`` in the room: grounded, or with the anchor kept still.

        With ``swap`` the other leg takes its turn: the pose is swapped left for right, and so
        is the anchor (the other foot stands where the standing foot stood).
        """
        points = body_points(swapped(pose) if swap else pose, self.spec.body)
        name = self.spec.anchor
        if name == GROUND:
            return self._grounded(points)
        anchor = self.start[name]
        here = points[_other_side(name) if swap and "_" in name else name]
        return _moved_by(points, (anchor[0] - here[0], anchor[1] - here[1], anchor[2] - here[2]))

    def contacts(self, pose: Pose, *, tolerance: float = 0.012
                 ) -> tuple[list[str], list[tuple[str, float]]]:
        """Body points resting on the floor (or the prop under them), and those sunk through it
        with how deep, for ``pose`` placed as it would be drawn."""
        touching: list[str] = []
        sunk: list[tuple[str, float]] = []
        for name, p in self.place(pose).items():
            if name == "face":
                continue
            gap = p[1] - surface(name) - self._lift.get(name, 0.0) - self._floor
            if gap < -tolerance:
                sunk.append((name, -gap))
            elif gap <= tolerance:
                touching.append(name)
        return touching, sunk

    # --- drawing ----------------------------------------------------------------------------

    def draw(self, pose: Pose, *, mirrored: bool = False, swap: bool = False,
             breath: float = 0.0, turns: bool = False) -> Drawing:
        """The shapes for ``pose``.

        Args:
            mirrored: show the other side as in a mirror (the figure faces the other way).
            swap: the other leg and arm take their turn (the figure keeps facing the same way).
            breath: -1..1, the chest a little smaller or bigger.
            turns: the legs take turns in this exercise: bounds that fit both.
        """
        working = _swap_sides(self.working) if swap else self.working
        flat = {name: self.camera.project(p) for name, p in self.place(pose, swap=swap).items()}
        layered = sorted([*self._scenery, *self._moving(flat, working, breath)],
                         key=lambda item: item[0])
        sign = -1.0 if mirrored else 1.0
        shapes = tuple(_flip(s, sign) for _, s in layered)
        x0, y0, x1, y1 = self.turn_bounds if turns or swap else self.bounds
        bounds = (x0, y0, x1, y1) if not mirrored else (-x1, y0, -x0, y1)
        points = {n: (sign * p[0], p[1]) for n, p in flat.items()}
        fixed = next((i for i, (depth, _) in enumerate(layered) if depth > BEHIND), len(layered))
        return Drawing(shapes, bounds, points, fixed)

    def draw_frame(self, frame: Frame) -> Drawing:
        return self.draw(frame.pose, mirrored=frame.mirrored, swap=frame.swap,
                         breath=frame.breath, turns=frame.turns)

    def _moving(self, flat: Mapping[str, Vec], working: frozenset[str],
                breath: float) -> Iterator[Layer]:
        yield from _body(flat, working, breath)
        yield from moving_props(self.spec.props, self.camera, self.start, flat)

    def _bounds(self, frames: Sequence[Mapping[str, Vec]], working: frozenset[str]) -> Bounds:
        """What every frame paints (body at its fullest breath, props, room), with its
        outline: the picture is fitted to this once, so nothing runs off its edges."""
        boxes = [s.box() for _, s in self._scenery]
        for frame in frames:
            flat = {name: self.camera.project(p) for name, p in frame.items()}
            boxes += [s.box() for _, s in self._moving(flat, working, 1.0)]
        x0, y0, x1, y1 = functools.reduce(union, boxes)
        pad = EDGE + SLACK
        return x0 - pad, y0 - pad, x1 + pad, y1 + pad


def _body(flat: Mapping[str, Vec], working: frozenset[str], breath: float) -> Iterator[Layer]:
    """The body's shapes: one colour for each whole limb (working or not, near or far)."""
    for side in ("right", "left"):
        other = "left" if side == "right" else "right"
        for limb, segments, root in (("leg", LEGS, "hip"), ("arm", ARMS, "shoulder")):
            far = flat[f"{side}_{root}"][2] < flat[f"{other}_{root}"][2] - 0.02
            role = ((Role.WORKING_FAR if far else Role.WORKING) if f"{side}_{limb}" in working
                    else (Role.BODY_FAR if far else Role.BODY))
            name = f"{side}_{limb}"
            for segment, a, b in segments:
                pa, pb = flat[f"{side}_{a}"], flat[f"{side}_{b}"]
                yield (pa[2] + pb[2]) / 2, Shape(role, (pa[:2], pb[:2]), RADIUS[segment], name)
            if limb == "arm":
                hand = flat[f"{side}_hand"]
                yield hand[2], Shape(role, (hand[:2],), RADIUS["hand"], name)
    chest = RADIUS["chest"] * (1 + BREATH * breath)
    discs = [(flat["right_hip"], RADIUS["hip"]), (flat["left_hip"], RADIUS["hip"]),
             (flat["waist"], RADIUS["waist"]), (flat["chest"], chest),
             (flat["right_shoulder"], RADIUS["shoulder"]),
             (flat["left_shoulder"], RADIUS["shoulder"])]
    # Behind the limbs that join it at the same depth (the thighs seen from the front).
    yield flat["pelvis"][2] - 0.001, Shape(Role.BODY, hull_of_discs(discs))
    head = flat["head"]
    yield head[2] - 0.001, Shape(Role.BODY, (flat["neck"][:2], head[:2]), RADIUS["neck"])
    yield head[2], Shape(Role.BODY, (head[:2],), RADIUS["head"])
    for eye in _eyes(flat):
        yield head[2] + 0.001, Shape(Role.EYE, (eye,), 0.011)


def _moved_by(points: Mapping[str, Vec], by: Vec) -> dict[str, Vec]:
    return {name: (p if name == "face" else add(p, by)) for name, p in points.items()}


def _moved_legs(a: Mapping[str, Vec], b: Mapping[str, Vec]) -> frozenset[str]:
    """Legs that move noticeably from one frame to the other: a segment's far end travels, or
    the segment turns (a thigh swinging about a knee that stays put)."""
    out = set()
    for side in ("right", "left"):
        for _, start, end in LEGS:
            p0, p1 = a[f"{side}_{start}"], a[f"{side}_{end}"]
            q0, q1 = b[f"{side}_{start}"], b[f"{side}_{end}"]
            u = tuple(y - x for x, y in zip(p0, p1, strict=True))
            v = tuple(y - x for x, y in zip(q0, q1, strict=True))
            cos = sum(x * y for x, y in zip(u, v, strict=True)) / (
                math.hypot(*u) * math.hypot(*v) or 1.0)
            if math.dist(p1, q1) > 0.04 or cos < math.cos(math.radians(12)):
                out.add(f"{side}_leg")
    return frozenset(out)


def _other_side(name: str) -> str:
    side, _, rest = name.partition("_")
    return f"{'left' if side == 'right' else 'right'}_{rest}"


def _swap_sides(names: frozenset[str]) -> frozenset[str]:
    return frozenset(_other_side(n) for n in names)


def _flip(shape: Shape, sign: float) -> Shape:
    if sign > 0:
        return shape
    return Shape(shape.role, tuple((-x, y) for x, y in shape.points), shape.radius, shape.limb)


def _eyes(flat: Mapping[str, Vec]) -> list[Point]:
    """One eye on a head seen from the side, two seen from the front, none from behind."""
    head, face = flat["head"], flat["face"]
    fx, fy, fz = face[0] - head[0], face[1] - head[1], face[2] - head[2]
    r = RADIUS["head"]
    sideways = math.hypot(fx, fy)
    if sideways > 0.45:
        return [(head[0] + 0.5 * r * fx / sideways, head[1] + 0.5 * r * fy / sideways + 0.15 * r
                 * abs(fx) / sideways)]
    if fz <= 0:
        return []
    right, left = flat["right_shoulder"], flat["left_shoulder"]
    ax, ay = right[0] - left[0], right[1] - left[1]
    length = math.hypot(ax, ay) or 1.0
    ax, ay = ax / length, ay / length
    up_x, up_y = head[0] - flat["neck"][0], head[1] - flat["neck"][1]
    up = math.hypot(up_x, up_y) or 1.0
    cx = head[0] + fx * r * 0.3 + up_x / up * r * 0.15
    cy = head[1] + fy * r * 0.3 + up_y / up * r * 0.15
    return [(cx + s * ax * r * 0.38, cy + s * ay * r * 0.38) for s in (1, -1)]
