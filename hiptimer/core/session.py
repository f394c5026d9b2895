"""A running session: a plan, a clock, and the user's pauses and jumps.

Position on the timeline is derived from the clock, never counted in ticks: while running it is
the position at the last control plus the time since. Everything else (the current segment,
which cues fell due, what was done) is read off that position and the jumps.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from .cues import Cue
from .dose import Side
from .plan import REP_KINDS, Plan, Segment, SetSpan

Clock = Callable[[], float]

# Back within this many seconds of a unit's start goes to the previous unit;
# later, it restarts the current one (as a music player's back button does).
BACK_GRACE_S = 3.0


class Status(str, Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class Jump(str, Enum):
    SKIP = "skip"
    BACK = "back"
    FINISH_SET = "finish_set"
    PAIN = "pain"
    PASS = "pass"  # over a later set of a side that hurt: reached, and left out


@dataclass(frozen=True)
class Event:
    """A jump on the timeline: from ``position`` to ``target``, at clock time ``time``."""

    kind: Jump
    position: float
    target: float
    time: float


@dataclass(frozen=True)
class Snapshot:
    """What the session is doing now: all a view needs to draw it."""

    status: Status
    position: float
    index: int  # of the current segment in plan.segments
    segment: Segment
    remaining: float  # seconds left in the current segment
    active_seconds: float  # time spent running, pauses excluded
    reps_done: int  # in the current set
    can_finish_set: bool  # the low end of the rep range is reached
    left: float  # seconds of the plan still to come, what will be left out not counted
    left_out: frozenset[int]  # units the session passes over (a side that hurt)


class Session:
    """Runs a plan against an injected monotonic clock.

    Controls return True when they took effect and False when they did not apply (pausing a
    session that is not running, skipping after the end).
    """

    def __init__(self, plan: Plan, cues: Sequence[Cue], clock: Clock) -> None:
        self.plan = plan
        self._clock = clock
        self._cues = sorted(cues, key=lambda c: c.start)
        self._cue_starts = [c.start for c in self._cues]
        self._next_cue = 0
        self._pending: list[Cue] = []
        self._status = Status.READY
        self._anchor_position = 0.0
        self._anchor_time = 0.0
        self._run_start = 0.0
        self._runs: list[tuple[float, float]] = []  # positions traversed without a jump
        self._left_out: set[int] = set()  # units of a side that hurt, passed over when reached
        self._active_since = 0.0
        self._active_total = 0.0
        self._started_clock = 0.0
        self.events: list[Event] = []
        self.generation = 0  # bumped on every control, so a player knows to re-plan

    # --- reading ---------------------------------------------------------------------------
    # Every public method reads the clock once, so all it answers belongs to one moment.

    @property
    def status(self) -> Status:
        self._now()
        return self._status

    def position(self) -> float:
        """Seconds into the plan, as if it had never been paused."""
        return self._position_at(self._now())

    def active_seconds(self) -> float:
        """Time spent running so far, pauses excluded."""
        return self._active_at(self._now())

    def snapshot(self) -> Snapshot:
        now = self._now()
        position = self._position_at(now)
        index = self.plan.index_at(position)
        segment = self.plan.segments[index]
        span = self._set_at(position)
        reps = span.reps_done(self._run_start, position) if span else 0
        return Snapshot(
            status=self._status, position=position, index=index, segment=segment,
            remaining=max(0.0, segment.end - position), active_seconds=self._active_at(now),
            reps_done=reps, can_finish_set=self._finishable(position) is not None,
            left=max(0.0, self.plan.duration - position
                     - self._left_out_between(position, self.plan.duration)),
            left_out=frozenset(self._left_out),
        )

    def due_cues(self) -> list[Cue]:
        """Cues whose start the session has reached since the last call, in order.

        Each is returned once for every time the session passes it: a skipped-over cue never,
        a cue replayed after ``back`` again.
        """
        now = self._now()
        if self._status is not Status.READY:
            self._collect(self._position_at(now))
        due, self._pending = self._pending, []
        return due

    def upcoming(self, horizon: float, grace: float = 0.25) -> list[tuple[float, Cue]]:
        """Cues of the current run from ``grace`` seconds ago to ``horizon`` seconds ahead,
        each with the clock time it falls due at if nothing changes (watch ``generation``).

        Independent of ``due_cues``: a player may ask as often as it likes and must itself
        ignore what it has already played.
        """
        now = self._now()
        if self._status is not Status.RUNNING:
            return []
        position = self._position_at(now)
        first = bisect.bisect_left(self._cue_starts, max(self._run_start, position - grace))
        found = []
        for cue in self._cues[first:]:
            if self._is_left_out(cue.start):
                continue
            ahead = cue.start - position - self._left_out_between(position, cue.start)
            if ahead > horizon:
                break
            found.append((now + ahead, cue))
        return found

    def runs(self) -> tuple[tuple[float, float], ...]:
        """The stretches of the plan gone through without a jump, so far, in order."""
        now = self._now()
        runs = list(self._runs)
        if self._status in (Status.RUNNING, Status.PAUSED):
            runs.append((self._run_start, self._position_at(now)))
        return tuple(runs)

    # --- controls --------------------------------------------------------------------------

    def start(self) -> bool:
        if self._status is not Status.READY:
            return False
        now = self._clock()
        self._started_clock = now
        return self._run_from(now)

    def pause(self) -> bool:
        now = self._now()
        return self._status is Status.RUNNING and self._pause_at(now)

    def resume(self) -> bool:
        now = self._now()
        return self._status is Status.PAUSED and self._run_from(now)

    def toggle_pause(self) -> bool:
        now = self._now()
        if self._status is Status.RUNNING:
            return self._pause_at(now)
        return self._status is Status.PAUSED and self._run_from(now)

    def stop(self) -> bool:
        """End the session early; what was done so far stays in ``runs()``."""
        now = self._now()
        status = self._status
        if status in (Status.FINISHED, Status.STOPPED):
            return False
        if status is not Status.READY:
            position = self._position_at(now)
            self._collect(position)
            self._runs.append((self._run_start, position))
            self._anchor_position = position
        self._active_total = self._active_at(now)
        self._status = Status.STOPPED
        self.generation += 1
        return True

    def skip(self) -> bool:
        """Jump to the start of the next block or side (or to the end)."""
        now = self._now()
        if not self._can_jump():
            return False
        unit = self.plan.unit_at(self._position_at(now))
        return self._jump(Jump.SKIP, self._unit_start(unit + 1), now)

    def back(self) -> bool:
        """Restart the current block or side; near its start, go to the previous one."""
        now = self._now()
        if not self._can_jump():
            return False
        position = self._position_at(now)
        unit = self.plan.last_unit_at(position)
        if position - self._unit_start(unit) <= BACK_GRACE_S:
            unit = max(unit - 1, 0)
        self._left_out.discard(unit)  # asked for again: done after all
        return self._jump(Jump.BACK, self._unit_start(unit), now)

    def finish_set(self) -> bool:
        """End the current set early, allowed once the low end of its rep range is done."""
        now = self._now()
        span = self._finishable(self._position_at(now)) if self._can_jump() else None
        return span is not None and self._jump(Jump.FINISH_SET, span.end, now)

    def hurt(self) -> bool:
        """Stop the current exercise on this side because it hurts: record it, leave out
        this side's later sets of it (where sides take turns set by set), and go on to the
        other side (which may be fine), or to the next exercise."""
        now = self._now()
        if not self._can_jump():
            return False
        unit = self.plan.last_unit_at(self._position_at(now))
        units = self.plan.units
        if units[unit].side is not None:
            self._left_out |= {later for later in range(unit + 1, len(units))
                               if (units[later].block, units[later].side)
                               == (units[unit].block, units[unit].side)}
        return self._jump(Jump.PAIN, self._unit_start(unit + 1), now)

    def side_at(self, position: float) -> Side | None:
        """The leg working at ``position``: the unit's side, or the rep's when legs take
        turns; None when both work at once."""
        segment = self.plan.segments[self.plan.index_at(position)]
        return self.plan.side_of(segment)

    def pain_set(self, position: float) -> SetSpan | None:
        """The set "this hurts" refers to: the latest one begun in the current unit, or the
        unit's first set if none has begun yet."""
        unit = self.plan.last_unit_at(position)
        in_unit = [s for s in self.plan.sets if self.plan.segments[s.segments[0]].unit == unit]
        begun = [s for s in in_unit if s.start <= position]
        return begun[-1] if begun else (in_unit[0] if in_unit else None)

    @property
    def started_clock(self) -> float | None:
        """The clock time the session started, None before it has."""
        return None if self._status is Status.READY else self._started_clock

    # --- internals -------------------------------------------------------------------------

    def _now(self) -> float:
        """Read the clock, and finish the session if it has carried it to the end."""
        now = self._clock()
        self._settle(now)
        return now

    def _position_at(self, now: float) -> float:
        if self._status is Status.RUNNING:
            return min(self.plan.duration, self._anchor_position + now - self._anchor_time)
        return self._anchor_position

    def _active_at(self, now: float) -> float:
        if self._status is Status.RUNNING:
            return self._active_total + now - self._active_since
        return self._active_total

    def _run_from(self, now: float) -> bool:
        """Start or resume: the clock runs the plan on from where it stands."""
        self._anchor_time = self._active_since = now
        self._status = Status.RUNNING
        self.generation += 1
        return True

    def _pause_at(self, now: float) -> bool:
        self._anchor_position = self._position_at(now)
        self._anchor_time = now
        self._active_total = self._active_at(now)
        self._status = Status.PAUSED
        self.generation += 1
        return True

    def _settle(self, now: float) -> None:
        """Pass over each unit left out at the moment the clock reached it, and finish the
        session once the clock has carried it to the end of the plan."""
        while self._status is Status.RUNNING:
            starts = [self.plan.units[u].start for u in self._left_out
                      if self.plan.units[u].start >= self._anchor_position]
            if starts and now >= self._anchor_time + min(starts) - self._anchor_position:
                start = min(starts)
                self._jump(Jump.PASS, start, self._anchor_time + start - self._anchor_position)
                continue
            reached = self._anchor_time + self.plan.duration - self._anchor_position
            if now >= reached:
                self._finish(reached)
            return

    def _finish(self, when: float) -> None:
        end = self.plan.duration
        self._collect(end)
        self._runs.append((self._run_start, end))
        if self._status is Status.RUNNING:
            self._active_total += max(0.0, when - self._active_since)
        self._anchor_position = end
        self._status = Status.FINISHED
        self.generation += 1

    def _collect(self, position: float) -> None:
        while self._next_cue < len(self._cues) and self._cue_starts[self._next_cue] <= position:
            self._pending.append(self._cues[self._next_cue])
            self._next_cue += 1

    def _can_jump(self) -> bool:
        return self._status in (Status.RUNNING, Status.PAUSED)

    def _unit_start(self, unit: int) -> float:
        units = self.plan.units
        return units[unit].start if unit < len(units) else self.plan.duration

    def _jump(self, kind: Jump, target: float, now: float) -> bool:
        position = self._position_at(now)
        if kind is not Jump.BACK:  # not into a unit left out: on past it
            target = self._past_left_out(target)
        # A unit passed over is left from its very start: its first cue is not due.
        self._collect(position - 1e-9 if kind is Jump.PASS else position)
        self._runs.append((self._run_start, position))
        self.events.append(Event(kind, position, target, now))
        self._anchor_position = self._run_start = target
        self._anchor_time = now
        self._next_cue = bisect.bisect_left(self._cue_starts, target)
        if kind is not Jump.PASS:  # passing over was foreseen: what was planned still holds
            self.generation += 1
        if target >= self.plan.duration:
            self._finish(now)
        return True

    def _past_left_out(self, position: float) -> float:
        """``position``, or where the units left out that begin there end."""
        for unit in sorted(self._left_out):
            if abs(self.plan.units[unit].start - position) < 1e-9:
                position = self.plan.units[unit].end
        return position

    def _is_left_out(self, position: float) -> bool:
        return any(self.plan.units[u].start <= position < self.plan.units[u].end
                   for u in self._left_out)

    def _left_out_between(self, start: float, end: float) -> float:
        """Seconds of the units left out that lie between ``start`` and ``end``."""
        return sum(self.plan.units[u].end - self.plan.units[u].start for u in self._left_out
                   if start <= self.plan.units[u].start and self.plan.units[u].end <= end)

    def _set_at(self, position: float) -> SetSpan | None:
        for span in self.plan.sets:
            if span.start <= position < span.end:
                return span
        return None

    def _finishable(self, position: float) -> SetSpan | None:
        """The set running at ``position`` if it may end early now: in reps, with the low end
        of its range done and the top not yet."""
        span = self._set_at(position)
        segment = self.plan.segments[self.plan.index_at(position)]
        if span is None or not span.min_reps or segment.kind not in REP_KINDS:
            return None
        reps = span.reps_done(self._run_start, position)
        return span if span.min_reps <= reps < span.planned_reps else None
