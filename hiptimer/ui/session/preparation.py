"""Preparing a session off the GUI thread: the routine compiled, its cues placed by the
spoken length of each phrase, and what to say about the voice. No Qt here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...core.cues import BEEP_TICK, CueOptions, estimate_length, phrases, schedule
from ...core.plan import Plan, compile_plan
from ...core.routine import Routine
from ...core.session import Session
from ...speech import RenderResult
from ...store.settings import Settings
from ..text import minutes

SUMMARY_NAMES = 12  # exercises named on the start screen; a longer routine says how many more


@dataclass(frozen=True)
class Prepared:
    """A session ready to start, and what the speech engine made of its phrases."""

    session: Session
    result: RenderResult


def cue_options(settings: Settings, sounds: Mapping[str, Path],
                hurt_last_time: Mapping[str, str]) -> CueOptions:
    """What the settings ask to be said and beeped (beeps only where their sound is)."""
    return CueOptions(settings.verbosity, settings.beeps and BEEP_TICK in sounds, beep_s=0.15,
                      hip_replaced=settings.hip_replaced_months > 0,
                      hurt_last_time=hurt_last_time)


def compiled(routine: Routine, options: CueOptions) -> tuple[Plan, list[str]]:
    """The routine's plan and the phrases it says (off the GUI thread)."""
    plan = compile_plan(routine)
    return plan, sorted(phrases(plan, options))


def scheduled(plan: Plan, result: RenderResult, options: CueOptions,
              clock: Callable[[], float]) -> Prepared:
    """The session, its cues placed by the phrases' spoken lengths (off the GUI thread)."""
    clips = result.clips
    cues = schedule(plan, lambda t: clips[t].length if t in clips else estimate_length(t),
                    options)
    session = Session(plan, cues.cues, clock)
    # Look everything up once here, so the first refresh on the GUI thread finds it ready.
    plan.sets_over_by(0)
    plan.index_at(0)
    plan.unit_at(0)
    return Prepared(session, result)


def start_summary(routine: Routine, duration: float | None = None) -> str:
    """The line under the routine's name on the start screen (its length once known)."""
    length = f"{minutes(duration)} · " if duration is not None else ""
    names = [b.exercise.name for b in routine.blocks]
    more = len(names) - SUMMARY_NAMES
    listed = ", ".join(names[:SUMMARY_NAMES]) + (f" and {more} more" if more > 0 else "")
    return f"{length}{len(routine.blocks)} exercises: {listed}"


def voice_problem(result: RenderResult) -> str | None:
    """What the banner says about the voice: nothing, some phrases silent, or no voice."""
    silent = len(result.failed)
    if not silent and not result.error:
        return None
    spoken = len(result.clips)
    if not spoken:
        reason = result.error or next(iter(result.failed.values()))
        return (f"Voice is off: {reason} The session still runs: watch the screen for "
                "each cue.")
    reason = f" {result.error}" if result.error else ""
    return (f"{silent} of {silent + spoken} phrases could not be prepared and will show on "
            f"screen only; the other {spoken} are spoken.{reason}")
