"""Cue scheduling: on the beat, never overlapping, announcements never dropped."""

from __future__ import annotations

import dataclasses
import itertools
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.cues import (
    CueKind,
    CueOptions,
    CueSchedule,
    Verbosity,
    _Lane,
    estimate_length,
    phrases,
    schedule,
    side_name,
    wanted_cues,
)
from hiptimer.core.dose import Side, Sides, Tempo
from hiptimer.core.plan import Kind, Plan, compile_plan
from hiptimer.core.routine_load import builtin_routines

from .helpers import CATALOG, block, routine, routines

BUILTIN = builtin_routines(CATALOG)
OPTIONS = [CueOptions(v, beeps) for v in Verbosity for beeps in (True, False)]


def hashed_length(lo: float, hi: float) -> Callable[[str], float]:
    """A made-up but stable spoken length per phrase, between lo and hi seconds."""
    return lambda text: lo + (zlib.crc32(text.encode()) % 1000) / 1000 * (hi - lo)


def assert_schedule_invariants(plan: Plan, cues: CueSchedule, options: CueOptions) -> None:
    for beeps in (False, True):
        lane = [c for c in cues.cues if c.kind.is_beep == beeps]
        for before, after in itertools.pairwise(lane):
            assert after.start >= before.end, f"{before} overlaps {after}"
    for cue in cues.cues:
        assert cue.end > cue.start >= 0
        if cue.kind.mandatory:
            assert cue.start >= cue.beat  # said on its beat, or as soon as the voice is free
        else:
            assert cue.start <= cue.beat  # on its beat, or moved earlier
    assert all(not w.kind.mandatory for w in cues.dropped)
    said = [c for c in cues.cues if not c.kind.is_beep]
    assert {c.text for c in said} <= phrases(plan, options)
    blocks_started = [i for i, s in enumerate(plan.segments[:-1])
                      if i == 0 or plan.segments[i - 1].block != s.block]
    announced = [c.segment for c in cues.cues if c.kind is CueKind.ANNOUNCE]
    assert announced == blocks_started
    noted = [c.segment for c in cues.cues if c.kind is CueKind.NOTE]
    assert noted == [i for i in blocks_started if plan.routine.blocks[plan.segments[i].block].note]
    sided_units = [u for u in plan.units if u.side is not None]
    assert len([c for c in cues.cues if c.kind is CueKind.SIDE]) == len(sided_units)
    assert [c.kind for c in cues.cues if c.kind is CueKind.COMPLETE] == [CueKind.COMPLETE]
    if not options.beeps:
        assert not any(c.kind.is_beep for c in cues.cues)


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: f"{o.verbosity.value}-{o.beeps}")
@pytest.mark.parametrize("r", BUILTIN, ids=[r.id for r in BUILTIN])
def test_builtin_schedules_keep_the_invariants(r, options: CueOptions) -> None:  # type: ignore[no-untyped-def]
    plan = compile_plan(r)
    for lengths in (estimate_length, hashed_length(0.3, 2.0), hashed_length(2.0, 9.0)):
        assert_schedule_invariants(plan, schedule(plan, lengths, options), options)


@given(r=routines(), options=st.sampled_from(OPTIONS), lo=st.floats(0.1, 3.0),
       spread=st.floats(0.0, 6.0))
def test_random_routines_keep_the_invariants(r, options: CueOptions, lo: float,  # type: ignore[no-untyped-def]
                                             spread: float) -> None:
    plan = compile_plan(r)
    assert_schedule_invariants(plan, schedule(plan, hashed_length(lo, lo + spread), options),
                               options)


