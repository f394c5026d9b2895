"""Attributes an object makes later than itself, in one go, when first read."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar, overload

T = TypeVar("T")


class BuildsParts(Protocol):
    def build_parts(self) -> None:
        """Set every ``Part`` of this object (once; later calls do nothing)."""


class Part(Generic[T]):
    """An attribute set by its owner's ``build_parts``: reading it before then builds them
    all, so callers never need to know whether that has happened yet.

    For example the main window paints its frame first and makes its pages just after; a test
    that reads ``window.session_page`` at once gets it made there and then.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._key = f"_part_{name}"

    @overload
    def __get__(self, owner: None, kind: type) -> Part[T]: ...
    @overload
    def __get__(self, owner: BuildsParts, kind: type) -> T: ...
    def __get__(self, owner: BuildsParts | None, kind: type) -> Part[T] | T:
        if owner is None:
            return self
        if self._key not in vars(owner):
            owner.build_parts()
        value: T = vars(owner)[self._key]
        return value

    def __set__(self, owner: BuildsParts, value: T) -> None:
        vars(owner)[self._key] = value
