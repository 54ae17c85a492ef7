"""Language guess: script first, then markers, then stopwords for Latin script."""

from __future__ import annotations

import pytest

from eventdata.ingest.language import detect_language, normalise_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The police said that they had detained dozens of workers in the city.", "en"),
        ("La police a dispersé les manifestants devant la mairie, selon les autorités.", "fr"),
        ("La policía dispersó a los manifestantes en la plaza del pueblo.", "es"),
        ("A polícia dispersou os manifestantes na praça, segundo a imprensa local.", "pt"),
        ("Die Polizei hat die Demonstranten in der Hauptstadt aufgelöst.", "de"),
        ("Во вторник несколько сотен человек собрались на площади.", "ru"),
        ("Жаңаөзен қаласында мұнайшылар наразылық акциясын өткізді.", "kk"),
        ("Поліція затримала активістів у Києві, які протестували.", "uk"),
        ("تجمع المتظاهرون في وسط المدينة واعتقلت الشرطة عددا منهم", "ar"),
        ("警察は東京で抗議者を逮捕した。", "ja"),
        ("警察在北京逮捕了抗议者和记者。", "zh"),
        ("Διαδηλωτές συγκεντρώθηκαν στην Αθήνα το απόγευμα.", "el"),
    ],
)
def test_detects(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "12345 !!! ???", "Zhanaozen Aktau Astana", "ok"])
def test_undetermined_when_unsure(text: str) -> None:
    assert detect_language(text) == "und"


def test_a_kazakh_name_in_russian_text_stays_russian() -> None:
    text = (
        "Рабочие из Жаңаөзен провели митинг у здания министерства энергетики в столице. "
        "Они требуют вернуть рабочие места, потерянные после того, как их компания "
        "проиграла тендер. Полиция задержала несколько десятков человек."
    )
    assert detect_language(text) == "ru"


@pytest.mark.parametrize(
    ("value", "code"),
    [("en", "en"), ("EN-us", "en"), ("fr_FR", "fr"), ("rus", "ru"), ("English", "en"),
     ("Kazakh", "kk"), ("xx", None), ("klingonese", None)],
)
def test_normalise_declared_language(value: str, code: str | None) -> None:
    assert normalise_language(value) == code
