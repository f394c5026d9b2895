"""The room around a figure: the camera, the floor and the props, as flat shapes.

Everything here is in world units (y up); ``Camera`` flattens it for the picture. Shapes come
with a depth (towards the viewer) so that ``drawing`` can paint them far to near with the body.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from ..catalog import Equipment
from .skeleton import Mat, Vec, add, apply, mul, rot_x, rot_y
from .spec import FigureSpec, Prop, View

Point = tuple[float, float]
Bounds = tuple[float, float, float, float]  # x0, y0, x1, y1
Footprint = tuple[float, float, float, float]  # x0, x1, z0, z1 on the floor


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
    limb: str = ""  # the limb it is part of ("right_leg"), if any

    def box(self) -> Bounds:
        """The smallest rectangle holding the shape."""
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        r = self.radius
        return min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r


Layer = tuple[float, Shape]  # depth (towards the viewer), shape

MAT_THICKNESS = 0.012
MAT_HALF_WIDTH = 0.17  # a mat is about 60 cm wide for a person of 1.75 m
PILLOW_HEIGHT = 0.045
STEP_HEIGHT = 0.1
FLOOR_MARGIN = 0.1  # floor shown beyond where the body moves, and beyond the mat
VIEW_ANGLES = {View.SIDE: (0.0, 0.0), View.FRONT: (-90.0, 0.0), View.TOP: (0.0, 90.0)}
FACING: dict[str, Vec] = {"+x": (1, 0, 0), "-x": (-1, 0, 0), "+z": (0, 0, 1), "-z": (0, 0, -1)}
BEHIND = -1e6  # depth of what is always behind the body: floor, mat, wall


class Camera:
    """Where the figure is seen from: flattens room points to the picture."""

    def __init__(self, spec: FigureSpec) -> None:
        yaw, pitch = VIEW_ANGLES[spec.view]
        self._m: Mat = mul(rot_x(pitch + spec.camera[1]), rot_y(yaw + spec.camera[0]))

    def project(self, v: Vec) -> Vec:
        """Image x, image y (up) and depth (towards the viewer)."""
        return apply(self._m, v)

    def polygon(self, role: Role, corners: Iterable[Vec]) -> Shape:
        return Shape(role, tuple(hull([self.project(c)[:2] for c in corners])))

    def box(self, role: Role, lo: Vec, hi: Vec) -> Layer:
        corners = [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                   for z in (lo[2], hi[2])]
        centre = self.project(((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2))
        return centre[2], self.polygon(role, corners)


def mat_footprint(start: Mapping[str, Vec]) -> Footprint:
    """Under the whole length of the body, as wide as a mat, centred under what lies on it."""
    x0, x1, _, _ = footprint([start], margin=0.07)
    low = [p[2] for n, p in start.items() if n != "face" and p[1] < 0.15] or [start["pelvis"][2]]
    middle = (min(low) + max(low)) / 2
    half = max(MAT_HALF_WIDTH, (max(low) - min(low)) / 2 + 0.05)
    return x0, x1, middle - half, middle + half


def fixed_props(spec: FigureSpec, camera: Camera, start: Mapping[str, Vec],
                reach: Footprint, floor: float) -> Iterator[Layer]:
    """The floor (under ``reach``, where the body moves, and the mat) and the props that stand
    still, placed by the body's start pose."""
    mat = mat_footprint(start) if any(p.kind is Equipment.MAT for p in spec.props) else None
    x0, x1, z0, z1 = reach if mat is None else _cover(reach, _grown(mat, FLOOR_MARGIN))
    yield BEHIND - 2, camera.polygon(Role.FLOOR, [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1),
                                                   (x0, 0.0, z1)])
    for prop in spec.props:
        at = add(start[prop.at], prop.offset) if prop.at else prop.offset
        kind = prop.kind
        if kind is Equipment.MAT and mat is not None:
            m0, m1, n0, n1 = mat
            yield BEHIND - 1, camera.box(Role.MAT, (m0, 0, n0), (m1, MAT_THICKNESS, n1))[1]
        elif kind is Equipment.PILLOW:
            yield camera.box(Role.SOFT, (at[0] - 0.08, floor, at[2] - 0.11),
                             (at[0] + 0.08, floor + PILLOW_HEIGHT, at[2] + 0.11))
        elif kind is Equipment.STEP:
            yield camera.box(Role.PROP, (at[0] - 0.11, 0.0, at[2] - 0.18),
                             (at[0] + 0.11, STEP_HEIGHT, at[2] + 0.18))
        elif kind is Equipment.CHAIR:
            yield from _chair(camera, at, FACING[prop.facing])
        elif kind is Equipment.WALL:
            yield from _wall(camera, at, FACING[prop.facing])
        elif kind is Equipment.BIKE:
            yield from _bike(camera, at)
        elif kind is Equipment.ELLIPTICAL:
            yield from _elliptical(camera, at)
        elif kind is Equipment.POOL:
            yield 1e9, camera.box(Role.WATER, (x0, 0, z0), (x1, prop.level, z1))[1]


