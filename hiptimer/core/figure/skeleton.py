"""The figure's body: joints with human ranges of motion, and where a pose puts each body point.

Lengths are fractions of standing height (segment proportions after Winter's anthropometric
tables). The body frame of an upright figure: x forward, y up, z towards its right side.
Angles are anatomical, in degrees, the same for both sides (abduction moves a leg away from the
midline on either side), so the range check means the same thing for every joint.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows


@dataclass(frozen=True)
class Dof:
    """One degree of freedom: its range (degrees) and what the positive direction means."""

    lo: float
    hi: float
    meaning: str


# Active ranges of motion (AAOS tables, rounded out a little for the passive end of a stretch).
JOINTS: dict[str, dict[str, Dof]] = {
    "spine": {"flex": Dof(-30, 90, "forward bend"), "side": Dof(-35, 35, "bend to the right"),
              "twist": Dof(-45, 45, "turn the chest to the right")},
    "neck": {"flex": Dof(-60, 60, "chin down"), "turn": Dof(-80, 80, "look to the right")},
    "shoulder": {"flex": Dof(-60, 180, "arm forward and up"), "abd": Dof(-30, 180, "arm out"),
                 "rot": Dof(-70, 90, "turn the arm outwards")},
    "elbow": {"flex": Dof(0, 150, "bend")},
    "hip": {"flex": Dof(-30, 135, "thigh forward"), "abd": Dof(-30, 50, "thigh out"),
            "rot": Dof(-45, 60, "turn the thigh outwards")},
    "knee": {"flex": Dof(0, 150, "bend")},
    "ankle": {"flex": Dof(-50, 30, "toes up")},
}
SIDED = ("shoulder", "elbow", "hip", "knee", "ankle")
JOINT_NAMES: tuple[str, ...] = ("spine", "neck", *(
    f"{side}_{joint}" for joint in SIDED for side in ("right", "left")))


class Body(str, Enum):
    """How the whole body lies in the room, before the pelvis tilt of a pose."""

    UPRIGHT = "upright"  # standing, sitting, kneeling: facing +x
    SUPINE = "supine"  # on the back, head towards -x, right side towards +z
    PRONE = "prone"  # face down, head towards +x, right side towards +z
    SIDE_LYING = "side-lying"  # on the left side (right side up), head towards +x, facing +z


# Segment lengths, fractions of height.
PELVIS_HALF = 0.055  # hip joint centre from the midline
SPINE_BASE = 0.05  # lumbar joint above the hip centres
TRUNK = 0.24  # lumbar joint to the base of the neck
SHOULDER_HALF = 0.11
SHOULDER_DROP = 0.025  # shoulder joints below the base of the neck
NECK = 0.06
HEAD_R = 0.062
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.05
THIGH = 0.245
SHANK = 0.246
HEEL: Vec = (-0.035, -0.032, 0.0)  # from the ankle, in the foot frame
TOE: Vec = (0.115, -0.032, 0.0)

# Half thickness of each part, for drawing and for resting on the floor.
RADIUS = {
    "thigh": 0.046, "shank": 0.036, "foot": 0.022, "upper_arm": 0.031, "forearm": 0.026,
    "hand": 0.028, "neck": 0.03, "head": HEAD_R, "hip": 0.062, "chest": 0.082, "waist": 0.07,
    "shoulder": 0.045,
}


class PoseError(ValueError):
    """A joint or angle a pose names does not exist, or an angle is outside the human range."""


@dataclass(frozen=True)
class Pose:
    """Joint angles in degrees, plus how the pelvis is turned from the body's lie.

    ``angles`` maps ``joint.dof`` (e.g. ``right_hip.flex``) to degrees; unnamed ones are 0.
    ``tilt`` turns the pelvis about its left-right axis (positive tips the trunk back, as in
    the rise of a bridge), ``roll`` about its front-back axis (positive drops the right hip),
    ``turn`` about its long axis (positive turns the front to the right).
    """

    angles: Mapping[str, float]
    tilt: float = 0.0
    roll: float = 0.0
    turn: float = 0.0

    def angle(self, joint: str, dof: str) -> float:
        return self.angles.get(f"{joint}.{dof}", 0.0)


def check_pose(pose: Pose) -> None:
    """Raise PoseError unless every angle names a real joint and lies in its human range."""
    for key, value in pose.angles.items():
        joint, _, dof = key.partition(".")
        kind = joint.split("_", 1)[1] if joint.startswith(("right_", "left_")) else joint
        if joint not in JOINT_NAMES or dof not in JOINTS[kind]:
            raise PoseError(f"{key}: no such joint angle")
        limits = JOINTS[kind][dof]
        if not limits.lo - 1e-6 <= value <= limits.hi + 1e-6:  # a blend may round past an end
            raise PoseError(f"{key} is {value:g}°; a body can do {limits.lo:g}° to {limits.hi:g}° "
                            f"({limits.meaning})")
    for name, value, hi in (("tilt", pose.tilt, 180), ("roll", pose.roll, 90),
                            ("turn", pose.turn, 180)):
        if not -hi <= value <= hi:
            raise PoseError(f"{name} is {value:g}°; must be from {-hi}° to {hi}°")


def blend(a: Pose, b: Pose, f: float) -> Pose:
    """The pose a fraction ``f`` of the way from ``a`` to ``b``, joint by joint."""
    keys = set(a.angles) | set(b.angles)
    angles = {k: a.angles.get(k, 0.0) + (b.angles.get(k, 0.0) - a.angles.get(k, 0.0)) * f
              for k in keys}
    return Pose(angles, *(x + (y - x) * f for x, y in ((a.tilt, b.tilt), (a.roll, b.roll),
                                                        (a.turn, b.turn))))


def swapped(pose: Pose) -> Pose:
    """The same pose with left and right exchanged (the other leg takes its turn)."""
    def other(key: str) -> str:
        if key.startswith("right_"):
            return "left_" + key[6:]
        if key.startswith("left_"):
            return "right_" + key[5:]
        return key
    flip = {"spine.side", "spine.twist", "neck.turn"}  # directions relative to the body's right
    angles = {other(k): (-v if k in flip else v) for k, v in pose.angles.items()}
    return Pose(angles, pose.tilt, -pose.roll, -pose.turn)


# --- rotations -------------------------------------------------------------------------------

def rot_x(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def rot_y(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def rot_z(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def mul(a: Mat, b: Mat) -> Mat:
    def row(r: Vec) -> Vec:
        return (r[0] * b[0][0] + r[1] * b[1][0] + r[2] * b[2][0],
                r[0] * b[0][1] + r[1] * b[1][1] + r[2] * b[2][1],
                r[0] * b[0][2] + r[1] * b[1][2] + r[2] * b[2][2])
    return (row(a[0]), row(a[1]), row(a[2]))


def apply(m: Mat, v: Vec) -> Vec:
    return (m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
            m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2])


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def along(origin: Vec, m: Mat, v: Vec) -> Vec:
    """``origin`` plus the local vector ``v`` in the frame ``m``."""
    return add(origin, apply(m, v))


LIE: dict[Body, Mat] = {
    Body.UPRIGHT: rot_z(0),
    Body.SUPINE: rot_z(90),
    Body.PRONE: rot_z(-90),
    Body.SIDE_LYING: mul(rot_y(-90), rot_x(-90)),
}
DOWN: Vec = (0.0, -1.0, 0.0)


def body_points(pose: Pose, lie: Body) -> dict[str, Vec]:
    """Forward kinematics: every named body point, with the pelvis centre at the origin."""
    pelvis = mul(LIE[lie], mul(rot_y(-pose.turn), mul(rot_z(pose.tilt), rot_x(pose.roll))))
    o: Vec = (0.0, 0.0, 0.0)
    points: dict[str, Vec] = {"pelvis": o}
    spine = pose.angle("spine", "flex"), pose.angle("spine", "side"), pose.angle("spine", "twist")
    base = along(o, pelvis, (0, SPINE_BASE, 0))
    trunk = mul(pelvis, mul(rot_y(-spine[2]), mul(rot_z(-spine[0]), rot_x(spine[1]))))
    neck = along(base, trunk, (0, TRUNK, 0))
    points.update(waist=base, neck=neck, chest=along(base, trunk, (0, TRUNK * 0.62, 0)))
    head = mul(trunk, mul(rot_y(-pose.angle("neck", "turn")), rot_z(-pose.angle("neck", "flex"))))
    points["head"] = along(neck, head, (0, NECK + HEAD_R, 0))
    points["face"] = along(points["head"], head, (1, 0, 0))  # a unit step the way it looks
    for name, s in (("right", 1.0), ("left", -1.0)):
        def dof(joint: str, which: str, name: str = name) -> float:
            return pose.angle(f"{name}_{joint}", which)
        shoulder = along(neck, trunk, (0, -SHOULDER_DROP, s * SHOULDER_HALF))
        arm = mul(trunk, mul(rot_z(dof("shoulder", "flex")),
                             mul(rot_x(-s * dof("shoulder", "abd")),
                                 rot_y(-s * dof("shoulder", "rot")))))
        elbow = along(shoulder, arm, (0, -UPPER_ARM, 0))
        forearm = mul(arm, rot_z(dof("elbow", "flex")))
        wrist = along(elbow, forearm, (0, -FOREARM, 0))
        hip = along(o, pelvis, (0, 0, s * PELVIS_HALF))
        thigh = mul(pelvis, mul(rot_z(dof("hip", "flex")),
                                mul(rot_x(-s * dof("hip", "abd")), rot_y(-s * dof("hip", "rot")))))
        knee = along(hip, thigh, (0, -THIGH, 0))
        shank = mul(thigh, rot_z(-dof("knee", "flex")))
        ankle = along(knee, shank, (0, -SHANK, 0))
        foot = mul(shank, rot_z(dof("ankle", "flex")))
        points.update({
            f"{name}_shoulder": shoulder, f"{name}_elbow": elbow, f"{name}_wrist": wrist,
            f"{name}_hand": along(wrist, forearm, (0, -HAND, 0)),
            f"{name}_hip": hip, f"{name}_knee": knee, f"{name}_ankle": ankle,
            f"{name}_heel": along(ankle, foot, HEEL), f"{name}_toe": along(ankle, foot, TOE),
        })
    return points


POINT_NAMES: tuple[str, ...] = tuple(body_points(Pose({}), Body.UPRIGHT))
