"""Whether to add to a routine, keep it or ease off, judged by how the hip took recent sessions.

The rules follow the pain-monitoring model (Thomeé; used by NEMEX-TJR for hip osteoarthritis,
Ageberg 2010; Sandal 2016 recorded pain before and after every session): pain during exercise
of 0-2 is safe, up to 5 acceptable, above 5 too much, and it should settle by the next morning;
if it is up the next day, lower the load. Common open programmes add 2 reps or 5 s of hold after
two sessions in a row with all work done and pain within the acceptable band.

``suggest`` looks at the sessions of one routine, oldest first, and decides in this order:

1. EASE_OFF when the latest session's pain after exercise was above 5, or its next-morning
   score was higher than the score before it: pain had not settled. (With no score before, the
   next morning is compared with the score right after, which pain should not rise above.)
   Every block loses 2 reps from both ends of its range, or 5 s of hold, never going below
   ``LIMITS``; when nothing can be lowered, the reason says to ask a physiotherapist.
2. HOLD unless the last two sessions were both done in full (finished, no set skipped or stopped
   for pain), both have a pain-after score of 5 or less, and the session before the last had
   settled by the next morning as in 1 (an unknown next morning does not count against it).
   A missing pain-after score is never taken as "fine": HipTimer does not progress blind.
3. PROGRESS otherwise: every block gains 2 reps at both ends of its range, or 5 s of hold,
   capped at ``LIMITS`` (the catalog has no per-exercise maximum). Blocks already at the cap
   (for reps: the top of the range) stay as they are and the reason names them; if every block
   is at its cap, the advice is HOLD.

Only strength, stretching and mobility exercises are adjusted: a walk, a bike ride or a massage
is not a load that 5 s more or less would change. Only reps and timed holds change; sets, rest
and tempo (including a hold at the top of a rep) stay as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Literal

from .catalog import Category
from .fields import Table
from .record import Outcome, SessionSummary, check_pain
from .routine import LIMITS, Block, Limit, RepRange, Routine

ACCEPTABLE_PAIN = 5  # pain during/after exercise: 0-2 safe, up to 5 acceptable, above too much
REPS_STEP = 2
HOLD_STEP_S = 5.0

ADJUSTED = frozenset({Category.STRENGTH, Category.STRETCH, Category.MOBILITY})
NONE_ADJUSTED = ("HipTimer only adjusts strength, stretching and mobility exercises, and this "
                 "routine has none.")
NOT_BLIND = "HipTimer only suggests a change when it knows how your hip responded."


class Advice(str, Enum):
    PROGRESS = "progress"
    HOLD = "hold"
    EASE_OFF = "ease off"


@dataclass(frozen=True)
class SessionPain:
    """How the hip took one session of a routine; scores are 0-10, None where not given.

    ``after`` is the score asked when the session ends, for pain during and after exercise.
    ``next_day`` is the next morning's score, asked at the start of the following session and
    compared with ``before`` (without it, with ``after``). ``all_done`` means the session
    finished with every set completed: none skipped, none stopped for pain.
    """

    at: datetime
    all_done: bool
    before: int | None = None
    after: int | None = None
    next_day: int | None = None

    def __post_init__(self) -> None:
        for score in (self.before, self.after, self.next_day):
            check_pain(score)

    @classmethod
    def from_summary(cls, summary: SessionSummary, next_day: int | None = None) -> SessionPain:
        """The pain record of one history line; ``next_day`` defaults to the summary's own."""
        all_done = (summary.outcome is Outcome.FINISHED
                    and summary.sets_done == summary.sets_planned
                    and summary.sets_skipped == 0 and summary.sets_for_pain == 0)
        return cls(at=summary.started_at, all_done=all_done, before=summary.pain_before,
                   after=summary.pain_after,
                   next_day=summary.pain_next_day if next_day is None else next_day)

    @property
    def too_much(self) -> bool:
        return self.after is not None and self.after > ACCEPTABLE_PAIN

    @property
    def baseline(self) -> tuple[int, str] | None:
        """What the next morning is compared with: the score before, else the one after."""
        if self.before is not None:
            return self.before, "before it"
        if self.after is not None:
            return self.after, "right after it"
        return None

    @property
    def not_settled(self) -> bool:
        """The next morning's pain was higher than ``baseline`` (both known)."""
        baseline = self.baseline
        return self.next_day is not None and baseline is not None and self.next_day > baseline[0]


