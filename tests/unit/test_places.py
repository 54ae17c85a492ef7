"""Finding and resolving places in report text."""

from __future__ import annotations

import pytest

from eventdata.normalise.places import (
    PlaceContext,
    country_record,
    default_location,
    listed_places,
    locate,
    scan,
)
from eventdata.types import Location

REPORT = (
    "Several hundred people gathered at the central square in the region of Mangystau "
    "in southwestern Kazakhstan. In Astana, police detained dozens of oil workers of the "
    "southwestern town of Zhanaozen. Women in Zhanaozen staged a protest."
)


@pytest.fixture(scope="module")
def ctx() -> PlaceContext:
    return PlaceContext.from_text(REPORT)


def test_country_record_by_name_code_and_alias() -> None:
    assert country_record("KAZ")["iso"] == 398
    assert country_record("398")["country"] == "Kazakhstan"
    assert country_record("Kazakhstan")["iso2"] == "KZ"
    assert country_record("DRC")["country"] == "Democratic Republic of Congo"
    assert country_record("Atlantis") is None


def test_event_place_not_origin(ctx: PlaceContext) -> None:
    loc = locate("Oil workers from the town of Zhanaozen were detained in Astana.", ctx)
    assert loc is not None and loc.location == "Astana" and loc.geo_precision == 1
    loc = locate("Residents of Zhanaozen rallied in Aktau.", ctx)
    assert loc is not None and loc.location == "Aktau"


def test_region_only_uses_story_town_in_that_region(ctx: PlaceContext) -> None:
    loc = locate("A crowd gathered in the Manghystau region.", ctx)
    assert loc is not None
    assert loc.admin1 == "Mangystau" and loc.location == "Zhanaozen" and loc.geo_precision == 2


def test_region_without_story_town_uses_capital() -> None:
    c = PlaceContext.from_text("Protesters gathered in the Mangistau region on Monday.")
    loc = locate("Protesters gathered in the Mangistau region on Monday.", c)
    assert loc is not None
    assert (loc.location, loc.geo_precision, loc.country) == ("Aktau", 3, "Kazakhstan")


def test_near_gives_precision_two(ctx: PlaceContext) -> None:
    loc = locate("Clashes broke out near Janaozen.", ctx)
    assert loc is not None and loc.location == "Zhanaozen" and loc.geo_precision == 2


def test_alternate_names_and_country_columns(ctx: PlaceContext) -> None:
    loc = locate("A rally took place in Nur-Sultan.", ctx)
    assert loc is not None
    assert (loc.location, loc.iso, loc.iso3, loc.region) == (
        "Astana", 398, "KAZ", "Central Asia and the Caucasus")
    assert round(loc.latitude, 4) == loc.latitude


def test_no_place_returns_none(ctx: PlaceContext) -> None:
    assert locate("Police said the situation was calm.", ctx) is None


def test_stop_words_and_lowercase_are_not_places() -> None:
    found = [m.surface for m in scan("On Tuesday in March, Police said justice was done.")]
    assert found == []


def test_names_do_not_run_across_sentences() -> None:
    found = [m.surface for m in scan("They came from Zhanaozen.\nThe police left.")]
    assert found == ["Zhanaozen"]


def test_country_hint_disambiguates() -> None:
    text = "Gunmen attacked a market in Tripoli."
    lb = locate(text, PlaceContext.from_text(text, country_hint="Lebanon"))
    ly = locate(text, PlaceContext.from_text(text, country_hint="Libya"))
    assert lb is not None and ly is not None
    assert (lb.country, ly.country) == ("Lebanon", "Libya")


def test_default_location_is_the_story_town(ctx: PlaceContext) -> None:
    loc = default_location(ctx)
    assert loc is not None and loc.location == "Zhanaozen" and loc.geo_precision == 2


def test_default_location_country_capital() -> None:
    c = PlaceContext.from_text("Unrest spread across Kazakhstan.")
    loc = default_location(c)
    assert loc is not None and loc.location == "Astana" and loc.geo_precision == 3


def test_default_location_none_without_places() -> None:
    assert default_location(PlaceContext.from_text("Nothing happened here.")) is None


def _where(text: str, hint: str):
    ctx = PlaceContext.from_text(text, country_hint=hint)
    return locate(text, ctx) or default_location(ctx)


def test_country_aliases_of_other_datasets() -> None:
    assert country_record("Bosnia-Herzegovina")["iso2"] == "BA"
    assert country_record("Macedonia, FYR")["iso2"] == "MK"


def test_province_by_other_spelling_gives_its_capital() -> None:
    loc = _where("Hilmand province", "Afghanistan")
    assert loc is not None and loc.admin1 == "Helmand" and loc.geo_precision == 3
    assert loc.location == "Lashkar Gah"


def test_names_with_arabic_article_connectors() -> None:
    loc = _where("Fighting in Deir ez Zor town", "Syria")
    assert loc is not None and loc.admin1 == "Deir-ez-Zor" and loc.geo_precision == 1


