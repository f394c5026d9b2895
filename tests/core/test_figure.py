"""The figure's body, its files, and every built-in figure checked against the catalog."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from hiptimer.core.catalog import Equipment, builtin_catalog
from hiptimer.core.figure.drawing import ARMS, EDGE, LEGS, Figure, Role
from hiptimer.core.figure.motion import passes_through
from hiptimer.core.figure.room import mat_footprint
from hiptimer.core.figure.skeleton import (
    FOREARM,
    HEAD_R,
    NECK,
    SHANK,
    SHOULDER_DROP,
    SPINE_BASE,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Body,
    Pose,
    PoseError,
    blend,
    body_points,
    check_pose,
    swapped,
)
from hiptimer.core.figure.spec import (
    FigureError,
    Motion,
    View,
    builtin_figures,
    load_figures,
)

from .helpers import figure_of

MINIMAL = """
exercise = "test-lift"
body = "upright"
view = "side"
motion = "rep"
[[pose]]
name = "rest"
[[pose]]
name = "lifted"
right_hip = { flex = 90 }
"""




def close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 1e-9) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


# --- the body ----------------------------------------------------------------------------------

def test_standing_straight_puts_each_point_where_the_segment_lengths_say() -> None:
    p = body_points(Pose({}), Body.UPRIGHT)
    assert close(p["right_knee"], (0, -THIGH, 0.055))
    assert close(p["right_ankle"], (0, -THIGH - SHANK, 0.055))
    assert close(p["left_ankle"], (0, -THIGH - SHANK, -0.055))
    assert close(p["head"], (0, SPINE_BASE + TRUNK + NECK + HEAD_R, 0))
    shoulder_y = SPINE_BASE + TRUNK - SHOULDER_DROP
    assert close(p["right_wrist"], (0, shoulder_y - UPPER_ARM - FOREARM, 0.11))


def test_each_angle_moves_the_limb_the_way_its_name_says() -> None:
    knee_up = body_points(Pose({"right_hip.flex": 90}), Body.UPRIGHT)
    assert close(knee_up["right_knee"], (THIGH, 0, 0.055))  # straight out in front
    bent = body_points(Pose({"right_knee.flex": 90}), Body.UPRIGHT)
    assert close(bent["right_ankle"], (-SHANK, -THIGH, 0.055))  # the foot goes back
    out = body_points(Pose({"right_hip.abd": 30, "left_hip.abd": 30}), Body.UPRIGHT)
    assert out["right_knee"][2] == pytest.approx(0.055 + THIGH * math.sin(math.radians(30)))
    assert out["left_knee"][2] == pytest.approx(-out["right_knee"][2])
    bow = body_points(Pose({"spine.flex": 90}), Body.UPRIGHT)
    assert bow["neck"][0] == pytest.approx(TRUNK) and bow["neck"][1] == pytest.approx(SPINE_BASE)
    reach = body_points(Pose({"right_shoulder.flex": 180}), Body.UPRIGHT)
    assert reach["right_wrist"][1] > reach["head"][1]  # arm straight up
    # With the knee bent, turning the thigh outwards swings the foot in towards the midline.
    turned = body_points(Pose({"right_knee.flex": 90, "right_hip.rot": 40}), Body.UPRIGHT)
    assert turned["right_ankle"][2] < 0.055


def test_each_lie_turns_the_body_as_documented() -> None:
    supine = body_points(Pose({}), Body.SUPINE)
    assert supine["head"][0] < 0 and abs(supine["head"][1]) < 1e-9
    assert body_points(Pose({"right_hip.flex": 90}), Body.SUPINE)["right_knee"][1] > 0.2
    prone = body_points(Pose({}), Body.PRONE)
    assert prone["head"][0] > 0 and prone["right_hip"][2] > 0
    side = body_points(Pose({}), Body.SIDE_LYING)
    assert side["right_hip"][1] > side["left_hip"][1] and side["head"][0] > 0


def test_angles_outside_a_human_range_are_refused_naming_the_joint() -> None:
    with pytest.raises(PoseError, match=r"right_knee.flex is 170°; a body can do 0° to 150°"):
        check_pose(Pose({"right_knee.flex": 170}))
    with pytest.raises(PoseError, match="no such joint"):
        check_pose(Pose({"right_tail.flex": 10}))
    check_pose(Pose({"right_hip.flex": 135, "left_hip.flex": -30}))


def test_blend_and_swap() -> None:
    a, b = Pose({"right_hip.flex": 0}), Pose({"right_hip.flex": 90, "spine.side": 10}, tilt=20)
    half = blend(a, b, 0.5)
    assert half.angle("right_hip", "flex") == 45 and half.angle("spine", "side") == 5
    assert half.tilt == 10
    other = swapped(b)
    assert other.angle("left_hip", "flex") == 90 and other.angle("right_hip", "flex") == 0
    assert other.angle("spine", "side") == -10  # bending to the left now


# --- figure files ------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field", "problem"), [
    (('right_hip = { flex = 90 }', 'right_hip = { flex = 140 }'), "right_hip.flex",
     "must be from -30 to 135"),
    (('right_hip = { flex = 90 }', 'right_hip = { wiggle = 1 }'), "right_hip.wiggle",
     "unknown field"),
    (('right_hip = { flex = 90 }', 'tail = { flex = 1 }'), "tail", "unknown field"),
    (('motion = "rep"', 'motion = "dance"'), "motion", "expected one of"),
    (('view = "side"', 'view = "side"\nanchor = "elbow"'), "anchor", "not a body point"),
    (('view = "side"', 'view = "side"\ncamera = [0, 120]'), "camera.2", "must be from"),
    (('motion = "rep"', 'motion = "rep"\n[[prop]]\nkind = "trampoline"'), "prop[1].kind",
     "expected one of"),
    (('motion = "rep"', 'motion = "rep"\n[[prop]]\nkind = "band"\nbetween = ["right_knee"]'),
     "prop[1].between", "expected 2 to 2"),
    (('name = "lifted"', 'name = "rest"'), "pose", "two poses have the same name"),
    (('motion = "rep"', 'motion = "rep"\nworking = ["tail"]'), "working[1]", "not a limb"),
])
def test_a_bad_figure_file_names_the_field(change: tuple[str, str], field: str,
                                          problem: str) -> None:
    text = MINIMAL.replace(*change)
    with pytest.raises(ValueError, match=problem) as info:
        figure_of(text)
    assert field in str(info.value)


def test_a_figure_needs_two_poses_and_a_file_named_after_it(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pose"):
        figure_of(MINIMAL.split("[[pose]]\nname = \"lifted\"")[0])
    (tmp_path / "other-name.toml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(FigureError, match="must be named after it"):
        load_figures(tmp_path)
    (tmp_path / "other-name.toml").unlink()
    (tmp_path / "test-lift.toml").write_text(MINIMAL, encoding="utf-8")
    assert load_figures(tmp_path)["test-lift"].motion is Motion.REP


def test_plural_joints_set_both_sides_and_a_side_refines_them() -> None:
    spec = figure_of(MINIMAL.replace('right_hip = { flex = 90 }',
                                   'hips = { flex = 40, abd = 5 }\nright_hip = { flex = 60 }'))
    lifted = spec.poses[1]
    assert lifted.angle("right_hip", "flex") == 60 and lifted.angle("left_hip", "flex") == 40
    assert lifted.angle("right_hip", "abd") == lifted.angle("left_hip", "abd") == 5


# --- every built-in figure ----------------------------------------------------------------------

CATALOG = builtin_catalog()
FIGURES = builtin_figures()


def test_every_catalog_exercise_has_a_figure_and_every_figure_an_exercise() -> None:
    assert sorted(FIGURES) == sorted(CATALOG)


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_each_figure_is_a_body_a_person_could_hold(exercise_id: str) -> None:
    spec = FIGURES[exercise_id]
    figure = Figure(spec)
    # Every key pose and every pose on the way between them is within human joint ranges.
    for a, b in zip(spec.poses, spec.poses[1:], strict=False):
        for i in range(11):
            check_pose(blend(a, b, i / 10))
    for name, pose in zip(spec.names, spec.poses, strict=True):
        touching, sunk = figure.contacts(pose)
        assert not sunk, f"{name}: through the floor: {sunk}"
        seated = {Equipment.BIKE, Equipment.POOL} & {p.kind for p in spec.props}
        assert touching or seated, f"{name}: floating above the floor"


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_each_figure_shows_the_equipment_and_the_movement(exercise_id: str) -> None:
    spec, exercise = FIGURES[exercise_id], CATALOG[exercise_id]
    assert set(exercise.equipment) <= {p.kind for p in spec.props}
    figure = Figure(spec)
    if spec.motion is not Motion.CYCLE and spec.working is None:
        assert figure.working, "nothing moves between the first and the last pose"
    still, moved = figure.draw(spec.poses[0]), figure.draw(spec.poses[-1])
    assert still.bounds == moved.bounds  # the picture keeps its scale while it moves
    assert any(math.dist(still.points[n], moved.points[n]) > 0.03 for n in still.points)


def test_the_other_side_is_a_mirror_image() -> None:
    figure = Figure(FIGURES["clamshell"])
    pose = FIGURES["clamshell"].poses[-1]
    right, left = figure.draw(pose), figure.draw(pose, mirrored=True)
    for name, (x, y) in right.points.items():
        assert left.points[name] == pytest.approx((-x, y))
    assert left.bounds == pytest.approx((-right.bounds[2], right.bounds[1], -right.bounds[0],
                                         right.bounds[3]))


def test_working_limbs_are_marked_and_follow_a_swap() -> None:
    spec = figure_of(MINIMAL)
    figure = Figure(spec)
    assert figure.working == {"right_leg"}  # the whole leg, though the foot only rides along
    roles = {s.role for s in figure.draw(spec.poses[1]).shapes}
    assert Role.WORKING in roles
    assert spec.view is View.SIDE
    swapped_drawing = figure.draw(spec.poses[1], swap=True)
    knee = swapped_drawing.points["left_knee"]
    assert knee[0] == pytest.approx(THIGH, abs=1e-6)  # the left leg is lifted now


def test_a_figure_file_may_name_the_working_limbs() -> None:
    both = figure_of(MINIMAL.replace('motion = "rep"', 'motion = "rep"\nworking = ["left_leg"]'))
    assert Figure(both).working == {"left_leg"}
    none = figure_of(MINIMAL.replace('motion = "rep"', 'motion = "rep"\nworking = []'))
    assert Figure(none).working == frozenset()
    roles = {s.role for s in Figure(none).draw(none.poses[1]).shapes}
    assert not roles & {Role.WORKING, Role.WORKING_FAR}


# --- framing and colours of every built-in figure -----------------------------------------------

def inside(box: tuple[float, float, float, float], bounds: tuple[float, float, float, float],
           pad: float) -> bool:
    return (box[0] - pad >= bounds[0] and box[1] - pad >= bounds[1]
            and box[2] + pad <= bounds[2] and box[3] + pad <= bounds[3])


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_every_frame_fits_the_figures_fixed_frame(exercise_id: str) -> None:
    """Body, mat, floor and props, outline included, stay inside the drawing's bounds in every
    key pose and every pose between, on both sides and at the fullest breath; the bounds (and
    so the scale) stay the same all the way through."""
    spec = FIGURES[exercise_id]
    figure = Figure(spec)
    for how in ({}, {"mirrored": True}, {"swap": True, "turns": True}):
        frames = [figure.draw(pose, breath=b, **how) for pose in passes_through(spec, 16)
                  for b in (-1, 1)]
        assert len({d.bounds for d in frames}) == 1, how
        for drawing in frames:
            for shape in drawing.shapes:
                assert inside(shape.box(), drawing.bounds, EDGE), (how, shape.role)
    roles = {s.role for s in figure.draw(spec.poses[0]).shapes}
    assert Role.FLOOR in roles
    assert (Role.MAT in roles) == any(p.kind is Equipment.MAT for p in spec.props)


@pytest.mark.parametrize("exercise_id", sorted(
    e for e in CATALOG if any(p.kind is Equipment.MAT for p in FIGURES[e].props)))
def test_the_mat_lies_under_everything_resting_on_it(exercise_id: str) -> None:
    figure = Figure(FIGURES[exercise_id])
    x0, x1, z0, z1 = mat_footprint(figure.start)
    touching, _ = figure.contacts(figure.spec.poses[0])
    for name in touching:
        x, _, z = figure.start[name]
        assert x0 <= x <= x1 and z0 <= z <= z1, name


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_each_limb_is_drawn_in_one_colour(exercise_id: str) -> None:
    spec = FIGURES[exercise_id]
    figure = Figure(spec)
    for pose in passes_through(spec, 4):
        for how in ({}, {"mirrored": True}, {"swap": True}):
            roles: dict[str, set[Role]] = {}
            for shape in figure.draw(pose, **how).shapes:
                roles.setdefault(shape.limb, set()).add(shape.role)
            assert roles.keys() >= {"right_leg", "left_leg", "right_arm", "left_arm"}
            for limb in ("right_leg", "left_leg", "right_arm", "left_arm"):
                assert len(roles[limb]) == 1, (limb, roles[limb], how)
    # And they are the limbs drawn: three parts to a leg, two and a hand to an arm.
    shapes = figure.draw(spec.poses[0]).shapes
    assert sum(s.limb == "right_leg" for s in shapes) == len(LEGS)
    assert sum(s.limb == "left_arm" for s in shapes) == len(ARMS) + 1
