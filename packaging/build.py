"""Build the HipTimer bundle with PyInstaller, from PyPI alone.

Usage (from anywhere; paths are relative to the repository)::

    python packaging/build.py                # fresh venv, bundle in dist/, tarball next to it
    python packaging/build.py --reuse        # keep build/bundle-venv from last time (faster)
    python packaging/build.py --out DIR      # bundle and tarball in DIR instead of dist/
    python packaging/build.py --venv DIR     # the build venv in DIR, not build/bundle-venv
    python packaging/build.py --full         # no trimming (to measure what trimming saves)

Steps: a venv in ``build/bundle-venv`` (made afresh unless ``--reuse``), HipTimer installed into
it from a clean copy of this tree (not editable, so ``hiptimer.assets`` exists) with PyInstaller,
``packaging/hiptimer.spec`` run into ``OUT/HipTimer``, the desktop files (``packaging/linux``:
``install.sh``, the .desktop file, the metainfo; ``assets/icons`` as ``icons/``) copied next to
the program, and ``OUT/HipTimer-<version>-<os>-<machine>.tar.gz`` written with one folder
``HipTimer-<version>/`` inside (on Windows a ``.zip`` of that folder; on macOS a ``.zip`` of
``HipTimer.app``). Prints the sizes and the build time.

The Python running this script is the one frozen: on Linux it must be built with a shared
libpython (pyenv: ``PYTHON_CONFIGURE_OPTS=--enable-shared``). It has been run on Linux only;
see packaging/README.md for Windows and macOS.

Exit status: 0 built; 1 a step failed (its output is above the message); 2 bad usage;
3 the packages could not be installed (no network or no package index).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import venv
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "hiptimer.spec"
VENV = ROOT / "build" / "bundle-venv"
WORK = ROOT / "build" / "pyinstaller"
PYINSTALLER = "pyinstaller>=6.10,<7"

EXIT_FAILED = 1
EXIT_NO_PACKAGES = 3

# What pip needs to build the wheel; everything else in the tree stays out of it.
SOURCE = ("pyproject.toml", "README.md", "LICENSE", "hiptimer", "assets")

sys.path.insert(0, str(ROOT))
# The package is the one source of the name and version; syslibs is plain Python, no Qt.
from hiptimer import APP_NAME, __version__, syslibs  # noqa: E402

sys.path.remove(str(ROOT))


class BuildError(Exception):
    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description=f"Build the {APP_NAME} bundle with PyInstaller.")
    parser.add_argument("--reuse", action="store_true",
                        help=f"reuse {VENV.relative_to(ROOT)} if it works (HipTimer is "
                             "reinstalled into it all the same)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist",
                        help="folder for the bundle and the archive (default: dist/)")
    parser.add_argument("--venv", type=Path, default=VENV,
                        help=f"the build venv (default: {VENV.relative_to(ROOT)})")
    parser.add_argument("--full", action="store_true",
                        help="do not trim Qt (to measure what the trimming saves)")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        check_python()
        fonts = check_build_machine()
        python = make_venv(args.venv.resolve(), reuse=args.reuse)
        install(python)
        out = args.out.resolve()
        # PyInstaller's scratch files: build/ for dist/, else inside the chosen folder.
        work = WORK if out == (ROOT / "dist").resolve() else out / "pyinstaller-work"
        bundle = freeze(python, out, work, full=args.full, fonts=fonts)
        add_desktop_files(bundle)
        archive = write_archive(bundle, out)
    except BuildError as exc:
        print(f"\nbuild.py: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("\nbuild.py: interrupted", file=sys.stderr)
        return EXIT_FAILED
    elapsed = time.monotonic() - start
    print(f"\nbundle:  {bundle}  {megabytes(folder_size(bundle))} unpacked")
    print(f"archive: {archive}  {megabytes(archive.stat().st_size)}")
    print(f"built in {elapsed:.0f} s")
    return 0


def check_python() -> None:
    if not sys.platform.startswith("linux"):
        return
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        raise BuildError(f"{sys.executable} has no shared libpython, which PyInstaller needs. "
                         "Run this script with a Python built with --enable-shared (for pyenv "
                         "set PYTHON_CONFIGURE_OPTS=--enable-shared).")
    library = sysconfig.get_config_var("INSTSONAME") or f"libpython{version}.so.1.0"
    folders = [sysconfig.get_config_var(name) for name in ("LIBDIR", "LIBPL")]
    if not any((Path(folder) / library).exists() for folder in folders if folder):
        # Debian's and Ubuntu's python3 is linked statically; the shared one is a package.
        raise BuildError(f"{library}, the shared libpython that PyInstaller needs, is not "
                         f"installed. On Debian or Ubuntu: sudo apt-get install "
                         f"libpython{version}")


# Where distributions put DejaVu Sans (Debian/Ubuntu, Fedora, Arch, openSUSE).
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts",
                "/usr/share/fonts/TTF", "/usr/share/fonts/truetype")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
# PyInstaller reads the libraries' links with objdump and strips them with strip.
BUILD_TOOLS = ("objdump", "strip")


def check_build_machine(load: Callable[[str], None] | None = None) -> list[Path]:
    """Check that this machine has everything the bundle must carry; the fonts to carry.

    PyInstaller copies the system libraries Qt links into the bundle, but quietly leaves out
    any that this machine lacks, and the bundle then fails on the user's machine instead.
    libGL and libEGL stay out on purpose: they belong to the user's graphics driver.
    """
    if not sys.platform.startswith("linux"):
        return []
    problems, packages = [], []
    libraries = [lib for lib in (*syslibs.GUI, *syslibs.NETWORK, *syslibs.SOUND, *syslibs.X11)
                 if lib.package not in ("libgl1", "libegl1")]
    for item in syslibs.missing(libraries, load):
        problems.append(f"{item.library.soname} (package {item.library.package})")
        packages.append(item.library.package)
    fonts = [next((Path(d) / name for d in FONT_FOLDERS if (Path(d) / name).is_file()), None)
             for name in FONT_FILES]
    if None in fonts:
        problems.append(f"the DejaVu Sans font ({', '.join(FONT_FILES)}; package "
                        "fonts-dejavu-core)")
        packages.append("fonts-dejavu-core")
    if not all(shutil.which(tool) for tool in BUILD_TOOLS):
        problems.append(f"{' and '.join(BUILD_TOOLS)} (package binutils)")
        packages.append("binutils")
    if problems:
        raise BuildError("this machine lacks what the bundle must carry or what the build "
                         "needs:\n  " + "\n  ".join(problems) + "\nOn Debian or Ubuntu: "
                         f"sudo apt-get install {' '.join(dict.fromkeys(packages))}")
    return [font for font in fonts if font is not None]


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def make_venv(folder: Path, *, reuse: bool) -> Path:
    python = venv_python(folder)
    if reuse and python.exists() and subprocess.run(
            [str(python), "-c", "import pip"], capture_output=True).returncode == 0:
        print(f"reusing {folder}")
        return python
    print(f"creating {folder}")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BuildError(f"could not create the venv {folder}: {exc}") from exc
    return python


def install(python: Path) -> None:
    """HipTimer from a clean copy of the tree (so no stale build/ or egg-info gets in), and
    PyInstaller; then HipTimer again, forced, in case the version number did not change."""
    with tempfile.TemporaryDirectory(prefix="hiptimer-source-") as temp:
        source = Path(temp) / "hiptimer"
        source.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for name in SOURCE:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, source / name, ignore=ignore)
            else:
                shutil.copy2(path, source / name)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
        # Pillow turns the PNG icon into the .ico or .icns the Windows and macOS builds need.
        tools = [PYINSTALLER] + (["pillow"] if sys.platform in ("win32", "darwin") else [])
        run([*pip, str(source), *tools], "installing HipTimer and PyInstaller",
            status=EXIT_NO_PACKAGES)
        run([*pip, "--force-reinstall", "--no-deps", str(source)], "reinstalling HipTimer")


def freeze(python: Path, out: Path, work: Path, *, full: bool, fonts: list[Path]) -> Path:
    bundle = out / APP_NAME
    command = [str(python), "-m", "PyInstaller", "--noconfirm", "--clean",
               "--distpath", str(out), "--workpath", str(work), str(SPEC)]
    options = [*(["--full"] if full else []), *(f"--font={font}" for font in fonts)]
    run([*command, *(["--", *options] if options else [])], "PyInstaller")
    if sys.platform == "darwin":  # the deliverable is the .app (the spec's BUNDLE)
        bundle = out / f"{APP_NAME}.app"
        program = bundle / "Contents" / "MacOS" / APP_NAME
    else:
        program = bundle / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)
    if not program.is_file():
        raise BuildError(f"PyInstaller finished but {program} is missing")
    return bundle


def add_desktop_files(bundle: Path) -> None:
    """Linux menu entry, metainfo, icons and their installer, next to the program (where
    ``install.sh`` looks for them). Missing ones are skipped: they are optional extras."""
    if not sys.platform.startswith("linux"):
        return
    linux = ROOT / "packaging" / "linux"
    if linux.is_dir():
        for path in sorted(linux.iterdir()):
            if path.is_file():  # not screenshots/: they are for the app stores' pages
                shutil.copy2(path, bundle / path.name)
    icons = ROOT / "assets" / "icons"
    if icons.is_dir():
        shutil.rmtree(bundle / "icons", ignore_errors=True)
        shutil.copytree(icons, bundle / "icons")


def write_archive(bundle: Path, out: Path) -> Path:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform,
                                                                        sys.platform)
    stem = f"{APP_NAME}-{__version__}-{system}-{platform.machine().lower()}"
    top = f"{APP_NAME}-{__version__}"
    if sys.platform == "darwin":  # ditto keeps symlinks and signatures; notarytool takes zips
        archive = out / f"{stem}.zip"
        archive.unlink(missing_ok=True)
        run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(bundle), str(archive)],
            "zipping the app")
        return archive
    if sys.platform == "win32":
        archive = out / f"{stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(bundle.rglob("*")):
                zf.write(path, f"{top}/{path.relative_to(bundle).as_posix()}")
        return archive
    archive = out / f"{stem}.tar.gz"
    print(f"writing {archive}")

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    temp = archive.with_suffix(".tmp")
    with tarfile.open(temp, "w:gz", compresslevel=9) as tar:
        tar.add(bundle, arcname=top, filter=clean)  # symlinks stay symlinks
    temp.replace(archive)
    return archive


def run(command: list[str], step: str, *, status: int = EXIT_FAILED) -> None:
    print(f"\n== {step}: {' '.join(command)}", flush=True)
    # Nothing from the caller's Python may leak in: the frozen code must come from the venv.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    try:
        result = subprocess.run(command, cwd=ROOT, env=env)
    except OSError as exc:
        raise BuildError(f"{step} could not start: {exc}", status) from exc
    if result.returncode != 0:
        raise BuildError(f"{step} failed (exit status {result.returncode}); see above", status)


def folder_size(folder: Path) -> int:
    """Bytes in the regular files under ``folder`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


if __name__ == "__main__":
    sys.exit(main())
