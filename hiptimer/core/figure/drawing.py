"""From a pose to flat shapes: place the body in the room, project it, add the props.

A ``Figure`` is made once per exercise. ``Figure.draw(pose)`` gives a ``Drawing``: capsules,
discs and polygons in world units (y up) in the order to paint them, far to near. The painter
only maps them to pixels, so everything here can be checked without Qt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from ..catalog import Equipment
from .motion import Frame
from .skeleton import RADIUS, Pose, Vec, add, apply, body_points, mul, rot_x, rot_y, swapped
from .spec import GROUND, FigureSpec, Motion, View

Point = tuple[float, float]
Bounds = tuple[float, float, float, float]  # x0, y0, x1, y1


class Role(str, Enum):
    """What a shape is, which decides its colour."""

    FLOOR = "floor"
    MAT = "mat"
    PROP = "prop"
    SOFT = "soft"  # pillow, towel
    BAND = "band"
    BALL = "ball"
    WATER = "water"
    BODY_FAR = "body_far"
    BODY = "body"
    WORKING_FAR = "working_far"  # a limb that moves in this exercise, on the far side
    WORKING = "working"
    EYE = "eye"


@dataclass(frozen=True)
class Shape:
    """A capsule (two points and a radius), a disc (one point) or a polygon (radius 0)."""

    role: Role
    points: tuple[Point, ...]
    radius: float = 0.0


@dataclass(frozen=True)
class Drawing:
    shapes: tuple[Shape, ...]  # in paint order
    bounds: Bounds  # the same for every frame of a figure, so it does not jump in size
    points: Mapping[str, Point]  # projected body points


# (limb, from point, to point, radius key); "side" is filled with right or left.
LIMBS = (("upper_arm", "shoulder", "elbow"), ("forearm", "elbow", "wrist"),
         ("thigh", "hip", "knee"), ("shank", "knee", "ankle"), ("foot", "heel", "toe"))
VIEW_ANGLES = {View.SIDE: (0.0, 0.0), View.FRONT: (-90.0, 0.0), View.TOP: (0.0, 90.0)}
# How far each body point's surface lies below it, for resting on the floor.
SURFACE = {"pelvis": RADIUS["hip"], "waist": RADIUS["waist"], "chest": RADIUS["chest"],
           "head": RADIUS["head"], "neck": RADIUS["neck"], "shoulder": RADIUS["shoulder"],
           "elbow": RADIUS["forearm"], "wrist": RADIUS["forearm"], "hand": RADIUS["hand"],
           "hip": RADIUS["hip"], "knee": RADIUS["shank"], "ankle": RADIUS["shank"],
           "heel": RADIUS["foot"], "toe": RADIUS["foot"]}
MAT_THICKNESS = 0.012
PILLOW_HEIGHT = 0.045
STEP_HEIGHT = 0.1
FACING: dict[str, Vec] = {"+x": (1, 0, 0), "-x": (-1, 0, 0), "+z": (0, 0, 1), "-z": (0, 0, -1)}


def surface(point: str) -> float:
    return SURFACE.get(point.split("_", 1)[-1], 0.0)


class Figure:
    """One exercise's figure: its spec, placed on the floor, with its props and bounds."""

    def __init__(self, spec: FigureSpec) -> None:
        self.spec = spec
        yaw, pitch = VIEW_ANGLES[spec.view]
        self._camera = mul(rot_x(pitch + spec.camera[1]), rot_y(yaw + spec.camera[0]))
        self._floor = MAT_THICKNESS if any(p.kind is Equipment.MAT for p in spec.props) else 0.0
        self._lift = self._lifts()
        self.start = self._grounded(body_points(spec.poses[0], spec.body))
        frames = [self.place(p) for p in spec.poses]
        turns = [self.place(p, swap=True) for p in spec.poses]
        self.working = (frozenset() if spec.motion is Motion.CYCLE
                        else _moved(frames[0], frames[-1]))
        self._room = _footprint(frames + turns)
        # What stands in the room (floor, mat, chair, wall...) does not move: placed once.
        self._scenery = tuple(self._fixed_props())
        self.bounds = self._bounds(frames)
        # Legs taking turns: one scale for both, so the figure does not jump between reps.
        self.turn_bounds = _union(self.bounds, self._bounds(turns))

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

    # --- projecting -------------------------------------------------------------------------

    def project(self, v: Vec) -> Vec:
        """Image x, image y (up) and depth (towards the viewer)."""
        return apply(self._camera, v)

    def draw(self, pose: Pose, *, mirrored: bool = False, swap: bool = False,
             breath: float = 0.0, turns: bool = False) -> Drawing:
        """The shapes for ``pose``.

        Args:
            mirrored: show the other side as in a mirror (the figure faces the other way).
            swap: the other leg and arm take their turn (the figure keeps facing the same way).
            breath: -1..1, the chest a little smaller or bigger.
            turns: the legs take turns in this exercise: bounds that fit both.
        """
        world = self.place(pose, swap=swap)
        working = {_other_side(n) for n in self.working} if swap else set(self.working)
        flat = {name: self.project(p) for name, p in world.items()}
        sign = -1.0 if mirrored else 1.0
        layered = [*self._scenery, *self._body(flat, working, breath),
                   *self._moving_props(flat)]
        layered.sort(key=lambda item: item[0])
        shapes = tuple(_flip(s, sign) for _, s in layered)
        x0, y0, x1, y1 = self.turn_bounds if turns or swap else self.bounds
        bounds = (x0, y0, x1, y1) if not mirrored else (-x1, y0, -x0, y1)
        points = {n: (sign * p[0], p[1]) for n, p in flat.items()}
        return Drawing(shapes, bounds, points)

    def draw_frame(self, frame: Frame) -> Drawing:
        return self.draw(frame.pose, mirrored=frame.mirrored, swap=frame.swap,
                         breath=frame.breath, turns=frame.turns)

    def _body(self, flat: Mapping[str, Vec], working: set[str],
              breath: float) -> Iterator[tuple[float, Shape]]:
        far_side = {side: _farther(flat, side) for side in ("right", "left")}
        for side in ("right", "left"):
            for limb, a, b in LIMBS:
                pa, pb = flat[f"{side}_{a}"], flat[f"{side}_{b}"]
                depth = (pa[2] + pb[2]) / 2
                far = far_side[side][limb in ("upper_arm", "forearm")]
                moving = f"{side}_{limb}" in working
                role = ((Role.WORKING_FAR if far else Role.WORKING) if moving
                        else (Role.BODY_FAR if far else Role.BODY))
                yield depth, Shape(role, (pa[:2], pb[:2]), RADIUS[limb])
            hand = flat[f"{side}_hand"]
            role = Role.BODY_FAR if far_side[side][True] else Role.BODY
            yield hand[2], Shape(role, (hand[:2],), RADIUS["hand"])
        chest = RADIUS["chest"] * (1 + 0.06 * breath)
        discs = [(flat["right_hip"], RADIUS["hip"]), (flat["left_hip"], RADIUS["hip"]),
                 (flat["waist"], RADIUS["waist"]), (flat["chest"], chest),
                 (flat["right_shoulder"], RADIUS["shoulder"]),
                 (flat["left_shoulder"], RADIUS["shoulder"])]
        # Behind the limbs that join it at the same depth (the thighs seen from the front).
        yield flat["pelvis"][2] - 0.001, Shape(Role.BODY, _hull_of_discs(discs))
        head = flat["head"]
        yield head[2] - 0.001, Shape(Role.BODY, (flat["neck"][:2], head[:2]), RADIUS["neck"])
        yield head[2], Shape(Role.BODY, (head[:2],), RADIUS["head"])
        for eye in _eyes(flat):
            yield head[2] + 0.001, Shape(Role.EYE, (eye,), 0.011)

    def _fixed_props(self) -> Iterator[tuple[float, Shape]]:
        x0, x1, z0, z1 = self._room
        floor = [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]
        yield -1e9, self._polygon(Role.FLOOR, floor)
        for prop in self.spec.props:
            at = add(self.start[prop.at], prop.offset) if prop.at else prop.offset
            kind = prop.kind
            if kind is Equipment.MAT:
                m0, m1, n0, n1 = _footprint([self.start], margin=0.07)
                yield -1e8, self._box(Role.MAT, (m0, 0, n0), (m1, MAT_THICKNESS, n1))[1]
            elif kind is Equipment.PILLOW:
                yield self._box(Role.SOFT, (at[0] - 0.08, self._floor, at[2] - 0.11),
                                (at[0] + 0.08, self._floor + PILLOW_HEIGHT, at[2] + 0.11))
            elif kind is Equipment.STEP:
                yield self._box(Role.PROP, (at[0] - 0.11, 0.0, at[2] - 0.18),
                                (at[0] + 0.11, STEP_HEIGHT, at[2] + 0.18))
            elif kind is Equipment.CHAIR:
                yield from self._chair(at, FACING[prop.facing])
            elif kind is Equipment.WALL:
                yield from self._wall(at, FACING[prop.facing])
            elif kind is Equipment.BIKE:
                yield from self._bike(at)
            elif kind is Equipment.ELLIPTICAL:
                yield from self._elliptical(at)
            elif kind is Equipment.POOL:
                yield 1e9, self._box(Role.WATER, (x0, 0, z0), (x1, prop.level, z1))[1]

    def _moving_props(self, flat: Mapping[str, Vec]) -> Iterator[tuple[float, Shape]]:
        """Props held by or strapped to the body, which move with it."""
        for prop in self.spec.props:
            if prop.kind in (Equipment.BAND, Equipment.TOWEL) and prop.between:
                a, b = (flat[p] for p in prop.between)
                role = Role.BAND if prop.kind is Equipment.BAND else Role.SOFT
                yield max(a[2], b[2]) + 0.05, Shape(role, (a[:2], b[:2]), 0.011)
            elif prop.kind is Equipment.TENNIS_BALL:  # the projection is linear: add after
                shift = self.project(prop.offset)
                p = add(flat[prop.at], shift) if prop.at else shift
                yield p[2], Shape(Role.BALL, (p[:2],), 0.022)
            elif prop.kind is Equipment.CUFF_WEIGHT:  # strapped just above the ankle
                ankle, knee = flat[prop.at], flat[prop.at.replace("ankle", "knee")]
                low, high = _toward(ankle, knee, 0.04), _toward(ankle, knee, 0.2)
                yield max(ankle[2], knee[2]) + 0.01, Shape(Role.PROP, (low[:2], high[:2]), 0.03)
            elif prop.kind is Equipment.ELLIPTICAL:
                top = self.project(_post_top(add(self.start[prop.at], prop.offset)
                                             if prop.at else prop.offset))
                for side in ("right", "left"):
                    hand = flat[f"{side}_hand"]
                    yield hand[2] - 0.002, Shape(Role.PROP, (top[:2], hand[:2]), 0.012)

    def _chair(self, seat: Vec, facing: Vec) -> Iterator[tuple[float, Shape]]:
        across: Vec = (-facing[2], 0.0, facing[0])
        half, thick, back_h = 0.125, 0.03, 0.27

        def corner(f: float, a: float, y: float) -> Vec:
            return (seat[0] + facing[0] * f + across[0] * a, y,
                    seat[2] + facing[2] * f + across[2] * a)
        for f in (-half + 0.015, half - 0.015):
            for a in (-half + 0.015, half - 0.015):
                top = self.project(corner(f, a, seat[1] - thick))
                bottom = self.project(corner(f, a, 0))
                yield top[2], Shape(Role.PROP, (top[:2], bottom[:2]), 0.012)
        yield self._box(Role.PROP, *_lo_hi(corner(-half, -half, seat[1] - thick),
                                          corner(half, half, seat[1])))
        yield self._box(Role.PROP, *_lo_hi(corner(-half, -half, seat[1]),
                                          corner(-half + 0.025, half, seat[1] + back_h)))

    def _wall(self, face: Vec, facing: Vec) -> Iterator[tuple[float, Shape]]:
        height = 1.15
        across: Vec = (-facing[2], 0.0, facing[0])
        a = add(face, (-0.045 * facing[0], 0.0, -0.045 * facing[2]))
        lo = (face[0] - across[0] * 0.5, 0.0, face[2] - across[2] * 0.5)
        hi = (a[0] + across[0] * 0.5, height, a[2] + across[2] * 0.5)
        yield -1e7, self._box(Role.PROP, *_lo_hi(lo, hi))[1]  # the body is always in front

    def _bike(self, saddle: Vec) -> Iterator[tuple[float, Shape]]:
        x, y, z = saddle
        crank = (x + 0.107, y - 0.325, z)  # where the balls of the feet circle
        bar = (x + 0.3, y + 0.17, z)
        parts = [((x - 0.05, y - 0.01, z), (x + 0.05, y - 0.01, z), 0.018),
                 ((x, y - 0.02, z), crank, 0.016), (crank, (x + 0.26, 0.3, z), 0.016),
                 ((x + 0.26, 0.3, z), bar, 0.016), ((bar[0] - 0.06, bar[1], z), bar, 0.016),
                 ((x - 0.22, 0.015, z), (x + 0.4, 0.015, z), 0.016),
                 (crank, (x + 0.1, 0.015, z), 0.016)]
        back = self.project((x, 0, z - 0.2))[2] - 0.001
        for a, b, r in parts:
            yield back, Shape(Role.PROP, (self.project(a)[:2], self.project(b)[:2]), r)
        wheel = self.project((x + 0.26, 0.2, z))
        yield back, Shape(Role.PROP, (wheel[:2],), 0.13)
        yield back + 0.0005, Shape(Role.FLOOR, (wheel[:2],), 0.03)
        yield back + 0.0006, Shape(Role.PROP, (self.project(crank)[:2],), 0.045)

    def _elliptical(self, base: Vec) -> Iterator[tuple[float, Shape]]:
        x, _, z = base
        back = self.project((x, 0, z - 0.25))[2] - 0.001
        for a, b in (((x - 0.35, 0.02, z), (x + 0.4, 0.02, z)),
                     ((x + 0.4, 0.02, z), _post_top(base))):
            yield back, Shape(Role.PROP, (self.project(a)[:2], self.project(b)[:2]), 0.02)

    def _box(self, role: Role, lo: Vec, hi: Vec) -> tuple[float, Shape]:
        corners = [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                   for z in (lo[2], hi[2])]
        centre = self.project(((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2))
        return centre[2], self._polygon(role, corners)

    def _polygon(self, role: Role, corners: Iterable[Vec]) -> Shape:
        return Shape(role, tuple(_hull([self.project(c)[:2] for c in corners])))

    def _bounds(self, frames: Sequence[Mapping[str, Vec]]) -> Bounds:
        xs: list[float] = []
        ys: list[float] = []
        for frame in frames:
            for name, p in frame.items():
                if name == "face":
                    continue
                q, r = self.project(p), surface(name) + 0.02
                xs += [q[0] - r, q[0] + r]
                ys += [q[1] - r, q[1] + r]
        flat = {n: self.project(p) for n, p in frames[0].items()}
        for _, shape in (*self._scenery, *self._moving_props(flat)):
            if shape.role in (Role.FLOOR, Role.WATER):
                continue
            for x, y in shape.points:
                xs += [x - shape.radius, x + shape.radius]
                ys += [y - shape.radius, y + shape.radius]
        floor_y = [self.project((x, 0.0, z))[1] for x in self._room[:2] for z in self._room[2:]]
        return (min(xs), min(ys + floor_y) - 0.02, max(xs), max(ys))


def _post_top(base: Vec) -> Vec:
    """Where an elliptical trainer's handles meet its front post."""
    return (base[0] + 0.36, 0.75, base[2])


def _toward(a: Vec, b: Vec, f: float) -> Vec:
    """The point ``f`` of the way from ``a`` to ``b``."""
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)