def test_unknown_village_in_named_province_uses_province_with_precision_two() -> None:
    loc = _where("Clashes in Qwertzabad village of Helmand province", "Afghanistan")
    assert loc is not None and loc.admin1 == "Helmand" and loc.geo_precision == 2
    loc = _where("Clashes in Helmand province", "Afghanistan")
    assert loc is not None and loc.geo_precision == 3


def test_misspelt_village_is_matched_fuzzily_in_the_country() -> None:
    loc = _where("Shelling hit Semipalatinks town", "Kazakhstan")
    assert loc is not None and loc.location == "Semey" and loc.confidence <= 0.5


# -- cross-country false hits, short names ------------------------------------


def test_no_jump_to_another_country_by_a_short_alternate() -> None:
    # "Sol" is a GeoNames alternate of Seoul: in a Mexican report it is a road's name
    text = ("Protesters blocked the Autopista del Sol at the entrance to "
            "Chilpancingo de los Bravo on Tuesday.")
    loc = _where(text, "Mexico")
    assert loc is not None and loc.country == "Mexico" and loc.location == "Chilpancingo"


def test_fuzzy_match_stays_in_the_report_country() -> None:
    ctx = PlaceContext.from_text("Clashes in Semipalatinks.", country_hint="Kazakhstan")
    ctx.countries["KR"] = 5.0  # another country named in the report
    i = ctx.fuzzy("Seoull", want_place=True)
    assert i is None  # Seoul is not in Kazakhstan: no jump
    assert ctx.fuzzy("Semipalatinks", want_place=True) is not None


def test_short_town_name_needs_its_country_and_a_cue() -> None:
    text = "Gunmen abducted 20 people. Ho said the attack was on Friday. No group claimed it."
    loc = locate(text, PlaceContext.from_text(text, country_hint="Nigeria"))
    assert loc is None or loc.location != "Ho"
    ghana = "Police dispersed protesters in Ho on Monday."
    loc = locate(ghana, PlaceContext.from_text(ghana, country_hint="Ghana"))
    assert loc is not None and loc.location == "Ho"
    bare = "Ho said police dispersed protesters."
    assert locate(bare, PlaceContext.from_text(bare, country_hint="Ghana")) is None


def test_small_foreign_town_is_not_believed() -> None:
    # a mid-size town of another country needs its country named in the report
    text = "Fighting continued near Kismayo on Friday."
    loc = _where(text, "Somalia")
    assert loc is not None and loc.country == "Somalia"
    other = locate(text, PlaceContext.from_text(text, country_hint="Kenya"))
    assert other is None or other.country == "Kenya"
    named = "Fighting continued near Kismayo in Somalia, Kenyan officials said."
    loc = locate(named, PlaceContext.from_text(named, country_hint="Kenya"))
    assert loc is not None and loc.location == "Kismayo"


def test_demonyms_are_not_places() -> None:
    assert [m.surface for m in scan("Kazakh police detained Syrian workers.")] == []


# -- published spellings ------------------------------------------------------


def test_published_name_is_plain_english_spelling() -> None:
    assert _where("A car bomb exploded in Azaz.", "Syria").location == "Azaz"
    assert _where("Protesters gathered in Gumla.", "India").location == "Gumla"
    loc = _where("Shelling hit Deir ez-Zor city.", "Syria")
    assert loc is not None and loc.location == "Deir ez-Zor" and loc.geo_precision == 1


def test_one_spelling_per_place_whatever_the_text_says() -> None:
    assert _where("Clashes broke out in Saraqeb.", "Syria").location == _where(
        "Clashes broke out in Saraqib.", "Syria").location
    assert _where("Police detained activists in Alma-Ata.", "Kazakhstan").location == "Almaty"
    # a pinned spelling (place_aliases.csv preferred=1) wins over the text's
    assert _where("A drone hit a port in Odessa.", "Ukraine").location == "Odesa"


# -- capitals -----------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "In the capital, a suicide bomber blew himself up at a restaurant.",
    "A car bomb went off in the Somali capital on Friday.",
    "Gunmen stormed a hotel in the capital city.",
])
def test_the_capital_is_the_country_capital(sentence: str) -> None:
    loc = locate(sentence, PlaceContext.from_text(sentence, country_hint="Somalia"))
    assert loc is not None and loc.location == "Mogadishu" and loc.geo_precision == 1


def test_demonym_capital_names_that_country() -> None:
    s = "Hundreds rallied in the Kazakh capital on Monday."
    loc = locate(s, PlaceContext.from_text(s))
    assert loc is not None and (loc.location, loc.country) == ("Astana", "Kazakhstan")


