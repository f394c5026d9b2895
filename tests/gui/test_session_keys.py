"""A session from the keyboard alone, in the real window on an X display, and what a screen
reader finds in it (the real accessibility tree, read over AT-SPI)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .real_window import RealWindow, require_tools

pytestmark = pytest.mark.slow

# Roles a user can act on or must hear: each needs a name.
CONTROLS = {"push button", "check box", "toggle button", "radio button", "page tab", "text",
            "progress bar", "combo box", "spin button", "slider", "menu item", "label"}


@pytest.fixture
def window(tmp_path: Path) -> Iterator[RealWindow]:
    require_tools()
    opened = RealWindow(tmp_path)
    try:
        yield opened
    finally:
        opened.close()


def test_a_whole_session_by_keys(window: RealWindow) -> None:
    """Pain from digits and ↑, Space never changing it, Enter to start, F1 pausing, F11, the
    Esc that closes the help (not the session), H, and the end screen's Tab and Space."""
    start = window.state()
    assert (start["page"], start["focus"]) == ("start", "Start")  # Start is the first stop
    window.keys("Tab", "7", "Down", "Down", "space")  # to the pain question; 7, then 5
    assert window.wait_for(lambda s: s["pain_before"] == 5)["focus"] == "Pain 5 of 10"
    window.keys("Return")
    assert window.wait_for(lambda s: s["page"] == "run")["pain_before"] == 5

    window.keys("F1")
    helped = window.wait_for(lambda s: s["help"])
    assert (helped["status"], helped["phase"]) == ("paused", "PAUSED")
    window.keys("Escape")  # closes the help; the session carries on
    back = window.wait_for(lambda s: not s["help"])
    assert (back["page"], back["status"]) == ("run", "running")

    window.keys("space")
    assert window.wait_for(lambda s: s["status"] == "paused")["phase"] == "PAUSED"
    window.keys("space")
    assert window.wait_for(lambda s: s["status"] == "running")["phase"] != "PAUSED"

    window.keys("F11")
    assert window.wait_for(lambda s: s["fullscreen"])["fullscreen"]
    window.keys("F11")
    assert not window.wait_for(lambda s: not s["fullscreen"])["fullscreen"]

    window.ask("advance 20")  # into the first set
    window.keys("h")
    hurt = window.wait_for(lambda s: "because it hurt" in s["banner"])
    assert hurt["status"] == "paused"

    window.keys("Escape", "Escape")
    end = window.wait_for(lambda s: s["page"] == "end")
    assert end["page"] == "end"
    assert end["focus"] == "Pain 0 of 10"  # the question asked at the end comes first
    window.keys("2", "Tab")
    window.type("stiff")
    window.keys("Tab")  # Tab leaves the note: no tab character in it
    moved = window.wait_for(lambda s: s["focus"] == "Finish")
    assert (moved["pain_after"], moved["note"]) == (2, "stiff")
    window.keys("space")
    done = window.wait_for(lambda s: s["saved"])
    assert done["saved"] == [[5, 2, "stiff"]] and done["page"] == "empty"


def named(nodes: list[dict[str, Any]], role: str) -> list[str]:
    return [n["name"] for n in nodes if n["role"] == role]


def unnamed_controls(nodes: list[dict[str, Any]]) -> list[str]:
    return [f"{n['role']} at depth {n['depth']}" for n in nodes
            if n["role"] in CONTROLS and not n["name"].strip()]


@pytest.mark.skipif(not Path("/usr/bin/python3").exists() or shutil.which("dbus-run-session")
                    is None, reason="needs the system's python3 with python3-pyatspi")
def test_a_screen_reader_finds_every_control_named(window: RealWindow) -> None:
    start = window.ask("dump")
    if not start["found"] and "No module named 'pyatspi'" in str(start.get("error")):
        pytest.skip("python3-pyatspi and at-spi2-core are not installed")
    assert start["found"], start
    nodes = start["nodes"]
    assert unnamed_controls(nodes) == []
    assert named(nodes, "check box") == [f"Pain {n} of 10" for n in range(11)]
    focusable = [n["name"] for n in nodes if n["role"] == "check box"
                 and "focusable" in n["states"]]
    assert focusable == ["Pain 0 of 10"]  # the scale is one Tab stop
    assert {"Start", "Back to routines"} <= set(named(nodes, "push button"))

    window.keys("Tab", "4")
    window.wait_for(lambda s: s["pain_before"] == 4)
    chosen = [n for n in window.ask("dump")["nodes"] if n["name"] == "Pain 4 of 10"]
    assert "checked" in chosen[0]["states"] and "focused" in chosen[0]["states"]

    window.keys("Return")
    window.wait_for(lambda s: s["page"] == "run")
    window.ask("advance 30")
    running = window.ask("dump")["nodes"]
    assert unnamed_controls(running) == []
    buttons = named(running, "push button")
    assert {"Back  [←]", "Pause  [Space]", "This hurts  [H]", "Stop  [Esc]"} <= set(buttons)
    labels = named(running, "label")
    assert any(label.endswith("seconds left") or " rep " in label for label in labels)

    window.keys("Escape", "Escape")
    window.wait_for(lambda s: s["page"] == "end")
    ending = window.ask("dump")["nodes"]
    assert unnamed_controls(ending) == []
    assert "Note" in named(ending, "text") and "Finish" in named(ending, "push button")
