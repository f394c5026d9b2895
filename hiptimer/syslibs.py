"""The system libraries Qt loads, checked before Qt is imported: a missing one gets a plain
message naming its Debian/Ubuntu package, not a traceback or Qt's abort (which, for the X11
plugin, even blames the wrong library).

No Qt here: this module must work exactly when Qt cannot.
"""

from __future__ import annotations

import ctypes
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Library:
    soname: str
    package: str  # on Debian 12; Ubuntu 24.04 and Debian 13 resolve the name too (t64 renames)


def _libraries(package: str, *sonames: str) -> tuple[Library, ...]:
    return tuple(Library(soname, package) for soname in sonames)


# What PySide6's Qt libraries link from the system (objdump -p: NEEDED), beyond the C and C++
# runtimes every system has. tests/test_syslibs.py checks these lists against the wheel.
CORE = (*_libraries("libglib2.0-0", "libglib-2.0.so.0", "libgthread-2.0.so.0"),
        *_libraries("zlib1g", "libz.so.1"),
        *_libraries("libzstd1", "libzstd.so.1"))
GUI = (*CORE,
       *_libraries("libegl1", "libEGL.so.1"),
       *_libraries("libgl1", "libGL.so.1"),
       *_libraries("libfontconfig1", "libfontconfig.so.1"),
       *_libraries("libfreetype6", "libfreetype.so.6"),
       *_libraries("libx11-6", "libX11.so.6"),
       *_libraries("libxkbcommon0", "libxkbcommon.so.0"),
       *_libraries("libdbus-1-3", "libdbus-1.so.3"))  # QtGui links QtDBus
# QtNetwork, which the window's single-instance guard uses.
NETWORK = (*_libraries("libgssapi-krb5-2", "libgssapi_krb5.so.2"),
           *_libraries("libbrotli1", "libbrotlidec.so.1", "libbrotlicommon.so.1"))
SOUND = _libraries("libpulse0", "libpulse.so.0")  # QtMultimedia
# The X11 platform plugin (libqxcb.so and libQt6XcbQpa). Without one of these, Qt aborts
# with a message that names libxcb-cursor0 whatever is missing.
X11 = (*_libraries("libxcb1", "libxcb.so.1"),
       *_libraries("libx11-xcb1", "libX11-xcb.so.1"),
       *_libraries("libxkbcommon-x11-0", "libxkbcommon-x11.so.0"),
       *_libraries("libxcb-cursor0", "libxcb-cursor.so.0"),
       *_libraries("libxcb-icccm4", "libxcb-icccm.so.4"),
       *_libraries("libxcb-image0", "libxcb-image.so.0"),
       *_libraries("libxcb-keysyms1", "libxcb-keysyms.so.1"),
       *_libraries("libxcb-randr0", "libxcb-randr.so.0"),
       *_libraries("libxcb-render0", "libxcb-render.so.0"),
       *_libraries("libxcb-render-util0", "libxcb-render-util.so.0"),
       *_libraries("libxcb-shape0", "libxcb-shape.so.0"),
       *_libraries("libxcb-shm0", "libxcb-shm.so.0"),
       *_libraries("libxcb-sync1", "libxcb-sync.so.1"),
       *_libraries("libxcb-util1", "libxcb-util.so.1"),
       *_libraries("libxcb-xfixes0", "libxcb-xfixes.so.0"),
       *_libraries("libxcb-xkb1", "libxcb-xkb.so.1"))


class QtUnavailable(Exception):
    """Qt cannot start here; the text says why and what to install, in plain words."""


@dataclass(frozen=True)
class Missing:
    library: Library
    detail: str  # the loader's reason, when it is not simply that the file is not there


_SONAME = re.compile(r"(lib[\w.+-]+\.so[.\d]*): cannot open shared object file")  # dlopen's words


def _load(soname: str) -> None:
    # A frozen bundle carries most of these next to the program; prefer its copy.
    bundled = Path(getattr(sys, "_MEIPASS", "")) / soname if getattr(sys, "frozen", False) else None
    ctypes.CDLL(str(bundled) if bundled is not None and bundled.exists() else soname)


def missing(libraries: Iterable[Library],
            load: Callable[[str], None] | None = None) -> list[Missing]:
    """The libraries that cannot be loaded here (each tried once, in order); ``load`` is
    dlopen unless given."""
    load = load or _load
    found: list[Missing] = []
    for library in dict.fromkeys(libraries):
        try:
            load(library.soname)
        except OSError as exc:
            found.append(Missing(library, _other_reason(library.soname, str(exc))))
    return found


def _other_reason(soname: str, text: str) -> str:
    """The loader's words when they name another library (one this one needs) or something
    else than a missing file; "" when they only say that this one is not there (a frozen
    bundle's ctypes says so in its own words)."""
    if "Failed to load dynlib/dll" in text:  # PyInstaller's wording of "not found"
        return ""
    others = [name for name in _SONAME.findall(text) if name != soname]
    return text if others or "cannot open shared object file" not in text else ""


def missing_message(purpose: str, missing: list[Missing]) -> str:
    """What to tell the user: each library, its package, and one command to install them."""
    lines = [f"{purpose} needs system libraries that are missing or cannot be loaded:"]
    for item in missing:
        detail = f"; {item.detail}" if item.detail else ""
        lines.append(f"  {item.library.soname} (package {item.library.package}{detail})")
    packages = " ".join(dict.fromkeys(item.library.package for item in missing))
    lines.append("On Debian or Ubuntu, install them with:")
    lines.append(f"  sudo apt-get install {packages}")
    return "\n".join(lines)


def require(purpose: str, libraries: Iterable[Library],
            load: Callable[[str], None] | None = None) -> None:
    """Raises:
        QtUnavailable: naming every library that is missing and its package."""
    if not sys.platform.startswith("linux"):
        return  # the wheels carry what they need elsewhere
    gone = missing(libraries, load)
    if gone:
        raise QtUnavailable(missing_message(purpose, gone))


def platforms(environ: Mapping[str, str]) -> list[str]:
    """The Qt platform plugins Qt will try, in order, as Qt itself chooses them."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [name.split(":", 1)[0].strip() for name in chosen.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def require_window(environ: Mapping[str, str],
                   load: Callable[[str], None] | None = None) -> None:
    """Check all the window needs: Qt's libraries, sound, and a display with its plugin.

    Raises:
        QtUnavailable: a library is missing, or there is no display to open a window on.
    """
    libraries = [*GUI, *NETWORK, *SOUND]
    first = (platforms(environ) or ["xcb"])[0]
    if sys.platform.startswith("linux") and first == "xcb":
        if not environ.get("DISPLAY"):
            raise QtUnavailable(
                "the window needs a desktop session, and there is no display here (DISPLAY is "
                "not set). Start HipTimer from your desktop; the text commands (hiptimer --help) "
                "work without one.")
        libraries += X11
    require("HipTimer's window", libraries, load)


def from_import_error(exc: ImportError) -> QtUnavailable | None:
    """A plain explanation of an import that failed on a missing shared library (one not in
    the lists above), or None for any other import error."""
    match = _SONAME.search(str(exc))
    if match is None:
        return None
    soname = match.group(1)
    return QtUnavailable(
        f"a system library is missing: {soname}. Install the package that provides it "
        f"(on Debian or Ubuntu, 'apt-file search {soname}' names it).")