def test_provincial_capital_of_the_named_province() -> None:
    report = "Fighting raged in Helmand. Taliban fighters then stormed the provincial capital."
    ctx = PlaceContext.from_text(report, country_hint="Afghanistan")
    loc = locate("Taliban fighters then stormed the provincial capital.", ctx)
    assert loc is not None and loc.location == "Lashkar Gah" and loc.geo_precision == 1
    s = "Taliban fighters attacked the capital of Helmand province."
    loc = locate(s, PlaceContext.from_text(s, country_hint="Afghanistan"))
    assert loc is not None and loc.location == "Lashkar Gah" and loc.geo_precision == 1


def test_fled_to_the_capital_is_not_the_event_place() -> None:
    s = "Thousands fled to the capital."
    assert locate(s, PlaceContext.from_text(s, country_hint="Somalia")) is None


# -- districts of large cities ---------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Soldiers arrested seven students in Yangon's Hlaing township on Sunday.",
    "Soldiers arrested seven students in the Hlaing township of Yangon on Sunday.",
    "Soldiers arrested seven students in Hlaing, Yangon on Sunday.",
])
def test_city_district_is_city_dash_district(sentence: str) -> None:
    loc = locate(sentence, PlaceContext.from_text(sentence, country_hint="Myanmar"))
    assert loc is not None and loc.location == "Yangon - Hlaing" and loc.admin1 == "Yangon"
    assert loc.geo_precision == 1


def test_district_of_the_report_city_when_the_sentence_names_only_it() -> None:
    report = "YANGON - Troops raided homes. Soldiers searched flats in Hlaing township."
    ctx = PlaceContext.from_text(report, country_hint="Myanmar")
    loc = locate("Soldiers searched flats in Hlaing township.", ctx)
    assert loc is not None and loc.location == "Yangon - Hlaing"


def test_district_name_without_its_city_is_not_a_district() -> None:
    s = "Police dispersed a rally in Gombe."  # a Kinshasa commune, and a Nigerian state
    loc = locate(s, PlaceContext.from_text(s, country_hint="Nigeria"))
    assert loc is not None and " - " not in loc.location


def test_near_and_province_precision() -> None:
    loc = _where("Clashes were reported near Saraqeb.", "Syria")
    assert loc is not None and loc.geo_precision == 2
    loc = _where("Fighting in Idlib province killed five.", "Syria")
    assert loc is not None and loc.geo_precision == 3 and loc.admin1 == "Idleb"


def test_unknown_named_township_keeps_its_name_in_the_report_region() -> None:
    report = ("A jet bombed a market in Ye-U town, Sagaing Region. Fighters attacked a "
              "police station in Kani township on Wednesday.")
    ctx = PlaceContext.from_text(report, country_hint="Myanmar")
    loc = locate("Fighters attacked a police station in Kani township on Wednesday.", ctx)
    assert loc is not None and loc.country == "Myanmar"  # not Kani, Japan
    assert (loc.location, loc.admin1, loc.geo_precision) == ("Kani", "Sagaing", 2)


def test_every_name_of_an_origin_list_is_an_origin() -> None:
    from eventdata.normalise.places import CUE_ORIGIN, scan

    text = "Students who came from Guerrero, Oaxaca and Michoacan marched."
    cues = {m.surface: m.cue for m in scan(text)}
    assert cues.get("Oaxaca") == CUE_ORIGIN and cues.get("Michoacan") == CUE_ORIGIN


def _loc(sentence: str, text: str = "", country: str | None = None) -> Location | None:
    return locate(sentence, PlaceContext.from_text(text or sentence, country))


def test_common_word_opening_a_sentence_is_no_place() -> None:
    assert _loc("Some of them burned tyres before police dispersed them.", country="France") is None


def test_cue_before_the_town_of() -> None:
    loc = _loc("Troops and rebels fought around the town of Sake, some 25 km west of Goma.",
               country="Democratic Republic of Congo")
    assert (loc.location, loc.geo_precision) == ("Sake", 2)


def test_town_in_its_region_keeps_the_town() -> None:
    loc = _loc("Artillery shelled the town of Orikhiv in Zaporizhzhia oblast.", country="Ukraine")
    assert (loc.location, loc.geo_precision) == ("Orikhiv", 1)


def test_place_in_a_relative_clause_gives_way_to_the_main_clause() -> None:
    text = ("Zhanaozen rallies. Hundreds gathered on the central square in the Mangystau region, "
            "demanding the release of townspeople who had been detained in Astana.")
    loc = _loc(text.split(". ", 1)[1], text, "Kazakhstan")
    assert loc.admin1 == "Mangystau"
    alone = _loc("Drones dropped tear gas on the protesters, who had camped at Ambala.",
                 country="India")
    assert alone.location == "Ambala"


def test_the_citys_district_is_the_city() -> None:
    text = "Riots in Lahore. Police arrested a leader at his home in the city's Model Town."
    loc = _loc(text.split(". ", 1)[1], text, "Pakistan")
    assert (loc.location, loc.geo_precision) == ("Lahore", 1)


