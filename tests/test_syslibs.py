"""The system-library check: its lists match what PySide6 really links, a missing library is
named with its package, and the window is never opened where Qt would abort."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer import syslibs
from hiptimer.syslibs import QtUnavailable

# The C and C++ runtimes: part of every system, never missing.
RUNTIME = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libdl.so.2",
           "libpthread.so.0", "librt.so.1", "libresolv.so.2", "ld-linux-x86-64.so.2",
           "ld-linux-aarch64.so.1"}

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries")


def needed(path: Path) -> set[str]:
    """The DT_NEEDED entries of a 64-bit little-endian ELF file (what ``objdump -p`` lists)."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, f"not ELF64 LE: {path}"
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    dynamic = next(s for s in sections if s[1] == 6)  # SHT_DYNAMIC
    strings = sections[dynamic[6]]  # sh_link: its string table
    names = set()
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 0:
            break
        if tag == 1:  # DT_NEEDED
            start = strings[4] + value
            names.add(data[start:data.index(b"\0", start)].decode())
    return names


def from_the_system(files: list[Path], wheel: Path) -> set[str]:
    """The libraries these files need that neither the PySide6 wheel nor the runtime has."""
    inside = {p.name for folder in (wheel, wheel.parent / "shiboken6")
              for p in folder.rglob("*.so*")}
    return {name for f in files for name in needed(f)} - inside - RUNTIME


@pytest.fixture(scope="module")
def wheel() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent


def sonames(*groups: tuple[syslibs.Library, ...]) -> set[str]:
    return {lib.soname for group in groups for lib in group}


@linux
def test_the_lists_name_every_system_library_pyside6_links(wheel: Path) -> None:
    qt = wheel / "Qt"
    modules = ("Core", "Gui", "Widgets", "DBus", "Network", "Multimedia")  # what HipTimer uses
    window = [qt / "lib" / f"libQt6{m}.so.6" for m in modules]
    window += [wheel / f"Qt{m}.abi3.so" for m in modules]
    window += [qt / "plugins" / "platforms" / "libqoffscreen.so",
               *wheel.glob("libpyside6.abi3.so*")]
    assert from_the_system(window, wheel) <= sonames(syslibs.GUI, syslibs.NETWORK,
                                                     syslibs.SOUND)
    x11 = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    assert from_the_system(x11, wheel) <= sonames(syslibs.GUI, syslibs.X11)
    # And the lists name nothing Qt does not need.
    assert sonames(syslibs.X11) <= from_the_system(x11, wheel)


@linux
def test_the_elf_reader_agrees_with_objdump(wheel: Path) -> None:
    library = wheel / "Qt" / "lib" / "libQt6Gui.so.6"
    try:
        out = subprocess.run(["objdump", "-p", str(library)], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("objdump (binutils) is not installed")
    listed = {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}
    assert needed(library) == listed


class FakeLoader:
    """dlopen as on a machine that lacks ``gone``; records what was asked for."""

    def __init__(self, *gone: str, broken: dict[str, str] | None = None) -> None:
        self.gone = set(gone)
        self.broken = broken or {}
        self.asked: list[str] = []

    def __call__(self, soname: str) -> None:
        self.asked.append(soname)
        if soname in self.gone:
            raise OSError(f"{soname}: cannot open shared object file: No such file or directory")
        if soname in self.broken:
            raise OSError(self.broken[soname])


def test_missing_libraries_are_named_with_their_package_and_one_command() -> None:
    load = FakeLoader("libEGL.so.1", "libglib-2.0.so.0", "libgthread-2.0.so.0")
    with pytest.raises(QtUnavailable) as raised:
        syslibs.require("The window", syslibs.GUI, load)
    message = str(raised.value)
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux is checked")
    assert message.splitlines() == [
        "The window needs system libraries that are missing or cannot be loaded:",
        "  libglib-2.0.so.0 (package libglib2.0-0)",
        "  libgthread-2.0.so.0 (package libglib2.0-0)",
        "  libEGL.so.1 (package libegl1)",
        "On Debian or Ubuntu, install them with:",
        "  sudo apt-get install libglib2.0-0 libegl1",
    ]


def test_a_library_that_loads_but_is_broken_says_why() -> None:
    why = "libexpat.so.1: cannot open shared object file: No such file or directory"
    gone = syslibs.missing(syslibs.GUI, FakeLoader(broken={"libfontconfig.so.1": why}))
    assert [(m.library.soname, m.detail) for m in gone] == [("libfontconfig.so.1", why)]
    assert f"libfontconfig.so.1 (package libfontconfig1; {why})" in syslibs.missing_message(
        "Printing", gone)


def test_a_frozen_bundles_wording_of_not_found_is_plain() -> None:
    frozen = ("Failed to load dynlib/dll 'libEGL.so.1'. Most likely this dynlib/dll was not "
              "found when the application was frozen.")
    gone = syslibs.missing(syslibs.GUI, FakeLoader(broken={"libEGL.so.1": frozen}))
    assert [(m.library.soname, m.detail) for m in gone] == [("libEGL.so.1", "")]


def test_nothing_missing_is_silent() -> None:
    load = FakeLoader()
    syslibs.require("The window", syslibs.GUI, load)
    assert syslibs.missing(syslibs.GUI, load) == []


@linux
def test_the_real_libraries_of_this_machine_load() -> None:
    """The suite runs Qt, so everything the window needs is here (and loads for real)."""
    assert syslibs.missing([*syslibs.GUI, *syslibs.NETWORK, *syslibs.SOUND]) == []


@linux
@pytest.mark.parametrize(("environ", "x11"), [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, False),
    ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, False),
])
def test_the_x11_libraries_are_checked_only_when_a_window_goes_to_x11(
        environ: dict[str, str], x11: bool) -> None:
    load = FakeLoader()
    syslibs.require_window(environ, load)
    assert ("libxcb-icccm.so.4" in load.asked) == x11
    assert "libpulse.so.0" in load.asked and "libGL.so.1" in load.asked


@linux
def test_a_missing_x11_library_is_named_not_blamed_on_another() -> None:
    """Qt's own abort names libxcb-cursor0 whatever is missing; this names the real ones."""
    load = FakeLoader("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-shape.so.0")
    with pytest.raises(QtUnavailable) as raised:
        syslibs.require_window({"DISPLAY": ":0"}, load)
    message = str(raised.value)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-shape0" in message
    assert "cursor" not in message


@linux
def test_without_a_display_the_window_is_not_tried() -> None:
    load = FakeLoader()
    with pytest.raises(QtUnavailable, match="no display here"):
        syslibs.require_window({}, load)
    assert load.asked == []


def test_qt_chooses_platforms_as_documented() -> None:
    assert syslibs.platforms({}) == ["xcb"]
    assert syslibs.platforms({"QT_QPA_PLATFORM": "offscreen"}) == ["offscreen"]
    assert syslibs.platforms({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert syslibs.platforms({"QT_QPA_PLATFORM": "vnc:size=800x600"}) == ["vnc"]
    assert syslibs.platforms({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "w"}) == [
        "wayland", "xcb"]


def test_an_import_error_on_a_library_not_in_the_lists_is_explained() -> None:
    error = ImportError("libfoo-1.so.3: cannot open shared object file: No such file or "
                        "directory")
    problem = syslibs.from_import_error(error)
    assert problem is not None
    assert "libfoo-1.so.3" in str(problem) and "apt-file search libfoo-1.so.3" in str(problem)
    assert syslibs.from_import_error(ImportError("No module named 'nothing'")) is None
