"""The printable handout: every routine's exercises whole and in order, pages numbered, the file
written all or nothing; and the Routines tab's Print button."""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.fields import Table
from hiptimer.core.figure.spec import FigureSpec, parse_figure
from hiptimer.core.review import describe_dose
from hiptimer.core.routine import Block, Frequency, Routine, find
from hiptimer.core.routine_file import read_routine_text
from hiptimer.core.routine_load import builtin_routines
from hiptimer.core.safety import PAIN_RULE, WARNING_SIGNS, Tier
from hiptimer.ui.routines.handout import write_handout
from hiptimer.ui.widgets.pdf import paginate
from tests.core.test_routine_v2 import EXAMPLE

from .fakes import make_window, shown_messages

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATALOG = builtin_catalog()
ROUTINES = builtin_routines(CATALOG)
pytestmark = pytest.mark.usefixtures("qapp")  # Qt lays out the text with real fonts

BRIDGE = """
exercise = "bridge"
body = "supine"
view = "side"
motion = "rep"
[[pose]]
name = "flat on the mat"
hips = { flex = 50 }
knees = { flex = 95 }
[[pose]]
name = "hips lifted"
tilt = 30
knees = { flex = 100 }
"""


def words(text: str) -> str:
    """Text as a reader sees it: one space between words, ligatures spelled out, and a word
    broken after its hyphen at the end of a line joined up again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(unicodedata.normalize("NFKC", text).split()))


def page_texts(pdf: Path) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(pdf).pages]


def page_lines(pdf: Path) -> list[list[str]]:
    return [[words(line) for line in page.extract_text().splitlines()]
            for page in PdfReader(pdf).pages]


def headings(routine: Routine) -> list[str]:
    return [f"{n}. {b.exercise.name}" for n, b in enumerate(routine.blocks, 1)]


def entry_pages(pdf: Path, routine: Routine) -> list[int]:
    """The page of each block's heading, checking every heading is there exactly once."""
    wanted = set(headings(routine))
    found = [(line, number) for number, lines in enumerate(page_lines(pdf))
             for line in lines if line in wanted]
    assert [line for line, _ in found] == headings(routine)
    return [number for _, number in found]


def spec_of(text: str) -> FigureSpec:
    return parse_figure(Table(tomllib.loads(text)))


