"""Whether to step a routine up, keep it, or ease off, judged by how the hip took it.

The rule is CONTENT.md's, from the pain-monitoring model (Thomeé; NEMEX-TJR, Ageberg 2010):

1. PAUSE when the person has an active flare (``flare.py``), whatever the routine: ease off
   for a few days, recheck the warning signs, ask the physiotherapist.
2. EASE_OFF when this routine's latest session had pain after above 5, or a next morning
   worse than before it; every block steps down. Also when "this hurts" is still open on one
   of its exercises: that block goes to its easier exercise, or steps down.
3. PROGRESS only when, in the last two sessions of this routine, every set reached the top of
   its range (none finished early, skipped or stopped), pain after was 2 or less (or 5 or less
   and not above pain before), the next morning was known and settled both times, and there
   was no "this hurts" and no sign of a flare anywhere in the last 7 days. Unknown is never
   "settled". Each block then climbs its reps (2 at a time) or hold (5 s) up to the top of the
   sources' range in the catalog, and at the top takes the next step of its ladder (a hold at
   the top of each rep, a harder exercise, a cuff weight only when pain is minimal), never a
   bigger number. A dose already beyond the sources' range is left to the physiotherapist.
4. HOLD otherwise, saying why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .catalog import Exercise
from .dose import LIMITS, RepRange
from .fields import Table
from .flare import ACCEPTABLE_PAIN, WINDOW, Flare, Hurt, Scores, open_hurts, what_hurt
from .record import SessionRecord
from .review import describe_dose
from .routine import Block, Routine
from .steps import step_down, step_up
from .wording import side_short

MINIMAL_PAIN = 2  # 0-2: safe; a cuff weight only then


class Advice(str, Enum):
    PROGRESS = "progress"
    HOLD = "hold"
    EASE_OFF = "ease off"
    PAUSE = "pause and check"  # a flare: ease off, recheck the warning signs, ask


@dataclass(frozen=True)
class SessionPain(Scores):
    """How the hip took one session of a routine. ``at_top`` means the session finished with
    every set at the top of its range: none finished early, skipped or stopped for pain."""

    at_top: bool = False

    @classmethod
    def from_record(cls, record: SessionRecord, next_day: int | None = None) -> SessionPain:
        """The pain of one session; ``next_day`` defaults to the record's own."""
        return cls(at=record.started_at, before=record.pain_before, after=record.pain_after,
                   next_day=record.pain_next_day if next_day is None else next_day,
                   at_top=record.completed and all(s.at_top for s in record.sets))

    @property
    def too_much(self) -> bool:
        return self.after is not None and self.after > ACCEPTABLE_PAIN

    @property
    def pain_ok(self) -> bool:
        """Pain after 0-2, or up to 5 and not above pain before (which must be known)."""
        if self.after is None:
            return False
        return self.after <= MINIMAL_PAIN or (self.after <= ACCEPTABLE_PAIN and self.before
                                              is not None and self.after <= self.before)

    @property
    def minimal(self) -> bool:
        return (self.before is not None and self.before <= MINIMAL_PAIN
                and self.after is not None and self.after <= MINIMAL_PAIN)


@dataclass(frozen=True)
class Person:
    """What the whole history says beyond one routine, at ``now``: every "this hurts" of the
    last weeks, the days each exercise was done (which closes a "this hurts"), any flare."""

    now: datetime
    hurts: tuple[Hurt, ...] = ()
    done: frozenset[tuple[date, str]] = frozenset()
    flare: Flare | None = None

    def open_hurts(self) -> list[Hurt]:
        return open_hurts(self.hurts, self.done)

    def hurt_this_week(self) -> bool:
        return any(self.now - WINDOW <= h.at <= self.now for h in self.hurts)


@dataclass(frozen=True)
class Change:
    """Block ``block`` (an index into the routine's blocks) goes from ``old`` to ``new``."""

    block: int
    old: Block
    new: Block

    @property
    def exercise_name(self) -> str:
        return self.old.exercise.name

    @property
    def before(self) -> str:
        """The dose as it is, e.g. ``"10–15 reps"``."""
        return describe_dose(self.old)

    @property
    def after(self) -> str:
        """As it would be, e.g. ``"12–15 reps"``, or ``"Single-leg bridge, 8–12 reps"``."""
        same = self.new.exercise.id == self.old.exercise.id
        dose = describe_dose(self.new)
        return dose if same else f"{self.new.exercise.name}, {dose}"


