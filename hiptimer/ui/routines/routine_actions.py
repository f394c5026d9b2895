"""The Routines tab's buttons: make, copy, edit, delete (with undo), import, export and print
routines, and take up a progression suggestion as a copy."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QDialog, QFileDialog

from ...core.catalog import Catalog
from ...core.progression import Suggestion, apply
from ...core.review import preview
from ...core.routine import Frequency, Routine, find
from ...core.routine_load import RoutineFileError
from ...core.session_rules import with_lead_in
from ...store.routines import UserRoutines, kept_apart, new_id, replacing, same_as
from ..widgets.plain import warn
from .import_preview import ImportPreview, ImportProblems
from .routines_page import RoutinesPage

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

AskPath = Callable[[str, str], Path | None]  # (what for, suggested file name) -> chosen path


class RoutineActions(QObject):
    """Acts on the user's routines, kept as files by ``UserRoutines``.

    Signals:
        changed(object, object): the whole list of routines (tuple) and the id to show (or None).
        edit(object): open this Routine in the editor.
    """

    changed = Signal(object, object)
    edit = Signal(object)

    def __init__(self, page: RoutinesPage, catalog: Catalog, builtins: tuple[Routine, ...],
                 store: UserRoutines | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.catalog = catalog
        self.builtins = builtins
        self.store = store
        self.user: tuple[Routine, ...] = ()
        self.problems: list[str] = []
        self.deleted: Routine | None = None
        self.ask_open: AskPath = self._ask_open
        self.ask_save: AskPath = self._ask_save
        self.show_dialog: Callable[[QDialog], bool] = self._show_dialog  # tests answer it
        # The system's print dialog; True when the user chose a printer (tests choose a file).
        self.choose_printer: Callable[[QPrinter], bool] = self._choose_printer
        # The get-ready time sessions run with, so a handout says the time a session takes.
        self.lead_in_s: Callable[[], float] | None = None
        page.new_requested.connect(self.new)
        page.duplicate_requested.connect(self.duplicate)
        page.edit_requested.connect(self._edit)
        page.delete_requested.connect(self.delete)
        page.import_requested.connect(self.import_file)
        page.export_requested.connect(self.export)
        page.handout_requested.connect(self.save_handout)
        page.print_requested.connect(self.print_handout)
        page.undo_requested.connect(self.undo_delete)

    @property
    def routines(self) -> tuple[Routine, ...]:
        return self.builtins + self.user

    def load(self) -> list[str]:
        """Read the user's routines; messages about files that could not be read."""
        if self.store is None:
            return []
        self.user, self.problems = self.store.load_beside(self.builtins)
        return self.problems

    def _taken(self) -> set[str]:
        taken = {r.id for r in self.routines}
        return taken | (self.store.taken_ids() if self.store else set())

    def save(self, routine: Routine) -> bool:
        """Write a user routine and show it; False (after saying why) if it cannot be kept."""
        if self.store is None:
            self._warn("Routine not saved", "HipTimer has no folder to keep routines in.")
            return False
        try:
            self.store.save(routine)
        except (OSError, ValueError) as exc:
            self._warn("Routine not saved", f"{routine.name} could not be saved: {exc}")
            return False
        self.load()
        self.changed.emit(self.routines, routine.id)
        return True

    def new(self) -> None:
        """An empty routine of the user's own, opened in the editor (saved from there)."""
        self.edit.emit(Routine(new_id("My routine", self._taken()), "My routine", "",
                               Frequency.DAILY, (), built_in=False))

    def copy_of(self, routine: Routine, name: str) -> Routine:
        name = name[:60]
        return dataclasses.replace(routine, id=new_id(name, self._taken()), name=name,
                                   built_in=False)

    def duplicate(self, routine_id: str) -> Routine | None:
        routine = find(self.routines, routine_id)
        if routine is None:
            return None
        copy = self.copy_of(routine, f"{routine.name} (my copy)")
        return copy if self.save(copy) else None

    def _edit(self, routine_id: str) -> None:
        routine = find(self.user, routine_id)
        if routine is not None:
            self.edit.emit(routine)

    def delete(self, routine_id: str) -> None:
        routine = find(self.user, routine_id)
        if routine is None or self.store is None:
            return
        try:
            self.store.delete(routine_id)
        except OSError as exc:
            self._warn("Routine not deleted", f"{routine.name} could not be deleted: {exc}")
            return
        self.deleted = routine
        self.load()
        self.changed.emit(self.routines, None)
        self.page.show_undo(f"Deleted {routine.name}.")

    def undo_delete(self) -> None:
        if self.deleted is None or self.store is None:
            return
        routine, self.deleted = self.deleted, None
        try:
            self.store.restore(routine.id)
        except OSError as exc:
            self._warn("Routine not restored", f"{routine.name} could not be put back: {exc}")
            return
        self.load()
        self.page.show_undo(None)
        self.changed.emit(self.routines, routine.id)

    def import_file(self) -> Routine | None:
        """Ask for a routine file, preview it, and save it if the user says Import.

        Returns:
            The routine as saved, or None when nothing was (cancelled or refused).
        """
        if self.store is None:
            return None
        path = self.ask_open("Import a routine", "")
        if path is None:
            return None
        try:
            imported = self.store.read_file(path)
        except RoutineFileError as exc:
            self.show_dialog(ImportProblems(path.name, exc.problems, self.page))
            return None
        routine = imported.routine
        same = same_as(routine, self.routines)
        kept = kept_apart(routine, self.routines, self._taken()) if same else routine
        dialog = ImportPreview(preview(routine, imported.defaulted), path.name, self.page,
                               same=same, kept_name=kept.name)
        if not self.show_dialog(dialog):
            return None
        routine = replacing(routine, same) if same and dialog.replaces() else kept
        return routine if self.save(routine) else None

    def _show_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog and wait; True if the user accepted it."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def export(self, routine_id: str) -> bool:
        routine = find(self.routines, routine_id)
        if routine is None or self.store is None:
            return False
        path = self.ask_save("Export this routine", f"{routine.id}.toml")
        if path is None:
            return False
        try:
            self.store.export(routine, path)
        except (OSError, ValueError) as exc:
            self._warn("Routine not exported", f"{path} could not be written: {exc}")
            return False
        return True

    def save_handout(self, routine_id: str) -> bool:
        """Save the routine's handout as a PDF where the user chooses; False if not saved."""
        from .handout import write_handout  # Qt's PDF writer: loaded when first needed

        routine = self._as_run(routine_id)
        if routine is None:
            return False
        name = re.sub(r'[\\/:*?"<>|]+', "-", routine.name).strip(" .") or routine.id
        path = self.ask_save("Save the handout of this routine as a PDF", f"{name} handout.pdf")
        if path is None:
            return False
        try:
            pages = write_handout(routine, path)
        except OSError as exc:
            self._warn("Handout not saved", f"The handout could not be saved as {path}: "
                       f"{exc.strerror or exc}.\n\nNothing was written; a file already there "
                       "is as it was.")
            return False
        self._tell(f"Saved the handout of {routine.name} ({pages} page"
                   f"{'' if pages == 1 else 's'}) to {path}.")
        return True

    def print_handout(self, routine_id: str) -> bool:
        """Print the routine's handout on a printer the user chooses in the system's print
        dialog; False if cancelled."""
        from PySide6.QtPrintSupport import QPrinter  # loaded when first needed

        from ..widgets.pdf import DPI, PAGE
        from .handout import handout_title, paint_handout

        routine = self._as_run(routine_id)
        if routine is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(handout_title(routine))
        printer.setPageLayout(PAGE)
        if not self.choose_printer(printer):
            return False
        printer.setResolution(DPI)  # the handout is measured at this resolution
        pages = paint_handout(routine, printer)
        where = printer.outputFileName() or printer.printerName() or "the printer"
        self._tell(f"Sent the handout of {routine.name} ({pages} page"
                   f"{'' if pages == 1 else 's'}) to {where}.")
        return True

    def _as_run(self, routine_id: str) -> Routine | None:
        """The routine as a session runs it (with the user's get-ready time)."""
        routine = find(self.routines, routine_id)
        if routine is None or self.lead_in_s is None:
            return routine
        return with_lead_in(routine, self.lead_in_s())

    def _choose_printer(self, printer: QPrinter) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, self.page)
        dialog.setWindowTitle("Print the handout")
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def _tell(self, text: str) -> None:
        """A line in the undo area, keeping the Undo button if a deletion can still be undone."""
        if self.deleted is not None:
            text = f"Deleted {self.deleted.name}. {text}"
        self.page.show_undo(text)
        self.page.undo_button.setVisible(self.deleted is not None)

    def accept(self, routine_id: str, suggestion: Suggestion) -> Routine | None:
        """Make a copy of the routine with the suggested changes (never changing a built-in,
        nor the user's own routine: its history stays with it)."""
        routine = find(self.routines, routine_id)
        if routine is None:
            return None
        word = "stepped up" if suggestion.changes and suggestion.advice.value == "progress" \
            else "eased off"
        name = f"{routine.name} ({word})"[:60]
        changed = apply(routine, suggestion, new_id=new_id(name, self._taken()), new_name=name)
        return changed if self.save(changed) else None

    def _warn(self, title: str, text: str) -> None:
        warn(self.page, title, text)  # it quotes file and routine names

    def _ask_open(self, title: str, _name: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.page, title, _documents(),
                                                "HipTimer routines (*.toml);;All files (*)")
        return Path(chosen) if chosen else None

    def _ask_save(self, title: str, name: str) -> Path | None:
        kind = ("PDF documents (*.pdf)" if name.endswith(".pdf")
                else "HipTimer routines (*.toml)")
        chosen, _ = QFileDialog.getSaveFileName(self.page, title,
                                                str(Path(_documents()) / name), kind)
        return Path(chosen) if chosen else None


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


