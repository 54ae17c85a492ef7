"""A stress corpus of date expressions as news actually writes them.

Each case is one sentence as wire copy, local or translated press, an NGO
sitrep or a liveblog would write it, a reference (publication) date, and every
date ``find_dates`` must return for it, in order, as ``YYYY-MM-DD/precision``
("" when the sentence holds no event date). The table is written by hand from
the codebook's rules, not copied from a run, so that it can fail.

Decisions the table encodes (also in the docstring of ``dates.py``):

* A night named by both its days is coded to the day it began: "the night of
  12-13 May", "Saturday night into Sunday" give the first day, precision 1. A night
  named only by the day it ran into is that day: "overnight into Wednesday", "the
  night to Tuesday". "overnight Tuesday" / "overnight on Tuesday" keep the day named.
* "late/early last week" are the Friday/Tuesday of the previous Monday-Sunday
  week, precision 2; "last weekend" is the weekend that has already ended.
* "early/late/the end of" a month (also "last month", "the month") give its
  1st/last day, precision 3; one not yet reached is the future: no date.
* A day and month without a year that falls shortly after the reference date
  is a plan ("the vote on 20 June"), not last year's date: no date.
* "will meet on Friday": a weekday after a future marker is not last Friday.
* Movable feasts ("Eid al-Fitr") give no date; fixed ones ("Christmas Day",
  "New Year's Eve") give their day.
* A bare background year ("in 2011") is returned as 1 July, precision 3: the
  coder uses it to recognise background; numbers that are names ("Resolution
  2023", "Route 12", "15 May Street") give nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventdata.normalise.dates import find_dates

WED = dt.date(2025, 6, 11)
MON = dt.date(2025, 6, 9)
SUN = dt.date(2025, 6, 8)
JAN2 = dt.date(2025, 1, 2)  # a Thursday
REFS = {"W": WED, "M": MON, "S": SUN, "J": JAN2,
        "MAR9": dt.date(2025, 3, 9), "MAY2": dt.date(2025, 5, 2)}

# (sentence, reference, expected dates, options)
# options: "us" = month-first numeric dates; "a:YYYY-MM-DD" = the narrative's anchor date.
CASES: list[tuple[str, str, str, str]] = [
    # --- nights, parts of days, weekdays --------------------------------------------------
    ("Gunmen attacked a checkpoint late on Sunday, officials said.", "W", "2025-06-08/1", ""),
    ("Drones struck the port in the early hours of Friday.", "W", "2025-06-06/1", ""),
    ("Russia launched a wave of drones at Kyiv overnight into Wednesday, killing two.", "W",
     "2025-06-11/1", ""),
    ("Russian forces shelled Kherson overnight into Monday, the governor said.", "M",
     "2025-06-09/1", ""),
    ("The city was shelled overnight Tuesday, the regional governor said.", "W",
     "2025-06-10/1", ""),
    ("Explosions were heard overnight on Saturday in Odesa.", "S", "2025-06-07/1", ""),
    ("Clashes erupted on the night of 12-13 May in the old town.", "W", "2025-05-12/1", ""),
    ("Fighting raged on the night of May 12 to 13 near the airport.", "W", "2025-05-12/1", ""),
    ("On the night of 7 to 8 June, unidentified men set fire to the mayor's office.", "W",
     "2025-06-07/1", ""),
    ("In the night from Monday to Tuesday, settlers torched cars in the village.", "W",
     "2025-06-09/1", ""),
    ("In the night to Tuesday, settlers torched cars in the village.", "W", "2025-06-10/1", ""),
    ("Youths clashed with police on Saturday night into Sunday outside parliament.", "W",
     "2025-06-07/1", ""),
    ("Thursday's attack on the market killed 12 people.", "W", "2025-06-05/1", ""),
    ("Monday's protests in Dhaka turned violent.", "W", "2025-06-09/1", ""),
    ("Sunday night's attack left three dead.", "W", "2025-06-08/1", ""),
    ("Police raided the camp on Tuesday last week.", "W", "2025-06-03/1", ""),
    # a past year naming an event by its name: background ("the 2013 Gezi Park protests")
    ("It is the largest since the 2013 Gezi Park protests, when eight people died.", "W",
     "2013-07-01/3", ""),
    ("The 2000 Olympic Games were held in Sydney.", "W", "", ""),
    # a weekly roundup's "throughout the week": the seven days before the report, their middle
    ("Throughout the week, bandits raided villages in the district.", "M", "2025-06-05/2", ""),
    ("Over the past week, troops shelled the border villages.", "W", "2025-06-07/2", ""),
    ("Police raided the camp last Tuesday.", "W", "2025-06-10/1", ""),
    ("Police raided the camp last Wednesday.", "W", "2025-06-04/1", ""),
    ("Students marched this Tuesday in the capital.", "W", "2025-06-10/1", ""),
    ("Tuesday evening, riot police fired tear gas in Nairobi.", "W", "2025-06-10/1", ""),
    ("They marched again Sunday, organisers said.", "W", "2025-06-08/1", ""),
    ("Rebels attacked the town Saturday night.", "W", "2025-06-07/1", ""),
    ("Protesters have camped outside the ministry since Monday.", "W", "2025-06-09/1", ""),
    ("Sporadic clashes continued between Monday and Wednesday in the north.", "W",
     "2025-06-10/2", ""),
    ("From Friday to Sunday, militants attacked three villages.", "W", "2025-06-07/2", ""),
    ("Shelling resumed at dawn on Friday in the suburbs.", "W", "2025-06-06/1", ""),
    ("In the early hours of 7 June, gunmen stormed the prison.", "W", "2025-06-07/1", ""),
    # --- explicit days ------------------------------------------------------------------
    ("Demonstrations took place from 3 to 5 June in several towns.", "W", "2025-06-04/2", ""),
    ("The rally on June 3rd drew thousands.", "W", "2025-06-03/1", ""),
    ("On the 3rd of June, soldiers opened fire on the crowd.", "W", "2025-06-03/1", ""),
    ("Troops entered the town on June 3, residents said.", "W", "2025-06-03/1", ""),
    ("The incident occurred on 03.06.2025 near the border post.", "W", "2025-06-03/1", ""),
    ("On 3/6/2025 a grenade was thrown at the police station.", "W", "2025-06-03/1", ""),
    ("On 6/3/2025 a grenade was thrown at the police station.", "W", "2025-06-03/1", "us"),
    ("The attack was recorded on 2025-06-03 in the district.", "W", "2025-06-03/1", ""),
    ("On Tuesday 10 June, residents of the commune took to the streets.", "W",
     "2025-06-10/1", ""),
    ("On Tuesday, June 3, police dispersed the sit-in.", "W", "2025-06-03/1", ""),
    ("This Tuesday, 10 June, students occupied the rectorate.", "W",
     "2025-06-10/1 2025-06-10/1", ""),
    ("Wednesday (June 11) protesters again blocked the bridge.", "W",
     "2025-06-11/1 2025-06-11/1", ""),
    ("On 10-Jun-2025 police arrested the organisers.", "W", "2025-06-10/1", ""),
    ("On June 10th, 2025, at 08:00 local time, the strike began.", "W", "2025-06-10/1", ""),
    ("Updated 11 June 2025 09.12 BST", "W", "2025-06-11/1", ""),
    ("At 09:30 on Wednesday 11 June 2025 shelling resumed.", "W", "2025-06-11/1", ""),
    ("The 10th June, 2025 rally ended peacefully.", "W", "2025-06-10/1", ""),
    ("The events of 10.06.2025 in Tbilisi were condemned.", "W", "2025-06-10/1", ""),
    ("On the first of June, farmers blocked the road.", "W", "2025-06-01/1", ""),
    ("On 3 June 2024, a similar attack killed nine.", "W", "2024-06-03/1", ""),
    ("On May 13th, gunmen killed a chief.", "W", "2025-05-13/1", ""),
    ("On 13th May, gunmen killed a chief.", "W", "2025-05-13/1", ""),
    ("Police said the march on 5 June was peaceful.", "W", "2025-06-05/1", ""),
    ("Protests took place on 7 and 8 June in Lomé.", "W", "2025-06-07/2", ""),
    ("Rallies were held over the weekend of 7-8 June.", "W", "2025-06-07/2", ""),
    # --- sitreps ----------------------------------------------------------------------
    ("During the reporting period (2-8 June 2025), 14 incidents were recorded.", "W",
     "2025-06-05/2", ""),
    ("Between 1 and 7 June 2025, OCHA recorded 40 security incidents.", "W",
     "2025-06-04/2", ""),
    ("On 07/06, an IED hit a patrol near Mopti.", "W", "2025-06-07/1", ""),
    ("On 06/07, an IED hit a patrol near Mopti.", "W", "2025-06-07/1", "us"),
    ("In the past 24 hours, 12 strikes were recorded.", "W", "2025-06-11/1", ""),
    ("Over the past three days, 12 strikes were recorded.", "W", "2025-06-10/2", ""),
    ("In the first week of June, at least 40 civilians were killed.", "W", "2025-06-04/2", ""),
    ("In the last week of May, at least 40 civilians were killed.", "W", "2025-05-28/2", ""),
    ("During the second week of May, fighting displaced 3,000 people.", "W",
     "2025-05-11/2", ""),
    # --- weeks, weekends, months -----------------------------------------------------
    ("Earlier this week, farmers blocked the highway.", "W", "2025-06-10/2", ""),
    ("Earlier in the week, farmers blocked the highway.", "W", "2025-06-10/2", ""),
    ("Late last week, gunmen abducted 20 passengers.", "W", "2025-06-06/2", ""),
    ("Early last week, gunmen abducted 20 passengers.", "W", "2025-06-03/2", ""),
    ("The week before last, gunmen abducted 20 passengers.", "W", "2025-05-28/2", ""),
    ("Students protested at the weekend against fee rises.", "W", "2025-06-07/2", ""),
    ("Over the weekend, the army retook two villages.", "M", "2025-06-07/2", ""),
    ("Last weekend, the army retook two villages.", "S", "2025-05-31/2", ""),
    ("Last weekend, the army retook two villages.", "W", "2025-06-07/2", ""),
    ("Most had come to the beach at the end of the weekend.", "W", "2025-06-08/2", ""),
    ("Earlier this month, fighters looted the market.", "W", "2025-06-06/3", ""),
    ("Fighting flared in mid-March around the dam.", "W", "2025-03-15/3", ""),
    ("At the end of last month, police arrested 30 activists.", "W", "2025-05-31/3", ""),
    ("At the start of last month, police arrested 30 activists.", "W", "2025-05-01/3", ""),
    ("At the start of the month, police arrested 30 activists.", "W", "2025-06-01/3", ""),
    ("At the beginning of this month, police arrested 30 activists.", "W", "2025-06-01/3", ""),
    ("Late last month, police arrested 30 activists.", "W", "2025-05-31/3", ""),
    ("Early last month, police arrested 30 activists.", "W", "2025-05-01/3", ""),
    ("In the middle of last month, police arrested 30 activists.", "W", "2025-05-15/3", ""),
    ("Early this month, police arrested 30 activists.", "W", "2025-06-01/3", ""),
    ("The permit expires at the end of the month.", "W", "", ""),
    ("In early June, traders went on strike and rallied in the market.", "W",
     "2025-06-01/3", ""),
    ("By the end of May, the militia controlled the road.", "W", "2025-05-31/3", ""),
    ("In late May, the militia took the road.", "W", "2025-05-31/3", ""),
    ("In May, the militia took the road.", "W", "2025-05-15/3", ""),
    ("Protests erupted in July over power cuts.", "W", "2024-07-15/3", ""),
    ("In March 2011, security forces killed protesters in Deraa.", "W", "2011-03-15/3", ""),
    ("In mid-2024, the group split.", "W", "2024-07-01/3", ""),
    # --- counted back ------------------------------------------------------------------
    ("A week ago, militants stormed the prison.", "W", "2025-06-04/2", ""),
    ("Ten days ago, militants stormed the prison.", "W", "2025-06-01/1", ""),
    ("A fortnight ago, the same group kidnapped a priest.", "W", "2025-05-28/2", ""),
    ("Two weeks ago, the same group kidnapped a priest.", "W", "2025-05-28/2", ""),
    ("Three days ago, the same group kidnapped a priest.", "W", "2025-06-08/1", ""),
    # --- anchored to another date ----------------------------------------------------------
    ("The clashes started on 5 June; two days earlier, soldiers had killed a herder.", "W",
     "2025-06-05/1 2025-06-03/1", ""),
    ("The army said on 5 June that the previous day its troops repelled an attack.", "W",
     "2025-06-05/1 2025-06-04/1", ""),
    ("Clashes erupted on 4 June and the next day the army imposed a curfew.", "W",
     "2025-06-04/1 2025-06-05/1", ""),
    ("On 5 June, protesters marched; three days later police arrested their leaders.", "W",
     "2025-06-05/1 2025-06-08/1", ""),
    ("The strike, which began on 2 June, ended on Tuesday.", "W",
     "2025-06-02/1 2025-06-10/1", ""),
    ("The day before, gunmen had ambushed a convoy.", "W", "2025-06-10/1", ""),
    ("The night before, gunmen had ambushed a convoy.", "W", "2025-06-10/1", ""),
    ("The following day, police detained 12 people.", "W", "2025-06-05/1", "a:2025-06-04"),
    ("The following day, police detained 12 people.", "W", "", ""),
    ("That evening, police detained 12 people.", "W", "2025-06-05/1", "a:2025-06-05"),
    ("Three days later, police detained 12 people.", "W", "2025-06-08/1", "a:2025-06-05"),
    ("Two days earlier, police detained 12 people.", "W", "2025-06-03/1", "a:2025-06-05"),
    ("Gangs looted the town on Wednesday, a day after residents fled.", "W", "2025-06-11/1", ""),
    ("Clashes broke out on Monday, the day before the vote.", "W", "2025-06-09/1", ""),
    ("The day after the attack, police arrested six men.", "W", "2025-06-08/1", "a:2025-06-07"),
    ("Troops withdrew two days after the ceasefire took effect.", "W", "", ""),
    ("Two days before, police had arrested him.", "W", "2025-06-03/1", "a:2025-06-05"),
    ("Reinforcements arrived a day after.", "W", "2025-06-06/1", "a:2025-06-05"),
    # --- today -------------------------------------------------------------------------
    ("Police dispersed the crowd yesterday.", "W", "2025-06-10/1", ""),
    ("Police dispersed the crowd today.", "W", "2025-06-11/1", ""),
    ("A curfew was imposed tonight in the capital.", "W", "2025-06-11/1", ""),
    ("Shelling resumed this morning in Donetsk.", "W", "2025-06-11/1", ""),
    ("Shelling resumed early this morning in Donetsk.", "W", "2025-06-11/1", ""),
    ("Shelling resumed late last night in Donetsk.", "W", "2025-06-10/1", ""),
    # --- not dates -----------------------------------------------------------------------
    ("Thousands prayed in the square on Eid al-Fitr before marching to the palace.", "W",
     "", ""),
    ("On the third day of the protests, shops stayed closed.", "W", "", ""),
    ("The explosion happened at 14:40 near the bus station.", "W", "", ""),
    ("The attack began around 3 a.m. in the village.", "W", "", ""),
    ("Resolution 2023 was adopted by the council.", "W", "", ""),
    ("The convoy was ambushed on Route 12 south of the town.", "W", "", ""),
    ("Gunmen armed with AK-47 rifles attacked the village.", "W", "", ""),
    ("The victims, aged 12 and 14, were shot.", "W", "", ""),
    ("The home side won 3-0 before fans clashed with police.", "W", "", ""),
    ("Protesters may march again if talks fail.", "W", "", ""),
    ("The march drew about 500 people.", "W", "", ""),
    ("The Agenda 2063 summit drew protests.", "W", "", ""),
    ("Veterans of the 1990s civil war rallied.", "W", "", ""),
    ("He served 12 years in prison for the 2,011 votes case.", "W", "", ""),
    ("A week-long strike paralysed the port.", "W", "", ""),
    ("Protests have continued for weeks.", "W", "", ""),
    ("The first protests began in 2011.", "W", "2011-07-01/3", ""),
    ("Protests have continued since 2019.", "W", "2019-07-01/3", ""),
    # --- the future is not an event date --------------------------------------------------
    ("Opposition leaders will meet on Friday to plan further rallies.", "W", "", ""),
    ("The group plans to rally on Saturday in the capital.", "W", "", ""),
    ("A protest is scheduled for Saturday.", "W", "", ""),
    ("Next Friday, unions will strike.", "W", "", ""),
    ("On Friday next week, unions will strike.", "W", "", ""),
    ("The vote will take place on 20 June.", "W", "", ""),
    ("The trial resumes on June 20.", "W", "", ""),
    ("Police said on Monday they will investigate.", "M", "2025-06-09/1", ""),
    ("Protesters who marched on Friday will return next week.", "W", "2025-06-06/1", ""),
    ("Talks will resume on Wednesday, the mediator said.", "W", "2025-06-11/1", ""),
    # --- next to places and numbers -----------------------------------------------------
    ("Gunmen killed 12 people in Kano on 5 June.", "W", "2025-06-05/1", ""),
    ("KYIV, June 11 (Reuters) - Russian missiles hit Kyiv overnight.", "W",
     "2025-06-11/1 2025-06-11/1", ""),
    ("MOGADISHU, 10 June 2025 - A car bomb exploded near Checkpoint 4 on Tuesday.", "W",
     "2025-06-10/1 2025-06-10/1", ""),
    ("Two soldiers died at Kilometre 101 on the Damascus highway on Friday.", "W",
     "2025-06-06/1", ""),
    ("Clashes in Sector 15 of Gaza City on June 9 killed 3.", "W", "2025-06-09/1", ""),
    ("In District 9, police arrested 14 on Monday.", "W", "2025-06-09/1", ""),
    ("Protesters blocked Highway 7 near Oruro, 3 June, local media said.", "W",
     "2025-06-03/1", ""),
    ("In Aleppo 3 drones were shot down on Monday.", "W", "2025-06-09/1", ""),
    ("The 5 June attack in Bamako left 17 dead.", "W", "2025-06-05/1", ""),
    ("Some 2,000 people marched in Tbilisi on Sunday.", "W", "2025-06-08/1", ""),
    ("About 300 protesters rallied in Yerevan on 7 June, 2025.", "W", "2025-06-07/1", ""),
    ("At least 15 people were killed in Gao and 4 in Menaka on 6 and 7 June.", "W",
     "2025-06-06/2", ""),
    ("Police in Lagos State detained 20 on the 5th.", "W", "2025-06-05/1", ""),
    ("He was shot with a 9 mm pistol in Cite Soleil on Tuesday.", "W", "2025-06-10/1", ""),
    ("Troops from the 3rd Brigade raided Bunia on 2 June.", "W", "2025-06-02/1", ""),
    ("Flight 302 was grounded in Goma on 4 June.", "W", "2025-06-04/1", ""),
    ("In Gaza, 27 people were killed on 1 June near an aid site.", "W", "2025-06-01/1", ""),
    ("Protesters gathered in 15 May Street in Benghazi on Tuesday.", "W", "2025-06-10/1", ""),
    ("Crowds filled Tahrir Square and the 6 October Bridge on Friday.", "W",
     "2025-06-06/1", ""),
    ("Members of the 6 April Youth Movement rallied on Sunday.", "W", "2025-06-08/1", ""),
    ("In Mosul 2 June marked a week of strikes.", "W", "2025-06-02/1", ""),
    # --- a Monday reference ----------------------------------------------------------------
    ("On Monday, police fired tear gas at students.", "M", "2025-06-09/1", ""),
    ("On Sunday, police fired tear gas at students.", "M", "2025-06-08/1", ""),
    ("Last Monday, police fired tear gas at students.", "M", "2025-06-02/1", ""),
    ("On Tuesday, police fired tear gas at students.", "M", "2025-06-03/1", ""),
    ("Last week, police fired tear gas at students.", "M", "2025-06-04/2", ""),
    ("This week, police fired tear gas at students.", "M", "2025-06-09/2", ""),
    ("On Friday last week, police fired tear gas at students.", "M", "2025-06-06/1", ""),
    ("Late on Saturday, police fired tear gas at students.", "M", "2025-06-07/1", ""),
    ("On Monday morning, police fired tear gas at students.", "M", "2025-06-09/1", ""),
    ("Yesterday, police fired tear gas at students.", "M", "2025-06-08/1", ""),
    # --- a Sunday reference ----------------------------------------------------------------
    ("On Sunday, militants shelled the base.", "S", "2025-06-08/1", ""),
    ("On Saturday, militants shelled the base.", "S", "2025-06-07/1", ""),
    ("On Monday, militants shelled the base.", "S", "2025-06-02/1", ""),
    ("Last Sunday, militants shelled the base.", "S", "2025-06-01/1", ""),
    ("This week, militants shelled the base.", "S", "2025-06-05/2", ""),
    ("Last week, militants shelled the base.", "S", "2025-05-28/2", ""),
    ("Over the weekend, militants shelled the base.", "S", "2025-06-07/2", ""),
    ("At the weekend, militants shelled the base.", "S", "2025-06-07/2", ""),
    ("Earlier this week, militants shelled the base.", "S", "2025-06-05/2", ""),
    # --- across a year boundary (reference Thursday 2 January 2025) --------------------------
    ("Gunmen killed five farmers on Tuesday.", "J", "2024-12-31/1", ""),
    ("Gunmen killed five farmers last month.", "J", "2024-12-15/3", ""),
    ("Protests broke out in December over fuel prices.", "J", "2024-12-15/3", ""),
    ("Police arrested 30 people last week.", "J", "2024-12-25/2", ""),
    ("Clashes erupted on 30 December in the capital.", "J", "2024-12-30/1", ""),
    ("On New Year's Eve, rioters burned cars in Strasbourg.", "J", "2024-12-31/1", ""),
    ("On Christmas Day, gunmen attacked a church.", "J", "2024-12-25/1", ""),
    ("Yesterday, a bomb exploded in a market.", "J", "2025-01-01/1", ""),
    ("The day before yesterday, a bomb exploded in a market.", "J", "2024-12-31/1", ""),
    ("Earlier this month, a bomb exploded in a market.", "J", "2025-01-01/3", ""),
    ("At the end of last year, the army launched an offensive.", "J", "2024-12-31/3", ""),
    ("In late December, the army launched an offensive.", "J", "2024-12-31/3", ""),
    ("Last Friday, the army launched an offensive.", "J", "2024-12-27/1", ""),
    ("On Thursday, the army launched an offensive.", "J", "2025-01-02/1", ""),
    ("Last Thursday, the army launched an offensive.", "J", "2024-12-26/1", ""),
    ("Over the weekend, rebels seized the town.", "J", "2024-12-28/2", ""),
    ("On December 31, rebels seized the town.", "J", "2024-12-31/1", ""),
    ("On 1 January, rebels seized the town.", "J", "2025-01-01/1", ""),
    ("A week ago, rebels seized the town.", "J", "2024-12-26/2", ""),
    ("In early January, rebels seized the town.", "J", "2025-01-01/3", ""),
    ("Rebels have held the town since 28 December.", "J", "2024-12-28/1", ""),
    # --- fixed feasts -----------------------------------------------------------------------
    ("International Women's Day marches took place across Turkey.", "MAR9",
     "2025-03-08/1", ""),
    ("On May Day, unions rallied in Istanbul.", "MAY2", "2025-05-01/1", ""),
]


def _expected(spec: str) -> list[tuple[dt.date, int]]:
    out = []
    for token in spec.split():
        day, precision = token.split("/")
        out.append((dt.date.fromisoformat(day), int(precision)))
    return out


def _options(spec: str) -> dict[str, object]:
    kw: dict[str, object] = {}
    for opt in spec.split():
        if opt == "us":
            kw["dayfirst"] = False
        elif opt.startswith("a:"):
            kw["anchor"] = dt.date.fromisoformat(opt[2:])
    return kw


@pytest.mark.parametrize(("text", "ref", "expected", "opts"), CASES,
                         ids=[f"{i:03d}" for i in range(len(CASES))])
def test_news_date_expressions(text: str, ref: str, expected: str, opts: str) -> None:
    found = find_dates(text, REFS[ref], **_options(opts))  # type: ignore[arg-type]
    got = [(m.date, m.precision) for m in found]
    assert got == _expected(expected), [(m.text, m.date.isoformat(), m.precision)
                                         for m in found]


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 150
    assert sum(1 for _, _, exp, _ in CASES if not exp) >= 20
    assert {ref for _, ref, _, _ in CASES} >= {"W", "M", "S", "J"}


def test_no_relative_date_after_its_reference() -> None:
    for text, ref, _, opts in CASES:
        for m in find_dates(text, REFS[ref], **_options(opts)):  # type: ignore[arg-type]
            if m.relative or not m.explicit_year:
                assert m.date <= REFS[ref], (text, m)
