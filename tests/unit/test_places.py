"""Finding and resolving places in report text."""

from __future__ import annotations

import pytest

from eventdata.normalise.places import (
    PlaceContext,
    country_record,
    default_location,
    locate,
    scan,
)

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