@pytest.mark.parametrize("routine", ROUTINES, ids=[r.id for r in ROUTINES])
def test_every_exercise_is_on_the_handout_whole(routine: Routine, tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    pages = write_handout(routine, target, printed=date(2026, 3, 9))
    texts = page_texts(target)
    assert pages == len(texts) > 0
    assert words(routine.name) in texts[0] and "9 March 2026" in texts[0]
    assert routine.frequency.label in texts[0]
    for block, on in zip(routine.blocks, entry_pages(target, routine), strict=True):
        exercise = block.exercise
        text = texts[on]  # the whole entry is on the page of its heading
        assert words(describe_dose(block)) in text
        assert words(exercise.steps[0]) in text and words(exercise.steps[-1]) in text
        assert all(words(c) in text for c in exercise.cautions)
        assert words(f"If it hurts: {exercise.easier}") in text  # what to try, on paper too
    for number, text in enumerate(texts, 1):
        assert text.endswith(f"HipTimer · {words(routine.name)} · page {number} of {pages}")
    for sign in WARNING_SIGNS:  # the warning signs, by tier, close the exercises
        assert words(sign.text) in texts[-2]
    assert words(Tier.EMERGENCY.heading) in texts[-2] and words(PAIN_RULE) in texts[-2]
    assert texts[-1].startswith("Your log for the next two weeks")  # a page of its own


def test_a_long_routine_takes_several_pages_a_few_entries_each(tmp_path: Path) -> None:
    blocks = tuple(Block(e, e.dose, e.sides) for e in list(CATALOG.values())[:12])
    routine = Routine("long", "A long routine", "Twelve exercises.", Frequency.DAILY, blocks)
    target = tmp_path / "long.pdf"
    pages = write_handout(routine, target, figures={})
    on = entry_pages(target, routine)
    assert pages == len(PdfReader(target).pages) >= 4
    assert on == sorted(on) and max(on.count(p) for p in set(on)) <= 4


def test_a_routine_without_exercises_is_one_page(tmp_path: Path) -> None:
    empty = Routine("empty", "Nothing yet", "", Frequency.AS_NEEDED, ())
    assert write_handout(empty, tmp_path / "empty.pdf") == 1
    assert "0 exercises" in page_texts(tmp_path / "empty.pdf")[0]


def test_an_exercise_without_a_figure_still_gets_its_entry(tmp_path: Path) -> None:
    routine = find(ROUTINES, "hip-strengthening")
    assert routine is not None and routine.blocks[0].exercise.id == "bridge"
    target = tmp_path / "some-figures.pdf"
    write_handout(routine, target, figures={"bridge": spec_of(BRIDGE)})
    texts = page_texts(target)
    on = entry_pages(target, routine)
    assert "flat on the mat" in texts[on[0]] and "hips lifted" in texts[on[0]]
    assert sum(t.count("hips lifted") for t in texts) == 1
    looping = spec_of(BRIDGE.replace('"rep"', '"cycle"'))  # one pose, no names
    write_handout(routine, target, figures={"bridge": looping})
    assert entry_pages(target, routine)[0] == 0
    assert not any("flat on the mat" in t or "hips lifted" in t for t in page_texts(target))


def test_an_unwritable_target_raises_and_leaves_nothing(tmp_path: Path) -> None:
    routine = ROUTINES[0]
    with pytest.raises(OSError):
        write_handout(routine, tmp_path / "missing" / "handout.pdf")
    assert not (tmp_path / "missing").exists()
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    with pytest.raises(OSError):
        write_handout(routine, folder)
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


def test_pages_take_whole_items_as_many_as_fit() -> None:
    assert paginate([30, 30, 30, 30], room=100, gap=5) == [[0, 1, 2], [3]]
    assert paginate([30, 120, 10], room=100, gap=5) == [[0], [1], [2]]  # too tall: alone
    assert paginate([50, 45], room=100, gap=5) == [[0, 1]]
    assert paginate([], room=100, gap=5) == []


def test_the_handout_button_saves_the_handout_where_the_user_chose(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    page, actions = window.routines_page, window.routine_actions
    asked: list[str] = []

    def answer(_title: str, name: str) -> Path:
        asked.append(name)
        return tmp_path / name

    actions.ask_save = answer
    assert page.buttons["handout"].text() == "Han&dout (PDF)…"
    page.buttons["handout"].click()
    assert asked == ["Gentle first steps (start here) handout.pdf"]
    saved = tmp_path / asked[0]
    assert saved.read_bytes().startswith(b"%PDF")
    assert "Gentle first steps (start here)" in page_texts(saved)[0]
    assert page.undo_label.isVisibleTo(page) and str(saved) in page.undo_label.text()
    assert not page.undo_button.isVisibleTo(page)  # nothing to undo

    warned = shown_messages(monkeypatch)
    actions.ask_save = lambda _title, _name: tmp_path / "missing" / "handout.pdf"
    page.buttons["handout"].click()
    assert warned and str(tmp_path / "missing" / "handout.pdf") in warned[0]
    assert not (tmp_path / "missing").exists()


def test_print_goes_through_the_print_dialog_to_the_chosen_printer(
        qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    page, actions = window.routines_page, window.routine_actions
    chosen: list[QPrinter] = []
    actions.choose_printer = lambda printer: chosen.append(printer) and False
    page.buttons["print"].click()  # the dialog cancelled: nothing printed, nothing said
    assert len(chosen) == 1 and not page.undo_label.isVisibleTo(page)
    assert chosen[0].docName() == "Gentle first steps (start here): exercise handout"

    printed = tmp_path / "printer.pdf"

    def to_file(printer: QPrinter) -> bool:  # as choosing "Print to file" in the dialog
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printer_file))
        return True

    printer_file = printed
    actions.choose_printer = to_file
    page.buttons["print"].click()
    assert "Gentle first steps (start here)" in page_texts(printed)[0]
    assert len(page_texts(printed)) >= 2  # the exercises, the warning signs and the log
    assert page.undo_label.text() == (f"Sent the handout of Gentle first steps (start here) "
                                      f"({len(page_texts(printed))} pages) to {printed}.")


def test_the_handout_prints_what_the_physiotherapist_wrote_and_a_two_week_log(
        tmp_path: Path) -> None:
    routine = read_routine_text(EXAMPLE.encode(), CATALOG, source="x.toml").routine
    target = tmp_path / "programme.pdf"
    write_handout(routine, target, printed=date(2026, 3, 9))
    texts = page_texts(target)
    everything = " ".join(texts)
    assert "Start each exercise on the left" in texts[0]
    on = entry_pages(target, routine)
    bridge, abduction, knees, hamstring = (texts[p] for p in on)
    assert "2 s up, 5 s hold, 2 s down, 1 s between reps · 60 s rest between sets" in bridge
    assert "Next step: Single-leg bridge — when 3 × 12 feels easy" in bridge
    assert "a set on each side in turn, left leg first" in abduction
    assert "You need: kitchen counter to hold" in abduction
    assert ("Note from your physiotherapist: Stand tall and keep your toes pointing "
            "forward.") in abduction
    assert "30 s rest between sets" in knees
    assert "You need: a towel" in hamstring and "left leg first, then right leg" in hamstring
    assert re.search(r"Stationary bike ?, 15 minutes, 3 days a week; seat high", everything)
    log = texts[-1]
    assert log.startswith("Your log for the next two weeks")
    assert "From 9 March 2026" in log and "Mo 9" in log and "Su 22" in log  # Mon 9 to Sun 22
    for name in ("Bridge", "Stationary bike (15 min)", "Pain after (0–10)",
                 "Pain next morning (0–10)"):
        assert name in log


def test_the_handout_and_the_editor_say_the_time_a_session_takes_with_the_users_get_ready_time(
        qtbot: QtBot, tmp_path: Path) -> None:
    from hiptimer.core.plan import total_duration
    from hiptimer.core.session_rules import with_lead_in
    from hiptimer.store.settings import Settings
    from hiptimer.ui.text import minutes

    window = make_window(ROUTINES, tmp_path, settings=Settings(lead_in_s=20)).window
    qtbot.addWidget(window)
    routine = find(ROUTINES, "strength-and-stretch")
    assert routine is not None
    as_run = minutes(total_duration(with_lead_in(routine, 20)))
    assert as_run != minutes(total_duration(routine))  # the file's own 5 s is not used
    window.routine_actions.ask_save = lambda _title, name: tmp_path / name
    assert window.routine_actions.save_handout(routine.id)
    [saved] = tmp_path.glob("*handout.pdf")
    assert f"Time: {words(as_run)} in all" in page_texts(saved)[0]
    editor = window.edit_routine(routine)
    qtbot.addWidget(editor)
    assert editor.editor.total.text() == f"Total: {as_run}"