def moving_props(props: Sequence[Prop], camera: Camera, start: Mapping[str, Vec],
                 flat: Mapping[str, Vec]) -> Iterator[Layer]:
    """Props held by or strapped to the body (``flat``: its projected points), which move
    with it."""
    for prop in props:
        if prop.kind in (Equipment.BAND, Equipment.TOWEL) and prop.between:
            a, b = (flat[p] for p in prop.between)
            role = Role.BAND if prop.kind is Equipment.BAND else Role.SOFT
            yield max(a[2], b[2]) + 0.05, Shape(role, (a[:2], b[:2]), 0.011)
        elif prop.kind is Equipment.TENNIS_BALL:  # the projection is linear: add after
            shift = camera.project(prop.offset)
            p = add(flat[prop.at], shift) if prop.at else shift
            yield p[2], Shape(Role.BALL, (p[:2],), 0.022)
        elif prop.kind is Equipment.CUFF_WEIGHT:  # strapped just above the ankle
            ankle, knee = flat[prop.at], flat[prop.at.replace("ankle", "knee")]
            low, high = _toward(ankle, knee, 0.04), _toward(ankle, knee, 0.2)
            yield max(ankle[2], knee[2]) + 0.01, Shape(Role.PROP, (low[:2], high[:2]), 0.03)
        elif prop.kind is Equipment.ELLIPTICAL:
            top = camera.project(_post_top(add(start[prop.at], prop.offset)
                                           if prop.at else prop.offset))
            for side in ("right", "left"):
                hand = flat[f"{side}_hand"]
                yield hand[2] - 0.002, Shape(Role.PROP, (top[:2], hand[:2]), 0.012)


def _chair(camera: Camera, seat: Vec, facing: Vec) -> Iterator[Layer]:
    across: Vec = (-facing[2], 0.0, facing[0])
    half, thick, back_h = 0.125, 0.03, 0.27

    def corner(f: float, a: float, y: float) -> Vec:
        return (seat[0] + facing[0] * f + across[0] * a, y,
                seat[2] + facing[2] * f + across[2] * a)
    for f in (-half + 0.015, half - 0.015):
        for a in (-half + 0.015, half - 0.015):
            top = camera.project(corner(f, a, seat[1] - thick))
            bottom = camera.project(corner(f, a, 0))
            yield top[2], Shape(Role.PROP, (top[:2], bottom[:2]), 0.012)
    yield camera.box(Role.PROP, *_lo_hi(corner(-half, -half, seat[1] - thick),
                                        corner(half, half, seat[1])))
    yield camera.box(Role.PROP, *_lo_hi(corner(-half, -half, seat[1]),
                                        corner(-half + 0.025, half, seat[1] + back_h)))


