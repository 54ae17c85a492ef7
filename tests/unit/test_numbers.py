"""Numbers: deaths are deaths, crowds are crowds, and the lowest figure wins."""

from __future__ import annotations

import pytest

from eventdata.extract.numbers import quantities, word_value


@pytest.mark.parametrize(
    ("text", "value"),
    [("7", 7), ("1,200", 1200), ("twenty-one", 21), ("two hundred", 200),
     ("three thousand five hundred", 3500), ("one hundred and twenty", 120)],
)
def test_word_value(text: str, value: int) -> None:
    assert word_value(text) == value


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("At least 5 people were killed in the attack.", 5),
        ("Between five and seven people died.", 5),
        ("Gunmen killed three soldiers.", 3),
        ("The blast left 4 people dead.", 4),
        ("The death toll rose to 9 on Thursday.", 9),
        ("One soldier was killed in the ambush.", 1),
        ("A policeman was shot dead at a checkpoint.", 1),
        ("Several people were killed when troops opened fire.", 3),
        ("Dozens were killed in the massacre.", 12),
        ("Hundreds died in the fighting.", 100),
        ("Police opened fire, killing twenty-one people.", 21),
        ("Twenty-one people, including 3 children, were killed.", 21),
        ("The attack killed 3, police said, while other reports said 7 died.", 3),
        ("5 to 7 people were killed.", 5),
    ],
)
def test_fatalities_lowest_figure(text: str, fatalities: int) -> None:
    assert quantities(text).fatalities == fatalities


@pytest.mark.parametrize(
    "text",
    [
        "Twelve people were injured in the clashes.",
        "Many casualties were reported.",
        "Police detained dozens of oil workers.",
        "Between 1,000 and 2,000 people gathered in the square.",
        "The protest lasted 24 hours.",
        "In 2011 police opened fire in the town.",
        "On 16 December police opened fire.",
    ],
)
def test_not_fatalities(text: str) -> None:
    assert quantities(text).fatalities is None


def test_explicit_zero() -> None:
    assert quantities("No one was killed in the blast.").fatalities == 0


def test_killed_and_injured_are_kept_apart() -> None:
    q = quantities("Gunmen killed three soldiers and wounded 12 others.")
    assert (q.fatalities, q.injured) == (3, 12)


@pytest.mark.parametrize(
    ("text", "arrests"),
    [
        ("Police detained dozens of oil workers.", 12),
        ("Police arrested 15 protesters.", 15),
        ("Hundreds were arrested after the protests.", 100),
        ("At least 40 people were detained.", 40),
    ],
)
def test_arrests(text: str, arrests: int) -> None:
    q = quantities(text)
    assert q.arrests == arrests
    assert q.fatalities is None


@pytest.mark.parametrize(
    ("text", "crowd"),
    [
        ("There are between 1,000 and 2,000 people there.", "between 1,000 and 2,000"),
        ("A crowd numbering several hundred gathered.", "several hundred"),
        ("Hundreds of former oil-industry employees gathered outside.", "hundreds"),
        ("Dozens of women staged a protest.", "dozens"),
        ("About 500 students rallied.", "about 500"),
        ("Thousands marched through the capital.", "thousands"),
        ("A handful of activists picketed the embassy.", "a handful"),
    ],
)
def test_crowd_size_as_reported(text: str, crowd: str) -> None:
    q = quantities(text)
    assert q.crowd_size == crowd
    assert q.fatalities is None


def test_no_numbers_at_all() -> None:
    q = quantities("Protesters gathered in the square.")
    assert (q.fatalities, q.crowd_size, q.arrests, q.injured) == (None, None, None, None)


def test_one_toll_told_in_parts_is_summed() -> None:
    assert quantities("Gunmen killed three soldiers and two civilians.").fatalities == 5
    assert quantities("The clashes killed 4 police officers, 2 soldiers and 6 militants.") \
        .fatalities == 12
    # but two different reports of the same toll keep the lowest
    assert quantities("The raid killed 3, police said, while residents said 7 died.") \
        .fatalities == 3


def test_things_burned_are_not_added_to_a_toll() -> None:
    got = quantities("Gunmen raided the village, killing 8 people and burning several houses.")
    assert got.fatalities == 8


def test_a_toll_put_at_a_figure_is_read() -> None:
    assert quantities("Officials put the death toll at eleven.").fatalities == 11


def test_a_toll_told_before_its_verb_is_added_up() -> None:
    got = quantities("Six soldiers and eleven insurgents were killed, a source said.")
    assert got.fatalities == 17
    crowd = quantities("Hundreds of workers marched and two were killed.")
    assert crowd.crowd_size == "hundreds" and crowd.fatalities == 2


