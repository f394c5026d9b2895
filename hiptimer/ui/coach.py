"""Advice on the Routines tab, from the history: progression, the week's strength work, today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QObject

from ..core.catalog import Catalog, Category
from ..core.progression import SessionPain, Suggestion, suggest
from ..core.record import Outcome
from ..core.reminders import strength_note
from ..core.routine import Frequency, Routine, find
from ..store.keeper import HistoryKeeper
from .routine_actions import RoutineActions
from .routines_page import RoutinesPage

SUGGESTION_DAYS = 60  # advice looks at this routine's sessions of the last two months


class Coach(QObject):
    """Reads the history to advise on the Routines page, and answers the page's advice box.

    Signals:
        none of its own; it listens to the page's ``routine_chosen``,
        ``suggestion_dismissed`` and ``suggestion_accepted``.
    """

    def __init__(self, page: RoutinesPage, catalog: Catalog, keeper: HistoryKeeper,
                 actions: RoutineActions, routines: Callable[[], tuple[Routine, ...]],
                 parent: QObject | None = None) -> None:
        """Advise on ``page``.

        Args:
            page: the Routines tab, where the advice and the strength note are shown.
            catalog: the exercises, to tell strengthening from the rest.
            keeper: the history file the advice is drawn from.
            actions: makes the suggested copy of a routine.
            routines: the routines there are now.
            parent: the owner.
        """
        super().__init__(parent)
        self._page = page
        self._catalog = catalog
        self._keeper = keeper
        self._actions = actions
        self._routines = routines
        self._dismissed: set[str] = set()  # routines whose advice the user put off
        page.routine_chosen.connect(self.show_suggestion)
        page.suggestion_dismissed.connect(self._dismiss_suggestion)
        page.suggestion_accepted.connect(self.accept_suggestion)

    def refresh(self) -> None:
        """The history changed: renew the strength note and the advice for the routine shown."""
        self.update_strength_note()
        current = self._page.current_routine()
        if current is not None:
            self.show_suggestion(current.id)

    def suggestion_for(self, routine_id: str) -> Suggestion | None:
        """Progress, hold or ease off, from this routine's recent sessions; None before the
        first session or when the user has put it off."""
        routine = find(self._routines(), routine_id)
        if routine is None or routine_id in self._dismissed:
            return None
        recent = self._keeper.summaries(
            routine_id, first=date.today() - timedelta(days=SUGGESTION_DAYS))
        sessions = [SessionPain.from_summary(s) for s in reversed(recent)
                    if s.outcome is not Outcome.RUNNING]
        return suggest(routine, sessions) if sessions else None

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

    def exercised_today(self) -> bool:
        """Whether any set was done today."""
        today = date.today()
        return any(s.sets_done for s in self._keeper.summaries(first=today, last=today))

    def update_strength_note(self) -> None:
        """A gentle word on the Routines tab when this week's strengthening lags."""
        today = date.today()
        monday = today - timedelta(days=today.weekday())
        days = {day for day, exercise in self._keeper.work_done(None, monday, today)
                if exercise in self._catalog
                and self._catalog[exercise].category is Category.STRENGTH}
        self._page.show_note(strength_note(len(days), today))

    def todays_routine(self) -> str | None:
        """The id of the routine last done (in the past month), else of the first daily one,
        else of the first one; None when there are no routines."""
        today = date.today()
        routines = self._routines()
        recent = self._keeper.summaries(first=today - timedelta(days=30))
        ids = [s.routine_id for s in recent if find(routines, s.routine_id)]
        daily = [r.id for r in routines if r.frequency == Frequency.DAILY]
        choice = ids or daily or [r.id for r in routines]
        return choice[0] if choice else None