def test_edge_and_outskirts_are_near() -> None:
    for s in ("Missiles hit a park on the edge of Kharkiv.",
              "Forces repelled an assault on the eastern outskirts of Chasiv Yar."):
        assert _loc(s, country="Ukraine").geo_precision == 2


def test_unknown_village_near_a_town_keeps_its_name_at_the_town() -> None:
    loc = _loc("Armed men stormed Kabaro village near Dansadau in Zamfara State on Sunday.",
               country="Nigeria")
    assert (loc.location, loc.admin1, loc.geo_precision) == ("Kabaro", "Zamfara", 2)
    near = _loc("Jets struck hideouts in forests near Dansadau.", country="Nigeria")
    assert near.geo_precision == 2


def test_group_named_after_a_place_is_no_place() -> None:
    assert _loc("The Arakan Army said it captured a base.", country="Myanmar") is None
    assert _loc("Fighting in Kachin State continued.", country="Myanmar").admin1 == "Kachin"


def test_aspirated_ph_is_p_in_fuzzy_matching() -> None:
    loc = _loc("The base near Kyaukphyu, in Rakhine State, fell on Sunday.", country="Myanmar")
    assert loc.location == "Kyaukpyu"


def test_a_town_placed_by_another_is_the_event_place() -> None:
    loc = _loc("RSF fighters looted the main market of Mellit, north of El Fasher.",
               country="Sudan")
    assert (loc.location, loc.geo_precision) == ("Mellit", 1)
    village = _loc("Women were attacked near Tawila, some 60 km west of El Fasher.",
                   country="Sudan")
    assert (village.location, village.admin1, village.geo_precision) == (
        "Tawila", "North Darfur", 2)


def test_the_town_is_no_unknown_town_named_the() -> None:
    assert _loc("The town, held by the Joint Forces, was shelled.", country="Yemen") is None


def test_unit_after_a_possessive_and_an_unknown_town_in_it() -> None:
    loc = _loc("Gangs looted the town hall in Saut-d'Eau, in Haiti's Centre department.",
               country="Haiti")
    assert (loc.location, loc.admin1, loc.geo_precision) == ("Saut-d'Eau", "Centre", 2)
    assert _loc("The Centre of the city was calm.", country="Haiti") is None


def test_barangay_is_a_village_of_the_story_town_not_a_namesake() -> None:
    text = ("Troops clashed with NPA rebels near Las Navas, Northern Samar, on Tuesday. "
            "They met about 15 rebels in Barangay Quirino at dawn.")
    ctx = PlaceContext.from_text(text, "Philippines")
    loc = locate("They met about 15 rebels in Barangay Quirino at dawn.", ctx)
    assert loc is None or loc.admin1 == locate(text.split(". ")[0], ctx).admin1


def test_a_district_known_only_elsewhere_is_named_in_the_unit_the_sentence_names() -> None:
    loc = _loc("Taliban forces arrested six men in raids in the Behsud district of Nangarhar.",
               country="Afghanistan")
    assert (loc.location, loc.admin1, loc.geo_precision) == ("Behsud", "Nangarhar", 2)
    djugu = _loc("Militiamen attacked a site near Bule, in Djugu territory, Ituri province.",
                 country="Democratic Republic of Congo")
    assert djugu.location != "Ituri" and djugu.admin1 == "Ituri"


def test_neighbourhood_of_a_city_is_the_city() -> None:
    loc = _loc("Soldiers and gunmen exchanged fire in the Tierra Blanca neighbourhood of "
               "Culiacan.", country="Mexico")
    assert (loc.location, loc.admin1) == ("Culiacan", "Sinaloa")


def test_a_road_number_and_a_country_name_are_no_capital() -> None:
    assert _loc("Gunmen set fire to five vehicles on the Mexico 15 highway.",
                country="Mexico") is None


def test_residents_act_where_they_live_when_no_other_place_is_named() -> None:
    text = "Floods hit Kathmandu. Residents of Dharan blocked a highway on Wednesday."
    loc = locate("Residents of Dharan blocked a highway on Wednesday.",
                 PlaceContext.from_text(text, "Nepal"))
    assert (loc.location, loc.geo_precision) == ("Dharan", 2)
    moved = locate("Residents of Dharan marched in Kathmandu on Wednesday.",
                   PlaceContext.from_text(text, "Nepal"))
    assert moved.location == "Kathmandu"


def test_control_of_the_town_of_is_the_event_place_and_towards_a_destination() -> None:
    loc = _loc("Rebels took control of the town of Sake on Wednesday.",
               country="Democratic Republic of Congo")
    assert (loc.location, loc.geo_precision) == ("Sake", 1)
    assert _loc("Soldiers withdrew towards Kisangani.",
                country="Democratic Republic of Congo") is None
    origin = _loc("Residents of the town of Sake fled.", country="Democratic Republic of Congo")
    assert origin is None or origin.geo_precision == 2


