"""Wires the history keeper to the History tab: loading, filters, delete and undo, export,
and the button that tries again to write sessions that could not be written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog

from ...core.activity import weekly_target
from ...core.catalog import Catalog
from ...core.record import SessionRecord, SessionSummary
from ...core.routine import Routine
from ...store.db import StoreError
from ...store.export import write_activities, write_csv_file, write_entries, write_sessions
from ...store.keeper import HistoryKeeper
from ..widgets.plain import warn
from .history_page import HistoryPage, adherence_from

AskPath = Callable[[str], Path | None]


class HistoryController(QObject):
    """Keeps the History tab in step with the keeper; reloads lazily while the tab is hidden."""

    def __init__(self, page: HistoryPage, keeper: HistoryKeeper, catalog: Catalog,
                 now: Callable[[], datetime], ask_path: AskPath | None = None,
                 routines: Callable[[], tuple[Routine, ...]] = tuple) -> None:
        super().__init__(page)
        self.page = page
        self.keeper = keeper
        self._routines = routines
        self._now = now  # the local time
        self._catalog = catalog
        self._names = {i: e.name for i, e in catalog.items()}
        self.ask_path = ask_path or self._ask_with_dialog
        self._stale = True
        self.deleted: SessionRecord | None = None
        page.record_of = keeper.record
        page.filter_changed.connect(self.reload)
        page.delete_requested.connect(self.delete)
        page.undo_requested.connect(self.undo)
        page.export_requested.connect(self.export)
        page.report_requested.connect(self.report)
        page.activities.delete_requested.connect(self.delete_activity)
        page.retry_requested.connect(self.retry)

    def changed(self) -> None:
        """The history changed (a session was saved): reload now if shown, else when shown."""
        self._stale = True
        if self.page.isVisible():
            self.reload()
        else:
            self.show_problem()

    def showing(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        keeper, page = self.keeper, self.page
        page.set_routines(keeper.routines())
        page.set_earliest(keeper.first_day())
        shown = page.shown()
        sessions = keeper.summaries(shown.routine_id, shown.first, shown.last)
        work = keeper.work_done(shown.routine_id, adherence_from(shown), shown.last)
        routines = [r for r in self._routines() if shown.routine_id in (None, r.id)]
        activities = [a for a in keeper.activities(shown.first, shown.last)
                      if shown.routine_id in (None, a.routine_id)]
        page.show_sessions(sessions, work, shown, activities, weekly_target(routines))
        self.show_problem()

    def show_problem(self) -> None:
        problem = self.keeper.problem
        self.page.show_problem(problem.message if problem else None, len(self.keeper.unsaved))

    def retry(self) -> None:
        self.keeper.retry(patient=True)  # asked for: worth a moment's wait for a lock
        self.changed()

    def delete(self, uid: str) -> None:
        try:
            deleted = self.keeper.delete(uid)
        except StoreError as exc:
            warn(self.page, "Session not deleted",
                                f"The session could not be deleted. {exc.message}")
            return
        self.deleted = deleted
        self.page.show_undo(deleted)
        self.reload()

    def delete_activity(self, uid: str) -> None:
        try:
            self.keeper.delete_activity(uid)
        except StoreError as exc:
            warn(self.page, "Activity not deleted",
                                f"The activity could not be deleted. {exc.message}")
            return
        self.reload()

    def undo(self) -> None:
        if self.deleted is None:
            return
        self.keeper.save(self.deleted)
        self.deleted = None
        self.page.show_undo(None)
        self.reload()

    def export(self, kind: str) -> bool:
        """Write the sessions shown (or all their sets) to a CSV file the user picks."""
        path = self.ask_path(kind)
        if path is None:
            return False
        shown = self.page.shown()
        sessions = self.keeper.summaries(shown.routine_id, shown.first, shown.last)
        written: list[int] = []  # rows written, once the file is complete
        try:
            if kind == "sessions":
                write_csv_file(path, lambda out: written.append(write_sessions(out, sessions)))
                what = "session"
            elif kind == "activities":
                logs = [a for a in self.keeper.activities(shown.first, shown.last)
                        if shown.routine_id in (None, a.routine_id)]  # as the tab lists them
                write_csv_file(path, lambda out: written.append(
                    write_activities(out, logs, self._names)))
                what = "activity"
            else:
                records = self.keeper.records(s.uid for s in sessions)
                write_csv_file(path, lambda out: written.append(
                    write_entries(out, records, self._names)))
                what = "set"
        except OSError as exc:
            warn(self.page, "Not exported",
                                f"{path} could not be written: {exc.strerror or exc}. "
                                "Nothing else was changed.")
            return False
        rows = sum(written)
        plural = {"activity": "activities"}.get(what, f"{what}s")
        self.page.tell(f"Exported {rows} {what if rows == 1 else plural} "
                       f"({self.page.filter_words()}) to {path}.")
        return True

    def report(self) -> bool:
        """Write the progress report of the days shown to a PDF the user picks."""
        from ...core.report import build_report
        from .report import write_report  # Qt's PDF writer: loaded when first needed

        path = self.ask_path("report")
        if path is None:
            return False
        shown = self.page.shown()
        sessions = self.keeper.summaries(first=shown.first, last=shown.last)
        report = build_report(self.keeper.records(s.uid for s in sessions),
                              self.keeper.activities(shown.first, shown.last),
                              self._routines(), self._names, shown.first, shown.last)
        try:
            write_report(report, path, self._catalog, made=self._now().date())
        except OSError as exc:
            warn(self.page, "Report not saved",
                                f"{path} could not be written: {exc.strerror or exc}. "
                                "Nothing else was changed.")
            return False
        return True

    def export_unsaved(self) -> bool:
        """Write the sessions that wait in memory to a CSV file, and their sets beside it."""
        path = self.ask_path("unsaved")
        if path is None:
            return False
        records = self.keeper.unsaved
        sets_path = path.with_name(f"{path.stem}-sets{path.suffix or '.csv'}")
        summaries = [SessionSummary.of(r, saved=False) for r in records]
        try:
            write_csv_file(path, lambda out: write_sessions(out, summaries))
            write_csv_file(sets_path, lambda out: write_entries(out, records, self._names))
        except OSError as exc:
            warn(self.page, "Not exported",
                                f"The sessions could not be written: {exc.strerror or exc}.")
            return False
        return True

    def _ask_with_dialog(self, kind: str) -> Path | None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        pdf = kind == "report"
        name = f"hiptimer-{kind}-{self._now().date().isoformat()}.{'pdf' if pdf else 'csv'}"
        chosen, _ = QFileDialog.getSaveFileName(
            self.page, {"sessions": "Export sessions", "activities": "Export activities",
                        "report": "Save a report for your physiotherapist"}.get(
                kind, "Export every set"),
            str(Path(folder) / name), "PDF documents (*.pdf)" if pdf else "CSV files (*.csv)")
        return Path(chosen) if chosen else None
