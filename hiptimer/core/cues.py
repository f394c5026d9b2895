"""Cue policy: what is said or beeped when, placed so that nothing overlaps.

``wanted_cues`` says which cues a plan calls for at which beats; ``schedule`` places them given
each phrase's spoken length. Cues that must be heard (announcements, sides, the end) are placed
first and never dropped; a cue of lower priority that would collide is moved earlier within
its window, or dropped.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum

from .catalog import Exercise
from .dose import Side, Sides
from .plan import Kind, Plan, Segment, by_side
from .routine import Block
from .verbosity import Verbosity as Verbosity  # re-exported: how much is said
from .wording import side_name as side_name  # re-exported for the session views (to go)
from .wording import side_short as side_short  # re-exported for the session views (to go)
from .wording import spoken_duration


class CueKind(str, Enum):
    """Declared from the highest priority to the lowest."""

    ANNOUNCE = "announce"
    NOTE = "note"  # the physiotherapist's note for a block, after its announcement
    SIDE = "side"
    COMPLETE = "complete"
    SAFETY = "safety"  # the exercise's safety phrase, right after its announcement
    PHASE = "phase"
    REST = "rest"
    GET_READY = "get_ready"
    COUNTDOWN = "countdown"
    TEN_LEFT = "ten_left"
    REP_COUNT = "rep_count"
    HALFWAY = "halfway"
    TIP = "tip"
    BEEP_PHASE = "beep_phase"
    BEEP_TICK = "beep_tick"

    @property
    def is_beep(self) -> bool:
        return self in (CueKind.BEEP_PHASE, CueKind.BEEP_TICK)

    @property
    def mandatory(self) -> bool:
        """Never dropped: if its beat is taken, it is said as soon as the voice is free."""
        return self in (CueKind.ANNOUNCE, CueKind.NOTE, CueKind.SAFETY, CueKind.SIDE,
                        CueKind.COMPLETE)


# Higher first: a cue is placed only where the cues above it left room.
PRIORITY = {kind: rank for rank, kind in enumerate(reversed(CueKind))}


@dataclass(frozen=True)
class CueOptions:
    """How much to say. ``hip_replaced``: say each exercise's hip-replacement precautions;
    ``hurt_last_time``: what to say after an exercise's announcement, by exercise id, where
    "this hurts" was pressed on it last time."""

    verbosity: Verbosity = Verbosity.STANDARD
    beeps: bool = True
    beep_s: float = 0.15  # length of each beep clip
    hip_replaced: bool = False
    hurt_last_time: Mapping[str, str] = field(default_factory=dict)


BEEP_PHASE = "phase"
BEEP_TICK = "tick"


@dataclass(frozen=True)
class Cue:
    """One thing to say or beep: ``text`` is the phrase, or the beep's name for a beep.

    ``start``/``end`` are seconds from the session start, as the plan's segments are;
    ``beat`` is where the cue belongs, ``segment`` the index of the segment it belongs to.
    """

    start: float
    end: float
    kind: CueKind
    text: str
    segment: int
    beat: float


@dataclass(frozen=True)
class Wanted:
    """A cue the plan calls for: it starts at ``beat``, or as late as fits after ``earliest``."""

    kind: CueKind
    text: str
    segment: int
    beat: float
    earliest: float


@dataclass(frozen=True)
class CueSchedule:
    cues: tuple[Cue, ...]  # by start time
    dropped: tuple[Wanted, ...]  # optional cues that found no room


def phrases(plan: Plan, options: CueOptions) -> frozenset[str]:
    """Every phrase the session may speak, so that all can be rendered before it starts."""
    return frozenset(w.text for w in wanted_cues(plan, options) if not w.kind.is_beep)


def schedule(plan: Plan, spoken_length: Callable[[str], float], options: CueOptions
             ) -> CueSchedule:
    """Place every wanted cue so that no two speech cues, and no two beeps, overlap.

    Args:
        spoken_length: seconds each phrase takes to say, as rendered or estimated.
    """
    lanes = {False: _Lane(), True: _Lane()}  # speech, beeps
    placed: list[Cue] = []
    dropped: list[Wanted] = []
    for want in sorted(wanted_cues(plan, options),
                       key=lambda w: (-PRIORITY[w.kind], w.beat, w.segment)):
        length = options.beep_s if want.kind.is_beep else spoken_length(want.text)
        lane = lanes[want.kind.is_beep]
        start = lane.latest_fit(length, want.earliest, want.beat)
        if start is None and want.kind.mandatory:
            start = lane.first_fit_after(length, want.beat)
        if start is None:
            dropped.append(want)
            continue
        lane.take(start, start + length)
        placed.append(Cue(start, start + length, want.kind, want.text, want.segment, want.beat))
    placed.sort(key=lambda c: (c.start, c.kind.is_beep))
    return CueSchedule(tuple(placed), tuple(dropped))


def estimate_length(text: str, words_per_minute: float = 175.0) -> float:
    """A rough spoken length for when no speech engine can measure one."""
    words = len(text.split())
    pauses = sum(text.count(mark) for mark in ".,;:!?")
    return 0.1 + words * 60.0 / words_per_minute + 0.2 * pauses


class _Lane:
    """Occupied intervals, kept sorted and non-overlapping."""

    def __init__(self) -> None:
        self._starts: list[float] = []
        self._ends: list[float] = []

    def _clash(self, start: float, end: float) -> int | None:
        """Index of the first interval that overlaps [start, end), if any."""
        i = bisect.bisect_right(self._starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self._starts) and self._starts[j] < end and start < self._ends[j]:
                return j
        return None

    def latest_fit(self, length: float, earliest: float, beat: float) -> float | None:
        start = beat
        while start >= earliest:
            clash = self._clash(start, start + length)
            if clash is None:
                return start
            start = _ending_by(self._starts[clash], length)
        return None

    def first_fit_after(self, length: float, beat: float) -> float:
        start = beat
        while (clash := self._clash(start, start + length)) is not None:
            start = self._ends[clash]
        return start

    def take(self, start: float, end: float) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def _ending_by(end: float, length: float) -> float:
    """The latest start for ``length`` that ends by ``end``. ``end - length`` may round so
    that it ends a hair after ``end``, and a search placing it there would loop for ever."""
    start = end - length
    while start + length > end:
        start = math.nextafter(start, -math.inf)
    return start


def wanted_cues(plan: Plan, options: CueOptions) -> Iterator[Wanted]:
    """Every cue the plan calls for at the chosen verbosity, in timeline order."""
    talk = options.verbosity is not Verbosity.MINIMAL
    coach = options.verbosity is Verbosity.COACH
    segments = plan.segments
    for i, seg in enumerate(segments):
        block = plan.routine.blocks[seg.block]

        def want(kind: CueKind, text: str, beat: float, slack: float = 0.0,
                 i: int = i) -> Wanted:
            return Wanted(kind, text, i, beat, max(0.0, beat - slack))

        kind = seg.kind
        first_side = plan.routine.first_side(block)
        if i == 0 or segments[i - 1].block != seg.block:
            yield want(CueKind.ANNOUNCE, announcement(block, seg.block == 0, options.verbosity),
                       seg.start)
            yield want(CueKind.SAFETY, safety_words(block, options), seg.start)
            yield from _block_note(block, want, seg.start)
        if by_side(block) and seg.side is not None and (
                i == 0 or segments[i - 1].unit != seg.unit
                or segments[i - 1].kind is Kind.TRANSITION):
            opening = seg.unit == 0 or plan.units[seg.unit - 1].block != seg.block
            yield want(CueKind.SIDE, side_words(seg, block.exercise, opening), seg.start)
        elif kind is Kind.PREPARE and talk:
            yield want(CueKind.GET_READY, "Get ready.", seg.start)
        if kind is Kind.HOLD:
            yield want(CueKind.PHASE, hold_word(block), seg.start)
            yield from _hold_extras(seg, block, want, talk, coach)
        elif kind is Kind.REST:
            sets = block.dose.sets
            text = f"Rest. Set {seg.set + 1} of {sets} next." if talk else "Rest."
            yield want(CueKind.REST, text, seg.start)
            if talk and seg.duration >= 30:
                yield want(CueKind.TEN_LEFT, "Ten seconds.", seg.end - 10, slack=1.0)
        elif kind in (Kind.REP_UP, Kind.REP_HOLD, Kind.REP_DOWN) and talk:
            word = rep_word(seg, block)
            if word:
                yield want(CueKind.PHASE, word, seg.start)
            if kind is Kind.REP_UP:
                yield from _rep_count(seg, i, segments, block, want, coach, first_side)
        elif kind is Kind.DONE:
            yield want(CueKind.COMPLETE, "Session complete. Well done.", seg.start)

        if talk and kind in (Kind.PREPARE, Kind.SWITCH_SIDE, Kind.REST, Kind.HOLD):
            yield from _countdown(seg, want, ("Three.", "Two.", "One."))
        if options.beeps:
            if kind in (Kind.PREPARE, Kind.SWITCH_SIDE, Kind.REST, Kind.HOLD):
                yield from _countdown(seg, want, (BEEP_TICK,) * 3, CueKind.BEEP_TICK)
            if _starts_phase(i, segments):
                yield want(CueKind.BEEP_PHASE, BEEP_PHASE, seg.start)


WantFn = Callable[..., Wanted]


def _countdown(seg: Segment, want: WantFn, texts: tuple[str, ...],
               kind: CueKind = CueKind.COUNTDOWN) -> Iterator[Wanted]:
    if seg.duration >= len(texts) + 1:
        for n, text in enumerate(texts):
            yield want(kind, text, seg.end - len(texts) + n)


def _hold_extras(seg: Segment, block: Block, want: WantFn, talk: bool, coach: bool
                 ) -> Iterator[Wanted]:
    if coach and seg.duration >= 20:
        yield want(CueKind.TIP, block.exercise.feel, seg.start + 6, slack=3.0)
    if talk and seg.duration >= 30:
        yield want(CueKind.HALFWAY, "Halfway.", seg.start + seg.duration / 2, slack=2.0)
        yield want(CueKind.TEN_LEFT, "Ten seconds left.", seg.end - 10, slack=1.0)


def _rep_count(seg: Segment, i: int, segments: tuple[Segment, ...], block: Block,
               want: WantFn, coach: bool, first_side: Side) -> Iterator[Wanted]:
    """The count before each rep after the first, said in the gap before it if it fits."""
    reps = block.dose.reps
    first_move = block.sides is not Sides.ALTERNATING or seg.side is first_side
    if reps is None or seg.rep < 2 or not first_move:
        return
    text = "Last one." if coach and seg.rep == reps.high else f"Rep {seg.rep} of {reps.high}."
    # It may start as early as the previous movement's lowering phase.
    earliest = seg.start
    j = i - 1
    while j >= 0 and segments[j].kind in (Kind.REP_PAUSE, Kind.REP_DOWN):
        earliest = segments[j].start
        if segments[j].kind is Kind.REP_DOWN:
            break
        j -= 1
    yield want(CueKind.REP_COUNT, text, seg.start, slack=seg.start - earliest)
    if coach and reps.low < reps.high and seg.rep == reps.low + 1:
        yield want(CueKind.TIP, f"That's {reps.low} done. Carry on if you can, "
                   "or finish the set here.", seg.start, slack=seg.start - earliest)


def _starts_phase(i: int, segments: tuple[Segment, ...]) -> bool:
    """A phase beep marks the start of work, each rep phase, and the end of work."""
    kind = segments[i].kind
    if kind in (Kind.HOLD, Kind.REP_UP, Kind.REP_HOLD, Kind.REP_DOWN):
        return True
    return kind is not Kind.REP_PAUSE and i > 0 and segments[i - 1].kind in (
        Kind.HOLD, Kind.REP_DOWN)


def side_words(seg: Segment, exercise: Exercise, opening: bool) -> str:
    """What is said at the start of a side: which side, and whether there is time to get
    ready first. ``opening``: the block's first side, else a switch."""
    assert seg.side is not None
    side = side_name(exercise, seg.side)
    if not opening:
        return f"Switch sides. {side}."
    return f"{side}. Get ready." if seg.kind is Kind.PREPARE else f"{side}."