def test_a_region_only_event_is_placed_at_the_state_capital_not_the_largest_town() -> None:
    loc = _loc("Clashes were reported in Guerrero state.", country="Mexico")
    assert (loc.location, loc.geo_precision) == ("Chilpancingo", 3)


def _where(text: str, hint: str | None = None) -> Location | None:
    c = PlaceContext.from_text(text, country_hint=hint)
    return locate(text, c) or default_location(c)


def test_generic_word_alone_is_no_place() -> None:
    # "Town" is a GeoNames alternate of some places; alone it never names one
    assert [m.surface for m in scan("Fighting in Foca Town")] == ["Foca"]
    loc = _where("Fighting was reported in Foca Town.", "Bosnia and Herzegovina")
    assert loc is not None and loc.country == "Bosnia and Herzegovina"


def test_name_going_on_after_several_connectors_is_partial() -> None:
    # "Santa Cruz" of "Santa Cruz de la Colina" is not Bolivia's Santa Cruz
    loc = _where("Santa Cruz de la Colina village, Matanza municipality, Santander department",
                 "Colombia")
    assert loc is not None and loc.country == "Colombia" and loc.admin1 == "Santander"


def test_department_names_the_first_level_unit_where_it_is_one() -> None:
    # Colombia's departments are admin1; Narino also has a municipality called Cordoba
    loc = _where("Clashes were reported in Cordoba department.", "Colombia")
    assert loc is not None and loc.admin1 == "Cordoba" and loc.location == "Monteria"
    # in France a department is an admin2: the word still gives the district there
    loc = _where("Farmers blocked roads in Gironde department.", "France")
    assert loc is not None and loc.admin2 == "Gironde" and loc.geo_precision == 2


def test_ambiguous_foreign_admin1_is_not_believed() -> None:
    # "Western province": a dozen countries have one; in a report on Kenya it is none of
    # theirs (Kenya's provinces are gone, so nothing is found, and the country stays)
    loc = _where("Raiders attacked a village in Western province.", "Kenya")
    assert loc is not None and loc.country == "Kenya"


def test_part_of_a_longer_name_is_not_a_district() -> None:
    # "Dara" is a Panjshir district; "Dara-i Bom" a village of Badghis
    loc = _where("Dara-i Bom village, Qadis district, Badghis province", "Afghanistan")
    assert loc is not None and loc.admin1 == "Badghis" and loc.location == "Dara-i Bom"


def test_ampersand_inside_a_name() -> None:
    assert [m.surface for m in scan("in Azad Jammu & Kashmir")] == ["Azad Jammu & Kashmir"]


def test_town_called_a_district_outside_the_named_state_is_a_namesake() -> None:
    # the only Haveli known is the Punjab town Haveli Lakha (> 100,000): the text calls
    # Haveli a district of Azad Kashmir, so the named unit wins
    loc = _where("Shelling hit Haveli district, Azad Jammu & Kashmir.", "Pakistan")
    assert loc is not None and loc.admin1 == "Azad Kashmir" and loc.geo_precision == 2
    loc = _where("Protesters marched in Lahore, Punjab.", "Pakistan")
    assert loc is not None and loc.location == "Lahore" and loc.geo_precision == 1


def test_old_zone_names_give_the_province_that_holds_them() -> None:
    loc = _where("Terhathum district, Kosi zone", "Nepal")
    assert loc is not None and loc.admin1 == "Koshi"


def test_unit_word_before_the_name_names_a_first_level_unit() -> None:
    """"in the department of Arauca": the department, so the town of Tame inside it keeps
    its own point (it was published as "Tame" at Arauca town's coordinates)."""
    text = ("Six people were killed in fighting in the rural area of Tame, in the "
            "department of Arauca, on Thursday.")
    loc = _where(text, "Colombia")
    assert (loc.location, loc.admin1) == ("Tame", "Arauca")
    assert abs(loc.latitude - 6.46) < 0.05 and abs(loc.longitude + 71.74) < 0.05


def test_foreign_town_needs_its_own_name_not_an_alternate() -> None:
    """"near Konye" in a report on Cameroon is not Konya, Turkey (alternate "Konye")."""
    text = "An IED exploded near a military vehicle near Konye in Cameroon's South-West."
    loc = _where(text, "Cameroon")
    assert loc is None or loc.country == "Cameroon"


def test_a_town_of_the_region_beats_the_regions_namesake_capital() -> None:
    text = ("In Belgorod, the governor said a Ukrainian drone struck a car in the town of "
            "Shebekino on Sunday.")
    assert _where(text, "Russia").location == "Shebekino"
    listed = "Russian shelling hit Kharkiv and the village of Ruska Lozova on Sunday."
    assert _where(listed, "Ukraine").location == "Kharkiv"  # a list: the first place


