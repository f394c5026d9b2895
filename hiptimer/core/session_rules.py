"""Rules the session screen follows that are about the user, not the screen: whose get-ready
time applies, and what to say after "this hurts"."""

from __future__ import annotations

import dataclasses

from .catalog import Exercise
from .cues import side_name, side_short
from .routine import Routine, Side
from .session import Session, Status


def with_lead_in(routine: Routine, lead_in_s: float) -> Routine:
    """The routine with the get-ready time it runs with: the user's one setting, for every
    block of every routine (a routine file's own times are kept in the file, not used)."""
    blocks = tuple(dataclasses.replace(b, lead_in_s=lead_in_s) for b in routine.blocks)
    return dataclasses.replace(routine, blocks=blocks)


def hurt_message(exercise: Exercise, side: Side | None, other_side_next: bool,
                 later_sets_left_out: bool = False) -> str:
    """What to say after "this hurts": what stopped, what to try, what comes next."""
    where = f" ({side_short(exercise, side)})" if side else ""
    left_out = (f" The later sets for your {side_short(exercise, side)} are left out."
                if side and later_sets_left_out else "")
    then = (f" Next: {side_name(exercise, side.other)}. Do it only if it feels fine, and "
            "press This hurts again if it does not." if side and other_side_next else "")
    return (f"Stopped {exercise.name}{where} because it hurt.{left_out} Next time, try it "
            f"easier: {exercise.easier}{then} If the pain stays, ask your physiotherapist. "
            "Press Space to go on.")


def stop_for_pain(session: Session) -> str | None:
    """"This hurts": stop this side of the exercise and pause, a moment to read what to try
    instead (``hurt_message``). None if there was nothing to stop."""
    position = session.position()
    exercise = session.plan.exercise_at(position)
    side = session.side_at(position)
    left_out = session.snapshot().left_out
    if not session.hurt():
        return None
    session.pause()
    follows = session.plan.exercise_at(session.position()).id == exercise.id
    return hurt_message(exercise, side, follows and session.status is not Status.FINISHED,
                        later_sets_left_out=session.snapshot().left_out != left_out)
