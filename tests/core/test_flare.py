"""Flares across all of a person's sessions, and "this hurts" remembered until done again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.dose import Side
from hiptimer.core.flare import Hurt, Scores, find_flare, open_hurts, usual_pain

NOW = datetime(2025, 3, 31, 9, 0, tzinfo=timezone.utc)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def usual(n: int = 6, score: int = 2) -> list[Scores]:
    """A settled month: ``n`` sessions 10 to 10 + n days ago, scored ``score``."""
    return [Scores(days_ago(10 + i), score, score, score) for i in range(n)]


@pytest.mark.parametrize(("latest", "sign"), [
    (Scores(days_ago(1), 7, 3, 3), "pain was 7 out of 10 before"),  # before
    (Scores(days_ago(1), 3, 8, None), "pain was 8 out of 10 after"),  # after
    (Scores(days_ago(1), 3, 3, 9), "pain was 9 out of 10 the morning after"),
    (Scores(days_ago(6.9), 2, 7, 2), "pain was 7 out of 10 after"),  # still within the week
    (Scores(days_ago(1), 5, 5, 5), "up from your usual 2"),  # a rise of 3
])
def test_each_sign_of_a_flare(latest: Scores, sign: str) -> None:
    flare = find_flare([*usual(), latest], (), NOW)
    assert flare is not None and flare.active
    assert any(sign in text for _, text in flare.signs)


@pytest.mark.parametrize("latest", [
    Scores(days_ago(1), 6, 6, 6),  # 6 is high, but not 7, and only 1 up from the usual 5
    Scores(days_ago(1), 4, 4, 4),  # 2 above the usual: not a flare
    Scores(days_ago(8), 9, 9, 9),  # more than a week ago
    Scores(days_ago(1)),  # no scores at all
])
def test_no_flare(latest: Scores) -> None:
    base = usual(score=5) if latest.before == 6 else usual()
    assert find_flare([*base, latest], (), NOW) is None


def test_a_rise_needs_a_usual_to_rise_from() -> None:
    assert usual_pain(usual(2), NOW) is None  # two sessions are not enough to go on
    assert usual_pain(usual(1), NOW) is None
    assert find_flare([Scores(days_ago(1), 6, 6, 6)], (), NOW) is None
    assert usual_pain([Scores(days_ago(30), 9, 9, 9)], NOW) is None  # beyond 28 days


def test_this_hurts_twice_in_a_week_is_a_flare_once_is_not() -> None:
    one = Hurt(days_ago(2), "clamshell", Side.LEFT)
    assert find_flare(usual(), [one], NOW) is None
    two = Hurt(days_ago(1), "bridge", None)
    flare = find_flare(usual(), [one, two], NOW)
    assert flare is not None and "pressed 2 times this week" in flare.signs[0][1]
    assert find_flare(usual(), [one, Hurt(days_ago(9), "bridge")], NOW) is None


def test_a_flare_settles_after_two_good_sessions_with_a_settled_morning() -> None:
    bad = Scores(days_ago(5), 8, 8, 8)
    calmer = [Scores(days_ago(3), 4, 4, 3), Scores(days_ago(1), 3, 3, None)]
    flare = find_flare([*usual(), bad, *calmer], (), NOW)
    assert flare is not None and flare.settled and not flare.active
    unsure = [Scores(days_ago(3), 4, 4, None), calmer[1]]  # the morning after not known
    assert find_flare([*usual(), bad, *unsure], (), NOW).active  # type: ignore[union-attr]
    one = find_flare([*usual(), bad, calmer[0]], (), NOW)
    assert one is not None and one.active


def test_hurts_stay_open_until_the_exercise_is_done_on_a_later_day() -> None:
    left = Hurt(days_ago(3), "clamshell", Side.LEFT)
    right = Hurt(days_ago(2), "clamshell", Side.RIGHT)
    bridge = Hurt(days_ago(4), "bridge")
    assert open_hurts([left, right, bridge], []) == [right, left, bridge]
    done = [(days_ago(3).date(), "clamshell"), (days_ago(1).date(), "bridge")]
    assert open_hurts([left, right, bridge], done) == [right, left]  # same day: still open
    later = [(days_ago(1).date(), "clamshell")]
    assert open_hurts([left, right, bridge], later) == [bridge]
    again = Hurt(days_ago(0.5), "clamshell", Side.LEFT)
    assert open_hurts([left, again], later) == [again]


scores = st.none() | st.integers(0, 10)


@given(st.lists(st.tuples(st.floats(0, 40), scores, scores, scores), max_size=12))
def test_any_score_of_seven_this_week_is_a_flare_sign(rows: list[tuple[float, ...]]) -> None:
    history = [Scores(days_ago(d), b, a, n) for d, b, a, n in rows]  # type: ignore[arg-type]
    flare = find_flare(history, (), NOW)
    high = [s for s in history if s.at >= NOW - timedelta(days=7) and s.known
            and max(s.known) >= 7]
    if high:
        assert flare is not None
        assert len(flare.signs) >= len(high)
    if flare is None:
        assert not high