def test_between_two_towns_is_one_place() -> None:
    from eventdata.normalise.places import listed_places

    text = "Gunmen abducted 11 passengers travelling between Bamenda and Bafut on Tuesday."
    ctx = PlaceContext.from_text(text, country_hint="Cameroon")
    first = locate(text, ctx)
    assert first is not None and first.location == "Bamenda"
    assert listed_places(text, ctx, first) == []
    shelled = "Troops shelled Bamenda and Bafut on Tuesday."
    ctx = PlaceContext.from_text(shelled, country_hint="Cameroon")
    first = locate(shelled, ctx)
    assert first is not None
    assert [x.location for x in listed_places(shelled, ctx, first)] == ["Bafut"]


def test_unknown_place_near_keeps_its_name_in_the_reports_region() -> None:
    text = ("N'DJAMENA, Chad - Fighters stormed an army post on an island near Ngouboua late "
            "on Sunday. The post, in the south of Lac province, had been reinforced. A local "
            "administrator in the Kaya department said seven soldiers died.")
    ctx = PlaceContext.from_text(text, country_hint="Chad")
    loc = locate("Fighters stormed an army post on an island near Ngouboua late on Sunday.",
                 ctx)
    assert loc is not None and (loc.location, loc.admin1, loc.geo_precision) == (
        "Ngouboua", "Lac", 2)
    other = locate("A local administrator in the Kaya department said seven soldiers died.",
                   ctx)
    assert other is None or other.country == "Chad"  # not Myanmar's Kayah State


def test_titled_people_are_no_places() -> None:
    text = ("Supporters of former president Evo Morales attacked police at Quillacollo. "
            "The Morales camp said two supporters had been shot. Colonel Abdullahi Bama said "
            "troops entered Bama.")
    assert [m.surface for m in scan(text) if m.surface.endswith("Bama")] == ["Bama"]
    ctx = PlaceContext.from_text(text, country_hint="Bolivia")
    assert locate("The Morales camp said two supporters had been shot.", ctx) is None


def test_the_road_to_a_town_is_not_the_town() -> None:
    text = ("Police cleared a blockade at Quillacollo. Blockaders fought riot police for "
            "hours on the road to Oruro.")
    ctx = PlaceContext.from_text(text, country_hint="Bolivia")
    loc = locate("Blockaders fought riot police for hours on the road to Oruro.", ctx)
    assert loc is None or loc.location != "Oruro"


def test_a_name_without_its_arabic_article_is_found() -> None:
    from eventdata.normalise.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert any(gaz.iso2[i] == "IQ" for i in gaz.lookup_name("Hawija"))
    assert any(gaz.iso2[i] == "SY" for i in gaz.lookup_name("Raqqa"))


def test_possessive_ends_a_name_and_a_direction_keeps_the_cue() -> None:
    text = ("SRINAGAR, May 3: Two militants were killed in Thursday's encounter in the forests "
            "of Lolab, in north Kashmir's Kupwara district, police said.")
    assert [m.surface for m in scan(text)][-2:] == ["Kashmir", "Kupwara"]
    loc = _where(text, "India")
    assert (loc.location, loc.admin2) == ("Kupwara", "Kupwara")


def test_an_operations_command_is_no_place() -> None:
    text = "A source in Kirkuk Operations Command said the attackers withdrew."
    assert not [m for m in scan(text) if m.surface.startswith("Kirkuk")]


def test_a_village_named_like_a_country_is_no_country() -> None:
    text = ("Two farmers were shot dead in the community of Panamá, in the municipality of "
            "Trujillo, police said.")
    loc = _where(text, "Honduras")
    assert loc is not None and loc.country == "Honduras"


def test_the_hospital_town_is_not_the_event_town() -> None:
    text = ("Gunmen opened fire on farmers near Trujillo. A third man was wounded and taken to "
            "hospital in Tocoa.")
    ctx = PlaceContext.from_text(text, country_hint="Honduras")
    loc = locate("A third man was wounded and taken to hospital in Tocoa.", ctx)
    assert loc is None or loc.location != "Tocoa"


def test_a_district_of_a_city_is_the_city() -> None:
    text = ("A drone dropped an explosive device on a minibus in the Korabelnyi district of "
            "Kherson.")
    loc = _where(text, "Ukraine")
    assert (loc.location, loc.admin1, loc.geo_precision) == ("Kherson", "Kherson", 1)
    province = _where("Gunmen attacked a post in the Behsud district of Nangarhar.",
                      "Afghanistan")
    assert province.admin1 == "Nangarhar" and province.location != "Jalalabad - Behsud"


def test_unknown_place_close_to_keeps_its_name() -> None:
    text = ("Ouham-Pende situation report. Fighting was reported in Bocaranga. Armed men "
            "attacked a herders' camp close to Koui, in the north-west of the prefecture.")
    ctx = PlaceContext.from_text(text, country_hint="Central African Republic")
    loc = locate("Armed men attacked a herders' camp close to Koui, in the north-west of the "
                 "prefecture.", ctx)
    assert loc is not None and (loc.location, loc.admin1, loc.geo_precision) == (
        "Koui", "Ouham-Pende", 2)


