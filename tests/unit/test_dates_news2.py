"""A second stress corpus of date expressions as news writes them (issue 4, dates).

The first corpus (``test_dates_news.py``) covers the common relative and explicit
forms; this one covers what it lacks: weekday-plus-date forms, spans across two
months, sitrep headers and table rows, mastheads and timestamps, two-digit years,
clock times that are not dates, names that hold weekday words, and references on
month and year boundaries, on Mondays, Fridays and Sundays. Every expectation is
written by hand from the codebook's rules (ACLED time_precision: 1 a day, 2 a
week or a span of a few days at its middle, 3 a month only), not copied from a
run, so that a regression fails.

Decisions the table encodes (also in the docstring of ``dates.py``):

* Two days of one event ("on 31 May and 1 June", "June 2-3") are one span: its
  first (middle) day, precision 2; so is a span across two months ("between
  Dec. 29 and Jan. 2") and one of two month parts ("from late May to early June",
  precision 3 as only months are known).
* "since Sunday" is the day the ongoing action began (precision 1).
* "hours earlier" is the anchor's day (the report's day without one);
  "days later", "later in the week", "in recent days" are not dates.
* "a month ago" is the same day of the previous month, precision 3.
* "every Friday", "on Fridays", "Independence Day" (a different day in every
  country), "Good Friday" (movable) and "on the eve of the election": no date.
* "June last year" is last year's June; "As of 12 June" is that day.
* A weekday that is a person's name ("Sunday Igboho") is not a date.
* Clock times ("10.30", "14h30", "0600 GMT", "by 2000 GMT") are never dates.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventdata.normalise.dates import find_dates, reference_date
from tests.unit.test_dates_news import _expected, _options

REFS = {
    "T": dt.date(2025, 6, 12),  # Thursday
    "F": dt.date(2025, 6, 13),  # Friday
    "M": dt.date(2025, 6, 2),  # Monday, second day of the month
    "S": dt.date(2025, 6, 1),  # Sunday, first day of the month
    "A": dt.date(2025, 8, 31),  # Sunday, last day of the month
    "D": dt.date(2025, 12, 26),  # Friday, Boxing Day
    "N": dt.date(2026, 1, 1),  # Thursday, New Year's Day
    "Y": dt.date(2026, 1, 5),  # Monday after the new year
}

# (sentence, reference, expected "YYYY-MM-DD/precision" in order ("" none), options)
# options: "us" = month-first numeric dates; "a:YYYY-MM-DD" = the narrative's anchor date.
CASES: list[tuple[str, str, str, str]] = [
    # --- a weekday with its date ----------------------------------------------------------
    ("On Monday, 2 June, police dispersed a sit-in outside parliament.", "T",
     "2025-06-02/1", ""),
    ("Mon 02 Jun 2025 14.20 BST", "T", "2025-06-02/1", ""),
    ("Police raided the union's offices on 2 Jun, a spokesman said.", "T", "2025-06-02/1", ""),
    ("Thursday, June 12, police dispersed the rally in Accra.", "T", "2025-06-12/1", ""),
    ("Rebels shelled the town on Monday, 29 December.", "Y", "2025-12-29/1", ""),
    ("Sun 1 Jun 2025 18.05 BST", "T", "2025-06-01/1", ""),
    ("Last updated: Thursday, 12 June 2025, 09:41 GMT", "T", "2025-06-12/1", ""),
    ("Published: 12:04 EAT, Fri June 13, 2025", "F", "2025-06-13/1", ""),
    ("JUNE 13, 2025", "F", "2025-06-13/1", ""),
    ("Posted on 13/06/2025 at 10:15", "F", "2025-06-13/1", ""),
    ("Posted 2025-06-03T14:20Z", "T", "2025-06-03/1", ""),
    ("LAGOS, Nigeria, June 12 (AP) - Gunmen killed 12 people on Wednesday.", "T",
     "2025-06-12/1 2025-06-11/1", ""),
    # --- spans of days ---------------------------------------------------------------------
    ("Farmers blocked highways on June 2-3 across the province.", "T", "2025-06-02/2", ""),
    ("Farmers blocked highways on 2-3 June across the province.", "T", "2025-06-02/2", ""),
    ("On the weekend of June 7-8, rallies were held in several cities.", "T",
     "2025-06-07/2", ""),
    ("Between 1 and 3 June, gunmen raided four villages in the district.", "T",
     "2025-06-02/2", ""),
    ("Protesters occupied the square on 31 May and 1 June.", "T", "2025-05-31/2", ""),
    ("Protesters occupied the square on May 31 and June 1.", "T", "2025-05-31/2", ""),
    ("From 26 May to 1 June 2025, 12 incidents were reported.", "T", "2025-05-29/2", ""),
    ("Rebels shelled the town between Dec. 29 and Jan. 2.", "Y", "2025-12-31/2", ""),
    ("Rebels shelled the town on 29-30 December.", "Y", "2025-12-29/2", ""),
    ("From late May to early June, the militia besieged the town.", "T",
     "2025-05-31/3", ""),
    ("On Tuesday and Wednesday, police dispersed rallies in Nairobi.", "T",
     "2025-06-10/1 2025-06-11/1", ""),
    ("From Thursday through Saturday, militias attacked farms.", "T", "2025-06-06/2", ""),
    ("On the night of Saturday to Sunday, arsonists burned two schools.", "T",
     "2025-06-07/1", ""),
    ("Overnight Sunday into Monday, drones hit Kharkiv.", "T", "2025-06-08/1", ""),
    # --- parts of a day ---------------------------------------------------------------------
    ("Shelling began at dawn on Sunday, residents said.", "T", "2025-06-08/1", ""),
    ("Sunday afternoon, hundreds marched to the governor's office.", "T",
     "2025-06-08/1", ""),
    ("Early Monday, gunmen stormed a police station in Zamfara.", "T", "2025-06-09/1", ""),
    ("Before dawn Tuesday, gunmen stormed a police station.", "T", "2025-06-10/1", ""),
    ("Earlier on Tuesday, gunmen stormed a police station.", "T", "2025-06-10/1", ""),
    ("Later on Wednesday, police arrested five suspects.", "T", "2025-06-11/1", ""),
    ("In the early hours of Monday morning, a bomb exploded in the market.", "T",
     "2025-06-09/1", ""),
    ("At midday on Saturday, crowds gathered at the roundabout.", "T", "2025-06-07/1", ""),
    ("Gunmen attacked a police post last night in the north.", "T", "2025-06-11/1", ""),
    ("Sunday evening, rebels shelled the town.", "Y", "2026-01-04/1", ""),
    ("Saturday night, protesters blocked the port.", "A", "2025-08-30/1", ""),
    # --- the story's own day and its neighbours ---------------------------------------------
    ("Troops entered the town on 5 June; the night before, rebels had withdrawn.", "T",
     "2025-06-05/1 2025-06-04/1", ""),
    ("Hours earlier, a car bomb exploded near the ministry.", "T", "2025-06-05/1",
     "a:2025-06-05"),
    ("Hours earlier, a car bomb exploded near the ministry.", "T", "2025-06-12/1", ""),
    ("The following morning, soldiers cordoned off the market.", "T", "2025-06-06/1",
     "a:2025-06-05"),
    ("The previous evening, militiamen had burned the market.", "T", "2025-06-04/1",
     "a:2025-06-05"),
    ("Police arrested 14 people on the same day.", "T", "2025-06-05/1", "a:2025-06-05"),
    ("That day, police arrested 14 people.", "T", "", ""),
    ("Later that day, police fired live rounds.", "T", "2025-06-05/1", "a:2025-06-05"),
    ("One day after the massacre, troops torched homes in the village.", "T",
     "2025-06-06/1", "a:2025-06-05"),
    ("Two days later, the army retook the town.", "T", "2025-06-07/1", "a:2025-06-05"),
    ("A week later, the army retook the town.", "T", "2025-06-12/2", "a:2025-06-05"),
    ("A week earlier, the army had lost the town.", "T", "2025-05-29/2", "a:2025-06-05"),
    ("Three days earlier, gunmen had killed a chief.", "T", "2025-06-09/1", ""),
    ("The attack came two days after the president's visit.", "T", "", ""),
    ("Days later, police arrested the suspects.", "T", "", ""),
    # --- counted back and windows -----------------------------------------------------------
    ("Two weeks ago, gunmen kidnapped 30 students from a school in Kebbi.", "M",
     "2025-05-19/2", ""),
    ("A month ago, gunmen kidnapped 30 students.", "T", "2025-05-12/3", ""),
    ("A few days ago, gunmen kidnapped 30 students.", "T", "2025-06-09/2", ""),
    ("Two days ago, demonstrators marched on parliament.", "S", "2025-05-30/1", ""),
    ("Ten days ago, rebels shelled the town.", "Y", "2025-12-26/1", ""),
    ("Over the last 24 hours, the army reported 30 drone strikes.", "T", "2025-06-12/1", ""),
    ("In the last 48 hours, 17 people were killed.", "T", "2025-06-11/2", ""),
    ("Over the past two weeks, bandits killed 40 villagers.", "T", "2025-06-05/2", ""),
    ("In the past month, bandits killed 40 villagers.", "T", "2025-05-28/3", ""),
    ("Over the past week, bandits abducted at least 60 people.", "S", "2025-05-28/2", ""),
    ("In recent days, unidentified gunmen have killed three traders.", "T", "", ""),
    ("Over the past few days, unidentified gunmen have killed three traders.", "T", "", ""),
    # --- weeks and weekends -------------------------------------------------------------------
    ("This week, students boycotted classes at three universities.", "F", "2025-06-11/2", ""),
    ("Earlier in the week, students boycotted classes.", "F", "2025-06-11/2", ""),
    ("Later in the week, the strike spread to the ports.", "F", "", ""),
    ("This past weekend, clashes left four dead.", "M", "2025-05-31/2", ""),
    ("At the weekend, drones struck the port.", "M", "2025-05-31/2", ""),
    ("Over the weekend, rebels shelled the town.", "Y", "2026-01-03/2", ""),
    ("Last week, police fired tear gas at demonstrators.", "M", "2025-05-28/2", ""),
    ("Last week, gunmen attacked a village.", "N", "2025-12-24/2", ""),
    ("Last week, rebels shelled the town.", "Y", "2025-12-31/2", ""),
    ("Earlier this week, gunmen attacked a village.", "N", "2025-12-30/2", ""),
    ("This week, demonstrators marched daily.", "S", "2025-05-29/2", ""),
    # --- weekdays on the reference's own weekday, and around it -----------------------------
    ("Last Friday, riot police stormed the campus.", "F", "2025-06-06/1", ""),
    ("On Friday, riot police stormed the campus.", "F", "2025-06-13/1", ""),
    ("Riot police stormed the campus Friday, witnesses said.", "F", "2025-06-13/1", ""),
    ("Last Friday's attack killed six soldiers.", "T", "2025-06-06/1", ""),
    ("Sunday's attack on the church killed nine.", "T", "2025-06-08/1", ""),
    ("Truck drivers have blocked the border crossing since Sunday.", "T", "2025-06-08/1", ""),
    ("Protesters took to the streets for the third consecutive day on Thursday.", "T",
     "2025-06-12/1", ""),
    ("Friday prayers ended in clashes outside the mosque.", "T", "2025-06-06/1", ""),
    ("Fridays for Future activists marched on Friday in Berlin.", "T", "2025-06-06/1", ""),
    ("On Saturday, police fired tear gas at demonstrators.", "M", "2025-05-31/1", ""),
    ("On Monday, the army retook the town.", "M", "2025-06-02/1", ""),
    ("Last Monday, the army retook the town.", "M", "2025-05-26/1", ""),
    ("Late on Sunday, drones struck the port.", "M", "2025-06-01/1", ""),
    ("Overnight, drones struck the port.", "M", "2025-06-02/1", ""),
    ("On Sunday, demonstrators marched on parliament.", "S", "2025-06-01/1", ""),
    ("Yesterday, demonstrators marched on parliament.", "S", "2025-05-31/1", ""),
    ("On Friday, demonstrators marched on parliament.", "S", "2025-05-30/1", ""),
    ("On Monday, gunmen attacked a village.", "N", "2025-12-29/1", ""),
    ("On Friday, rebels shelled the town.", "Y", "2026-01-02/1", ""),
    ("Last night, revellers clashed with police in Paris.", "N", "2025-12-31/1", ""),
    # --- days of the month alone ---------------------------------------------------------------
    ("Police in Kaduna detained 20 people on the 3rd.", "T", "2025-06-03/1", ""),
    ("Police in Kaduna detained 20 people on the 28th.", "M", "2025-05-28/1", ""),
    ("On the 30th, protesters blocked the port.", "A", "2025-08-30/1", ""),
    ("On the 29th, rebels shelled the town.", "Y", "2025-12-29/1", ""),
    # --- explicit days around the year's end -----------------------------------------------------
    ("On 30 Dec, gunmen attacked a village.", "N", "2025-12-30/1", ""),
    ("On Dec. 30, gunmen attacked a village.", "N", "2025-12-30/1", ""),
    ("On 31 December, rebels shelled the town.", "Y", "2025-12-31/1", ""),
    ("On December 28th, rebels shelled the town.", "Y", "2025-12-28/1", ""),
    ("On 1/1/2026 a grenade was thrown at a bar.", "N", "2026-01-01/1", ""),
    ("On 31 May, demonstrators marched.", "S", "2025-05-31/1", ""),
    ("On 1 June, drones struck the port.", "M", "2025-06-01/1", ""),
    # --- feasts -----------------------------------------------------------------------------
    ("On Christmas Day, gunmen attacked worshippers in Plateau State.", "D",
     "2025-12-25/1", ""),
    ("On Christmas Eve, gunmen attacked a village.", "N", "2025-12-24/1", ""),
    ("On New Year's Eve, youths set fire to cars in several suburbs.", "N",
     "2025-12-31/1", ""),
    ("New Year's Day rallies drew thousands in Istanbul.", "N", "2026-01-01/1", ""),
    ("On Independence Day, opposition supporters marched in the capital.", "T", "", ""),
    ("On Good Friday, worshippers marched through the old city.", "T", "", ""),
    ("Clashes broke out on the eve of the election in several districts.", "T", "", ""),
    # --- months ------------------------------------------------------------------------------
    ("Last month, police fired tear gas at demonstrators.", "M", "2025-05-15/3", ""),
    ("Last month, demonstrators marched on parliament.", "S", "2025-05-15/3", ""),
    ("Last month, rebels shelled the town.", "Y", "2025-12-15/3", ""),
    ("Earlier this month, the army retook the town.", "M", "2025-06-01/3", ""),
    ("Earlier this month, demonstrators clashed with police.", "S", "2025-06-01/3", ""),
    ("In late May, drones struck the port.", "M", "2025-05-31/3", ""),
    ("In early June, soldiers razed the camp.", "M", "2025-06-01/3", ""),
    ("At the beginning of June, soldiers razed the camp.", "T", "2025-06-01/3", ""),
    ("Towards the end of May, soldiers razed the camp.", "T", "2025-05-31/3", ""),
    ("In mid-May, soldiers razed the camp.", "T", "2025-05-15/3", ""),
    ("In May 2025, soldiers razed the camp.", "T", "2025-05-15/3", ""),
    ("In May, demonstrators marched every Friday.", "S", "2025-05-15/3", ""),
    ("At the end of the month, protesters blocked the port.", "A", "2025-08-31/3", ""),
    ("Late this month, protesters blocked the port.", "A", "2025-08-31/3", ""),
    ("In December, gunmen attacked the village twice.", "N", "2025-12-15/3", ""),
    ("Late last month, gunmen attacked the village.", "N", "2025-12-31/3", ""),
    ("Last June, soldiers razed the camp.", "T", "2024-06-15/3", ""),
    ("In June last year, soldiers razed the camp.", "T", "2024-06-15/3", ""),
    ("Last year, gunmen attacked the village twice.", "N", "2025-07-01/3", ""),
    ("Next month, unions will strike again.", "A", "", ""),
    # --- sitreps, tables and bullets ------------------------------------------------------------
    ("Reporting period: 5-11 May 2025", "T", "2025-05-08/2", ""),
    ("Period covered: 1-7 June 2025", "T", "2025-06-04/2", ""),
    ("Weekly update (2 to 8 June 2025)", "T", "2025-06-05/2", ""),
    ("Situation report as of 12 June 2025", "T", "2025-06-12/1", ""),
    ("As of 12 June, 43 people have been killed in the fighting.", "T", "2025-06-12/1", ""),
    ("- 03/06: Armed men attacked a health centre in Djibo.", "T", "2025-06-03/1", ""),
    ("\u2022 04/06 \u2013 Armed men looted the market in Gao.", "T", "2025-06-04/1", ""),
    ("03/06/2025 \u2013 Gunmen killed a village chief in Tillaberi.", "T", "2025-06-03/1", ""),
    ("05.06.2025: IED strike on a convoy near Ber.", "T", "2025-06-05/1", ""),
    ("Date: 5 June 2025", "T", "2025-06-05/1", ""),
    ("Incident date | 2025-06-05", "T", "2025-06-05/1", ""),
    ("The attack took place on 03.06.25 near the border post.", "T", "2025-06-03/1", ""),
    ("On 6/3/2025, officers shot a man during the protest in Minneapolis.", "T",
     "2025-06-03/1", "us"),
    ("On 6/3, officers shot a man during the protest in Minneapolis.", "T",
     "2025-06-03/1", "us"),
    ("On 3/6, soldiers fired on protesters in Bamako.", "T", "2025-06-03/1", ""),
    # --- names and numbers that are not dates ------------------------------------------------
    ("The Sunday Times reported that soldiers fired on the crowd.", "T", "", ""),
    ("Shoppers clashed with guards during Black Friday sales.", "T", "", ""),
    ("Marchers commemorated Bloody Sunday in Derry.", "T", "", ""),
    ("Weekly protests are held every Friday in Algiers.", "T", "", ""),
    ("Protesters rally on Fridays outside the court.", "T", "", ""),
    ("Supporters of Sunday Igboho rallied in Ibadan on Monday.", "T", "2025-06-09/1", ""),
    ("Protesters took to the streets for the third consecutive day.", "T", "", ""),
    ("The blast happened at 10.30 near the market.", "T", "", ""),
    ("Fighting resumed at 14h30 near the airport.", "T", "", ""),
    ("Shelling stopped at 0600 GMT.", "T", "", ""),
    ("Crowds had dispersed by 2000 GMT.", "T", "", ""),
    ("Clashes continued until 1900 local time.", "T", "", ""),
    ("The attack, at around 11pm, killed four.", "T", "", ""),
    ("He was sentenced to 12 years on 14 counts.", "T", "", ""),
    ("Temperatures reached 45.6 degrees as crowds waited.", "T", "", ""),
    ("Section 3.6.2 of the agreement was violated.", "T", "", ""),
    ("Police fired 30 rounds in 2 minutes.", "T", "", ""),
    ("The 1-0 defeat sparked riots.", "T", "", ""),
    ("Soldiers of the 31st Brigade patrolled the town.", "T", "", ""),
    ("The group marked the 10th anniversary of the uprising.", "T", "", ""),
    # --- the future ------------------------------------------------------------------------
    ("Results are expected on Sunday.", "T", "", ""),
    ("Mid-term elections are due on 15 June.", "T", "", ""),
]


@pytest.mark.parametrize(("text", "ref", "expected", "opts"), CASES,
                         ids=[f"{i:03d}" for i in range(len(CASES))])
def test_news_date_expressions(text: str, ref: str, expected: str, opts: str) -> None:
    found = find_dates(text, REFS[ref], **_options(opts))  # type: ignore[arg-type]
    got = [(m.date, m.precision) for m in found]
    assert got == _expected(expected), [(m.text, m.date.isoformat(), m.precision)
                                         for m in found]


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 150
    assert sum(1 for _, _, exp, _ in CASES if not exp) >= 30
    assert {ref for _, ref, _, _ in CASES} == set(REFS)


def test_no_relative_date_after_its_reference() -> None:
    for text, ref, _, opts in CASES:
        for m in find_dates(text, REFS[ref], **_options(opts)):  # type: ignore[arg-type]
            if m.relative or not m.explicit_year:
                assert m.date <= REFS[ref], (text, m)


@pytest.mark.parametrize(("text", "expected"), [
    # a sitrep without a published date hangs on the end of its reporting period
    ("Reporting period: 5-11 May 2025. On Friday, gunmen attacked a bus.",
     dt.date(2025, 5, 11)),
    ("Mon 02 Jun 2025 14.20 BST. Police said on Sunday ...", dt.date(2025, 6, 2)),
    ("Clashes at 0600 GMT; no date given.", None),
])
def test_reference_date_from_headers(text: str, expected: dt.date | None) -> None:
    assert reference_date(None, text)[0] == expected
