"""ProQOL 5 (Professional Quality of Life, version 5) scoring, by item number.

Key (../shared/STANDARDS.md §4, from the form): 30 items answered 1 (Never) to 5 (Very often), three
subscales of 10 items, each summed to 10–50. Burnout items 1, 4, 15, 17 and 29 are reverse-scored
(1↔5, 2↔4). Bands: 22 or less low, 23–41 moderate, 42 or more high. A check-in with any item left
unanswered is incomplete and gets no score: the form's instructions give no rule for missing items.

The item texts are separately licensed data (free if credited, never sold) and must be verbatim from
the ProQOL 5 form; they are not shipped yet, so forms show item numbers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ITEM_NUMBERS = tuple(range(1, 31))
COMPASSION_SATISFACTION_ITEMS = (3, 6, 12, 16, 18, 20, 22, 24, 27, 30)
BURNOUT_ITEMS = (1, 4, 8, 10, 15, 17, 19, 21, 26, 29)
SECONDARY_TRAUMATIC_STRESS_ITEMS = (2, 5, 7, 9, 11, 13, 14, 23, 25, 28)
REVERSE_SCORED_ITEMS = frozenset({1, 4, 15, 17, 29})
MIN_ANSWER, MAX_ANSWER = 1, 5

ANSWER_CHOICES = [
    (1, _("Never")),
    (2, _("Rarely")),
    (3, _("Sometimes")),
    (4, _("Often")),
    (5, _("Very often")),
]

CREDIT_NAME = "The Center for Victims of Torture"
CREDIT_URL = "https://www.ProQOL.org"


@dataclass(frozen=True)
class ProqolScores:
    compassion_satisfaction: int
    burnout: int
    secondary_traumatic_stress: int


def band(score: int) -> str:
    """``low`` (≤22), ``moderate`` (23–41) or ``high`` (≥42)."""
    if score <= 22:
        return "low"
    if score <= 41:
        return "moderate"
    return "high"


def clean_answers(answers: Mapping[int, int | None] | Mapping[str, int | None]) -> dict[int, int]:
    """The answered items as {item number: 1–5}. Raises ValueError for an unknown item or a value out of range."""
    cleaned: dict[int, int] = {}
    for key, value in answers.items():
        item = int(key)
        if item not in ITEM_NUMBERS:
            raise ValueError(f"There is no question {item}.")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_ANSWER <= value <= MAX_ANSWER:
            raise ValueError(f"The answer to question {item} must be a number from 1 to 5.")
        cleaned[item] = value
    return cleaned


def _item_score(item: int, answer: int) -> int:
    return MIN_ANSWER + MAX_ANSWER - answer if item in REVERSE_SCORED_ITEMS else answer


def score(answers: Mapping[int, int]) -> ProqolScores | None:
    """The three subscale scores, or None when any of the 30 items is unanswered."""
    if any(item not in answers for item in ITEM_NUMBERS):
        return None
    return ProqolScores(
        compassion_satisfaction=sum(_item_score(i, answers[i]) for i in COMPASSION_SATISFACTION_ITEMS),
        burnout=sum(_item_score(i, answers[i]) for i in BURNOUT_ITEMS),
        secondary_traumatic_stress=sum(_item_score(i, answers[i]) for i in SECONDARY_TRAUMATIC_STRESS_ITEMS),
    )