def test_standard_cues_for_a_stretch_fall_on_their_beats() -> None:
    plan = compile_plan(routine(block("hip-flexor-stretch", hold_s=60, sides=Sides.EACH,
                                      transition_s=15, lead_in_s=5, switch_s=10)))
    cues = schedule(plan, lambda text: 0.5, CueOptions())
    said = {(c.start, c.text) for c in cues.cues if not c.kind.is_beep}
    hold = next(s for s in plan.segments if s.kind is Kind.HOLD)
    assert (15.0, "Left hip: kneel on your left knee. Get ready.") in said
    assert {(17.0, "Three."), (18.0, "Two."), (19.0, "One.")} <= said  # a clip per second
    assert (hold.start, "Hold.") in said
    assert (hold.start + 30, "Halfway.") in said
    assert (hold.end - 10, "Ten seconds left.") in said
    assert (hold.end, "Switch sides. Right hip: kneel on your right knee.") in said
    ticks = [c.start for c in cues.cues if c.kind is CueKind.BEEP_TICK]
    assert ticks[:3] == [17.0, 18.0, 19.0]


def test_rep_count_moves_earlier_to_end_on_the_beat() -> None:
    plan = compile_plan(routine(block("clamshell", reps=(3, 3), lead_in_s=5, transition_s=10,
                                      tempo=Tempo(up=2, hold=0, down=2, between=1))))
    cues = schedule(plan, lambda text: 1.0 if text.startswith("Rep") else 0.4, CueOptions())
    ups = [s for s in plan.segments if s.kind is Kind.REP_UP]
    counts = [c for c in cues.cues if c.kind is CueKind.REP_COUNT]
    assert [c.text for c in counts] == ["Rep 2 of 3.", "Rep 3 of 3."]
    for cue, up in zip(counts, ups[1:], strict=False):
        assert cue.beat == up.start and cue.end == up.start  # said in the gap before the rep
    phase_words = [c.text for c in cues.cues if c.kind is CueKind.PHASE]
    assert phase_words == ["Open.", "Close."] * 3  # the clamshell's own words


def test_a_cue_that_cannot_fit_is_dropped_not_overlapped() -> None:
    # One-second reps leave no room for a two-second count.
    plan = compile_plan(routine(block("seated-marches", reps=(4, 4), sides=Sides.ALTERNATING,
                                      tempo=Tempo(up=1, hold=0, down=1, between=0))))
    cues = schedule(plan, lambda text: 2.0 if text.startswith("Rep") else 0.5, CueOptions())
    assert not [c for c in cues.cues if c.kind is CueKind.REP_COUNT]
    assert {w.kind for w in cues.dropped} >= {CueKind.REP_COUNT}
    ups = [c.text for c in cues.cues if c.kind is CueKind.PHASE and c.text.endswith(", lift.")]
    assert ups[:4] == ["Left, lift.", "Right, lift.", "Left, lift.", "Right, lift."]


def test_announcements_are_delayed_never_dropped_when_there_is_no_room() -> None:
    # No transition and no lead-in: the announcement, the side and the first "hold" share a beat.
    plan = compile_plan(routine(block("piriformis-stretch", hold_s=30, sides=Sides.EACH,
                                      transition_s=0, lead_in_s=0, switch_s=0)))
    cues = schedule(plan, lambda text: 4.0, CueOptions())
    said = [c for c in cues.cues if not c.kind.is_beep]
    assert [c.kind for c in said[:3]] == [CueKind.ANNOUNCE, CueKind.SIDE, CueKind.SAFETY]
    assert said[0].start == 0 and said[1].start == said[0].end
    assert said[2].start == said[1].end  # the safety phrase is never dropped
    assert_schedule_invariants(plan, cues, CueOptions())


def test_minimal_says_names_sides_and_holds_and_beeps_the_rest() -> None:
    plan = compile_plan(routine(block("bridge", reps=(2, 2)),
                                block("hamstring-stretch", hold_s=40, sides=Sides.EACH)))
    options = CueOptions(Verbosity.MINIMAL)
    kinds = {w.kind for w in wanted_cues(plan, options)}
    assert kinds == {CueKind.ANNOUNCE, CueKind.SAFETY, CueKind.SIDE, CueKind.PHASE,
                     CueKind.COMPLETE, CueKind.BEEP_PHASE, CueKind.BEEP_TICK}
    name = builtin_catalog()["hamstring-stretch"].name
    assert f"Next up: {name}." in phrases(plan, options)


