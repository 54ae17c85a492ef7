"""Gazetteer build inputs, spelling keys and the key index."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from eventdata.normalise import gazetteer as gz
from eventdata.normalise.spelling import fold, spelling_key


@pytest.mark.parametrize(("a", "b"), [
    ("Zhanaozen", "Janaozen"),
    ("Mangystau", "Manghystau"),
    ("Mangystau", "Mangistau"),
    ("Mangystau", "the Mangystau region"),
    ("Mangystau", "Mangghystaū oblysy"),
    ("Жанаозен", "Zhanaozen"),
])
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert spelling_key(a) == spelling_key(b)


def test_distinct_places_keep_distinct_keys() -> None:
    assert spelling_key("Aktau") != spelling_key("Aktobe")
    assert spelling_key("Astana") != spelling_key("Almaty")


def test_fold_drops_accents_and_apostrophes() -> None:
    assert fold("Dar'ā  Ḩalab") == "dara halab"


def test_countries_csv_has_the_acled_names_and_regions() -> None:
    rows = {r["iso3"]: r for r in gz.countries()}
    assert len(rows) >= 249
    assert rows["KAZ"]["iso"] == 398 and rows["KAZ"]["country"] == "Kazakhstan"
    assert rows["KAZ"]["region"] == "Central Asia and the Caucasus"
    assert rows["COD"]["country"] == "Democratic Republic of Congo"
    assert rows["EGY"]["region"] == "Northern Africa"
    assert rows["MEX"]["region"] == "Central America"
    assert rows["RUS"]["region"] == "Europe"


def test_admin1_table_covers_every_country_and_kazakhstan_2022() -> None:
    with gz.ADMIN1_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["iso2"] for r in rows} >= {str(c["iso2"]) for c in gz.countries()} - {"XK"}
    kz = {r["name"]: r for r in rows if r["iso2"] == "KZ"}
    for name in ("Abai", "Jetisu", "Ulytau", "Mangystau", "Akmola", "Astana", "Shymkent"):
        assert name in kz
    assert kz["Mangystau"]["capital"] == "Aktau"
    assert "Nur-Sultan" in kz["Astana"]["aliases"].split("|")


def test_unknown_country_in_admin1_fails_loudly(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "admin1.csv"
    bad.write_text("iso2,geonames_admin1,iso3166_2,name,aliases,capital,lat,lon,source\n"
                   "QQ,01,,Nowhere,,,,,manual\n", encoding="utf-8")
    monkeypatch.setattr(gz, "ADMIN1_CSV", bad)
    with pytest.raises(ValueError, match="unknown country"):
        gz._read_admin1()


def test_usable_alternate_filters_codes_and_machine_transliterations() -> None:
    assert gz._usable_alternate("Oskemen")
    assert gz._usable_alternate("Усть-Каменогорск")
    assert not gz._usable_alternate("UKK")
    assert not gz._usable_alternate("usata-kamenogorasaka")
    assert not gz._usable_alternate("ウスチ・カメノゴルスク")


def test_dump_reader_keeps_populated_places_only(tmp_path) -> None:
    dump = tmp_path / "KZ.txt"
    fields_p = ["1", "Zhanaozen", "Zhanaozen", "Janaozen,Novyy Uzen", "43.34", "52.86", "P",
                "PPL", "KZ", "", "09", "", "", "", "103598"]
    fields_h = ["2", "Caspian", "Caspian", "", "42.0", "51.0", "H", "SEA", "KZ", "", "",
                "", "", "", "0"]
    dump.write_text("\t".join(fields_p) + "\n" + "\t".join(fields_h) + "\n", encoding="utf-8")
    places = list(gz._places_from_dump(dump))
    assert [p.name for p in places] == ["Zhanaozen"]
    assert "Janaozen" in places[0].alternates and places[0].admin1_code == "09"


def test_index_groups_keys_to_entries() -> None:
    import pyarrow as pa

    keys = pa.array([["a", "b"], ["b"], [], ["c", "a"]], pa.list_(pa.string()))
    table = gz._index_table(keys)
    got = dict(zip(table.column("key").to_pylist(), table.column("ids").to_pylist(),
                   strict=True))
    assert got == {"a": [0, 3], "b": [0, 1], "c": [3]}


def test_loaded_gazetteer_resolves_variants() -> None:
    g = gz.load_gazetteer()
    names = {(g.name[i], g.iso2[i]) for i in g.lookup_name("Janaozen")}
    assert ("Zhanaozen", "KZ") in names
    kinds = {g.kind[i] for i in g.lookup_name("Manghystau") if g.iso2[i] == "KZ"}
    assert gz.KIND_ADMIN1 in kinds


def test_admin1_names_clean_like_acled() -> None:
    from eventdata.data.tools.make_admin1 import _clean_admin_name, _umlaut_variant

    assert _clean_admin_name("Muhafazat Hadramawt") == "Hadramawt"
    assert _clean_admin_name("Donetska oblast") == "Donetska"
    assert _clean_admin_name("Northern Mindanao (Region X)") == "Northern Mindanao"
    assert _clean_admin_name("al Gharbiyah") == "Al Gharbiyah"
    assert _clean_admin_name("Viloyati Sughd") == "Sughd"
    assert _umlaut_variant("Bingoel", "Bingöl")
    assert not _umlaut_variant("Hama", "Hamah")


def test_committed_admin1_table_applies_overrides() -> None:
    import csv

    from eventdata.data.tools.make_admin1 import _read_overrides

    rows = {(r["iso2"], r["geonames_admin1"]): r
            for r in csv.DictReader(gz.ADMIN1_CSV.open(encoding="utf-8"))}
    for key, ov in _read_overrides().items():
        assert rows[key]["name"] == ov["name"], key
        assert rows[key]["source"] == "override"
    # GeoNames gave Nangarhar no name of its own: the override fixes it
    assert rows[("AF", "18")]["name"] == "Nangarhar"


def test_towns_carry_their_admin1_and_aliases_match() -> None:
    g = gz.load_gazetteer()
    jal = [i for i in g.lookup_name("Jalalabad") if g.iso2[i] == "AF"]
    assert jal and {g.admin1[i] for i in jal} == {"Nangarhar"}
    helmand = {g.admin1[i] for i in g.lookup_name("Hilmand province")
               if g.kind[i] == gz.KIND_ADMIN1}
    assert helmand == {"Helmand"}
    # district centres named "Wuluswali X" in GeoNames are found as X
    assert any(g.iso2[i] == "AF" for i in g.lookup_name("Alingar"))


def test_short_alternates_are_dropped() -> None:
    from eventdata.normalise.gazetteer import _usable_alternate

    assert not _usable_alternate("Sol")  # Seoul's, collides with words and road names
    assert not _usable_alternate("No")
    assert _usable_alternate("Seul")


@pytest.mark.parametrize(("name", "alternates", "expected"), [
    ("Gumlā", ["Gumla", "Gumlā"], "Gumla"),
    ("Ngaoundéré", ["Ngaundere", "Ngaundere", "Ngaoundere"], "Ngaoundere"),
    ("Kraków", ["Cracow", "Krakau", "Krakow"], "Krakow"),
    ("Saraqib", ["Saraqeb", "Sarakeb"], "Saraqib"),  # an ASCII main name is kept
    ("I‘zāz", ["Azaz", "Azaz", "A`zaz", "Aazaz", "Izaz"], "Azaz"),  # a clear majority
])
def test_display_name_prefers_plain_spelling(name: str, alternates: list[str],
                                             expected: str) -> None:
    from eventdata.normalise.gazetteer import display_name

    assert display_name(name, alternates) == expected


def test_a_table_built_from_other_inputs_is_stale(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventdata.normalise import gazetteer as G

    def write(meta: dict[str, str]) -> Path:
        path = tmp_path / "g.parquet"
        table = pa.table({c: pa.array([], pa.string()) for c in G._COLUMNS})
        pq.write_table(table.replace_schema_metadata(meta), path)
        pq.write_table(pa.table({"key": pa.array([], pa.string())}), G._index_path(path))
        return path

    assert G._current(write({G.INPUTS_KEY: G.inputs_digest(), "geonames_dump": ""}))
    assert not G._current(write({G.INPUTS_KEY: "0" * 16, "geonames_dump": ""}))
    assert G._current(write({G.INPUTS_KEY: "0" * 16, "geonames_dump": "/data/KZ.txt"}))


def _admin1(iso2: str) -> dict[str, dict[str, str]]:
    with gz.ADMIN1_CSV.open(encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh) if r["iso2"] == iso2}


def test_kenya_has_its_47_counties_and_their_seats() -> None:
    ke = _admin1("KE")
    counties = {n for n, r in ke.items() if r["iso3166_2"]}
    assert len(counties) == 47
    assert {"Elgeyo-Marakwet", "Tharaka-Nithi", "Vihiga"} <= counties
    # seats, not the largest towns (Ongata Rongai, Malindi, Nanyuki)
    assert ke["Kajiado"]["capital"] == "Kajiado" and ke["Kilifi"]["capital"] == "Kilifi"
    assert ke["Laikipia"]["capital"] == "Rumuruti"


def test_admin1_capitals_are_seats_not_largest_towns() -> None:
    assert _admin1("BF")["Sahel"]["capital"] == "Dori"
    assert _admin1("SD")["White Nile"]["capital"] == "Rabak"
    assert _admin1("NE")["Tillaberi"]["capital"] == "Tillaberi"
    assert _admin1("TD")["Wadi Fira"]["capital"] == "Biltine"


def test_kosovo_has_admin1_units_and_towns() -> None:
    assert {"Pristina", "Prizren", "Mitrovica", "Peja", "Gjakova", "Gjilan",
            "Ferizaj"} <= set(_admin1("XK"))
    gaz = gz.load_gazetteer()
    towns = [i for i in gaz.lookup_name("Prizren") if gaz.kind[i] == gz.KIND_PLACE]
    assert any(gaz.iso2[i] == "XK" and gaz.admin1[i] == "Prizren" for i in towns)