@dataclass(frozen=True)
class Suggestion:
    advice: Advice
    reason: str  # plain words: why, with the numbers, and what to do
    changes: tuple[Change, ...] = ()
    hurts: tuple[str, ...] = field(default=())  # what to try where "this hurts" is open


def suggest(routine: Routine, sessions: Sequence[SessionPain], catalog: Mapping[str, Exercise],
            person: Person) -> Suggestion:
    """What to do with ``routine`` next (the rules above)."""
    history = sorted(sessions, key=lambda s: s.at)
    hurt_words = tuple(_hurt_words(routine, person))
    if person.flare is not None and person.flare.active:
        signs = "; ".join(text for _, text in person.flare.signs)
        changes = _all_down(routine)
        return Suggestion(Advice.PAUSE, (
            f"Your hip may be flaring up: {signs}. Ease off for a few days"
            + (" (the changes below)" if changes else "") + ", recheck the warning signs, and "
            "ask your physiotherapist before you build up again."), changes, hurt_words)
    warnings = _warnings(history[-1]) if history else []
    hurt_changes = _hurt_changes(routine, catalog, person)
    if warnings:
        changes = _all_down(routine)
        then = ("Ease off as below, and if the pain stays up, ask your physiotherapist."
                if changes else "Ask your physiotherapist what to do instead.")
        return Suggestion(Advice.EASE_OFF, f"{' '.join(warnings)} {then}", changes, hurt_words)
    if hurt_changes:
        names = ", ".join(dict.fromkeys(c.exercise_name for c in hurt_changes))
        return Suggestion(Advice.EASE_OFF, (
            f"\u201cThis hurts\u201d was pressed on {names}: make it easier as below, and if it "
            "keeps hurting, ask your physiotherapist."), hurt_changes, hurt_words)
    problem = _why_hold(history, person)
    if problem:
        return Suggestion(Advice.HOLD, problem, (), hurt_words)
    return _progress(routine, catalog, history[-2:], hurt_words)


def apply(routine: Routine, suggestion: Suggestion, *, new_id: str, new_name: str) -> Routine:
    """A copy of ``routine`` with the suggested changes, as the user's own routine.

    Raises:
        FieldError: ``new_id`` or ``new_name`` would not be accepted in a routine file.
        ValueError: a change does not match the routine (made for another routine or dose),
            or would leave a dose outside ``LIMITS``.
    """
    checked = Table({"id": new_id, "name": new_name}, "routine")
    checked.identifier("id")
    checked.text("name", max_len=60)
    blocks = list(routine.blocks)
    for change in suggestion.changes:
        if not 0 <= change.block < len(blocks):
            raise ValueError(f"the routine has no block {change.block}")
        if blocks[change.block] != change.old:
            raise ValueError(f"block {change.block} is {blocks[change.block].exercise.name}, "
                             f"{describe_dose(blocks[change.block])}; the change was made for "
                             f"{change.exercise_name}, {change.before}")
        _check_limits(change.new)
        blocks[change.block] = change.new
    return dataclasses.replace(routine, id=new_id, name=new_name, blocks=tuple(blocks),
                               built_in=False)


def _warnings(latest: SessionPain) -> list[str]:
    warnings = []
    if latest.too_much:
        warnings.append(f"Pain after your last session was {latest.after}, above "
                        f"{ACCEPTABLE_PAIN}: that is too much.")
    if latest.worse_next_day:
        warnings.append(f"The morning after your last session, pain was {latest.next_day}, "
                        f"up from {latest.baseline}: it had not settled.")
    return warnings