def _wall(camera: Camera, face: Vec, facing: Vec) -> Iterator[Layer]:
    height = 1.15
    across: Vec = (-facing[2], 0.0, facing[0])
    a = add(face, (-0.045 * facing[0], 0.0, -0.045 * facing[2]))
    lo = (face[0] - across[0] * 0.5, 0.0, face[2] - across[2] * 0.5)
    hi = (a[0] + across[0] * 0.5, height, a[2] + across[2] * 0.5)
    yield BEHIND, camera.box(Role.PROP, *_lo_hi(lo, hi))[1]  # the body is always in front


def _bike(camera: Camera, saddle: Vec) -> Iterator[Layer]:
    x, y, z = saddle
    crank = (x + 0.107, y - 0.325, z)  # where the balls of the feet circle
    bar = (x + 0.3, y + 0.17, z)
    parts = [((x - 0.05, y - 0.01, z), (x + 0.05, y - 0.01, z), 0.018),
             ((x, y - 0.02, z), crank, 0.016), (crank, (x + 0.26, 0.3, z), 0.016),
             ((x + 0.26, 0.3, z), bar, 0.016), ((bar[0] - 0.06, bar[1], z), bar, 0.016),
             ((x - 0.22, 0.015, z), (x + 0.4, 0.015, z), 0.016),
             (crank, (x + 0.1, 0.015, z), 0.016)]
    back = camera.project((x, 0, z - 0.2))[2] - 0.001
    for a, b, r in parts:
        yield back, Shape(Role.PROP, (camera.project(a)[:2], camera.project(b)[:2]), r)
    wheel = camera.project((x + 0.26, 0.2, z))
    yield back, Shape(Role.PROP, (wheel[:2],), 0.13)
    yield back + 0.0005, Shape(Role.FLOOR, (wheel[:2],), 0.03)
    yield back + 0.0006, Shape(Role.PROP, (camera.project(crank)[:2],), 0.045)


def _elliptical(camera: Camera, base: Vec) -> Iterator[Layer]:
    x, _, z = base
    back = camera.project((x, 0, z - 0.25))[2] - 0.001
    for a, b in (((x - 0.35, 0.02, z), (x + 0.4, 0.02, z)),
                 ((x + 0.4, 0.02, z), _post_top(base))):
        yield back, Shape(Role.PROP, (camera.project(a)[:2], camera.project(b)[:2]), 0.02)


def _post_top(base: Vec) -> Vec:
    """Where an elliptical trainer's handles meet its front post."""
    return (base[0] + 0.36, 0.75, base[2])


def _toward(a: Vec, b: Vec, f: float) -> Vec:
    """The point ``f`` of the way from ``a`` to ``b``."""
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)


def _lo_hi(a: Vec, b: Vec) -> tuple[Vec, Vec]:
    return ((min(a[0], b[0]), min(a[1], b[1]), min(a[2], b[2])),
            (max(a[0], b[0]), max(a[1], b[1]), max(a[2], b[2])))


def footprint(frames: Iterable[Mapping[str, Vec]], margin: float) -> Footprint:
    """The floor area under every body point of ``frames``, ``margin`` beyond it."""
    points = [p for f in frames for n, p in f.items() if n != "face"]
    xs, zs = [p[0] for p in points], [p[2] for p in points]
    return min(xs) - margin, max(xs) + margin, min(zs) - margin, max(zs) + margin


def _grown(f: Footprint, margin: float) -> Footprint:
    return f[0] - margin, f[1] + margin, f[2] - margin, f[3] + margin


def _cover(a: Footprint, b: Footprint) -> Footprint:
    return min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])


def union(a: Bounds, b: Bounds) -> Bounds:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def hull_of_discs(discs: Sequence[tuple[Vec, float]], steps: int = 16) -> tuple[Point, ...]:
    turns = [(math.cos(2 * math.pi * i / steps), math.sin(2 * math.pi * i / steps))
             for i in range(steps)]
    points = [(c[0] + r * cx, c[1] + r * sy) for c, r in discs for cx, sy in turns]
    return tuple(hull(points))


def hull(points: Sequence[Point]) -> list[Point]:
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
