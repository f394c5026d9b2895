"""Write tests/store/fixtures/history-vN.sqlite3: a history at the current schema version.

Run once when a schema version is released, then never again for that version: the
migration tests open these files to prove that every old history still opens.

    .venv/bin/python tools/make_history_fixture.py
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiptimer.core.record import Outcome  # noqa: E402
from hiptimer.store.db import SCHEMA_VERSION  # noqa: E402
from hiptimer.store.history import HistoryStore  # noqa: E402
from tests.store.records import activity_log, session_record  # noqa: E402


def main() -> None:
    target = ROOT / "tests" / "store" / "fixtures" / f"history-v{SCHEMA_VERSION}.sqlite3"
    if target.exists():
        sys.exit(f"{target} exists; fixtures of a released schema are never rewritten")
    store = HistoryStore.open(target)
    finished = session_record(uid="finished", note="Gentle day — hip stiff, «ok»")
    if SCHEMA_VERSION >= 2:
        finished = dataclasses.replace(finished, pain_next_day=2)
    store.save(finished)
    # "This hurts" on the clamshell's left side, 100 s in (kept from schema 4 on).
    stopped = session_record("strength-and-stretch", uid="stopped", run_for=400,
                             pain=(5, None), hurts=(100,) if SCHEMA_VERSION >= 4 else ())
    store.save(stopped)
    running = session_record("movement-snack", uid="running", run_for=120, pain=(None, None))
    store.save(dataclasses.replace(running, outcome=Outcome.RUNNING))
    if SCHEMA_VERSION >= 3:
        store.save_activity(activity_log(note="Nordic walk — «poles»"))
    store.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