def _moved_by(points: Mapping[str, Vec], by: Vec) -> dict[str, Vec]:
    return {name: (p if name == "face" else add(p, by)) for name, p in points.items()}


def _farther(flat: Mapping[str, Vec], side: str) -> tuple[bool, bool]:
    """Whether the leg, and the arm, of ``side`` are on the far side of the body."""
    other = "left" if side == "right" else "right"

    def behind(joint: str) -> bool:
        return flat[f"{side}_{joint}"][2] < flat[f"{other}_{joint}"][2] - 0.02
    return behind("hip"), behind("shoulder")


def _union(a: Bounds, b: Bounds) -> Bounds:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _moved(a: Mapping[str, Vec], b: Mapping[str, Vec]) -> frozenset[str]:
    """Limbs that move noticeably from one frame to the other: their far end travels, or
    they turn (a thigh swinging about a knee that stays put)."""
    out = set()
    for side in ("right", "left"):
        for limb, start, end in LIMBS:
            p0, p1 = a[f"{side}_{start}"], a[f"{side}_{end}"]
            q0, q1 = b[f"{side}_{start}"], b[f"{side}_{end}"]
            u = tuple(y - x for x, y in zip(p0, p1, strict=True))
            v = tuple(y - x for x, y in zip(q0, q1, strict=True))
            cos = sum(x * y for x, y in zip(u, v, strict=True)) / (
                math.hypot(*u) * math.hypot(*v) or 1.0)
            if math.dist(p1, q1) > 0.04 or cos < math.cos(math.radians(12)):
                out.add(f"{side}_{limb}")
    return frozenset(out)


