"""More number detection: percentages spelled in Chinese words (百分之十二点五), a bare 万/亿 with
余 or a qualifier (万余件, 近万人), comparison signs as qualifiers, and 翻两番 as a multiple."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_figures

PUB = date(2024, 7, 12)


def _found(text: str) -> list[tuple[str, float | None, str | None, str]]:
    return [(f.text, f.value, f.unit, f.qualifier)
            for f in extract_figures(text, PUB) if f.value is not None]  # fmt: skip


# --- percentages spelled in words


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "决定起诉2390件3108人；不起诉率为百分之十二点五。",
            ("百分之十二点五", 12.5, "percent", "exact"),
        ),
        (
            "在起訴的在校學生中，不滿22周歲的佔百分之六十一點三。",
            ("百分之六十一點三", 61.3, "percent", "exact"),
        ),
        (
            "认罪认罚从宽制度适用率保持在百分之九十以上。",
            ("百分之九十以上", 90, "percent", "more_than"),
        ),
        (
            "涉案未成年人约占百分之三十，其余为成年人。",
            ("百分之三十", 30, "percent", "about"),
        ),
        ("群众满意度接近百分之九十九。", ("接近百分之九十九", 99, "percent", "nearly")),
        ("上诉率为百分之4.5。", ("百分之4.5", 4.5, "percent", "exact")),
    ],
)
def test_spelled_chinese_percent(sentence: str, expected: tuple) -> None:
    assert expected in _found(sentence)


def test_bai_fen_zhi_bai_is_rhetoric_not_a_figure() -> None:
    assert _found("要以百分之百的责任心办好每一起案件。") == []


def test_spelled_percent_is_metric_rate_and_takes_its_change() -> None:
    figures = extract_figures("全市不捕率为百分之三十七点六，同比上升2.1个百分点。", PUB)
    rate = [f for f in figures if f.value is not None]
    assert [(f.value, f.change_value, f.change_unit) for f in rate] == [
        (37.6, 2.1, "percentage_points")
    ]


def test_spelled_percent_after_a_change_verb_is_a_change() -> None:
    figures = extract_figures("受理审查起诉2714件，同比上升百分之十二点三。", PUB)
    assert [(f.text, f.change_value, f.change_unit, f.change_direction) for f in figures] == [
        ("2714件", 12.3, "percent", "up")
    ]
    down = extract_figures("全年办理案件1.2万件，同比下降了百分之八。", PUB)
    assert [(f.value, f.change_value, f.change_direction) for f in down] == [(12000, 8, "down")]


def test_spelled_percent_after_shang_sheng_zhi_is_a_level() -> None:
    found = _found("不起诉率从百分之九点八上升至百分之十二点五。")
    assert [value for _, value, _, _ in found] == [9.8, 12.5]


# --- a bare 万 / 亿 counts one of it when 余 or a qualifier makes it a round figure


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "今年1至6月，全国检察机关共受理民事诉讼监督案件万余件。",
            ("万余件", 10000, "case", "more_than"),
        ),
        ("督促追缴国有财产亿余元。", ("亿余元", 100_000_000, "yuan", "more_than")),
        ("全年共办理涉企案件近万件。", ("近万件", 10000, "case", "nearly")),
        ("本港共拘捕涉案人員萬餘名。", ("萬餘名", 10000, "person", "more_than")),
    ],
)
def test_bare_wan_with_yu_or_a_qualifier(sentence: str, expected: tuple) -> None:
    assert _found(sentence) == [expected]


def test_bare_wan_takes_the_change_after_it() -> None:
    figures = extract_figures("共受理行政诉讼监督案件万余件，同比上升21.4%。", PUB)
    assert [(f.text, f.change_value) for f in figures] == [("万余件", 21.4)]


@pytest.mark.parametrize(
    "sentence",
    [
        "每万人口刑事案件发案数下降至3.2件以下的地区不断增加。",
        "数万人次参加了普法活动。",
        "成千上万人关注了发布会。",
        "对情节严重的，判处罚金万元以上。",
    ],
)
def test_bare_wan_without_yu_or_qualifier_is_no_figure(sentence: str) -> None:
    assert [text for text, *_ in _found(sentence) if text.startswith(("万", "数", "上"))] == []


def test_number_before_wan_yu_is_not_found_twice() -> None:
    assert _found("起诉电信网络诈骗犯罪4.2万余人。") == [
        ("4.2万余人", 42000, "person", "more_than")
    ]


# --- signs before a number in Chinese tables


def test_signs_before_a_chinese_percentage_are_qualifiers() -> None:
    assert _found("认罪认罚适用率：>90%；羁押率：＜25%。") == [
        (">90%", 90, "percent", "more_than"),
        ("＜25%", 25, "percent", "less_than"),
    ]


# --- 翻一番 / 翻两番


def test_fan_liang_fan_is_four_times_up_and_fan_yi_fan_one() -> None:
    quadrupled = extract_figures("全年建议释放或者变更强制措施约3500人，较2022年翻了两番。", PUB)
    doubled = extract_figures("起诉洗钱犯罪2000人，同比翻一番。", PUB)
    assert [(f.change_value, f.change_unit, f.change_direction) for f in quadrupled] == [
        (4, "times", "up")
    ]
    assert [(f.change_value, f.change_unit) for f in doubled] == [(1, "times")]