def test_a_lake_named_after_a_country_is_no_country() -> None:
    text = ("Fighters abducted five women collecting firewood about 6 km from Bosso, near the "
            "shore of Lake Chad.")
    loc = _where(text, "Niger")
    assert (loc.country, loc.location) == ("Niger", "Bosso")


def test_a_village_of_a_district_takes_the_in_before_it() -> None:
    text = ("In Khyber Pakhtunkhwa, police said gunmen had abducted four polio workers in a "
            "village of Tank district.")
    loc = _where(text, "Pakistan")
    assert (loc.admin2, loc.location) == ("Tank", "Tank")


def test_a_country_named_after_a_town_only_says_where_it_lies() -> None:
    text = ("Gunmen abducted 15 women who had gone to collect firewood near Gamboru, a town on "
            "the border with Cameroon.")
    loc = _where(text, "Nigeria")
    assert (loc.country, loc.location) == ("Nigeria", "Gamboru")


def test_the_published_spelling_is_the_gazetteers_not_the_reports() -> None:
    loc = _where("Gunmen attacked a market in Maidugari on Monday.", "Nigeria")
    assert loc.location == "Maiduguri"


def test_a_name_hyphenated_by_syllable_is_found() -> None:
    assert [m.surface for m in scan("an ambush near Mon-ywa along the river")] == ["Mon-ywa"]


def test_a_pinned_spelling_finds_its_own_town() -> None:
    loc = _where("Drones struck the market in El Geneina on Monday.", "Sudan")
    assert (loc.location, loc.admin1) == ("El Geneina", "West Darfur")
    assert _where("Gunmen attacked a bus near Kuajok.", "South Sudan").location == "Kuajok"


def test_a_pinned_spelling_without_its_article_finds_its_town() -> None:
    loc = _where("Fighters looted villages about 80 km east of Geneina.", "Sudan")
    assert loc is not None and loc.location == "El Geneina"


def test_people_named_after_their_home_act_in_the_capital_the_text_names() -> None:
    loc = _loc("Thousands of students and Puno migrants marched in the capital towards "
               "Congress.", country="Peru")
    assert loc is not None and loc.location == "Lima"
    # naming no other place, people act near their home
    home = _loc("Displaced Ilave residents marched on Friday.", country="Peru")
    assert home is not None and home.location == "Ilave" and home.geo_precision == 2


def test_a_town_in_a_streets_name_is_not_the_place() -> None:
    assert _loc("Police fired tear gas on Avenida Abancay to stop them.", country="Peru") is None
    assert _loc("Police fired tear gas on Abancay Street.", country="Peru") is None
    found = _loc("Police fired tear gas in Abancay.", country="Peru")
    assert found is not None and found.location == "Abancay"


def test_a_place_opening_a_cartel_or_outlet_name_is_no_place() -> None:
    text = ("Gunmen of the Jalisco New Generation Cartel fought the Sinaloa Cartel in Fresnillo, "
            "in Zacatecas state. Local news site Zacatecas en Linea put the toll at nine.")
    loc = _loc("Eighty mothers marched through the centre of the state capital.", text=text,
               country="Mexico")
    assert loc is not None and loc.admin1 == "Zacatecas"
    assert _loc("The Jalisco New Generation Cartel denied it.", country="Mexico") is None


def test_a_compass_adjective_means_the_region_not_its_namesake_town() -> None:
    loc = _loc("Fighting broke out in the hills of Segovia, in north-eastern Antioquia.",
               country="Colombia")
    assert loc is not None and loc.location == "Segovia"


def test_a_neighbourhood_of_the_story_place_is_no_new_place() -> None:
    text = ("Heavy clashes in Jenin camp in the northern West Bank on Thursday. Two men were "
            "shot dead in the Al-Hawashin neighbourhood of the camp.")
    assert _loc("Two men were shot dead in the Al-Hawashin neighbourhood of the camp.",
                text=text, country="Palestine") is None


def test_a_name_written_syllable_by_syllable_is_found() -> None:
    loc = _loc("A bomb exploded on the road in Tambon Chuap, Amphoe Cho Ai Rong, Changwat "
               "Narathiwat.", country="Thailand")
    assert loc is not None and loc.location == "Cho-airong" and loc.admin1 == "Narathiwat"


def test_a_village_head_alone_is_no_place() -> None:
    loc = _loc("A rebel was killed in a clash in Sitio Mahalang, Barangay Buenavista, "
               "Himamaylan City, Negros Occidental.", country="Philippines")
    assert loc is not None and loc.location == "Himamaylan"


def test_the_places_a_crowd_accuses_are_not_where_it_gathered() -> None:
    assert _loc("Farmers held a rally, accusing soldiers of harassing civilians in Himamaylan "
                "and Kabankalan.", country="Philippines") is None


