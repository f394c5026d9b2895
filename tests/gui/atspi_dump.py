"""Dumps the accessibility tree of one application, as a screen reader sees it, as JSON.

Run by the system's Python (``/usr/bin/python3``, with Debian's python3-pyatspi), not the
project's: ``atspi_dump.py PID``. Prints one JSON object: {"found": bool, "nodes": [...]},
each node {"role", "name", "description", "states", "depth"} for what is showing.
"""

import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]

MAX_NODES = 3000  # a runaway tree must not hang the test


def walk(node, depth, out):
    if len(out) >= MAX_NODES or node is None:
        return
    try:
        states = node.getState()
        showing = states.contains(pyatspi.STATE_SHOWING)
        if depth > 1 and not showing:
            return  # hidden: another page, a closed menu
        out.append({
            "role": node.getRoleName(),
            "name": node.name or "",
            "description": node.description or "",
            "states": sorted(pyatspi.stateToString(s) for s in states.getStates()),
            "depth": depth,
        })
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), depth + 1, out)
    except Exception as exc:  # a node gone while it was read
        out.append({"role": "error", "name": str(exc), "description": "", "states": [],
                    "depth": depth})


def find(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def main():
    pid = int(sys.argv[1])
    # The first question starts the accessibility bus; the app joins it a moment later.
    for _ in range(100):
        app = find(pid)
        if app is not None:
            nodes = []
            walk(app, 0, nodes)
            print(json.dumps({"found": True, "nodes": nodes}))
            return
        time.sleep(0.1)
    print(json.dumps({"found": False, "nodes": []}))


if __name__ == "__main__":
    main()
