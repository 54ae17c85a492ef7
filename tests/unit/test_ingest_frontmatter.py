"""Front matter: metadata read, broken blocks named, the body never lost."""

from __future__ import annotations

from eventdata.ingest.frontmatter import (
    PROBLEM_BAD_VALUE,
    PROBLEM_INVALID,
    PROBLEM_NOT_MAPPING,
    PROBLEM_UNCLOSED,
    split_front_matter,
)

BODY = "Several hundred people gathered in Zhanaozen.\n"


def test_plain_block() -> None:
    fm = split_front_matter(
        "---\ntitle: Rally in Zhanaozen\nsource: Kursiv\nsource_scale: National\n"
        "url: https://example.org/a?b=1#c\npublished: 2023-04-11\nlanguage: en\n"
        "country: Kazakhstan\nunknown: ignored\n---\n" + BODY
    )
    assert fm.meta == {
        "title": "Rally in Zhanaozen", "source": "Kursiv", "source_scale": "National",
        "url": "https://example.org/a?b=1#c", "published": "2023-04-11", "language": "en",
        "country": "Kazakhstan",
    }
    assert fm.body.strip() == BODY.strip()
    assert fm.problems == ()


def test_yaml_features_and_no_implicit_typing() -> None:
    fm = split_front_matter(
        "---\ntitle: 'Police: 20 held'\ncountry: NO\npublished: 11 April 2023 # local\n"
        "source: >\n  Radio\n  Azattyq\n...\n" + BODY
    )
    assert fm.meta["title"] == "Police: 20 held"
    assert fm.meta["country"] == "NO"  # not False
    assert fm.meta["published"] == "11 April 2023"
    assert fm.meta["source"] == "Radio Azattyq"
    assert fm.problems == ()


def test_aliases_and_canonical_wins() -> None:
    fm = split_front_matter("---\nDate: 2023-04-10\npublished: 2023-04-11\nHeadline: H\n---\nx")
    assert fm.meta == {"published": "2023-04-11", "title": "H"}


def test_invalid_yaml_keeps_body_and_salvages_lines() -> None:
    fm = split_front_matter("---\ntitle: Police: 20 arrested\nsource: \"Kursiv\n---\n" + BODY)
    assert fm.body.strip() == BODY.strip()
    assert fm.problems == (PROBLEM_INVALID,)
    assert fm.meta["title"] == "Police: 20 arrested"


def test_not_a_mapping() -> None:
    fm = split_front_matter("---\n- a\n- b\n---\n" + BODY)
    assert fm.meta == {} and fm.problems == (PROBLEM_NOT_MAPPING,)
    assert fm.body.strip() == BODY.strip()


def test_unclosed_block_is_text() -> None:
    text = "---\ntitle: x\n" + BODY
    fm = split_front_matter(text)
    assert fm.body == text and fm.meta == {} and fm.problems == (PROBLEM_UNCLOSED,)


def test_nested_value_is_a_named_problem() -> None:
    fm = split_front_matter("---\ntitle: T\nsource: [a, b]\n---\n" + BODY)
    assert fm.meta == {"title": "T"}
    assert fm.problems == (f"{PROBLEM_BAD_VALUE}:source",)


def test_no_front_matter_and_dash_rule_later() -> None:
    text = BODY + "---\nnot: front matter\n---\n"
    fm = split_front_matter(text)
    assert fm.body == text and fm.meta == {} and fm.problems == ()


def test_crlf_and_bom() -> None:
    fm = split_front_matter("\ufeff---\r\ntitle: T\r\n---\r\n" + BODY)
    assert fm.meta == {"title": "T"}
    assert "Zhanaozen" in fm.body


def test_alias_bomb_does_not_explode() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
              for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    fm = split_front_matter("---\n" + "\n".join(lines) + "\ntitle: ok\n---\n" + BODY)
    assert fm.meta == {"title": "ok"}
