"""The coder's assembly decisions, on tiny inline reports."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from eventdata.coder import _same_dispute, code_reports
from eventdata.extract.sentences import split_antecedents, split_sentences
from eventdata.rules import rules


def _report(text: str, published: str = "2024-05-10", country: str = "Pakistan") -> pd.DataFrame:
    return pd.DataFrame([{
        "report_id": "r1", "report_ref": "t.txt", "text": text, "title": None,
        "source": "Test Ledger", "url": None, "published": published, "language": "en",
        "country": country, "source_scale": None, "problems": None,
    }])


def _events(text: str, **kw: str) -> list[dict]:
    coded = code_reports(_report(text, **kw), today=dt.date(2026, 1, 1))
    return coded.mentions.to_dict("records")


def test_antecedent_clause_is_split_off() -> None:
    text = ("Workers set fire to two police vans in Lahore on Thursday, hours after police "
            "arrested their leader at his home.")
    parts = split_antecedents(split_sentences(text), rules().antecedent)
    assert [p.is_antecedent for p in parts] == [False, True]
    assert parts[1].text.startswith("police arrested")
    assert text[parts[1].start:parts[1].start + 6] == "police"


def test_no_split_without_connector_or_in_titles() -> None:
    text = "Police arrested five men after the rally in Lahore on Thursday."
    assert len(split_antecedents(split_sentences(text), rules().antecedent)) == 1
    titled = split_sentences("Body text here, nothing else.", title="Riot hours after arrest of leader")
    assert split_antecedents(titled, rules().antecedent)[0].is_title


def test_arrest_that_set_off_a_riot_is_its_own_event() -> None:
    rows = _events("Hundreds of PTI workers set fire to two police vans and pelted officers with "
                   "stones in Lahore on Thursday, hours after police arrested a senior PTI leader "
                   "at his home.")
    subs = sorted(r["sub_event_type"] for r in rows)
    assert subs == ["Arrests", "Violent demonstration"]
    riot = next(r for r in rows if r["sub_event_type"] == "Violent demonstration")
    assert riot["tags"] == "crowd size=hundreds"
    assert "Labor Group" not in (riot["assoc_actor_1"] or "")


def test_arrests_at_a_demonstration_still_join_it() -> None:
    rows = _events("Hundreds of PTI supporters protested in Lahore on Thursday and police "
                   "arrested 20 of them.")
    assert [r["sub_event_type"] for r in rows] == ["Protest with intervention"]


def test_attribution_in_next_sentence_names_the_perpetrator() -> None:
    rows = _events("An engineer was kidnapped on Monday by armed men near Saravena, his employer "
                   "said. The army blamed the ELN guerrilla.", published="2024-07-10",
                   country="Colombia")
    assert len(rows) == 1
    assert rows[0]["actor1"] == "ELN: National Liberation Army"


def test_without_attribution_the_group_stays_unidentified() -> None:
    rows = _events("An engineer was kidnapped on Monday by armed men near Saravena, his employer "
                   "said. The road was closed for hours.", published="2024-07-10",
                   country="Colombia")
    assert rows[0]["actor1"].startswith("Unidentified Armed Group")


def _row(assoc: str, event_type: str = "Protests") -> dict:
    return {"event_type": event_type, "country": "Kenya", "assoc_actor_1": assoc}


def test_same_dispute_spreads_labor_group_to_the_same_crowd() -> None:
    rows = _same_dispute([_row("Labor Group (Kenya); Teachers (Kenya)"), _row("Teachers (Kenya)"),
                          _row("Students (Kenya)"), _row("Teachers (Kenya)", "Battles")])
    assert [r["assoc_actor_1"] for r in rows] == [
        "Labor Group (Kenya); Teachers (Kenya)", "Labor Group (Kenya); Teachers (Kenya)",
        "Students (Kenya)", "Teachers (Kenya)"]


def test_same_dispute_needs_a_striking_crowd() -> None:
    rows = _same_dispute([_row("Teachers (Kenya)"), _row("Students (Kenya)")])
    assert [r["assoc_actor_1"] for r in rows] == ["Teachers (Kenya)", "Students (Kenya)"]


def test_span_bound_is_not_the_event_day() -> None:
    rows = _events("Police fired tear gas at farmers in Ambala on Wednesday. Drones dropped tear "
                   "gas canisters on the protesters, who had camped in Ambala since last week.",
                   published="2024-02-22", country="India")
    assert {str(r["event_date"])[:10] for r in rows} == {"2024-02-21"}


def test_dateline_town_is_not_the_event_place() -> None:
    rows = _events("KYIV, May 20 - Russian missiles hit a recreation area on the edge of Kharkiv "
                   "on Sunday, killing six people, the governor said.", published="2024-05-20",
                   country="Ukraine")
    assert [r["location"] for r in rows] == ["Kharkiv"]


def test_dateline_town_is_kept_when_the_sentence_names_no_other() -> None:
    rows = _events("NAIROBI - Police fired tear gas on Thursday to disperse hundreds of striking "
                   "lecturers.", published="2024-10-03", country="Kenya")
    assert [r["location"] for r in rows] == ["Nairobi"]


def test_claim_a_few_sentences_later_names_the_perpetrator() -> None:
    rows = _events("A suicide bomber blew himself up at a police checkpost in Dera Ismail Khan on "
                   "Tuesday, killing three policemen as well as himself. Five passers-by were "
                   "wounded. The banned Tehreek-i-Taliban Pakistan (TTP) claimed responsibility.",
                   published="2024-04-17")
    assert [(r["actor1"], r["fatalities"]) for r in rows] == [
        ("TTP: Tehreek-i-Taliban Pakistan", 4)]


def test_protesters_detained_in_the_protest_sentence_give_the_crowd() -> None:
    rows = _events("Police in Astana detained twelve oil workers on Wednesday after they spent "
                   "the night picketing outside the ministry.", published="2023-06-14",
                   country="Kazakhstan")
    assert [r["tags"] for r in rows] == ["crowd size=twelve"]


def test_days_after_dates_the_earlier_event_before_the_main_one() -> None:
    rows = _events("Officials signed a local truce in Tibu on Thursday. The signing came two days "
                   "after two soldiers were killed in a clash with ELN guerrillas near Tibu, the "
                   "army said.", published="2025-11-14", country="Colombia")
    clash = [r for r in rows if r["sub_event_type"] == "Armed clash"]
    assert [str(r["event_date"])[:10] for r in clash] == ["2025-11-11"]


def test_dateline_date_is_not_the_event_day() -> None:
    rows = _events("IMPHAL, June 13: A mob set fire to twelve houses in Jiribam on Thursday "
                   "afternoon, police said.", published="2025-06-13", country="India")
    assert [str(r["event_date"])[:10] for r in rows] == ["2025-06-12"]


def test_reported_past_perfect_with_its_own_day_is_an_event() -> None:
    rows = _events("The army said on Monday that its troops had killed 30 al Shabaab fighters "
                   "in an operation near Jowhar on Saturday.", published="2025-04-14",
                   country="Somalia")
    assert [(r["sub_event_type"], str(r["event_date"])[:10]) for r in rows] == [
        ("Armed clash", "2025-04-12")]


def test_claim_by_a_group_named_with_a_linked_modifier() -> None:
    rows = _events("A suicide bomber blew himself up at a restaurant in Mogadishu on Sunday, "
                   "killing seven people including the attacker. The al Qaeda-linked al Shabaab "
                   "group said its fighters had carried out the attack.", published="2025-04-14",
                   country="Somalia")
    assert [(r["actor1"], r["actor2"]) for r in rows] == [
        ("Al Shabaab", "Civilians (Somalia)")]


def test_deaths_told_without_perpetrator_join_the_forceful_demonstration() -> None:
    rows = _events("Thousands of protesters marched in Nairobi on Wednesday. Police fired tear gas "
                   "at the crowd in Nairobi and then opened fire with live ammunition. The rights "
                   "commission says four people were shot dead in Nairobi today. Police confirm "
                   "two deaths.", published="2025-06-25", country="Kenya")
    assert [(r["sub_event_type"], r["fatalities"]) for r in rows] == [
        ("Excessive force against protesters", 2)]


def test_a_named_group_killing_the_same_day_stays_its_own_event() -> None:
    rows = _events("Thousands of protesters marched in Nairobi on Wednesday and police fired tear "
                   "gas at them. Al Shabaab gunmen shot dead four people in Nairobi on Wednesday.",
                   published="2025-06-25", country="Kenya")
    assert sorted(r["sub_event_type"] for r in rows) == ["Attack", "Protest with intervention"]


def test_date_of_those_killed_is_not_the_march_day() -> None:
    rows = _events("Thousands of protesters carrying portraits of those killed last year are "
                   "marching along Kenyatta Avenue in Nairobi.", published="2025-06-25",
                   country="Kenya")
    assert [str(r["event_date"])[:10] for r in rows] == ["2025-06-25"]


def test_our_reporter_is_no_actor() -> None:
    rows = _events("Police fired tear gas at protesters in Nairobi on Wednesday, our reporter "
                   "saw.", published="2025-06-25", country="Kenya")
    assert [r["assoc_actor_1"] for r in rows] == [None]


def test_the_attackers_are_the_group_named_before() -> None:
    rows = _events("CODECO militiamen attacked a displacement camp in Djugu territory on Tuesday, "
                   "killing 14 people. On Wednesday, soldiers pursued the attackers and fought them "
                   "near Fataki.", published="2024-12-19", country="Democratic Republic of Congo")
    clash = next(r for r in rows if r["sub_event_type"] == "Armed clash")
    assert "CODECO" in clash["actor2"]


def test_headline_town_makes_the_region_sentence_precise() -> None:
    text = ("Several hundred people gathered on the central square in the Mangystau region on "
            "Tuesday, demanding jobs.")
    coded = code_reports(_report(text, published="2024-03-12", country="Kazakhstan").assign(
        title="Zhanaozen rallies for jobs"), today=dt.date(2026, 1, 1))
    rows = coded.mentions.to_dict("records")
    assert [(r["location"], r["geo_precision"]) for r in rows] == [("Zhanaozen", 1)]
    untitled = _events(text, published="2024-03-12", country="Kazakhstan")
    assert [(r["location"], r["geo_precision"]) for r in untitled] == [("Aktau", 3)]


def test_claim_names_the_perpetrator_and_is_no_event() -> None:
    rows = _events("Unknown attackers threw a grenade at a police vehicle in Jalalabad on Saturday, "
                   "wounding three policemen. On Sunday, the Islamic State's Khorasan branch (ISKP) "
                   "claimed responsibility, saying its fighters had killed five militiamen.",
                   published="2025-09-15", country="Afghanistan")
    assert [(r["sub_event_type"], r["actor1"]) for r in rows] == [
        ("Grenade", "Islamic State Khorasan Province (ISKP)")]


def test_a_quoted_voice_does_not_change_the_type() -> None:
    rows = _events('Armed men abducted 23 villagers near Gusau late on Sunday, residents said. '
                   '"They came shooting in the air," said a farmer.', published="2025-03-12",
                   country="Nigeria")
    assert [r["sub_event_type"] for r in rows] == ["Abduction/forced disappearance"]


def test_statement_release_day_is_not_the_event_day() -> None:
    rows = _events("The Arakan Army said it captured the base near Kyaukphyu, in Rakhine State, "
                   "on Sunday morning. In a statement released on Monday evening, the group said "
                   "40 soldiers had been killed and 28 others captured.", published="2025-06-10",
                   country="Myanmar")
    assert [(r["sub_event_type"], str(r["event_date"])[:10]) for r in rows] == [
        ("Non-state actor overtakes territory", "2025-06-08")]


def test_highlight_bullets_repeat_the_body() -> None:
    text = ("HIGHLIGHTS\n- Market in Mellit looted; traders report heavy losses.\n\n"
            "SITUATION OVERVIEW\nOn 19 May, RSF fighters looted shops in the main market of "
            "Mellit, north of El Fasher, traders said.\n")
    rows = _events(text, published="2025-05-22", country="Sudan")
    assert [(r["location"], str(r["event_date"])[:10]) for r in rows] == [
        ("Mellit", "2025-05-19")]


def test_bullets_outside_a_summary_are_events() -> None:
    text = ("INCIDENTS\n- On 19 May, RSF fighters looted shops in Mellit.\n"
            "- On 20 May, RSF shelling killed three civilians in El Fasher.\n")
    rows = _events(text, published="2025-05-22", country="Sudan")
    assert len(rows) == 2


def test_repeatedly_on_a_given_day_is_still_an_event() -> None:
    rows = _events("Police repeatedly fired tear gas at protesters in Nairobi on Tuesday.",
                   published="2025-06-25", country="Kenya")
    assert [r["sub_event_type"] for r in rows] == ["Protest with intervention"]


def test_an_army_clash_after_a_massacre_is_its_own_event() -> None:
    rows = _events("At least 14 people were killed on Saturday night when CODECO militiamen "
                   "attacked a displacement site near Fataki, in Djugu territory. Soldiers of the "
                   "Congolese army reached the site later that night and exchanged fire with the "
                   "militiamen, killing two of them.", published="2025-02-02",
                   country="Democratic Republic of Congo")
    assert sorted(r["sub_event_type"] for r in rows) == ["Armed clash", "Attack"]


def test_a_time_after_the_connector_is_no_antecedent_clause() -> None:
    text = "Survivors said the attackers arrived shortly after 9 pm and targeted families."
    parts = split_antecedents(split_sentences(text), rules().antecedent, rules().antecedent_days)
    assert len(parts) == 1


def test_a_list_of_places_is_one_event_per_place_with_the_figures_once() -> None:
    rows = _events("Russian forces shelled Bilozerka, Antonivka and Stanislav in Kherson oblast on "
                   "Monday, killing one man, the regional administration said.",
                   published="2025-02-11", country="Ukraine")
    assert sorted(r["location"] for r in rows) == ["Antonivka", "Bilozerka", "Stanislav"]
    assert sum(r["fatalities"] for r in rows) == 1


def test_a_protest_over_deaths_has_no_fatalities() -> None:
    rows = _events("Tens of thousands of people rallied in central Belgrade on Saturday, demanding "
                   "accountability for the collapse of a canopy in Novi Sad that killed 15 people.",
                   published="2025-03-16", country="Serbia")
    assert [(r["sub_event_type"], r["fatalities"]) for r in rows] == [("Peaceful protest", 0)]


def test_an_operation_dated_only_by_the_statement_is_coded_for_that_week() -> None:
    rows = _events("The Nigerian army said on Monday that its troops had killed at least 30 Boko "
                   "Haram fighters during a week-long operation near Bama.",
                   published="2025-06-10", country="Nigeria")
    assert [(r["sub_event_type"], str(r["event_date"])[:10], r["time_precision"])
            for r in rows] == [("Armed clash", "2025-06-09", 2)]


def test_interception_after_strikes_is_its_own_event_and_strikes_keep_their_striker() -> None:
    rows = _events("Drones launched by the Rapid Support Forces struck fuel depots in Port Sudan on "
                   "Tuesday, witnesses said. The government said air defences shot down several "
                   "drones over the port. On Monday, a drone hit the city's airport.",
                   published="2025-05-07", country="Sudan")
    got = sorted((str(r["event_date"])[:10], r["sub_event_type"], r["actor1"]) for r in rows)
    assert got == [
        ("2025-05-05", "Air/drone strike", "RSF: Rapid Support Forces"),
        ("2025-05-06", "Air/drone strike", "RSF: Rapid Support Forces"),
        ("2025-05-06", "Disrupted weapons use", "Military Forces of Sudan (2019-)")]


def test_a_protest_after_killings_is_its_own_event() -> None:
    rows = _events("Gunmen killed at least 12 people in an overnight attack on Zike village near "
                   "Jos, police said on Tuesday. Hundreds of youths later blocked the road in "
                   "protest, burning tyres. Soldiers fired into the air to disperse them.",
                   published="2025-04-15", country="Nigeria")
    got = sorted((r["sub_event_type"], r["fatalities"]) for r in rows)
    assert got == [("Attack", 12), ("Violent demonstration", 0)]


def test_the_retreating_attackers_are_the_group_named_before() -> None:
    rows = _events("JNIM fighters ambushed an army convoy near Djibo on Sunday, killing 15 "
                   "soldiers. The army said its air force struck the retreating attackers near "
                   "Arbinda the following day.", published="2025-03-11", country="Burkina Faso")
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["actor2"].startswith("JNIM")


def test_two_events_on_two_days_in_one_sentence_are_two_events() -> None:
    text = ("Students clashed with police in Lahore on Sunday, and on Monday hundreds of "
            "them marched peacefully in Karachi.")
    got = sorted((str(m["event_date"])[:10], m["sub_event_type"], m["location"])
                 for m in _events(text, published="2024-05-08"))
    assert [(d, loc) for d, _, loc in got] == [("2024-05-05", "Lahore"),
                                              ("2024-05-06", "Karachi")]
    assert got[1][1] == "Peaceful protest"


def test_a_statement_day_does_not_split_a_sentence() -> None:
    from eventdata.extract.sentences import split_dated_clauses

    def days(text: str) -> list[tuple[int, int, object]]:
        return [(m.start(), m.end(), m.group()) for m in re.finditer(r"on \w+day", text)]

    one = split_sentences("Gunmen killed five people in Bannu on Sunday and police said.")
    assert len(split_dated_clauses(one, days)) == 1  # one day only
    two = split_sentences("Gunmen attacked Bannu on Sunday and on Monday troops shelled Tank.")
    parts = split_dated_clauses(two, days)
    assert [p.text for p in parts] == ["Gunmen attacked Bannu on Sunday.",
                                      "on Monday troops shelled Tank."]
    assert two[0].text[parts[1].start - two[0].start:].startswith("on Monday")
    spoken = split_sentences("Troops shelled Tank on Sunday, the army said on Monday.")
    assert len(split_dated_clauses(spoken, days)) == 1  # no join before the second day


def test_protests_abroad_told_in_passing_make_no_event() -> None:
    text = ("About 200 farmers blocked the A64 motorway at Muret on Thursday. The movement, "
            "inspired by farmers' protests in Germany, is the largest in years.")
    got = [(m["country"], m["location"]) for m in _events(text, published="2024-01-26",
                                                          country="France")]
    assert ("Germany", "Berlin") not in got
    assert ("France", "Muret") in got


def test_the_next_sentence_tells_where_an_unplaced_event_was() -> None:
    text = ("Troops clashed with rebels near Bannu on Friday. On Saturday, gunmen stopped a bus "
            "travelling from Peshawar towards Kohat and took away 15 passengers. The bus was "
            "stopped a few kilometres before Kohat.")
    got = {m["sub_event_type"]: m["location"] for m in _events(text, published="2024-05-10")}
    assert got.get("Abduction/forced disappearance") == "Kohat"


def test_an_event_told_again_by_its_days_possessive_is_the_same_event() -> None:
    text = ("Taliban fighters clashed with villagers in Khustak, in Jurm district, on Tuesday, "
            "killing one man. Elders in Jurm are negotiating the release of three men detained "
            "after Tuesday's fighting.")
    got = _events(text, published="2024-07-18", country="Afghanistan")
    assert len([m for m in got if m["event_type"] == "Battles"]) == 1


def test_a_month_told_in_the_previous_month_is_no_background() -> None:
    text = ("Police clashed with protesters in Lahore on Tuesday. In mid-June, police detained "
            "at least 20 men in Multan whom they accused of organising the protests.")
    got = {(str(m["event_date"])[:10], m["location"]) for m in _events(
        text, published="2024-07-18")}
    assert ("2024-06-15", "Multan") in got


def test_a_tally_since_a_past_year_is_no_event() -> None:
    text = ("About 300 farmers blocked the highway at the entrance to Multan this morning. "
            "Rights groups say more than 150 farmers have been killed in the area since 2010.")
    got = [(m["sub_event_type"], m["fatalities"]) for m in _events(text, published="2024-09-16")]
    assert got == [("Peaceful protest", 0)]


def test_a_teller_in_the_events_other_sentences_is_no_perpetrator() -> None:
    text = ("Two members of a cooperative were shot dead over the weekend in the community of "
            "Panama, in the municipality of Trujillo. According to the cooperative, the men were "
            "returning from the fields when unidentified gunmen opened fire on them. Police "
            "confirmed the two deaths and said a third man was wounded and taken to hospital.")
    got = [m for m in _events(text, published="2024-09-16", country="Honduras")
           if m["sub_event_type"] == "Attack"]
    assert got and not any(str(m["actor1"]).startswith("Police") for m in got)


def test_a_town_spelled_by_syllables_keeps_its_own_place_under_a_headline_town() -> None:
    rep = _report("Fighters ambushed a column advancing near Mon-ywa on Monday.",
                  published="2025-06-04", country="Myanmar")
    rep.loc[0, "title"] = "Jet bombs Kalay town"
    coded = code_reports(rep, today=dt.date(2026, 1, 1)).mentions
    assert "Monywa" in set(coded["location"])


def test_the_events_possessive_day_dates_it_not_the_funerals_day() -> None:
    text = ("Funerals were held on Friday for two young men killed in Thursday's raid on the "
            "Jenin refugee camp, where troops fought gunmen for several hours.")
    got = {str(m["event_date"])[:10] for m in _events(text, published="2025-05-30",
                                                      country="Palestine")}
    assert "2025-05-29" in got and "2025-05-30" not in got


def test_a_night_that_went_on_into_a_named_day_is_that_day() -> None:
    text = ("Troops arrested 15 men in Jenin during raids that began overnight and continued "
            "into Monday morning, a rights group said.")
    got = {str(m["event_date"])[:10] for m in _events(text, published="2025-10-21",
                                                      country="Palestine")}
    assert got == {"2025-10-20"}


def test_a_cacerolazo_is_a_protest_that_dates_the_riot_after_it() -> None:
    text = ("Residents of Petare came down from the hills on Monday afternoon banging pots and "
            "pans to reject the results. By nightfall, hundreds of them had set fire to a "
            "police booth and hurled stones at troops.")
    got = {str(m["event_date"])[:10] for m in _events(text, published="2024-07-31",
                                                      country="Venezuela")}
    assert got == {"2024-07-29"}


def test_a_roundups_weekdays_fall_in_the_period_it_covers() -> None:
    text = ("WEEKLY ROUNDUP (October 6-12)\n\nGunmen stormed Danmusa village in Katsina "
            "late on Monday, killing four people.")
    [row] = _events(text, published="2025-10-13", country="Nigeria")  # a Monday
    assert row["event_date"] == dt.date(2025, 10, 6)
    # without the period in the heading, "on Monday" is the day it came out
    [row] = _events(text.split("\n\n", 1)[1], published="2025-10-13", country="Nigeria")
    assert row["event_date"] == dt.date(2025, 10, 13)


def test_an_attack_on_a_place_whose_victims_are_told_next_is_one_sided() -> None:
    text = ("On Sunday, ADF fighters attacked Oicha in Beni territory. At least 12 civilians "
            "were killed with machetes and houses were burned, local officials said.")
    [row] = _events(text, published="2025-07-15", country="Democratic Republic of Congo")
    assert row["sub_event_type"] == "Attack"
    assert row["actor2"] == "Civilians (Democratic Republic of Congo)"
    # an opponent named keeps the clash
    text = ("On Sunday, ADF fighters attacked an army position in Oicha. At least 12 civilians "
            "were killed in crossfire, local officials said.")
    rows = _events(text, published="2025-07-15", country="Democratic Republic of Congo")
    assert rows[0]["sub_event_type"] == "Armed clash"


def test_an_attack_whose_victims_fought_back_is_a_clash() -> None:
    text = ("At least 9 people were killed in Thursday's attack on a cattle camp near Tonj "
            "in Warrap State. The camp's armed cattle keepers fought back and pursued the "
            "raiders for hours.")
    [row] = _events(text, published="2025-01-24", country="South Sudan")
    assert row["sub_event_type"] == "Armed clash"
    [row] = _events(text.split(" The camp")[0], published="2025-01-24", country="South Sudan")
    assert row["sub_event_type"] == "Attack"


def test_a_speakers_quoted_words_add_no_event_type() -> None:
    text = ("14:20 - Police confirm two officers were killed on Tuesday when their vehicle hit "
            "an improvised explosive device near Mpeketoni in Lamu county.\n\n"
            "15:05 - Interior minister: \"Those who attacked police officers will face the "
            "full force of the law.\"")
    rows = _events(text, published="2025-06-25", country="Kenya")
    assert [r["sub_event_type"] for r in rows] == ["Remote explosive/landmine/IED"]


def test_a_liveblog_told_newest_first_is_read_oldest_first() -> None:
    text = ("Live updates, Friday.\n\n"
            "16:05 - Organisers claim two protesters were killed.\n\n"
            "14:15 - In Birgunj, a crowd of about 1,000 protesters set fire to the ward office "
            "and police fired live rounds.\n\n"
            "10:10 - Recap of yesterday: a torch rally of a few hundred people went peacefully "
            "through Pokhara on Thursday evening.\n\n"
            "09:30 - Good morning.")
    rows = _events(text, published="2025-12-05", country="Nepal")
    by_place = {r["location"]: r for r in rows}
    assert by_place["Pokhara"]["event_date"] == dt.date(2025, 12, 4)
    # the riot is its own event, on the report's day, and the deaths are told after it
    riot = by_place["Birgunj"]
    assert riot["event_type"] == "Riots" and riot["event_date"] == dt.date(2025, 12, 5)
    assert len(rows) == 2


def test_the_day_of_what_a_crowd_protests_is_not_the_protests_day() -> None:
    text = ("Police fired tear gas at Maitighar in Kathmandu, where several thousand students "
            "gathered against yesterday's rise in fuel prices.")
    [row] = _events(text, published="2025-12-05", country="Nepal")
    assert row["event_date"] == dt.date(2025, 12, 5)


def test_in_the_city_is_the_city_the_report_is_filed_from() -> None:
    text = ("BACOLOD CITY - A rebel was killed in a clash with troops in Himamaylan City, "
            "Negros Occidental, on Wednesday.\n\nOn Thursday, some 150 farmers held a rally "
            "at the provincial capitol in the city, accusing soldiers of harassing civilians "
            "in Himamaylan and Kabankalan.")
    rows = _events(text, published="2025-02-21", country="Philippines")
    rally = [r for r in rows if r["event_type"] == "Protests"]
    assert [r["location"] for r in rally] == ["Bacolod City"]


def test_a_headline_about_a_past_year_is_no_event() -> None:
    rep = _report("The court on Thursday ordered the state to pay compensation to 21 people.",
                  published="2025-07-25", country="Sri Lanka")
    rep.loc[0, "title"] = "Court orders compensation for 2022 Aragalaya crackdown"
    coded = code_reports(rep, today=dt.date(2026, 1, 1))
    assert coded.mentions.empty


def test_a_numeric_dateline_date_is_the_reports_not_the_events() -> None:
    text = ("Bamako, 07.06.2025 - The army repelled in the early morning of Tuesday 03.06.2025 "
            "a terrorist attack against its camp in Diema, in the Kayes region.")
    [row] = _events(text, published="2025-06-07", country="Mali")
    assert row["event_date"] == dt.date(2025, 6, 3)


def test_a_liveblog_entry_does_not_elaborate_an_earlier_days_event() -> None:
    text = ("Live updates. Newest first.\n\n"
            "12:30 - Nakuru: police lob tear gas canisters at a crowd of several hundred "
            "protesters. Several arrests made.\n\n"
            "08:00 - Good morning. On 25 June, protesters marched in Nakuru.")
    rows = _events(text, published="2025-07-07", country="Kenya")
    assert sorted(r["event_date"] for r in rows) == [dt.date(2025, 6, 25), dt.date(2025, 7, 7)]


def test_a_strike_that_got_through_the_air_defences_is_its_own_event() -> None:
    text = ("Russia's Defence Ministry said on Friday its air defences had destroyed 31 "
            "Ukrainian drones overnight over the Bryansk region. The Bryansk governor said a "
            "drone had hit an electrical substation in the town of Klintsy on Friday.")
    rows = _events(text, published="2025-09-26", country="Ukraine")
    subs = sorted(r["sub_event_type"] for r in rows)
    assert subs == ["Air/drone strike", "Disrupted weapons use"]
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["country"] == "Russia"
    assert strike["actor1"] == "Military Forces of Ukraine (2019-)"


def test_history_named_in_passing_does_not_make_todays_event_background() -> None:
    text = ("Santiago, Thursday 11 September 2025 - Hundreds of students marched through the "
            "centre of the capital on Thursday on the anniversary of the 1973 coup, and hooded "
            "youths threw stones at riot police.")
    rows = _events(text, published="2025-09-11", country="Chile")
    assert rows and all(r["event_date"] == dt.date(2025, 9, 11) for r in rows)


def test_throughout_the_week_of_a_roundup_is_its_periods_middle() -> None:
    text = ("WEEKLY SECURITY ROUNDUP\nWeek of Monday 2 December to Sunday 8 December 2024\n\n"
            "Throughout the week, armed bandits raided several villages in the Guidan Roumdji "
            "department, killing three herders.")
    [row] = _events(text, published="2024-12-09", country="Niger")
    assert row["event_date"] == dt.date(2024, 12, 5) and row["time_precision"] == 2


def test_a_tally_across_the_country_is_no_event_at_the_storys_place() -> None:
    text = ("Police fired tear gas at protesters in Nakuru on Monday. Last month, the "
            "anniversary protests left at least 16 people dead across the country.")
    rows = _events(text, published="2025-07-07", country="Kenya")
    assert [r["event_date"] for r in rows] == [dt.date(2025, 7, 7)]
