"""Number parsing and counted-number detection: 万/亿/余 placement, full-width digits, separators,
Chinese numerals, traditional characters, English words and scales, qualifiers."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_figures
from pipeline.extract.numbers import parse_chinese_numeral, parse_english

PUB = date(2024, 2, 26)


def _one(text: str, **kwargs: object) -> tuple[str, float | None, str | None, str]:
    figures = [f for f in extract_figures(text, PUB, **kwargs) if f.value is not None]  # type: ignore[arg-type]
    assert len(figures) == 1, [f.text for f in figures]
    figure = figures[0]
    return figure.text, figure.value, figure.unit, figure.qualifier


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("检察机关共起诉电信网络诈骗犯罪4.2万余人。", ("4.2万余人", 42000, "person", "more_than")),
        ("共批准逮捕各类刑事犯罪嫌疑人70余万人。", ("70余万人", 700000, "person", "more_than")),
        ("追赃挽损3200余万元。", ("3200余万元", 32000000, "yuan", "more_than")),
        ("发放司法救助金2.2亿元。", ("2.2亿元", 220000000, "yuan", "exact")),
        ("决定起诉１２．５万人。", ("１２．５万人", 125000, "person", "exact")),
        ("决定起诉551002人。", ("551002人", 551002, "person", "exact")),
        ("共起诉近13万人。", ("近13万人", 130000, "person", "nearly")),
        ("提出纠正2万多件次。", ("2万多件次", 20000, "case_time", "more_than")),
        ("监督纠正刑事执行违法违规3629人次。", ("3629人次", 3629, "other", "exact")),
        ("隐患问题3万余宗。", ("3万余宗", 30000, "case", "more_than")),
        ("审结人数的85%以上。", ("85%以上", 85, "percent", "more_than")),
        ("佔比均在80%左右。", ("80%左右", 80, "percent", "about")),
        ("逾6.7萬人被起訴。", ("逾6.7萬人", 67000, "person", "more_than")),
        ("起訴3.5萬餘宗。", ("3.5萬餘宗", 35000, "case", "more_than")),
        ("救助金1.7億余元。", ("1.7億余元", 170000000, "yuan", "more_than")),
        ("共批準逮捕40.3萬(wàn)人。", ("40.3萬(wàn)人", 403000, "person", "exact")),
        ("追繳2,170.7萬元。", ("2,170.7萬元", 21707000, "yuan", "exact")),
        ("督办五起特大案件。", ("五起", 5, "case", "exact")),
        ("今年共起诉三十六万余人。", ("三十六万余人", 360000, "person", "more_than")),
        ("办理两千余件。", ("两千余件", 2000, "case", "more_than")),
    ],
)
def test_chinese_counts(sentence: str, expected: tuple[str, float, str, str]) -> None:
    assert _one(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Prosecutors charged more than 129,000 people.",
            ("more than 129,000 people", 129000, "person", "more_than"),
        ),
        (
            "Prosecutors indicted 1.053 million people.",
            ("1.053 million people", 1053000, "person", "exact"),
        ),
        (
            "Losses of 2.3 billion yuan were recovered.",
            ("2.3 billion yuan", 2.3e9, "yuan", "exact"),
        ),
        (
            "Prosecutors handled five extremely large fraud cases.",
            ("five extremely large fraud cases", 5, "case", "exact"),
        ),
        (
            "Nearly 1,700 suspects were indicted.",
            ("Nearly 1,700 suspects", 1700, "person", "nearly"),
        ),
        (
            "About 282,000 people were prosecuted.",
            ("About 282,000 people", 282000, "person", "about"),
        ),
        (
            "Prosecutors charged around 15,000 individuals.",
            ("around 15,000 individuals", 15000, "person", "about"),
        ),
        (
            "It accounted for less than 4 percent of prosecutions.",
            ("less than 4 percent", 4, "percent", "less_than"),
        ),
        ("Prosecutors charged a dozen suspects.", ("a dozen suspects", 12, "person", "exact")),
        ("Prosecutors charged 1818808 people.", ("1818808 people", 1818808, "person", "exact")),
    ],
)
def test_english_counts(sentence: str, expected: tuple[str, float, str, str]) -> None:
    assert _one(sentence) == expected


def test_number_parsers() -> None:
    assert parse_chinese_numeral("十二万") == 120000
    assert parse_chinese_numeral("三十六") == 36
    assert parse_chinese_numeral("两千") == 2000
    assert parse_chinese_numeral("abc") is None
    assert parse_english("half") == 0.5
    assert parse_english("twenty-five") == 25
    assert parse_english("1.2", "million") == 1_200_000
    assert parse_english("55,1002") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "新华社北京4月7日电，2023年检察工作报告在十四届全国人大二次会议上审议。",
        "一是加强监督，二是推进改革，三是强化管理。",
        "刑法修正案(十一)自今年3月1日施行以来，第三十七批指导性案例发布。",
        "举报电话12309，案号为(2023)京01刑初12号。",
        "被告人年满14至16周岁，判处有期徒刑15年，为期三年。",
        "BEIJING, Feb. 4 (Xinhua) -- the first session of the 14th National People's Congress met.",
        "Suspects aged between 14 and 16 face prison terms of five to 10 years since 2019.",
        "Call the hotline 12309 or see Article 287 of the Criminal Law.",
    ],
)
def test_non_figures_are_left_out(sentence: str) -> None:
    assert [f.text for f in extract_figures(sentence, PUB)] == []


def test_numbers_listed_before_one_head_noun_share_its_unit() -> None:
    figures = extract_figures("They handled 330, 365 and 1,155 such cases.", date(2024, 3, 1))
    assert [(f.text, f.value, f.unit) for f in figures] == [
        ("330", 330, "case"),
        ("365", 365, "case"),
        ("1,155 such cases", 1155, "case"),
    ]


def test_a_threshold_describing_cases_is_no_figure() -> None:
    text = "起诉非法集资犯罪1.2万人，涉案金额超过1亿元的案件占比近三成。"
    assert [f.text for f in extract_figures(text, date(2023, 6, 1))] == ["1.2万人"]