@pytest.mark.parametrize("text", [
    "A mob beat a 35-year-old man to death near the market",
    "A woman was stoned to death by a crowd",
    "Villagers hacked a suspected thief to death",
])
def test_to_death_is_one_fatality(text: str) -> None:
    assert quantities(text).fatalities == 1


def test_beaten_but_alive_is_no_fatality() -> None:
    assert quantities("Police beat a man during the protest").fatalities is None


def test_held_a_vigil_is_a_crowd_not_arrests() -> None:
    q = quantities("About 50 parents of the missing students held a vigil outside the palace.")
    assert (q.crowd_size, q.arrests) == ("about 50", None)
    assert quantities("Police said 12 protesters were held overnight.").arrests == 12


def test_crowd_named_by_party_and_acronym() -> None:
    q = quantities("Hundreds of Pakistan Tehreek-e-Insaf (PTI) workers blocked the road.")
    assert q.crowd_size == "hundreds"


def test_relatives_listed_after_one_victim_are_counted() -> None:
    assert quantities("Gunmen shot dead a man, his wife and their 17-year-old son.").fatalities == 3
    assert quantities("Gunmen killed a teacher and wounded two students.").fatalities == 1


def test_suicide_bomber_counts_among_the_dead() -> None:
    assert quantities("The bomber blew himself up, killing three policemen as well as himself."
                      ).fatalities == 4
    assert quantities("The bomber killed three policemen.").fatalities == 3


def test_one_of_the_workers_is_no_crowd() -> None:
    assert quantities('"We came here," one of the workers said.').crowd_size is None
    assert quantities("About 300 of their colleagues rallied.").crowd_size == "about 300"


def test_clock_times_are_no_figures() -> None:
    assert quantities("14:40 - Youths have blocked the road with burning tyres.").crowd_size is None
    assert quantities("At 9.30 about 200 people marched.").crowd_size == "about 200"


@pytest.mark.parametrize(("text", "crowd"), [
    ("About 1.5 million people marched", "about 1.5 million"),
    ("Some 2 million protesters took part", "some 2 million"),
])
def test_millions_are_crowds(text: str, crowd: str) -> None:
    assert quantities(text).crowd_size == crowd


def test_neutralised_means_killed() -> None:
    assert quantities("Strikes neutralised 20 terrorists near Arbinda.").fatalities == 20
    assert quantities("The army said dozens of terrorists were neutralised.").fatalities == 12


def test_thousands_of_a_people_are_a_crowd() -> None:
    assert quantities("Thousands of Georgians marched down Rustaveli Avenue.").crowd_size == (
        "thousands")
    assert quantities("Dozens of Houthis were killed.").crowd_size is None


def test_another_groups_dead_told_with_also_are_added() -> None:
    q = quantities("Five soldiers were killed, and two civilians also died in the crossfire.")
    assert q.fatalities == 7
    q = quantities("An official put the number of dead soldiers at eleven and said several "
                   "attackers were also killed.")
    assert q.fatalities == 14
    # two counts of the same dead are still the lowest, not a sum
    assert quantities("Three people died; officials said two people were killed.").fatalities == 2


def test_a_part_named_inside_the_toll_is_not_another_toll() -> None:
    q = quantities("Residents said at least six people, including two farmers caught in the "
                   "crossfire, were killed.")
    assert (q.fatalities, q.crowd_size) == (6, None)


def test_an_age_between_the_person_and_the_verb() -> None:
    assert quantities("A man of 58 years died on the spot from his injuries.").fatalities == 1
    assert quantities("Gunmen shot dead a boy, 14, in the market.").fatalities == 1


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("The man, 47, was killed at the door of his house.", 1),
        ("The association's president, 54, was shot dead on Monday.", 1),
        ("A mob beat to death a man accused of stealing a rickshaw.", 1),
        ("Rights groups say at least 140 people have been killed by mobs in the country "
         "this year.", None),
        ("At least 12 people were killed on Sunday, the highest toll this year.", 12),
        ("Gunmen killed 12, including three children, on Sunday.", 12),
    ],
)
def test_ages_and_yearly_tallies_are_no_tolls(text: str, deaths: int | None) -> None:
    assert quantities(text).fatalities == deaths


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("Six soldiers were martyred and four terrorists killed in an exchange of fire.", 10),
        ("Three policemen were killed and two militants died in the encounter.", 5),
        ("Police said 12 people were killed and hospital sources said 15 died.", 12),
        ("At least 10 people were killed and 20 people wounded.", 10),
    ],
)
def test_two_sides_dead_in_one_clause_are_one_toll(text: str, deaths: int) -> None:
    assert quantities(text).fatalities == deaths