def test_coach_adds_what_to_feel_and_the_last_rep() -> None:
    plan = compile_plan(routine(block("bridge", reps=(2, 4)),
                                block("hamstring-stretch", hold_s=40)))
    texts = phrases(plan, CueOptions(Verbosity.COACH))
    assert "Last one." in texts
    assert builtin_catalog()["hamstring-stretch"].feel in texts
    assert any(t.startswith("That's 2 done.") for t in texts)


def test_announcement_speaks_the_dose() -> None:
    plan = compile_plan(routine(block("clamshell", reps=(10, 15), sides=Sides.EACH),
                                block("hip-flexor-stretch", hold_s=30, sets=3, rest_s=10,
                                      sides=Sides.EACH)))
    announcements = [w.text for w in wanted_cues(plan, CueOptions())
                     if w.kind is CueKind.ANNOUNCE]
    assert announcements[0].startswith("First: Clamshell, 10 to 15 reps each side. ")
    assert announcements[1].startswith(
        f"Next up: {builtin_catalog()['hip-flexor-stretch'].name}, 30 seconds each side, "
        "3 times. ")


def test_estimate_grows_with_words() -> None:
    assert 0.2 < estimate_length("Three.") < 1.0
    assert estimate_length("Rep 6 of 12.") < estimate_length(
        "Next up: Bridge, 10 to 15 reps. Knees bent, squeeze and lift your hips.")


@pytest.mark.parametrize(("exercise", "right", "left"), [
    ("clamshell", "Right leg: lie on your left side", "Left leg: lie on your right side"),
    ("hip-flexor-stretch", "Right hip: kneel on your right knee",
     "Left hip: kneel on your left knee"),
    ("hip-hiker", "Right hip: stand on your right leg", "Left hip: stand on your left leg"),
    ("single-leg-bridge", "Right leg: right foot down, left leg straight",
     "Left leg: left foot down, right leg straight"),
    ("hamstring-stretch", "Right leg", "Left leg"),
    ("standing-hip-flexor-stretch", "Right hip: right leg back", "Left hip: left leg back"),
])
def test_sides_are_named_by_what_the_body_does(exercise: str, right: str, left: str) -> None:
    assert side_name(CATALOG[exercise], Side.RIGHT) == right
    assert side_name(CATALOG[exercise], Side.LEFT) == left


def test_the_first_side_is_said_first_and_the_other_after_a_switch() -> None:
    r = dataclasses.replace(routine(block("clamshell", reps=(1, 1), sides=Sides.EACH)),
                            affected_side=Side.RIGHT)
    cues = schedule(compile_plan(r), lambda text: 0.5, CueOptions())
    sides = [c.text for c in cues.cues if c.kind is CueKind.SIDE]
    assert sides == ["Right leg: lie on your left side. Get ready.",
                     "Switch sides. Left leg: lie on your right side."]


def test_sets_taking_turns_say_each_switch() -> None:
    r = routine(block("hamstring-stretch", hold_s=10, sets=2, rest_s=5,
                      sides=Sides.EACH_BY_SET))
    cues = schedule(compile_plan(r), lambda text: 0.5, CueOptions())
    said = [c.text for c in cues.cues if c.kind in (CueKind.SIDE, CueKind.REST)]
    assert said == ["Left leg. Get ready.", "Switch sides. Right leg.",
                    "Rest. Set 2 of 2 next.", "Switch sides. Left leg.",
                    "Switch sides. Right leg."]


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_a_note_is_said_once_right_after_the_announcement(verbosity: Verbosity) -> None:
    b = dataclasses.replace(block("hamstring-stretch", hold_s=30, sides=Sides.EACH),
                            note="Stop if your leg tingles")
    cues = schedule(compile_plan(routine(b)), lambda text: 2.0, CueOptions(verbosity))
    said = [c for c in cues.cues if not c.kind.is_beep]
    assert [c.kind for c in said[:2]] == [CueKind.ANNOUNCE, CueKind.NOTE]
    assert said[1].text == "Stop if your leg tingles." and said[1].start == said[0].end
    assert sum(c.kind is CueKind.NOTE for c in said) == 1


