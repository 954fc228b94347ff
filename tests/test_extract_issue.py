"""Issue 3 point by point, on realistic release sentences: numbers, qualifiers, units, changes,
compound counts, bare changes, agency, precision traps, evidence, periods and metrics."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import Figure, extract_figures

PUBLISHED = date(2024, 2, 4)


def _figures(text: str, lang: str, published: date = PUBLISHED) -> list[Figure]:
    return extract_figures(text, published, lang=lang)


def _one(text: str, lang: str, published: date = PUBLISHED) -> Figure:
    counted = [f for f in _figures(text, lang, published) if f.value is not None]
    assert len(counted) == 1, [f.text for f in counted]
    return counted[0]


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit", "qualifier"),
    [
        ("全国检察机关起诉两千余件。", "zh", 2000, "case", "more_than"),
        ("批准逮捕十二万人。", "zh", 120000, "person", "exact"),
        ("起訴電信網絡詐騙犯罪4.3萬餘人。", "zh", 43000, "person", "more_than"),
        ("發放司法救助金1.7億餘元。", "zh", 170000000, "yuan", "more_than"),
        ("起诉７０余万人。", "zh", 700000, "person", "more_than"),
        ("追赃挽损3200余万元。", "zh", 32000000, "yuan", "more_than"),
        ("批捕40.3萬(wàn)人。", "zh", 403000, "person", "exact"),
        ("起诉不到200人。", "zh", 200, "person", "less_than"),
        ("起诉近13万人。", "zh", 130000, "person", "nearly"),
        ("提出纠正2万多件次。", "zh", 20000, "case_time", "more_than"),
        ("不捕率达41.8%。", "zh", 41.8, "percent", "exact"),
        ("Prosecutors charged a dozen people with fraud.", "en", 12, "person", "exact"),
        ("Prosecutors recovered 2.3 billion yuan for victims.", "en", 2.3e9, "yuan", "exact"),
        ("They indicted some 303,000 people.", "en", 303000, "person", "about"),
        ("They charged fewer than 300 people.", "en", 300, "person", "less_than"),
        ("Nearly 1.7 million people were indicted.", "en", 1.7e6, "person", "nearly"),
        (
            "The rate exceeded 90 percent at the prosecution stage.",
            "en",
            90,
            "percent",
            "more_than",
        ),
    ],
)
def test_numbers_qualifiers_and_units(
    text: str, lang: str, value: float, unit: str, qualifier: str
) -> None:
    figure = _one(text, lang)
    assert (figure.value, figure.unit, figure.qualifier) == (value, unit, qualifier)


def test_qualifier_before_share_covers_the_share() -> None:
    figure = _one("全省办理各类案件，约占全国检察机关办案总量的9%。", "zh")
    assert (figure.value, figure.unit, figure.qualifier) == (9, "percent", "about")


@pytest.mark.parametrize(
    ("text", "lang", "change"),
    [
        ("起诉洗钱犯罪2000人，同比翻一番。", "zh", (1.0, "times", "up")),
        ("起诉危险驾驶犯罪1200人，同比上升1.7倍。", "zh", (1.7, "times", "up")),
        ("不捕率38.1%，同比增加11.1个百分点。", "zh", (11.1, "percentage_points", "up")),
        (
            "Prosecutors charged 1,200 people, up 9.6 percent from the same period last year.",
            "en",
            (9.6, "percent", "up"),
        ),
        (
            "281 individuals were prosecuted, more than double the figure for the same period "
            "last year.",
            "en",
            (2.0, "times", "up"),
        ),
        (
            "The non-arrest rate was 22.2%, an increase of 0.1%.",
            "en",
            (0.1, "percentage_points", "up"),
        ),
    ],
)
def test_changes_attach_to_their_figure(
    text: str, lang: str, change: tuple[float, str, str]
) -> None:
    figure = _one(text, lang)
    assert (figure.change_value, figure.change_unit, figure.change_direction) == change


def test_multiple_without_a_number_keeps_direction_and_unit() -> None:
    figure = _one("起诉危险驾驶犯罪1200人，同比成倍上升。", "zh")
    assert (figure.change_value, figure.change_unit, figure.change_direction) == (
        None,
        "times",
        "up",
    )


def test_change_in_the_next_sentence_refers_back() -> None:
    figure = _one("In 2023, 5,000 people were prosecuted. The number rose by 20 percent.", "en")
    assert (figure.change_value, figure.change_direction) == (20, "up")


def test_respectively_distributes_changes_in_order() -> None:
    zh = _figures("受理审查逮捕87.3万人，批准逮捕60.4万人，同比分别下降15.6%、12.9%。", "zh")
    assert [(f.value, f.metric, f.change_value) for f in zh] == [
        (873000, "arrest_review_accepted", 15.6),
        (604000, "arrested", 12.9),
    ]
    en = _figures(
        "The procuratorates approved the arrest of 664,000 people and prosecuted 1.404 million "
        "people, down 11.7 percent and 13.9 percent year on year, respectively.",
        "en",
    )
    assert [(f.value, f.metric, f.change_value, f.change_direction) for f in en] == [
        (664000, "arrested", 11.7, "down"),
        (1404000, "prosecuted", 13.9, "down"),
    ]


def test_conversion_in_parentheses_takes_no_change() -> None:
    figures = _figures(
        "Judicial relief of more than 612 million yuan (about 96 million U.S. dollars) went to "
        "47,500 people, increases of 47 percent and nearly 50 percent, respectively.",
        "en",
    )
    changes = {f.text: f.change_value for f in figures}
    assert changes["more than 612 million yuan"] == 47
    assert changes["47,500 people"] == 50
    assert changes.get("about 96 million U.S. dollars") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("办理案件7886件19998人。", "zh", [(7886, "case"), (19998, "person")]),
        (
            "Prosecutors handled 1,200 cases involving 3,400 people.",
            "en",
            [(1200, "case"), (3400, "person")],
        ),
    ],
)
def test_compound_counts_are_two_figures(
    text: str, lang: str, expected: list[tuple[int, str]]
) -> None:
    assert [(f.value, f.unit) for f in _figures(text, lang)] == expected


def test_change_without_count_is_a_bare_line() -> None:
    [figure] = _figures("起诉涉医犯罪同比下降29%。", "zh")
    assert (figure.value, figure.unit) == (None, None)
    assert (figure.change_value, figure.change_direction, figure.offense) == (
        29,
        "down",
        "medical_disturbance",
    )


@pytest.mark.parametrize(
    ("text", "lang", "agencies"),
    [
        (
            "全国法院审结涉众型经济犯罪案件14899件。公安部破获案件39.1万起。",
            "zh",
            ["court", "police"],
        ),
        (
            "Courts concluded 226,000 cases of telecom fraud. Police arrested 92,000 suspects.",
            "en",
            ["court", "police"],
        ),
        ("检察机关起诉1.2万人。", "zh", ["procuratorate"]),
    ],
)
def test_agency_of_figures_from_other_bodies(text: str, lang: str, agencies: list[str]) -> None:
    figures = _figures(text, lang)
    assert [f.agency for f in figures] == agencies
    assert all(f.metric == "other" for f in figures if f.agency != "procuratorate")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "2023年3月5日，在十四届全国人大一次会议上，刑法修正案(十一)第120条，一是起诉14至16周岁"
            "未成年人，举报电话12309，案号2023第15号。",
            "zh",
        ),
        (
            "Article 120 of the Criminal Law, adopted at the 14th National People's Congress on "
            "March 5, 2023, applies to those aged 14 to 16; call 12309 or case No. 2023-15.",
            "en",
        ),
        ("指控诈骗、故意杀人等12项罪名。", "zh"),
        ("Deputy Procurator-General Zhang said work made headway in those two areas.", "en"),
    ],
)
def test_dates_years_ordinals_ages_phones_are_not_figures(text: str, lang: str) -> None:
    assert _figures(text, lang) == []


def test_evidence_is_the_exact_span_of_the_body() -> None:
    body = "１至１１月，全國檢察機關起訴４．２萬餘人，同比上升６３．５％。"
    [figure] = _figures(body, "zh")
    assert figure.text == body[figure.start : figure.end] == "４．２萬餘人"
    assert figure.sentence.startswith("１至１１月")
    assert (figure.period_start, figure.period_end) == (date(2023, 1, 1), date(2023, 11, 30))


@pytest.mark.parametrize(
    ("text", "lang", "published", "period"),
    [
        (
            "Since taking over such prosecutions in 2018, the procuratorate had approved arrests of "
            "201 suspects as of May 31.",
            "en",
            date(2021, 6, 7),
            ("2018-01-01", "2021-05-31"),
        ),
        (
            "From January to November 2023, prosecutors charged 10,000 people. Over the same "
            "period, 2,000 people were not prosecuted.",
            "en",
            date(2024, 1, 16),
            ("2023-01-01", "2023-11-30"),
        ),
        (
            "Last year the SPP issued guidelines for the campaign that began in 2018 and "
            "supervised the handling of 107 major cases.",
            "en",
            date(2020, 6, 4),
            ("2019-01-01", "2019-12-31"),
        ),
        (
            "Procuratorates also accepted 20,000 individuals, 9.6 percent more than during the "
            "same period in 2022.",
            "en",
            date(2024, 1, 16),
            ("2023-01-01", "2023-12-31"),
        ),
        (
            "刑事案件不诉率从15.6%上升至24.9%。",
            "zh",
            date(2023, 1, 9),
            ("2021-01-01", "2021-12-31"),
        ),
        (
            "上半年，起诉3.2万人；法院同期采纳率96.1%。",
            "zh",
            date(2023, 7, 20),
            ("2023-01-01", "2023-06-30"),
        ),
    ],
)
def test_periods(text: str, lang: str, published: date, period: tuple[str, str]) -> None:
    first = next(f for f in _figures(text, lang, published) if f.value is not None)
    assert (first.period_start.isoformat(), first.period_end.isoformat()) == period  # type: ignore[union-attr]


def test_aside_window_governs_only_its_paragraph() -> None:
    body = (
        "Procuratorates accepted 123,412 cases in 2025.\n\nIn the past five years, 25 "
        "individuals were approved for prosecution.\n\nProcuratorates handled 85 cases "
        "concerning cultural relics."
    )
    periods = [(f.value, f.period_start.year) for f in _figures(body, "en", date(2026, 1, 28))]  # type: ignore[union-attr]
    assert periods == [(123412, 2025), (25, 2021), (85, 2025)]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        (
            "In Guangdong, 1,448 suspects allegedly involved in 336 gang crimes were approved for "
            "arrest.",
            "arrested",
        ),
        (
            "Among them, 9,317 juvenile suspects were accepted for prosecution review.",
            "prosecution_review_accepted",
        ),
        (
            "Procuratorates received applications for the arrest of 873,000 individuals.",
            "arrest_review_accepted",
        ),
        ("Prosecutors lodged appeals against 8,504 court verdicts.", "suggestions_issued"),
        ("Prosecutors supervised police in withdrawing nearly 20,000 cases.", "cases_handled"),
        (
            "They put six complex cases with serious social impact under special supervision.",
            "cases_handled",
        ),
        ("25 individuals have been approved for prosecution by the SPP.", "prosecuted"),
    ],
)
def test_english_metrics(text: str, metric: str) -> None:
    assert _figures(text, "en")[0].metric == metric


def test_public_interest_breakdown_inherits_its_metric() -> None:
    body = (
        "Procuratorates handled 506,634 public interest litigation cases. Statistics show "
        "that 37,673 of the cases were civil lawsuits."
    )
    assert [f.metric for f in _figures(body, "en")] == ["public_interest_cases"] * 2
