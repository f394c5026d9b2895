"""Attributes made later: the first read of any of them builds them all, once."""

from __future__ import annotations

from hiptimer.ui.window.parts import Part


class Window:
    page: Part[str] = Part()
    helper: Part[list[str]] = Part()

    def __init__(self) -> None:
        self.builds = 0

    def build_parts(self) -> None:
        if self.builds:
            return
        self.builds += 1
        self.page = "the page"
        self.helper = [self.page]  # a part may use one made before it


def test_nothing_is_built_until_a_part_is_read() -> None:
    window = Window()
    assert window.builds == 0
    assert window.helper == ["the page"]
    assert window.page == "the page"
    assert window.builds == 1


def test_a_part_can_be_set_again_and_each_object_has_its_own() -> None:
    one, two = Window(), Window()
    one.page = "another page"  # before any build: only this part is set
    assert one.page == "another page" and one.builds == 0
    assert two.page == "the page" and two.builds == 1
    assert isinstance(Window.page, Part)
