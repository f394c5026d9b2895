"""The warning signs route to the right level of care; the recheck covers every one of them;
the notice is due when it changed."""

from __future__ import annotations

import pytest

from hiptimer.core.safety import (
    PAIN_RULE,
    RECHECK,
    SAFETY_VERSION,
    WARNING_SIGNS,
    Tier,
    needs_notice,
    notice_text,
    worst_tier,
)

# Every warning sign CONTENT.md lists, in words the sign must contain, and the care it needs.
E, T, D = Tier.EMERGENCY, Tier.TODAY, Tier.DOCTOR
TABLE = [
    ("injury-weight", ("fall", "cannot stand", "weight"), E),  # suspected fracture
    ("injury-shape", ("shorter", "turned out"), E),  # the broken hip's short, turned leg
    ("replaced-shape", ("hip replaced", "shorter", "turned in or out"), E),  # dislocation
    ("saddle", ("bladder or bowels", "numb between your legs"), E),  # cauda equina
    ("chest", ("chest pain", "breathlessness"), E),  # a clot in the lungs
    ("fever", ("fever", "chills", "unwell", "need not look hot or swollen"), T),  # infection
    ("calf", ("calf", "swollen", "warm"), T),  # deep-vein clot
    ("sudden", ("sudden", "severe", "groin", "without an injury"), T),
    ("nerve", ("numb or weak", "new"), T),
    ("night", ("all the time", "night", "rest"), D),
    ("weight", ("losing weight",), D),
    ("cancer", ("cancer", "new or unexplained"), D),  # not on its own a reason to stop
    ("worse", ("long time", "much worse"), D),
    ("replaced-pain", ("hip replaced", "new or getting worse"), D),
]


@pytest.mark.parametrize(("key", "words", "tier"), TABLE, ids=[row[0] for row in TABLE])
def test_each_warning_sign_says_what_it_is_and_needs_its_level_of_care(
        key: str, words: tuple[str, ...], tier: Tier) -> None:
    [sign] = [s for s in WARNING_SIGNS if s.key == key]
    assert sign.tier is tier
    for word in words:
        assert word in sign.text


def test_the_table_is_every_sign() -> None:
    assert [s.key for s in WARNING_SIGNS] == [row[0] for row in TABLE]


def test_the_recheck_asks_about_every_sign_once_at_its_level_of_care() -> None:
    covered = [key for question in RECHECK for key in question.signs]
    assert sorted(covered) == sorted(s.key for s in WARNING_SIGNS)
    tiers = {s.key: s.tier for s in WARNING_SIGNS}
    for question in RECHECK:
        assert {tiers[key] for key in question.signs} == {question.tier}
        assert question.text.endswith("?")
    assert len(RECHECK) <= 10  # short enough to answer with a sore hip


@pytest.mark.parametrize(("yes", "tier"), [
    ((), None),
    (("Do you have a fever",), T),
    (("Is the pain there all the time",), D),
    (("Is the pain there all the time", "Is one calf"), T),
    (("Do you have chest pain", "Do you have a fever"), E),
    (("Have you lost control",), E),
])
def test_the_most_urgent_yes_decides(yes: tuple[str, ...], tier: Tier | None) -> None:
    answers = [(q, any(q.text.startswith(y) for y in yes)) for q in RECHECK]
    assert worst_tier(answers) is tier


def test_every_tier_says_what_to_do() -> None:
    assert "emergency services" in Tier.EMERGENCY.action
    assert "today" in Tier.TODAY.action
    assert "doctor" in Tier.DOCTOR.action and "doctor" in Tier.DOCTOR.heading


def test_current_version_is_positive() -> None:
    assert SAFETY_VERSION >= 2  # 0 is "never read"; 2 brought the warning signs by tier


@pytest.mark.parametrize(("read", "due"), [
    (0, True),  # never read
    (SAFETY_VERSION - 1, True),  # an older notice
    (SAFETY_VERSION, False),
    (SAFETY_VERSION + 1, False),  # read in a later release, then downgraded
])
def test_needs_notice(read: int, due: bool) -> None:
    assert needs_notice(read) is due


def test_plain_text_has_every_sign_under_its_tier_and_the_pain_rule() -> None:
    text = notice_text()
    assert PAIN_RULE in text
    for sign in WARNING_SIGNS:
        heading = text.index(sign.tier.heading)
        assert text.index(f"- {sign.text}\n" if sign is not WARNING_SIGNS[-1]
                          else f"- {sign.text}") > heading
    assert text.index(E.heading) < text.index(T.heading) < text.index(D.heading)


def test_one_pain_rule() -> None:
    assert "0–2 is fine" in PAIN_RULE and "Up to 5 is acceptable" in PAIN_RULE
    assert "next morning" in PAIN_RULE and "Above 5 is too much" in PAIN_RULE