def _other_side(name: str) -> str:
    side, _, rest = name.partition("_")
    return f"{'left' if side == 'right' else 'right'}_{rest}"


def _footprint(frames: Sequence[Mapping[str, Vec]], margin: float = 0.25
               ) -> tuple[float, float, float, float]:
    xs = [p[0] for f in frames for n, p in f.items() if n != "face"]
    zs = [p[2] for f in frames for n, p in f.items() if n != "face"]
    return min(xs) - margin, max(xs) + margin, min(zs) - margin, max(zs) + margin


def _lo_hi(a: Vec, b: Vec) -> tuple[Vec, Vec]:
    return ((min(a[0], b[0]), min(a[1], b[1]), min(a[2], b[2])),
            (max(a[0], b[0]), max(a[1], b[1]), max(a[2], b[2])))


def _flip(shape: Shape, sign: float) -> Shape:
    if sign > 0:
        return shape
    return Shape(shape.role, tuple((-x, y) for x, y in shape.points), shape.radius)


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


def _hull_of_discs(discs: Sequence[tuple[Vec, float]], steps: int = 16) -> tuple[Point, ...]:
    turns = [(math.cos(2 * math.pi * i / steps), math.sin(2 * math.pi * i / steps))
             for i in range(steps)]
    points = [(c[0] + r * cx, c[1] + r * sy) for c, r in discs for cx, sy in turns]
    return tuple(_hull(points))


def _hull(points: Sequence[Point]) -> list[Point]:
    """Convex hull, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower: list[Point] = []
    upper: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