def _why_hold(history: Sequence[SessionPain], person: Person) -> str:
    """Why the last two sessions do not justify stepping up; "" if they do."""
    keep = "Keep the routine as it is for now."
    if len(history) < 2:
        return ("Not enough sessions of this routine yet. HipTimer suggests a step up after two "
                "sessions done in full, with low pain that has settled by the next morning.")
    previous, latest = history[-2:]
    both = (("the session before the last", previous), ("the last session", latest))
    checks = [
        ([n for n, s in both if not s.at_top], "not every set reached the top of its range "
         "(a set finished early, skipped or stopped) in"),
        ([n for n, s in both if s.after is None], "no pain score was given at the end of"),
        ([n for n, s in both if s.after is not None and not s.pain_ok],
         "pain after was more than 2, and either above 5 or higher than before it, in"),
        ([n for n, s in both if s.worse_next_day], "pain was up the next morning after"),
        ([n for n, s in both if not s.settled and not s.worse_next_day],
         "HipTimer does not know how your hip was the next morning after"),
    ]
    for names, why in checks:
        if names:
            return f"{why[0].upper()}{why[1:]} {' and '.join(names)}. {keep}"
    if person.hurt_this_week():
        return f"\u201cThis hurts\u201d was pressed in the last 7 days. {keep}"
    if person.flare is not None:
        return f"Your hip showed signs of a flare in the last 7 days. {keep}"
    return ""


def _progress(routine: Routine, catalog: Mapping[str, Exercise],
              last_two: Sequence[SessionPain], hurt_words: tuple[str, ...]) -> Suggestion:
    minimal = all(s.minimal for s in last_two)
    done = "Your last two sessions went well: every set done in full, pain low and settled."
    ids = {b.exercise.id for b in routine.blocks}
    changes = []
    for index, block in enumerate(routine.blocks):
        new = step_up(block, catalog, ids, minimal)
        if new is not None:
            changes.append(Change(index, block, new))
    if not changes:
        return Suggestion(Advice.HOLD, f"{done} Every exercise is at the top of what HipTimer's "
                          "sources describe; ask your physiotherapist about the next step.", (),
                          hurt_words)
    # A step that needs minimal pain (a cuff weight) waits; say so rather than say nothing.
    waits = [] if minimal else [b.exercise.name for b in routine.blocks
                                if step_up(b, catalog, ids, False) is None
                                and step_up(b, catalog, ids, True) is not None]
    note = (f" {', '.join(waits)}: the next step waits until pain is minimal (0–2)."
            if waits else "")
    return Suggestion(Advice.PROGRESS, f"{done} A small step up, inside the range the sources "
                      f"support:{note}", tuple(changes), hurt_words)


def _all_down(routine: Routine) -> tuple[Change, ...]:
    changes = []
    for index, block in enumerate(routine.blocks):
        new = step_down(block)
        if new is not None:
            changes.append(Change(index, block, new))
    return tuple(changes)


def _hurt_changes(routine: Routine, catalog: Mapping[str, Exercise],
                  person: Person) -> tuple[Change, ...]:
    """Each block whose exercise still has "this hurts" open: its easier exercise (if the
    catalog has one not already in the routine), else one step down."""
    hurt = {h.exercise_id for h in person.open_hurts()}
    ids = {b.exercise.id for b in routine.blocks}
    changes = []
    for index, block in enumerate(routine.blocks):
        if block.exercise.id not in hurt:
            continue
        easier = next((catalog[r] for r in block.exercise.regressions
                       if r in catalog and r not in ids), None)
        new = (dataclasses.replace(block, exercise=easier, dose=easier.dose, sides=easier.sides)
               if easier is not None else step_down(block))
        if new is not None:
            changes.append(Change(index, block, new))
    return tuple(changes)


def _hurt_words(routine: Routine, person: Person) -> list[str]:
    """What to try, for each exercise of the routine on which "this hurts" is still open."""
    words = []
    for hurt in person.open_hurts():
        block = next((b for b in routine.blocks if b.exercise.id == hurt.exercise_id), None)
        if block is not None:
            day = f"{hurt.at:%A} {hurt.at.day} {hurt.at:%B}"
            side = side_short(block.exercise, hurt.side) if hurt.side else ""
            words.append(what_hurt(block.exercise.name, side, block.exercise.easier, day))
    return words


def _check_limits(block: Block) -> None:
    dose = block.dose
    values: list[tuple[str, float]] = [("sets", dose.sets), ("tempo.hold", dose.tempo.hold)]
    if isinstance(dose.reps, RepRange):
        values += [("reps", dose.reps.low), ("reps", dose.reps.high)]
    if dose.hold_s is not None:
        values.append(("hold_s", dose.hold_s))
    for key, value in values:
        limit = LIMITS[key]
        if not limit.lo <= value <= limit.hi:
            raise ValueError(f"{describe_dose(block)} is outside {limit.lo:g}–{limit.hi:g} "
                             f"{limit.unit}")

