"""The History tab: what was done, how pain moved, and whether the dose was kept up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import (
    QDate,
    QItemSelection,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.activity import ActivityLog
from ...core.catalog import Catalog
from ...core.progress import current_streak, minutes_by_day, pain_points, weekly_adherence
from ...core.record import Outcome, SessionRecord, SessionSummary
from ..widgets.banner import Banner
from ..widgets.charts import AdherenceChart, CalendarHeatmap, PainChart
from ..widgets.plain import plain_label
from .activity_list import ActivityList
from .sessions_model import SessionsModel, detail_html

ADHERENCE_WEEKS = 12
# (label, days back from today; None: from the first session)
RANGES: tuple[tuple[str, int | None], ...] = (
    ("All time", None), ("Last 4 weeks", 27), ("Last 3 months", 90), ("Last 12 months", 364),
    ("Custom dates", -1))


@dataclass(frozen=True)
class Shown:
    """What the page shows: the filter the user chose, turned into days."""

    routine_id: str | None
    first: date
    last: date


def adherence_from(shown: Shown) -> date:
    """The first day the weekly dose chart covers."""
    return max(shown.first, shown.last - timedelta(weeks=ADHERENCE_WEEKS - 1))


class HistoryPage(QWidget):
    """Filters, three charts, the sessions list and the chosen session's every set.

    The page only shows; ``load`` is given a function that fetches sessions for a filter.

    Signals:
        delete_requested(str): the user asked to delete the session with this uid.
        undo_requested(): the user asked to put back the session just deleted.
        export_requested(str): "sessions", "entries" or "activities", for the days shown.
        report_requested(): write the progress report of the days shown, as a PDF.
        retry_requested(): the user asked to try writing unsaved sessions again.
    """

    delete_requested = Signal(str)
    undo_requested = Signal()
    export_requested = Signal(str)
    report_requested = Signal()
    retry_requested = Signal()
    filter_changed = Signal()

    def __init__(self, catalog: Catalog, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        """``today``: the user's day now (the window's clock)."""
        super().__init__(parent)
        self._today = today
        self._catalog = catalog
        self._names = {i: e.name for i, e in catalog.items()}
        self._categories = {i: e.category for i, e in catalog.items()}
        self.record_of: Callable[[str], SessionRecord | None] = lambda uid: None

        self.banner = Banner()
        self.retry_button = QPushButton("Try saving again")
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.hide()
        self.routine = QComboBox()
        self.routine.setAccessibleName("Routine")
        self.range = QComboBox()
        self.range.setAccessibleName("Dates")
        for label, _ in RANGES:
            self.range.addItem(label)
        self.first = _date_edit("From")
        self.last = _date_edit("To")
        export_menu = QMenu(self)
        export_menu.addAction("Sessions as CSV…", lambda: self.export_requested.emit("sessions"))
        export_menu.addAction("Every exercise and set as CSV…",
                              lambda: self.export_requested.emit("entries"))
        export_menu.addAction("Activities logged as CSV…",
                              lambda: self.export_requested.emit("activities"))
        self.export_button = QToolButton()
        self.export_button.setText("E&xport")
        self.export_button.setToolTip("Save the sessions shown as a spreadsheet file, for your "
                                      "physiotherapist")
        self.export_button.setMenu(export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.report_button = QPushButton("Re&port for my physiotherapist…")
        self.report_button.setToolTip("Save a PDF of the days shown: how often you kept to "
                                      "your routines, pain, each exercise, and your notes")
        self.report_button.clicked.connect(self.report_requested)

        self.pain_chart = PainChart()
        self.adherence_chart = AdherenceChart()
        self.calendar = CalendarHeatmap()
        self.model = SessionsModel(today)
        self.table = SessionsTable()
        self.table.setAccessibleName("Sessions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control
        # Sizing columns to every row of ten years' history took ~100 ms; the newest few suffice.
        self.table.horizontalHeader().setResizeContentsPrecision(50)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.activities = ActivityList(self._names)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Session details")
        self.delete_button = QPushButton("&Delete session")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete)
        self.undo_label = plain_label()  # it names a routine
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo_requested)
        self.notice = plain_label()  # what was exported, where; it may quote a routine's name
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self._layout()
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self._delete)
        QShortcut(QKeySequence.StandardKey.Undo, self, self._undo_shortcut)
        self.show_undo(None)
        self.routine.currentIndexChanged.connect(self.filter_changed)
        self.range.currentIndexChanged.connect(self._range_chosen)
        self.first.dateChanged.connect(self._dates_edited)
        self.last.dateChanged.connect(self._dates_edited)
        self._earliest = today()
        self._update_dates()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (("Routi&ne:", self.routine), ("Dat&es:", self.range),
                              ("Fro&m:", self.first), ("To:", self.last)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.report_button)
        filters.addWidget(self.export_button)
        charts = QHBoxLayout()
        for title, chart in (("Pain before and after", self.pain_chart),
                             (f"Days a week, last {ADHERENCE_WEEKS} weeks", self.adherence_chart),
                             ("Active days", self.calendar)):
            column = QVBoxLayout()
            heading = QLabel(f"<b>{title}</b>")
            column.addWidget(heading)
            column.addWidget(chart, 1)
            charts.addLayout(column, 1)
        chart_box = QWidget()
        chart_box.setLayout(charts)
        detail_box = QWidget()
        detail = QVBoxLayout(detail_box)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        detail.addLayout(buttons)
        lower = QSplitter(Qt.Orientation.Horizontal)
        list_box = QWidget()
        listing = QVBoxLayout(list_box)
        listing.setContentsMargins(0, 0, 0, 0)
        listing.addWidget(self.table, 1)
        listing.addWidget(self.empty, 1)
        self.lists = QTabWidget()
        self.lists.setAccessibleName("Sessions and activities")
        self.lists.addTab(list_box, "Sess&ions")
        self.lists.addTab(self.activities, "Ac&tivities")
        lower.addWidget(self.lists)
        lower.addWidget(detail_box)
        lower.setStretchFactor(0, 5)  # near halves: the list and the set-by-set table both fit
        lower.setStretchFactor(1, 4)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chart_box)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        undo = QHBoxLayout()
        undo.addWidget(self.undo_label, 1)
        undo.addWidget(self.undo_button)
        undo.addWidget(self.notice, 1)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(filters)
        column.addWidget(split, 1)
        column.addLayout(undo)
        # Tab in reading order: the filters, the buttons beside them, the list, its detail.
        # (Only once all of them are on this page: Qt ignores an order across two windows.)
        chain = (self.routine, self.range, self.first, self.last, self.report_button,
                 self.export_button, self.lists, self.table, self.activities, self.detail,
                 self.delete_button, self.undo_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- filters --------------------------------------------------------------------------

    def set_routines(self, routines: list[tuple[str, str]]) -> None:
        """The routines to filter by, (id, name); keeps the current choice if still there."""
        current = self.routine.currentData()
        self.routine.blockSignals(True)
        self.routine.clear()
        self.routine.addItem("All routines", None)
        for routine_id, name in routines:
            self.routine.addItem(name, routine_id)
        index = self.routine.findData(current)
        self.routine.setCurrentIndex(max(index, 0))
        self.routine.blockSignals(False)

    def set_earliest(self, day: date | None) -> None:
        """The first day with a session, where "All time" starts; the dates follow today."""
        today = self._today()
        self._earliest = min(day or today, today)
        self._update_dates()

    def shown(self) -> Shown:
        first = self.first.date().toPython()
        last = self.last.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        return Shown(self.routine.currentData(), min(first, last), max(first, last))

    def _range_chosen(self) -> None:
        self._update_dates()
        self.filter_changed.emit()

    def _update_dates(self) -> None:
        days = RANGES[self.range.currentIndex()][1]
        custom = days == -1
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)
        if not custom:
            today = self._today()
            first = self._earliest if days is None else today - timedelta(days=days)
            for edit, day in ((self.first, first), (self.last, today)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)

    def _dates_edited(self) -> None:
        self.filter_changed.emit()

    # --- showing --------------------------------------------------------------------------

    def show_sessions(self, sessions: list[SessionSummary], work: set[tuple[date, str]],
                      shown: Shown, activities: Sequence[ActivityLog] = (),
                      activity_target: int = 0) -> None:
        """Fill the lists and the charts; ``work`` is (day, exercise id) of completed sets,
        from ``adherence_from(shown)`` on; ``activities`` those logged in the days shown, and
        ``activity_target`` the days a week the routines ask an activity for."""
        selected = self.selected_uid()
        self.model.reset(sessions)
        has_any = bool(sessions)
        self.table.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.empty.setText("No sessions yet. When you finish a session, it shows up here."
                           if self.routine.count() <= 1 and shown.routine_id is None
                           else "No sessions match these filters.")
        self.pain_chart.set_points(pain_points(sessions), shown.first, shown.last)
        done = [(day, self._categories[e]) for day, e in work if e in self._categories]
        self.adherence_chart.set_weeks(weekly_adherence(
            done, adherence_from(shown), shown.last, (a.day for a in activities)),
            activity_target)
        self.activities.show_activities(activities)
        self.lists.setTabText(1, f"Ac&tivities ({len(activities)})")
        by_day = minutes_by_day(sessions)
        self.calendar.set_days(by_day, shown.last, current_streak(by_day.keys(), shown.last))
        rows = [i for i, s in enumerate(sessions) if s.uid == selected]
        if rows:
            self.table.selectRow(rows[0])
        else:
            self.table.clearSelection()
            self._show_detail(None)
        self.table.resizeColumnsToContents()
        # The routine's name takes what room is left, elided, not a sideways scroll bar (set
        # again each time: a model reset forgets it).
        self.table.horizontalHeader().setSectionResizeMode(
            len(SessionsModel.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)

    def show_problem(self, message: str | None, unsaved: int) -> None:
        """The storage problem in words, with a retry button while sessions wait."""
        lines = [message] if message else []
        if unsaved:
            lines.append(f"{unsaved} session{'s' if unsaved != 1 else ''} not saved yet: "
                         "HipTimer keeps trying while it is open. You can also export them.")
        self.banner.show_messages(lines)
        self.retry_button.setVisible(bool(unsaved))

    def show_undo(self, deleted: SessionRecord | None) -> None:
        self.undo_label.setVisible(deleted is not None)
        self.undo_button.setVisible(deleted is not None)
        if deleted is not None:
            self.undo_label.setText(f"Deleted {deleted.routine_name} of "
                                    f"{deleted.started_at:%a %d %b %Y, %H:%M}.")

    def tell(self, text: str) -> None:
        """A line under the lists: what was just done (a file written, say)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def filter_words(self) -> str:
        """The filter in words: ``"Daily hip stretches, 4 Nov 2026 to 2 Dec 2026"``."""
        shown = self.shown()
        routine = self.routine.currentText() if shown.routine_id else "all routines"
        first, last = (f"{d.day} {d:%b %Y}" for d in (shown.first, shown.last))
        return f"{routine}, {first} to {last}"

    def selected_uid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.sessions[rows[0].row()].uid if rows else None

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        uid = self.selected_uid()
        self._show_detail(self.record_of(uid) if uid else None)

    def _show_detail(self, record: SessionRecord | None) -> None:
        running = record is not None and record.outcome is Outcome.RUNNING
        self.delete_button.setEnabled(record is not None and not running)
        self.delete_button.setToolTip("A session under way cannot be deleted" if running
                                      else "Delete this session (Delete key); Undo brings it "
                                      "back")
        if record is None:
            self.detail.setHtml("<p>Choose a session to see every exercise and set.</p>")
            return
        self.detail.setHtml(detail_html(record, self._catalog, self._today().year))

    def _delete(self) -> None:
        uid = self.selected_uid()
        if uid is not None and self.delete_button.isEnabled():
            self.delete_requested.emit(uid)

    def _undo_shortcut(self) -> None:
        if self.undo_button.isVisible():
            self.undo_requested.emit()


class SessionsTable(QTableView):
    """Coming to the list by keyboard chooses a session at once (the newest, unless one is
    chosen), so its sets show and Up and Down move from there."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.selectionModel().hasSelection() and self.model().rowCount():
            self.selectRow(max(self.currentIndex().row(), 0))


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit

