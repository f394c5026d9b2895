"""Wires a Session to the Session tab, the cue player, the screen inhibitor and the sleep watch.

The session (core) decides everything; this only asks it what is happening now, draws it, and
hands the player the cues of the next few seconds with their deadlines.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ...core.catalog import Catalog
from ...core.cues import Cue
from ...core.display import LOOK_AGAIN_S, display, next_change_in
from ...core.end_summary import streak_words
from ...core.plan import Plan
from ...core.record import SessionRecord, record_of
from ...core.routine import Routine
from ...core.safety import RECHECK_PAIN
from ...core.session import Session, Status
from ...core.session_rules import stop_for_pain, with_lead_in
from ...speech import Clip, RenderResult
from ...store.settings import Settings

if TYPE_CHECKING:
    from .cue_player import CuePlayer
from ..tasks import run_in_background
from .preparation import Prepared, compiled, cue_options, scheduled, start_summary, voice_problem
from .session_figure import SessionFigure
from .session_page import SessionPage
from .session_services import SessionServices
from .session_sound import HeldClock, SoundGate

HORIZON_S = 3.0  # how far ahead the player is told about cues
CUES = "session"  # the player's set of sounds for the session
READY = "Ready. Get your mat and press Start."
TIMER_SLACK_MS = 3  # the view is drawn just after its next change is due, never just before


class SessionController(QObject):
    """Runs one session at a time on the page.

    Progress is handed to ``save_record`` when the session starts, after every set that
    ends (done, skipped or cut short), when it ends, and when the end screen is closed: a
    crash loses at most the set in progress.

    Signals:
        finished(object): the SessionRecord, when the user closes the end screen.
        closed(): the user left the start screen without starting.
    """

    finished = Signal(object)
    closed = Signal()

    def __init__(self, page: SessionPage, catalog: Catalog, settings: Settings,
                 services: SessionServices) -> None:
        super().__init__(page)
        self.page = page
        self._catalog = catalog
        # Set by the window: the warning-sign recheck (pain, then what to do if all is well),
        # and what to say after an exercise's announcement where it hurt last time.
        self.recheck: Callable[[int, Callable[[], None]], object] | None = None
        self.hurt_words: Callable[[], Mapping[str, str]] = dict
        self._hurt_last_time: Mapping[str, str] = {}
        self.settings = settings
        self._services = services
        self._player: CuePlayer | None = None  # made on first use: it is slow to start
        self._clock = HeldClock(services.clock, services.to_monotonic)  # waits for the lead
        self.page.banner.standing = list(services.problems)  # e.g. no audio output at all
        self.session: Session | None = None
        self.record: SessionRecord | None = None
        self._plan: Plan | None = None
        self._loaded: set[str] = set()
        self._uid = ""
        self._started_at = services.now()
        self._pain_before: int | None = None
        self._paused_for_help = False
        self._sets_over = 0  # sets ended at the last checkpoint
        self._generation = -1
        self._sent: list[Cue] = []  # the cues the player was last given
        self._stop_armed = False
        self._ticket = 0  # which preparation a background result belongs to
        self._ready_text = READY
        self._sound_gate = SoundGate(self)  # a first cue sent before the output plays is lost
        self._sound_gate.opened.connect(self._enable_start)
        # Looks at the clock when the view next changes: a second goes down, a cue is said.
        self.timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.refresh)
        self.follow_clock = True  # False: the caller calls refresh() itself (tests, screenshots)
        self.figure = SessionFigure(self.page.run_view.figure, self)
        self._connect_page()

    def _connect_page(self) -> None:
        start, run, end = self.page.start_view, self.page.run_view, self.page.end_view
        start.start_button.clicked.connect(self.start)
        start.cancel_button.clicked.connect(self._leave_start)
        actions = {"back": self.back, "pause": self.toggle_pause, "skip": self.skip,
                   "done": self.finish_set, "hurt": self.hurt, "stop": self.stop}
        for key, action in actions.items():
            run.buttons[key].clicked.connect(action)
        end.finish_button.clicked.connect(self._close_end)
        run.help_shown.connect(self._help_shown)

    @property
    def running(self) -> bool:
        """A session is under way (running or paused)."""
        return self.session is not None and self.session.status in (Status.RUNNING,
                                                                    Status.PAUSED)

    @property
    def player(self) -> CuePlayer:
        """The cue player, started the first time it is needed."""
        if self._player is None:
            self._player, problems = self._services.make_player()
            self._player.failed.connect(self.add_problem)
            self._player.restored.connect(self.remove_problem)
            self._player.ready.connect(self._sound_gate.settle)
            self._player.failed.connect(self._sound_gate.settle)
            for problem in problems:
                self.add_problem(problem)
        return self._player

    def add_problem(self, message: str) -> None:
        """Show a problem found along the way (audio output lost, say) in the banner."""
        self.page.banner.add_problem(message)

    def remove_problem(self, message: str) -> None:
        """Take a problem that is over (the history file free again, sound back) away."""
        self.page.banner.remove_problem(message)

    # --- preparing ------------------------------------------------------------------------

    def prepare(self, routine: Routine) -> None:
        """Show the start screen for ``routine``; compile it, render its phrases and place
        its cues in the background (a long routine takes seconds: never on the GUI thread).
        """
        if self.running:
            return
        routine = with_lead_in(routine, self.settings.lead_in_s)
        self._plan = None
        self.session = None
        self._ticket += 1
        ticket = self._ticket
        self._sound_gate.cancel()
        self.page.start_view.show_preparing(routine.name, start_summary(routine))
        self._hurt_last_time = dict(self.hurt_words())
        self.page.run_view.hip_replaced = self.settings.hip_replaced_months > 0
        self.player  # noqa: B018 - started now, so that a missing sound output shows at once
        self.page.banner.of_session = []
        self.page.banner.show_problems()
        self.page.setCurrentWidget(self.page.start_view)
        options = cue_options(self.settings, self._services.sounds, self._hurt_last_time)
        run_in_background(lambda _progress: compiled(routine, options),
                          lambda done: self._render(ticket, routine, *done),
                          lambda exc: self._not_prepared(ticket, exc), parent=self)

    def _render(self, ticket: int, routine: Routine, plan: Plan, texts: list[str]) -> None:
        """The plan is known: show its length, then render its phrases and place its cues."""
        if ticket != self._ticket:
            return  # the user moved on meanwhile
        self.page.start_view.show_summary(start_summary(routine, plan.duration))
        self.page.start_view.show_progress("Preparing the voice…")
        speech = self._services.speech_for(self.settings)
        options = cue_options(self.settings, self._services.sounds, self._hurt_last_time)

        def work(progress: Callable[[int, int], None]) -> Prepared:
            try:
                result = (speech.render(texts, progress) if speech is not None
                          else RenderResult({}, {}, None))
            except Exception as exc:  # the engine as a whole: the session runs without it
                result = RenderResult({}, {}, str(exc))
            return scheduled(plan, result, options, self._clock)

        run_in_background(work, lambda prepared: self._ready(ticket, prepared),
                          lambda exc: self._not_prepared(ticket, exc),
                          lambda done, total: self._render_progress(ticket, done, total),
                          parent=self)

    def _render_progress(self, ticket: int, done: int, total: int) -> None:
        if ticket != self._ticket:
            return
        self.page.start_view.show_progress(f"Preparing the voice: {done} of {total} phrases",
                                           done, max(total, 1))

    def _not_prepared(self, ticket: int, exc: Exception) -> None:
        if ticket == self._ticket:
            self.page.start_view.show_failed(f"This routine could not be prepared: {exc}")

    def _ready(self, ticket: int, prepared: Prepared) -> None:
        if ticket != self._ticket:
            return  # the user moved on while this was rendering
        result = prepared.result
        clips: dict[str, Clip] = result.clips
        voice = voice_problem(result)
        self.page.banner.of_session = [voice] if voice else []
        names = {text: clip.path for text, clip in clips.items()}
        names.update(self._services.sounds if self.settings.beeps else {})
        self._loaded = set(names)
        self._plan = prepared.session.plan
        self.session = prepared.session
        self._ready_text = "Ready, without voice." if voice and not clips else READY
        self.page.start_view.show_progress("Getting the sound ready…")
        self.page.banner.show_problems()
        self._sound_gate.wait()
        self.player.load(CUES, names)

    def _enable_start(self) -> None:
        self.page.start_view.show_ready(self._ready_text)

    def _leave_start(self) -> None:
        self._ticket += 1
        self._sound_gate.cancel()
        self.session = None
        self.player.unload(CUES)
        self.page.setCurrentWidget(self.page.empty)
        self.closed.emit()

    # --- running --------------------------------------------------------------------------

    def start(self) -> None:
        """Start, once the warning signs are rechecked when pain is high."""
        pain = self.page.start_view.pain.value()
        if (self.session is not None and self.recheck is not None and pain is not None
                and pain >= RECHECK_PAIN):
            self.recheck(pain, self._start_now)
            return
        self._start_now()

    def _start_now(self) -> None:
        if self.session is None or self.session.status is not Status.READY:
            return
        self._clock.hold(self.player.lead_s)  # the first cue is due at once
        self.session.start()
        self._feed_player(self.session)  # first: the lead time is running out
        self._uid = uuid.uuid4().hex
        self._started_at = self._services.now()
        self._pain_before = self.page.start_view.pain.value()
        self._sets_over = 0
        self._checkpoint(self.session)
        self._services.inhibitor.inhibit("A guided exercise session is running")  # best effort
        self._services.sleep_watch.slept()  # forget any gap from before the start
        self.page.setCurrentWidget(self.page.run_view)
        self.figure.follow(self.session)
        self.refresh()

    def toggle_pause(self) -> None:
        resuming = self.session is not None and self.session.status is Status.PAUSED
        self._control(lambda s: s.toggle_pause(), hold=resuming)

    def back(self) -> None:
        self._control(lambda s: s.back())

    def skip(self) -> None:
        self._control(lambda s: s.skip())

    def finish_set(self) -> None:
        self._control(lambda s: s.finish_set())

    def hurt(self) -> None:
        """Stop this side of the exercise, say what to try instead, and wait for Space."""
        advice = stop_for_pain(self.session) if self.session is not None else None
        if advice is not None:
            self.page.banner.show_problems(advice)
            self.refresh()

    def stop(self) -> None:
        """Esc once pauses and asks; Esc again stops."""
        session = self.session
        if session is None or session.status not in (Status.RUNNING, Status.PAUSED):
            return
        if not self._stop_armed:
            self._stop_armed = True
            session.pause()
            self.page.banner.show_problems("Paused. Press Stop (Esc) again to end the "
                                           "session, or Space to carry on.")
            self.refresh()
            return
        session.stop()
        self.refresh()

    def _help_shown(self, shown: bool) -> None:
        """The help pauses a running session while it shows, and carries on when it goes."""
        session = self.session
        if session is None:
            return
        if shown and session.status is Status.RUNNING:
            self._paused_for_help = True
            self._control(lambda s: s.pause())
        elif not shown and self._paused_for_help:
            self._paused_for_help = False
            if session.status is Status.PAUSED:
                self._control(lambda s: s.resume())

    def _control(self, action: Callable[[Session], bool], hold: bool = True) -> None:
        """Apply a control; ``hold``: its first cue is due at once (a resume or a jump)."""
        if self.session is None:
            return
        if self._stop_armed:
            self._stop_armed = False
            self.page.banner.show_problems()
        if hold:
            self._clock.hold(self.player.lead_s)
        action(self.session)
        self.refresh()

    def refresh(self) -> None:
        """Look at the clock: draw the view, feed the player, notice sleep and the end."""
        session = self.session
        if session is None or self._plan is None:
            return
        if session.status is Status.RUNNING and self._services.sleep_watch.slept():
            session.pause()
            self.page.banner.show_problems("Paused because the computer was asleep. Press "
                                           "Space to carry on.")
        if self.follow_clock and self.running:  # should this look fail, the next is not lost
            self.timer.start(self._clock.timer_ms(LOOK_AGAIN_S))
        snap = session.snapshot()  # one look at the clock for the view and the figure
        said = [c.text for c in session.due_cues() if not c.kind.is_beep]
        self.page.run_view.show_display(display(self._plan, snap), said[-1] if said else None)
        self.figure.update(snap)
        cues_in = self._feed_player(session)
        if snap.status in (Status.FINISHED, Status.STOPPED):
            self._end(session)
            return
        if self._plan.sets_over_by(snap.position) != self._sets_over:
            self._checkpoint(session)
        if self.follow_clock and self.running:  # counted from now: drawing took a while
            wait = next_change_in(snap, cues_in) - (session.position() - snap.position)
            self.timer.start(self._clock.timer_ms(max(0.0, wait)) + TIMER_SLACK_MS)

    def _feed_player(self, session: Session) -> list[float]:
        """Give the player the next few seconds' cues; return how far ahead each one is."""
        if session.generation != self._generation:
            self.player.cancel(CUES)  # paused, or a jump: the old deadlines no longer hold
            self._generation = session.generation
            self._sent = []
        if session.status is not Status.RUNNING:
            return []
        now, coming = self._clock(), session.upcoming(HORIZON_S)
        # Clips are named by their text; beeps by theirs too ("tick", "phase").
        upcoming = [(at, cue) for at, cue in coming if cue.text in self._loaded]
        cues = [cue for _, cue in upcoming]
        if cues != self._sent:  # most refreshes bring nothing new within the horizon
            self.player.schedule(CUES, [(self._services.to_monotonic(at), cue.text)
                                        for at, cue in upcoming])
            self._sent = cues
        return [at - now for at, _ in coming]

    def _checkpoint(self, session: Session) -> SessionRecord:
        self._sets_over = session.plan.sets_over_by(session.position())
        record = record_of(session, self._uid, self._started_at, self._services.now(),
                           self._pain_before)
        self._services.save_record(record)
        return record

    def _end(self, session: Session) -> None:
        if self.page.currentWidget() is not self.page.run_view:
            return
        self.timer.stop()
        self.figure.follow(None)
        self._services.inhibitor.release()
        self._stop_armed = False
        self.record = self._checkpoint(session)
        self.page.banner.show_problems()
        today = self._services.now().date()
        self.page.end_view.show_record(self.record, self._catalog,
                                       streak_words(self._services.active_days(), today))
        self.page.end_view.show_also(session.plan.routine)
        self.page.setCurrentWidget(self.page.end_view)

    def _close_end(self) -> None:
        if self.record is None:
            return
        end = self.page.end_view
        record = dataclasses.replace(self.record, pain_after=end.pain.value(),
                                     note=end.note.toPlainText().strip())
        self.record = None
        self.session = None
        self.player.unload(CUES)
        self._services.save_record(record)
        self.page.setCurrentWidget(self.page.empty)
        self.finished.emit(record)

    def stop_now(self) -> None:
        """End a running session at once and keep what was done (the app is closing)."""
        if self.session is not None and self.running:
            self.session.stop()
            self._checkpoint(self.session)

    def shutdown(self) -> None:
        self.timer.stop()
        self.figure.follow(None)
        self._services.inhibitor.release()
        if self._player is not None:
            self._player.shutdown()