def test_residents_of_villages_in_a_province_protest_where_the_text_says() -> None:
    loc = _loc("About 200 residents of border villages in Tavush province, many of them from "
               "Kirants and Voskepar, protested on Republic Square in Yerevan.",
               country="Armenia")
    assert loc is not None and loc.location == "Yerevan"


def test_a_victim_accused_of_theft_was_beaten_where_the_text_says() -> None:
    loc = _loc("A mob beat to death a man accused of stealing a rickshaw at Tongi on Thursday.",
               country="Bangladesh")
    assert loc is not None and loc.location == "Tongi"


def test_a_town_hyphenated_by_syllable_is_matched_whole() -> None:
    loc = _loc("The jet bombed the market of Bu-thi-taung town in Rakhaing State.",
               country="Myanmar")
    assert loc is not None and loc.location == "Buthidaung" and loc.admin1 == "Rakhine"


def test_a_countrys_named_city_or_region_is_the_place() -> None:
    loc = _loc("Russian drones slammed into an apartment building in Ukraine's second-largest "
               "city of Kharkiv overnight.", country="Ukraine")
    assert loc is not None and loc.location == "Kharkiv" and loc.geo_precision == 1
    region = _loc("Ukrainian drones struck an oil refinery in Russia's Ryazan region.",
                  country="Russia")
    assert region is not None and region.admin1 == "Ryazan"
    assert region.location == "Ryazan"  # the capital's published spelling, no soft sign


def test_residents_of_an_unknown_town_in_a_named_region_name_their_town() -> None:
    loc = _loc("Residents of Diafarabe, in the Mopti region, said fighters had moved into the "
               "town's gendarmerie post on Friday.", country="Mali")
    assert loc is not None and loc.location == "Diafarabe" and loc.admin1 == "Mopti"


def test_a_countrys_ministry_names_the_country() -> None:
    text = ("Russia's Defence Ministry said on Friday its air defences had destroyed 31 "
            "Ukrainian drones. A drone hit a substation in the town of Klintsy.")
    loc = _loc("A drone hit a substation in the town of Klintsy.", text=text, country="Ukraine")
    assert loc is not None and loc.country == "Russia" and loc.admin1 == "Bryansk"


def test_the_capital_is_the_reports_when_another_country_is_only_opposed() -> None:
    loc = _loc("Tens of thousands rallied in the capital, chanting slogans against the United "
               "States and Israel.", country="Yemen")
    assert loc is not None and loc.location == "Sanaa"


def test_an_unknown_locality_near_a_town_keeps_its_name() -> None:
    loc = _loc("Fighters set fire to six fuel tankers near the locality of Sandare, about 60 km "
               "from Kayes town.", country="Mali")
    assert loc is not None and loc.location == "Sandare" and loc.geo_precision == 2
    assert loc.admin1 == "Kayes"


def test_a_places_speaking_body_names_whose_not_where() -> None:
    assert [(m.surface, m.cue) for m in scan("Gaza's civil defence put the toll at eight.")] \
        == [("Gaza", "origin")]
    assert _loc("Gaza's civil defence put the death toll at eight.", country="Palestine") \
        is None
    # an area is told by the town it lies by
    loc = _loc("An air strike hit a tent in the al-Mawasi area west of Khan Younis.",
               country="Palestine")
    assert loc is not None and loc.location != "al-Mawasi"


def test_a_state_by_its_own_name_beats_a_town_with_it_as_an_alternate() -> None:
    loc = _loc("In Bihar, around 200 students marched through the centre of Patna on Thursday.",
               country="India")
    assert loc is not None and loc.location == "Patna" and loc.admin1 == "Bihar"


def test_a_city_gate_or_square_named_after_a_place_is_not_that_place() -> None:
    assert _loc("About 100 protesters blocked the ring road at Porte de Rennes.",
                country="France") is None
    loc = _loc("Protesters gathered near the Place de Bretagne in Rennes.", country="France")
    assert loc is not None and loc.location == "Rennes"


def test_an_unknown_town_in_a_named_region_near_a_city_is_in_that_region() -> None:
    loc = _loc("Al-Shabaab fighters attacked a military base in Sabid, a town in the Lower "
               "Shabelle region some 40 km west of Mogadishu.", country="Somalia")
    assert loc is not None and loc.location == "Sabid" and loc.admin1 == "Lower Shabelle"


def test_an_address_ending_in_its_province_is_not_a_list_of_places() -> None:
    text = ("Gunmen shot dead the village headman at his house in Tambon Yaring, Amphoe "
            "Ya-ring, Changwat Pattani.")
    ctx = PlaceContext.from_text(text, "Thailand")
    first = locate(text, ctx)
    assert first is not None and first.admin1 == "Pattani"
    assert [x.location for x in listed_places(text, ctx, first)] == []
