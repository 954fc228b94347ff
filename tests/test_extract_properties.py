"""Property-based tests: on any text the extractor never raises, every span is a valid slice of
the body, and the value re-parsed from a figure's text is the value it reports."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import Figure, extract_figures
from pipeline.extract.numbers import parse_value

# Real figure phrasing (dev corpus and the patterns notes) to mix with noise.
PHRASES_ZH = [
    "起诉4.2万余人，同比上升63.5%。", "批准逮捕70余万人", "追赃挽损3200余万元", "7886件19998人",
    "不捕率41.8%，同比增加12.2个百分点", "同比分别下降15.6%、12.9%", "1至11月，", "上半年，",
    "起訴電信網絡詐騙犯罪4.3萬餘人", "近13万人", "超過2.9萬人", "２０２３年１至３月", "五起",
    "两千余件", "40.3萬(wàn)人", "约占全国办案总量的9%", "十四届全国人大二次会议", "一是",
    "同比上升1.7倍", "成倍上升", "持平", "2021年以来", "截至6月底", "五年来", "去年同期",
]  # fmt: skip
PHRASES_EN = [
    "prosecuted more than 42,000 people", ", up 45 percent and 31 percent, respectively.",
    "From January to November 2023, ", "a dozen cases", "2.3 billion yuan", "about 1.2 million",
    "In the first half of 2020, ", "an increase of 63.5% year on year", "since 2019 ",
    "1,448 suspects were approved for arrest", "twenty-five people", "less than 4 percent",
    "aged between 14 and 16", "the 14th National People's Congress", "Feb. 4 (Xinhua) -- ",
    "rose by 1.2 times", "compared with the same period last year", "five major cases",
]  # fmt: skip

noise = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(["，", "。", "; ", ". ", "\n\n", " ", "、", "%", "万", "余", "1", "0.5", "of"])
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


def _check(body: str, figures: list[Figure], lang: str) -> None:
    for figure in figures:
        assert 0 <= figure.start < figure.end <= len(body)
        assert figure.text == body[figure.start : figure.end]
        if figure.value is None:
            assert figure.unit is None and figure.change_value is not None
            continue
        reparsed = parse_value(figure.text, lang)
        assert reparsed is not None, figure.text
        assert math.isclose(reparsed, figure.value, rel_tol=1e-9), (figure.text, figure.value)
        assert figure.period_start is not None and figure.period_end is not None
        assert figure.period_start <= figure.period_end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(max_size=300), published=dates, lang=st.sampled_from(["zh", "en", None]))
def test_arbitrary_unicode_never_raises_and_spans_are_valid(
    body: str, published: date, lang: str | None
) -> None:
    figures = extract_figures(body, published, lang=lang)
    detected = "zh" if lang == "zh" else "en" if lang == "en" else None
    if detected is None:
        from pipeline.extract.core import detect_lang

        detected = detect_lang(body)
    _check(body, figures, detected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(PHRASES_ZH) | noise, min_size=1, max_size=12),
    published=dates,
)
def test_chinese_figure_phrases_in_noise(parts: list[str], published: date) -> None:
    body = "".join(parts)
    _check(body, extract_figures(body, published, lang="zh"), "zh")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(PHRASES_EN) | noise, min_size=1, max_size=12),
    published=dates,
)
def test_english_figure_phrases_in_noise(parts: list[str], published: date) -> None:
    body = " ".join(parts)
    _check(body, extract_figures(body, published, lang="en"), "en")


@settings(max_examples=100, deadline=None)
@given(
    value=st.integers(min_value=2, max_value=999_999),
    unit=st.sampled_from(["人", "件", "名", "宗"]),
    qualifier=st.sampled_from(["", "近", "约", "超过", "逾"]),
)
def test_any_chinese_count_is_found_with_its_value(value: int, unit: str, qualifier: str) -> None:
    body = f"全国检察机关起诉{qualifier}{value}{unit}，同比上升5.1%。"
    figures = [f for f in extract_figures(body, date(2024, 3, 1), lang="zh") if f.value]
    assert [f.value for f in figures] == [value]
    assert figures[0].change_value == 5.1 and figures[0].metric == "prosecuted"


@settings(max_examples=100, deadline=None)
@given(value=st.integers(min_value=100, max_value=999_999))
def test_any_english_count_is_found_with_its_value(value: int) -> None:
    body = f"Prosecutors charged {value:,} people with telecom fraud, up 12 percent year on year."
    figures = [f for f in extract_figures(body, date(2024, 3, 1), lang="en") if f.value]
    assert [f.value for f in figures] == [value]
    assert figures[0].unit == "person" and figures[0].change_value == 12
