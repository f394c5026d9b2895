#!/bin/sh
# Add HipTimer to your desktop's applications menu, for you only: installs its desktop entry,
# AppStream metainfo and icons under ${XDG_DATA_HOME:-~/.local/share}. Running it again is
# harmless; "install.sh --uninstall" removes them.
#
# Run it from an unpacked HipTimer bundle (the menu entry then starts the HipTimer program next
# to this script) or from a source checkout after README's install command (it then starts the
# checkout's .venv/bin/hiptimer). With neither, it refuses and changes nothing.
set -eu

APP_ID=io.github.hiptimer.HipTimer

usage() {
    echo "usage: $0 [--uninstall]"
    echo "Installs (or removes) HipTimer's menu entry and icons under ${XDG_DATA_HOME:-$HOME/.local/share}."
}

mode=install
case "${1-}" in
    "") ;;
    --uninstall) mode=uninstall ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac
[ "$#" -le 1 ] || { usage >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps=$data/applications
metainfo=$data/metainfo
icons=$data/icons/hicolor

# The first of the given folders that exists.
first_dir() {
    for dir in "$@"; do
        if [ -d "$dir" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

# A path as one argument of a desktop file's Exec key (quoted when it needs to be).
exec_arg() {
    case "$1" in
        *[!A-Za-z0-9/._+-]*)
            quoted=$(printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/%/%%/g' -e 's/\\/\\\\/g')
            printf '"%s"' "$quoted" ;;
        *) printf '%s' "$1" ;;
    esac
}

# The program the menu entry runs: the bundle's, or the checkout's venv's; else nothing.
program() {
    if [ -x "$here/HipTimer" ] && [ ! -d "$here/HipTimer" ]; then
        echo "$here/HipTimer"
    elif [ -x "$here/../../.venv/bin/hiptimer" ]; then
        (cd "$here/../.." && echo "$(pwd)/.venv/bin/hiptimer")
    else
        return 1
    fi
}

# Copy the desktop file, pointing every Exec line at the program.
install_desktop_file() {
    command=$(exec_arg "$2")
    mkdir -p "$apps"
    tmp=$apps/.$APP_ID.desktop.tmp
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            Exec=hiptimer|Exec=hiptimer\ *) printf 'Exec=%s%s\n' "$command" "${line#Exec=hiptimer}" ;;
            *) printf '%s\n' "$line" ;;
        esac
    done <"$1" >"$tmp"
    chmod 644 "$tmp"
    mv -f "$tmp" "$apps/$APP_ID.desktop"
    echo "installed $apps/$APP_ID.desktop (runs $command)"
}

# No update-desktop-database: the entry declares no MIME types, so it would only write an
# empty mimeinfo.cache; desktops notice new entries by themselves.
update_caches() {
    # A stale icon cache hides new icons, so only refresh one that is already there;
    # without one, a newer folder is enough for desktops to look again.
    if [ -f "$icons/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true
    elif [ -d "$icons" ]; then
        touch "$icons"
    fi
}

do_install() {
    desktop=$here/$APP_ID.desktop
    appdata=$here/$APP_ID.metainfo.xml
    found=$(program) || {
        echo "error: no HipTimer program to put in the menu: neither $here/HipTimer (an" \
             "unpacked bundle) nor the checkout's .venv/bin/hiptimer. In a checkout, run" \
             "README's install command first; nothing was installed." >&2
        exit 1
    }
    [ -f "$desktop" ] || { echo "error: $desktop is missing" >&2; exit 1; }
    [ -f "$appdata" ] || { echo "error: $appdata is missing" >&2; exit 1; }
    # A bundle's own icons, PyInstaller's copy of the package data, or the source tree's.
    from=$(first_dir "$here/icons/hicolor" "$here/_internal/hiptimer/assets/icons/hicolor" \
                       "$here/../../assets/icons/hicolor") ||
        { echo "error: HipTimer's icons were not found near $here" >&2; exit 1; }
    install_desktop_file "$desktop" "$found"
    mkdir -p "$metainfo"
    cp -f "$appdata" "$metainfo/$APP_ID.metainfo.xml"
    chmod 644 "$metainfo/$APP_ID.metainfo.xml"
    count=0
    for file in "$from"/*/apps/"$APP_ID".png "$from"/*/apps/"$APP_ID".svg; do
        [ -f "$file" ] || continue
        size=$(basename "$(dirname "$(dirname "$file")")")
        mkdir -p "$icons/$size/apps"
        cp -f "$file" "$icons/$size/apps/"
        chmod 644 "$icons/$size/apps/$(basename "$file")"
        count=$((count + 1))
    done
    echo "installed $metainfo/$APP_ID.metainfo.xml and $count icons under $icons"
    update_caches
}

do_uninstall() {
    rm -f "$apps/$APP_ID.desktop" "$metainfo/$APP_ID.metainfo.xml"
    rm -f "$icons"/*/apps/"$APP_ID".png "$icons"/*/apps/"$APP_ID".svg
    # The folders the install may have made, if that left them empty (rmdir keeps any other).
    for dir in "$icons"/*/apps; do
        { [ -d "$dir" ] && rmdir "$dir" 2>/dev/null && rmdir "$(dirname "$dir")" 2>/dev/null; } ||
            true
    done
    for dir in "$icons" "$data/icons" "$apps" "$metainfo" "$data"; do
        { [ -d "$dir" ] && rmdir "$dir" 2>/dev/null; } || true
    done
    echo "removed HipTimer's menu entry, metainfo and icons from $data"
    update_caches
}

do_"$mode"
