"""The admin2 (district) layer: table loader, name cleaning, district resolution."""

from __future__ import annotations

import pytest

from eventdata.data.tools.make_admin2 import clean_admin2_name, english_variants
from eventdata.normalise import gazetteer as gz
from eventdata.normalise.places import PlaceContext, locate

_HEADER = "iso2,geonames_admin1,admin1,admin2_code,name,aliases,seat,lat,lon,clat,clon,towns\n"


def _loc(text: str, country: str):
    return locate(text, PlaceContext.from_text(text, country_hint=country))


@pytest.mark.parametrize(("raw", "clean"), [
    ("Territoire de Beni", "Beni"),
    ("Lal Pur District", "Lal Pur"),
    ("Nozhay-Yurtovskiy Rayon", "Nozhay-Yurtovskiy"),
    ("Municipio de Caldono", "Caldono"),
    ("Orakzai Agency", "Orakzai"),
    ("Nad \u2018Al\u012b", "Nad Ali"),
    ("District", "District"),  # nothing else left: the word stays
])
def test_generic_heads_and_tails_are_dropped(raw: str, clean: str) -> None:
    assert clean_admin2_name(raw) == clean


def test_south_asian_cardinals_get_english_aliases() -> None:
    assert english_variants("Purba Champaran") == ["East Champaran"]
    assert english_variants("Champaran") == []


def test_admin2_row_with_unknown_admin1_fails_loudly(tmp_path) -> None:
    bad = tmp_path / "admin2.csv"
    bad.write_text(_HEADER + "CD,17,Atlantis,05,Djugu,,Djugu,1.9,30.5,1.9,30.3,2\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="unknown admin1"):
        gz.read_admin2(bad)


def test_admin2_row_with_unknown_country_fails_loudly(tmp_path) -> None:
    bad = tmp_path / "admin2.csv"
    bad.write_text(_HEADER + "QQ,17,Ituri,05,Djugu,,Djugu,1.9,30.5,1.9,30.3,2\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="unknown country"):
        gz.read_admin2(bad)


def test_admin2_rows_parse(tmp_path) -> None:
    good = tmp_path / "admin2.csv"
    good.write_text(_HEADER + "CD,17,Ituri,05,Djugu,Territoire de Djugu,Djugu,1.9,30.5,"
                    "1.9,30.3,2\n", encoding="utf-8")
    (row,) = gz.read_admin2(good)
    assert (row.admin1, row.name, row.aliases, row.towns) == (
        "Ituri", "Djugu", ("Territoire de Djugu",), 2)
    assert row.lat == pytest.approx(1.9)


def test_most_gazetteer_towns_have_an_admin2() -> None:
    g = gz.load_gazetteer()
    places = [i for i, k in enumerate(g.kind) if k == gz.KIND_PLACE]
    with_admin2 = sum(1 for i in places if g.admin2[i] >= 0)
    assert with_admin2 / len(places) > 0.8
    assert all(g.kind[g.admin2[i]] == gz.KIND_ADMIN2 for i in places[:5000] if g.admin2[i] >= 0)


@pytest.mark.parametrize(("text", "country", "admin1", "admin2"), [
    ("CODECO fighters attacked a camp in Djugu territory.", "DR Congo", "Ituri", "Djugu"),
    ("Fighting was reported in Beni Territory.", "DR Congo", "Nord-Kivu", "Beni"),
    ("Troops raided Nozhay-Yurtovskiy rayon.", "Russia", "Chechnya", "Nozhay-Yurtovskiy"),
    ("Maoists clashed with police in Purulia district.", "India", "West Bengal", "Puruliya"),
])
def test_district_resolves_to_the_admin2(text: str, country: str, admin1: str,
                                         admin2: str) -> None:
    loc = _loc(text, country)
    assert loc is not None
    assert (loc.admin1, loc.admin2, loc.geo_precision) == (admin1, admin2, 2)


def test_district_and_its_seat_town_share_a_name() -> None:
    town = _loc("Taliban fighters entered Kunduz on Monday.", "Afghanistan")
    district = _loc("Taliban fighters overran Kunduz district on Monday.", "Afghanistan")
    assert town is not None and district is not None
    assert town.geo_precision == 1 and town.admin2 == "Kunduz"
    assert district.geo_precision == 2 and district.admin2 == "Kunduz"


def test_every_resolved_town_gets_its_admin2() -> None:
    loc = _loc("Gunmen attacked Mongbwalu on Monday.", "DR Congo")
    assert loc is not None and loc.location == "Mongbwalu"
    assert (loc.admin1, loc.admin2, loc.geo_precision) == ("Ituri", "Djugu", 1)


def test_unknown_village_in_a_named_district_keeps_its_name_there() -> None:
    loc = _loc("Militiamen burned houses in the village of Zzyxava in Djugu territory.",
               "DR Congo")
    assert loc is not None
    assert (loc.location, loc.admin1, loc.admin2, loc.geo_precision) == (
        "Zzyxava", "Ituri", "Djugu", 2)


def test_district_of_an_unnamed_country_is_not_believed() -> None:
    loc = _loc("Clashes in Djugu territory.", "Kenya")
    assert loc is None or loc.admin2 != "Djugu"


def test_namesake_outside_the_named_state_gives_the_state() -> None:
    loc = _loc("Kadma village, East Champaran district, Bihar state", "India")
    assert loc is not None
    assert (loc.location, loc.admin1, loc.geo_precision) == ("Kadma", "Bihar", 2)
    assert loc.admin2 == "Purba Champaran"


@pytest.mark.parametrize(("a", "b"), [
    ("As Safirah", "Al-Safira"),
    ("Deir ez-Zor", "Deir al-Zor"),
    ("Hamah", "Hama"),
    ("Ar Raqqah", "Al-Raqqa"),
])
def test_arabic_article_and_final_h_variants_share_a_key(a: str, b: str) -> None:
    from eventdata.normalise.spelling import spelling_key

    assert spelling_key(a) == spelling_key(b)


def test_province_that_is_an_admin2_resolves_to_it() -> None:
    basilan = _loc("Fighting in Basilan province killed five.", "Philippines")
    assert basilan is not None and basilan.admin2 == "Basilan"
    assert basilan.location == "Basilan"
    kandahar = _loc("Fighting in Kandahar province killed five.", "Afghanistan")
    assert kandahar is not None and (kandahar.admin1, kandahar.geo_precision) == (
        "Kandahar", 3)


def test_big_foreign_city_is_not_a_village_nor_part_of_a_longer_name() -> None:
    konye = _loc("Soldiers raided Konye village in Meme department.", "Cameroon")
    assert konye is None or konye.country == "Cameroon"
    aran = _loc("Shelling hit Tall Aran town, As Safirah district, Aleppo governorate.",
                "Syria")
    assert aran is not None and (aran.country, aran.admin1) == ("Syria", "Aleppo")


def test_demonym_before_region_names_the_region() -> None:
    loc = _loc("Fighting spread in the Somali region.", "Ethiopia")
    assert loc is not None and (loc.admin1, loc.geo_precision) == ("Somali", 3)


def test_ayn_mark_inside_a_name_keeps_it_whole() -> None:
    loc = _loc("Airstrikes hit Sa\u2018dah governorate.", "Yemen")
    assert loc is not None and loc.country == "Yemen" and loc.geo_precision == 3
    assert loc.admin1 != "Amanat al Asimah"