def _said(r_blocks: tuple[object, ...]) -> list[str]:
    plan = compile_plan(routine(*r_blocks))  # type: ignore[arg-type]
    cues = schedule(plan, lambda text: 0.3, CueOptions())
    return [c.text for c in cues.cues if c.kind is CueKind.PHASE]


def test_the_butterfly_presses_and_releases_never_up() -> None:
    words = _said((block("butterfly-stretch", reps=(2, 2), tempo=Tempo(2, 6, 2, 1)),))
    assert words == ["Press.", "Hold.", "Release."] * 2


def test_the_monster_walk_steps_and_never_says_down() -> None:
    words = _said((block("monster-walk", reps=(2, 2), sides=Sides.ALTERNATING,
                         tempo=Tempo(1, 0, 1, 0)),))
    assert words == ["Left, step.", "Right, step."] * 2


def test_the_pelvic_tilt_tilts_and_relaxes() -> None:
    words = _said((block("posterior-pelvic-tilt", reps=(1, 1), tempo=Tempo(2, 5, 2, 1)),))
    assert words == ["Tilt.", "Hold.", "Relax."]


def test_a_timed_hold_says_its_own_word() -> None:
    assert _said((block("walking", hold_s=120),)) == ["Walk."]
    assert _said((block("hamstring-stretch", hold_s=30),)) == ["Hold."]


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_each_exercise_is_followed_by_its_safety_phrase_at_any_verbosity(
        verbosity: Verbosity) -> None:
    plan = compile_plan(routine(block("piriformis-stretch", hold_s=30, sides=Sides.EACH),
                                block("bridge", reps=(2, 2))))
    cues = schedule(plan, lambda text: 1.5, CueOptions(verbosity))
    said = [c for c in cues.cues if c.kind in (CueKind.ANNOUNCE, CueKind.SAFETY)]
    assert [c.kind for c in said] == [CueKind.ANNOUNCE, CueKind.SAFETY] * 2
    assert [c.text for c in said[1::2]] == ["Ease off if your leg tingles.",
                                            CATALOG["bridge"].say]
    for announce, phrase in zip(said[::2], said[1::2], strict=True):
        assert phrase.start >= announce.end


def test_hip_replacement_precautions_and_last_hurts_are_said_after_the_announcement() -> None:
    plan = compile_plan(routine(block("knees-to-chest", reps=(2, 2)),
                                block("bridge", reps=(2, 2))))
    options = CueOptions(hip_replaced=True, hurt_last_time={
        "bridge": "Last time this hurt. Try it like this: lift your hips only a little way."})
    safety = [w.text for w in wanted_cues(plan, options) if w.kind is CueKind.SAFETY]
    assert safety[0].startswith("After a hip replacement, check this one with your surgeon "
                                "or physiotherapist first: it bends the hip past a right "
                                "angle.")
    assert safety[1] == (f"{CATALOG['bridge'].say} Last time this hurt. Try it like this: "
                         "lift your hips only a little way.")
    plain = [w.text for w in wanted_cues(plan, CueOptions()) if w.kind is CueKind.SAFETY]
    assert plain == [CATALOG["knees-to-chest"].say, CATALOG["bridge"].say]


def test_a_cue_moved_earlier_never_loops_on_rounding() -> None:
    """14.65 - 6.498 + 6.498 > 14.65 in floating point: the placement must still end."""
    lane = _Lane()
    lane.take(14.65, 20.0)
    start = lane.latest_fit(6.498, 0.0, 14.65)
    assert start is not None and start + 6.498 <= 14.65
    assert lane.latest_fit(6.498, 10.0, 14.65) is None  # no room that late: none