@dataclass(frozen=True)
class Change:
    """One dose change: block ``block`` (an index into the routine's blocks) goes old → new."""

    block: int
    exercise_name: str
    field: Literal["reps", "hold_s"]
    old: RepRange | float
    new: RepRange | float

    def __post_init__(self) -> None:
        reps = self.field == "reps"
        if isinstance(self.old, RepRange) != reps or isinstance(self.new, RepRange) != reps:
            raise ValueError(f"a change of {self.field} needs "
                             f"{'rep ranges' if reps else 'seconds'} on both sides")

    @property
    def before(self) -> str:
        """The dose as it is, e.g. ``"10–15 reps"`` or ``"30 s hold"``."""
        return _describe(self.old)

    @property
    def after(self) -> str:
        """The dose as it would be, e.g. ``"12–17 reps"`` or ``"35 s hold"``."""
        return _describe(self.new)


@dataclass(frozen=True)
class Suggestion:
    advice: Advice
    reason: str  # plain words: why, with the numbers, and what to do
    changes: tuple[Change, ...] = ()


def suggest(routine: Routine, sessions: Sequence[SessionPain]) -> Suggestion:
    """What to do with ``routine`` next, judged by its ``sessions`` (the rules above)."""
    history = sorted(sessions, key=lambda s: s.at)
    if not history:
        return Suggestion(Advice.HOLD, "No sessions of this routine yet. After two sessions in "
                          "a row done in full, with a pain score at the end of each, HipTimer "
                          "will suggest whether to change it.")
    warnings = _warnings(history[-1])
    if warnings:
        return _ease_off(routine, warnings)
    problem = _why_not_progress(history[-2:])
    if problem:
        return Suggestion(Advice.HOLD, problem)
    return _progress(routine, history[-2:])


def apply(routine: Routine, suggestion: Suggestion, *, new_id: str, new_name: str) -> Routine:
    """A copy of ``routine`` with the suggested changes, as the user's own routine.

    Raises:
        FieldError: ``new_id`` or ``new_name`` would not be accepted in a routine file.
        ValueError: a change does not match the routine (made for another routine or dose).
    """
    checked = Table({"id": new_id, "name": new_name}, "routine")
    checked.identifier("id")
    checked.text("name", max_len=60)
    blocks = list(routine.blocks)
    for change in suggestion.changes:
        if not 0 <= change.block < len(blocks):
            raise ValueError(f"the routine has no block {change.block}")
        blocks[change.block] = _changed(blocks[change.block], change)
    return dataclasses.replace(routine, id=new_id, name=new_name, blocks=tuple(blocks),
                               built_in=False)


def _warnings(latest: SessionPain) -> list[str]:
    warnings = []
    if latest.too_much:
        warnings.append(f"Pain after your last session was {latest.after}, above "
                        f"{ACCEPTABLE_PAIN}: that is too much.")
    if latest.not_settled:
        warnings.append(f"The morning after your last session, pain was {latest.next_day}, "
                        f"{_up_from(latest)}: it had not settled.")
    return warnings


def _up_from(session: SessionPain) -> str:
    assert session.baseline is not None
    score, when = session.baseline
    return f"up from {score} {when}"


def _why_not_progress(last_two: Sequence[SessionPain]) -> str:
    """Why the last two sessions do not justify adding to the routine; "" if they do."""
    keep = "Keep the routine as it is for now."
    if len(last_two) < 2:
        return ("Only one session of this routine so far. HipTimer suggests adding to it after "
                f"two sessions in a row done in full with pain at {ACCEPTABLE_PAIN} or less.")
    previous, latest = last_two
    if not latest.all_done:
        return ("The last session was not done in full: it was stopped, or sets were skipped "
                f"or stopped for pain. {keep}")
    if not previous.all_done:
        return f"The session before the last was not done in full. {keep}"
    unscored = [name for name, s in (("the session before the last", previous),
                                     ("the last session", latest)) if s.after is None]
    if unscored:
        return (f"No pain score was given at the end of {' or '.join(unscored)}. {NOT_BLIND} "
                f"{keep}")
    if previous.too_much:
        return (f"Pain after the session before the last was {previous.after}, above "
                f"{ACCEPTABLE_PAIN}. {keep}")
    if previous.not_settled:
        return (f"The morning after the session before the last, pain was {previous.next_day}, "
                f"{_up_from(previous)}. {keep}")
    return ""


def _ease_off(routine: Routine, warnings: list[str]) -> Suggestion:
    changes, stuck = _changes(routine, -1)
    words = [*warnings]
    if not changes and not stuck:
        words.append(f"{NONE_ADJUSTED} Ask your physiotherapist what to do instead.")
    elif not changes:
        words.append("Every exercise is already at the least HipTimer allows, so ask your "
                     "physiotherapist what to do instead.")
    else:
        words.append(_action(changes, "Take", "off"))
        if stuck:
            words.append(f"Already at the least HipTimer allows, so left as they are: "
                         f"{_names(stuck)}; ask your physiotherapist about them.")
        words.append("If the pain stays up, ask your physiotherapist.")
    return Suggestion(Advice.EASE_OFF, " ".join(words), tuple(changes))


