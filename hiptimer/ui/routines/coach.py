"""Advice on the Routines tab, from the history: the next-morning question first, then
progression or a flare's "pause and check", what hurt and what to try, the week's strength
work, and today's routine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from ...core.catalog import Catalog
from ...core.flare import Hurt, Scores, find_flare
from ...core.progression import Person, SessionPain, Suggestion, suggest
from ...core.record import Outcome, SessionSummary
from ...core.reminders import strength_note
from ...core.routine import Routine, find
from ...core.today import (
    RECENT_DAYS,
    ask_window,
    choose_todays_routine,
    exercised_on,
    session_to_ask_about,
    strength_days,
    week_start,
)
from ...core.wording import side_short
from ...store.keeper import HistoryKeeper
from .next_morning import NextMorningDialog
from .recheck import RecheckDialog
from .routine_actions import RoutineActions
from .routines_page import RoutinesPage

SUGGESTION_DAYS = 60  # advice looks at this routine's sessions of the last two months
PERSON_DAYS = 35  # a flare's week, and the four weeks before it that say what is usual


class Coach(QObject):
    """Reads the history to advise on the Routines page, and answers the page's advice box.

    No advice is shown while the morning after the last session is still to be asked about
    (``ask_next_morning``): an unknown morning would only hold it back, and the answer may be
    a flare.

    Signals:
        none of its own; it listens to the page's ``routine_chosen``,
        ``suggestion_dismissed``, ``suggestion_accepted`` and ``recheck_requested``.
    """

    def __init__(self, page: RoutinesPage, catalog: Catalog, keeper: HistoryKeeper,
                 actions: RoutineActions, routines: Callable[[], tuple[Routine, ...]],
                 now: Callable[[], datetime], parent: QObject | None = None) -> None:
        """Advise on ``page``.

        Args:
            page: the Routines tab, where the advice and the strength note are shown.
            catalog: the exercises, for their ladders and easier options.
            keeper: the history file the advice is drawn from.
            actions: makes the suggested copy of a routine.
            routines: the routines there are now.
            now: the local time, with its offset (``Services.now``).
            parent: the owner.
        """
        super().__init__(parent)
        self._page = page
        self._catalog = catalog
        self._keeper = keeper
        self._actions = actions
        self._routines = routines
        self._now = now
        self._dismissed: set[str] = set()  # routines whose advice the user put off
        self._person: Person | None = None  # what the whole history says; None: read again
        self._asked: set[str] = set()  # sessions whose morning was asked about (not again)
        self.waiting_for_morning = self.morning_to_ask() is not None
        page.routine_chosen.connect(self.show_suggestion)
        page.suggestion_dismissed.connect(self._dismiss_suggestion)
        page.suggestion_accepted.connect(self.accept_suggestion)
        page.recheck_requested.connect(lambda: self.recheck(None, page))

    def refresh(self) -> None:
        """The history changed: read it again, renew the strength note and the advice."""
        self._person = None
        self.update_strength_note()
        current = self._page.current_routine()
        if current is not None:
            self.show_suggestion(current.id)

    # --- the person as a whole -------------------------------------------------------------

    def person(self) -> Person:
        """Every "this hurts", the days each exercise was done and any flare, read once per
        change of the history."""
        now = self._now()
        if self._person is None or self._person.now.date() != now.date():
            first = now.date() - timedelta(days=PERSON_DAYS)
            hurts = tuple(Hurt(e.at, e.exercise_id, e.side)
                          for e in self._keeper.pain_events(first))
            scores = [Scores.of(s) for s in self._keeper.summaries(first=first)
                      if s.outcome is not Outcome.RUNNING]
            self._person = Person(now, hurts, frozenset(self._keeper.work_done(first=first)),
                                  find_flare(scores, hurts, now))
        return self._person

    def flaring(self) -> bool:
        """Whether the hip is flaring up now, for the reminders to go gently."""
        flare = self.person().flare
        return flare is not None and flare.active

    def hurt_words(self) -> dict[str, str]:
        """What to say after an exercise's announcement, where "this hurts" is still open."""
        words: dict[str, str] = {}
        for hurt in self.person().open_hurts():
            exercise = self._catalog.get(hurt.exercise_id)
            if exercise is not None and hurt.exercise_id not in words:
                side = f", {side_short(exercise, hurt.side)}" if hurt.side else ""
                words[hurt.exercise_id] = (f"Last time this hurt{side}. Try it easier: "
                                           f"{exercise.easier}")
        return words

    # --- the morning after -----------------------------------------------------------------

    def morning_to_ask(self) -> SessionSummary | None:
        """The last session of the past week (before today) whose next morning is unknown."""
        today = self._now().date()
        first, last = ask_window(today)
        return session_to_ask_about(self._keeper.summaries(first=first, last=last), today)

    def ask_next_morning(self, parent: QWidget) -> NextMorningDialog | None:
        """At launch, before any advice: how was the hip the morning after the last session?
        Returns the dialog shown, if any (for tests)."""
        last = self.morning_to_ask()
        if last is None or last.uid in self._asked:
            self._morning_done()
            return None
        self._asked.add(last.uid)
        dialog = NextMorningDialog(last, parent)

        def answered(result: int) -> None:
            score = dialog.scale.value()
            if result == QDialog.DialogCode.Accepted and score is not None:
                self._keeper.set_next_day(last.uid, score)
            self._morning_done()

        dialog.finished.connect(answered)
        dialog.open()
        return dialog

    def _morning_done(self) -> None:
        self.waiting_for_morning = False
        self.refresh()

    # --- advice ----------------------------------------------------------------------------

    def suggestion_for(self, routine_id: str) -> Suggestion | None:
        """Step up, hold, ease off or pause, from this routine's last two sessions and the
        whole history; None before the next morning is asked about, before the first
        session, or when the user has put it off."""
        routine = find(self._routines(), routine_id)
        if routine is None or routine_id in self._dismissed or self.waiting_for_morning:
            return None
        today = self._now().date()
        recent = [s for s in self._keeper.summaries(
            routine_id, first=today - timedelta(days=SUGGESTION_DAYS))
            if s.outcome is not Outcome.RUNNING]
        person = self.person()
        if not recent and not (person.flare and person.flare.active):
            return None
        mornings = self._mornings(today)
        records = self._keeper.records(s.uid for s in recent[:2])
        sessions = [SessionPain.from_record(r, r.pain_next_day if r.pain_next_day is not None
                                            else mornings.get(r.started_at.date()))
                    for r in records]
        return suggest(routine, sessions, self._catalog, person)

    def _mornings(self, today: date) -> dict[date, int]:
        """Each day's next-morning score, from whichever session of that day has it: one
        morning follows every session of the day before."""
        days: dict[date, int] = {}
        for s in self._keeper.summaries(first=today - timedelta(days=SUGGESTION_DAYS)):
            if s.pain_next_day is not None:
                days.setdefault(s.day, s.pain_next_day)
        return days

    def show_suggestion(self, routine_id: str) -> None:
        self._page.show_suggestion(self.suggestion_for(routine_id))

    def _dismiss_suggestion(self, routine_id: str) -> None:
        self._dismissed.add(routine_id)
        self.show_suggestion(routine_id)

    def accept_suggestion(self, routine_id: str) -> Routine | None:
        """Make the suggested copy of a routine and show it."""
        suggestion = self.suggestion_for(routine_id)
        if suggestion is None or not suggestion.changes:
            return None
        return self._actions.accept(routine_id, suggestion)

    def recheck(self, pain: int | None, parent: QWidget,
                then: Callable[[], object] | None = None) -> RecheckDialog:
        """The warning-sign recheck; ``then`` runs if every answer was no and the person
        chose to go on."""
        dialog = RecheckDialog(pain, parent, starting=then is not None)
        if then is not None:
            dialog.accepted.connect(then)
        dialog.open()
        return dialog

    # --- the week, and today ---------------------------------------------------------------

    def exercised_today(self) -> bool:
        """Whether any set was done today."""
        today = self._now().date()
        return exercised_on(self._keeper.summaries(first=today, last=today), today)

    def update_strength_note(self) -> None:
        """A gentle word on the Routines tab when this week's strengthening lags (none that
        asks for more during a flare)."""
        today = self._now().date()
        days = strength_days(self._keeper.work_done(None, week_start(today), today),
                             self._catalog, today)
        self._page.show_note(strength_note(days, today, flare=self.flaring()))

    def todays_routine(self) -> str | None:
        """The id of the routine last done (in the past month), else of the first daily one,
        else of the first one; None when there are no routines."""
        today = self._now().date()
        recent = self._keeper.summaries(first=today - timedelta(days=RECENT_DAYS))
        return choose_todays_routine(self._routines(), recent, today)
