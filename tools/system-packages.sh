#!/bin/sh
# Install the system packages HipTimer needs, on Debian or Ubuntu (apt-get), with sudo unless
# run as root. README's two commands start with it:
#
#   sh tools/system-packages.sh           what the app needs: Qt's libraries, the X11 plugin's
#                                         libraries, sound (libpulse0) and a font
#   sh tools/system-packages.sh --build   that, and what building the stand-alone bundle
#                                         needs besides: binutils and the shared libpython
#   sh tools/system-packages.sh --tests   that, and what the tests need besides: a PulseAudio
#                                         server and D-Bus to test against, the
#                                         desktop-file and AppStream validators, and Xvfb,
#                                         xdotool and AT-SPI for the real-window tests
#
# It installs only what is missing (so, the second time, nothing and no sudo password).
# Elsewhere it names the packages to install by hand (README has Fedora, Arch and openSUSE's).
# The same names work on Debian 12 and 13 and Ubuntu 24.04: apt picks the renamed "t64"
# packages (libglib2.0-0t64, libpython3.12t64) for the old names by itself.
set -eu

usage() {
    echo "usage: $0 [--build | --tests]"
}

# Qt (hiptimer/syslibs.py names each library with its package; tests/test_syslibs.py checks
# that this list has them all), the X11 platform plugin, sound and a font.
APP="libglib2.0-0 zlib1g libzstd1 libegl1 libgl1 libfontconfig1 libfreetype6 libx11-6
libxkbcommon0 libdbus-1-3 libgssapi-krb5-2 libbrotli1 libpulse0
libxcb1 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
fonts-dejavu-core"
# What PyInstaller needs (objdump and strip; libpython3.X.so of the python3 that builds).
BUILD="binutils libpython$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
# PulseAudio with a null sink (the cue player's tests), D-Bus (the screen inhibitor's), the
# validators (the desktop files' tests), and a real window driven by keys and read as a
# screen reader reads it (Xvfb, xdotool, the AT-SPI bus and the system Python's pyatspi).
TESTS="pulseaudio pulseaudio-utils dbus desktop-file-utils appstream
xvfb xauth xdotool at-spi2-core python3-pyatspi"

packages=$APP
case "${1-}" in
    "") ;;
    --build) packages="$APP $BUILD" ;;
    --tests) packages="$APP $BUILD $TESTS" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac
[ "$#" -le 1 ] || { usage >&2; exit 2; }
packages=$(echo $packages)  # one line

if ! command -v apt-get >/dev/null 2>&1; then
    echo "This script knows Debian and Ubuntu (apt-get) only. Install the packages in" \
         "README's table for your system, then go on with the rest of the command." >&2
    echo "The Debian names, to look up: $packages" >&2
    exit 1
fi

# Only what is not installed yet, so a second run installs nothing and asks no password.
# Ubuntu 24.04 and Debian 13 renamed some packages with "t64" (libglib2.0-0t64): either counts.
missing=
for package in $packages; do
    dpkg-query -W -f='${db:Status-Abbrev}\n' "$package" "${package}t64" 2>/dev/null |
        grep -q '^ii' || missing="$missing $package"
done
[ -n "$missing" ] || exit 0
packages=$(echo $missing)

sudo=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "Installing system packages needs root: run this as root, or install sudo." >&2
        exit 1
    }
    sudo=sudo
fi
echo "Installing the system packages HipTimer needs: $packages"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $packages >/dev/null
echo "Installed."
