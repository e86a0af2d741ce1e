"""ProQOL 5 scoring against worked examples built by hand from the key in STANDARDS.md §4."""

import pytest

from alongside.peers import proqol


def _all(value: int) -> dict[int, int]:
    return dict.fromkeys(range(1, 31), value)


def test_all_threes_score_30_on_every_subscale() -> None:
    # Reverse-scoring turns 3 into 3, so every subscale is 10 × 3.
    assert proqol.score(_all(3)) == proqol.ProqolScores(30, 30, 30)


def test_all_fives_reverse_the_five_burnout_items() -> None:
    # CS 10×5 = 50; burnout 5 items ×5 (8,10,19,21,26) + 5 reversed items ×1 (1,4,15,17,29) = 30; STS 50.
    assert proqol.score(_all(5)) == proqol.ProqolScores(50, 30, 50)


def test_all_ones_reverse_the_five_burnout_items() -> None:
    # CS 10; burnout 5×1 + 5 reversed ×5 = 30; STS 10.
    assert proqol.score(_all(1)) == proqol.ProqolScores(10, 30, 10)


def test_a_mixed_form_scored_by_hand() -> None:
    answers = _all(0)
    for item in (6, 12, 16, 18, 20, 22, 24, 27, 30):  # compassion satisfaction: nine 4s and item 3 = 5 → 41
        answers[item] = 4
    answers[3] = 5
    for item in (8, 10, 19, 21, 26):  # burnout, scored as answered: 2 each → 10
        answers[item] = 2
    for item in (1, 4, 15, 17, 29):  # burnout, reverse-scored: answered 4 → 2 each → 10
        answers[item] = 4
    for item in (5, 7, 9, 11, 13, 14, 23, 25, 28):  # secondary traumatic stress: nine 5s and item 2 = 1 → 46
        answers[item] = 5
    answers[2] = 1
    scores = proqol.score(answers)
    assert scores == proqol.ProqolScores(compassion_satisfaction=41, burnout=20, secondary_traumatic_stress=46)
    assert scores is not None
    assert (proqol.band(scores.compassion_satisfaction), proqol.band(scores.burnout)) == ("moderate", "low")
    assert proqol.band(scores.secondary_traumatic_stress) == "high"


@pytest.mark.parametrize(
    ("score", "band"), [(10, "low"), (22, "low"), (23, "moderate"), (41, "moderate"), (42, "high"), (50, "high")]
)
def test_bands_follow_the_published_cut_points(score: int, band: str) -> None:
    assert proqol.band(score) == band


def test_one_unanswered_item_means_no_score() -> None:
    answers = _all(3)
    del answers[17]
    assert proqol.score(answers) is None


def test_the_subscales_cover_each_item_once() -> None:
    items = proqol.COMPASSION_SATISFACTION_ITEMS + proqol.BURNOUT_ITEMS + proqol.SECONDARY_TRAUMATIC_STRESS_ITEMS
    assert sorted(items) == list(range(1, 31))
    assert set(proqol.BURNOUT_ITEMS) >= proqol.REVERSE_SCORED_ITEMS


@pytest.mark.parametrize("answers", [{31: 3}, {0: 3}, {1: 6}, {1: 0}, {1: True}, {1: "3"}])
def test_it_refuses_unknown_items_and_answers_out_of_range(answers: dict) -> None:
    with pytest.raises(ValueError):
        proqol.clean_answers(answers)


def test_clean_answers_drops_unanswered_items_and_accepts_string_keys() -> None:
    assert proqol.clean_answers({"1": 2, "2": None}) == {1: 2}