def _progress(routine: Routine, last_two: Sequence[SessionPain]) -> Suggestion:
    worst = max(s.after for s in last_two if s.after is not None)
    pain = ("with no pain after exercise" if worst == 0
            else f"with pain after exercise at {worst} or less")
    done = f"Your last two sessions were done in full {pain}."
    changes, stuck = _changes(routine, +1)
    if not changes and not stuck:
        return Suggestion(Advice.HOLD, f"{done} {NONE_ADJUSTED}")
    if not changes:
        return Suggestion(Advice.HOLD, f"{done} Every exercise is already at the most HipTimer "
                          "allows; ask your physiotherapist about a harder variant.")
    words = [done, _action(changes, "Add", "to")]
    if stuck:
        words.append(f"Already at the most HipTimer allows, so left as they are: "
                     f"{_names(stuck)}.")
    return Suggestion(Advice.PROGRESS, " ".join(words), tuple(changes))


def _action(changes: Iterable[Change], verb: str, preposition: str) -> str:
    fields = {c.field for c in changes}
    parts = []
    if "reps" in fields:
        parts.append(f"{REPS_STEP} reps {preposition} each exercise done in reps")
    if "hold_s" in fields:
        parts.append(f"{HOLD_STEP_S:g} s {preposition} each hold")
    return f"{verb} {' and '.join(parts)}."


def _names(blocks: Iterable[Block]) -> str:
    return ", ".join(dict.fromkeys(b.exercise.name for b in blocks))


def _changes(routine: Routine, direction: int) -> tuple[list[Change], list[Block]]:
    """Each adjusted block's change one step up (+1) or down (-1), and those that cannot move."""
    changes: list[Change] = []
    stuck: list[Block] = []
    for index, block in enumerate(routine.blocks):
        if block.exercise.category not in ADJUSTED:
            continue
        change = _change(index, block, direction)
        if change is None:
            stuck.append(block)
        else:
            changes.append(change)
    return changes, stuck


def _change(index: int, block: Block, direction: int) -> Change | None:
    """One step of ``block``'s reps or hold, within ``LIMITS``; None if it cannot move."""
    dose, name = block.dose, block.exercise.name
    if dose.reps is not None:
        limit = LIMITS["reps"]
        reps = RepRange(int(_step(dose.reps.low, REPS_STEP * direction, limit)),
                        int(_step(dose.reps.high, REPS_STEP * direction, limit)))
        # The aim (the top of the range) decides: 45–50 reps is already at the most allowed.
        if reps.high == dose.reps.high or not (_within(reps.low, limit)
                                               and _within(reps.high, limit)):
            return None
        return Change(index, name, "reps", dose.reps, reps)
    assert dose.hold_s is not None
    limit = LIMITS["hold_s"]
    hold = _step(dose.hold_s, HOLD_STEP_S * direction, limit)
    if hold == dose.hold_s or not _within(hold, limit):
        return None
    return Change(index, name, "hold_s", dose.hold_s, hold)


def _step(value: float, delta: float, limit: Limit) -> float:
    """``value + delta``, stopped at the limit it moves towards, and never moved the other way."""
    if delta > 0:
        return max(value, min(value + delta, limit.hi))
    return min(value, max(value + delta, limit.lo))


def _within(value: float, limit: Limit) -> bool:
    return limit.lo <= value <= limit.hi


def _changed(block: Block, change: Change) -> Block:
    """``block`` with ``change`` made; ValueError if the change was meant for another dose."""
    dose = block.dose
    current = dose.reps if change.field == "reps" else dose.hold_s
    if block.exercise.name != change.exercise_name or current != change.old:
        raise ValueError(f"block {change.block} is {block.exercise.name}, "
                         f"{dose.describe()}; the change was made for {change.exercise_name}, "
                         f"{change.before}")
    values: tuple[float, ...]
    if isinstance(change.new, RepRange):
        new_dose = dataclasses.replace(dose, reps=change.new)
        limit, values = LIMITS["reps"], (change.new.low, change.new.high)
    else:
        new_dose = dataclasses.replace(dose, hold_s=change.new)
        limit, values = LIMITS["hold_s"], (change.new,)
    if not all(_within(v, limit) for v in values):
        raise ValueError(f"{change.after} is outside {limit.lo:g}–{limit.hi:g} {limit.unit}")
    return dataclasses.replace(block, dose=new_dose)


def _describe(value: RepRange | float) -> str:
    if isinstance(value, RepRange):
        return "1 rep" if value.high == 1 else f"{value} reps"
    return f"{value:g} s hold"