def _block_note(block: Block, want: WantFn, beat: float) -> Iterator[Wanted]:
    """The physiotherapist's note for the block, said once, after what the announcement
    brings (at every verbosity: it is theirs)."""
    if block.note:
        note = block.note if block.note[-1] in ".!?" else block.note + "."
        yield want(CueKind.NOTE, note, beat)


def hold_word(block: Block) -> str:
    """What is said as a timed hold starts: the exercise's own word ("Hold.", "Walk.")."""
    return f"{block.exercise.phases.hold}."


def rep_word(seg: Segment, block: Block) -> str:
    """What is said as a phase of a rep starts, in the exercise's own words ("Press.",
    "Release."); with legs taking turns the side comes first ("Left, knee up."). "" where
    the lowering phase has no word (a monster walk's steps)."""
    words = block.exercise.phases
    if seg.kind is Kind.REP_UP:
        if block.sides is Sides.ALTERNATING and seg.side is not None:
            return f"{seg.side.value.capitalize()}, {words.up.lower()}."
        return f"{words.up}."
    if seg.kind is Kind.REP_HOLD:
        return f"{words.hold}."
    return f"{words.down}." if words.down else ""


def safety_words(block: Block, options: CueOptions) -> str:
    """Said after the announcement, whatever the verbosity: the hip-replacement precaution
    (when set), the exercise's safety phrase, and what to try if it hurt last time."""
    exercise = block.exercise
    parts = [exercise.say]
    if options.hip_replaced and exercise.precautions:
        parts.insert(0, "After a hip replacement, check this one with your surgeon or "
                        f"physiotherapist first: it {exercise.precautions[0].label}.")
    hurt = options.hurt_last_time.get(exercise.id)
    if hurt:
        parts.append(hurt)
    return " ".join(parts)


def announcement(block: Block, first: bool, verbosity: Verbosity) -> str:
    """The words that introduce a block: its name, and at standard or above dose and how-to."""
    exercise = block.exercise
    lead = "First" if first else "Next up"
    if verbosity is Verbosity.MINIMAL:
        return f"{lead}: {exercise.name}."
    return f"{lead}: {exercise.name}, {spoken_dose(block)}. {exercise.how_to}"


def spoken_dose(block: Block) -> str:
    dose = block.dose
    if dose.hold_s is not None:
        amount = spoken_duration(dose.hold_s)
    else:
        assert dose.reps is not None
        low, high = dose.reps.low, dose.reps.high
        amount = f"{high} reps" if low == high else f"{low} to {high} reps"
    if block.sides is Sides.EACH_BY_SET:
        sides = " each side, a set on each in turn"
    elif by_side(block):
        sides = " each side"
    else:
        sides = ", alternating legs" if block.sides is Sides.ALTERNATING else ""
    sets = f", {dose.sets} times" if dose.sets > 1 else ""
    return amount + sides + sets
