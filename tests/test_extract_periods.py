"""Period resolution: month windows, quarters, halves, relative years, multi-year windows."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_figures
from pipeline.extract.periods import Period, default_period


def _periods(text: str, published: date) -> list[tuple[date | None, date | None]]:
    """(start, end) of every counted figure (changes with no count left out), in order."""
    return [(f.period_start, f.period_end) for f in extract_figures(text, published)
            if f.value is not None]  # fmt: skip


def _period(text: str, published: date, **kwargs: object) -> tuple[date | None, date | None]:
    figures = [f for f in extract_figures(text, published, **kwargs) if f.value is not None]  # type: ignore[arg-type]
    return figures[0].period_start, figures[0].period_end


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("今年1至3月，批准逮捕12.5万人。", date(2023, 4, 27), (date(2023, 1, 1), date(2023, 3, 31))),
        ("1至11月，起诉4.2万余人。", date(2024, 1, 20), (date(2023, 1, 1), date(2023, 11, 30))),
        ("一季度，批准逮捕12.5万人。", date(2023, 4, 27), (date(2023, 1, 1), date(2023, 3, 31))),
        ("上半年，决定起诉67.3万余人。", date(2020, 7, 20), (date(2020, 1, 1), date(2020, 6, 30))),
        ("前三季度，起诉9000人。", date(2019, 10, 20), (date(2019, 1, 1), date(2019, 9, 30))),
        ("去年前11个月受理审查起诉8000人。", date(2024, 2, 1), (date(2023, 1, 1), date(2023, 11, 30))),
        ("2020年，全市批捕13987人。", date(2021, 1, 23), (date(2020, 1, 1), date(2020, 12, 31))),
        ("五年来，起诉4万余人。", date(2023, 3, 7), (date(2018, 1, 1), date(2022, 12, 31))),
        ("2019年以来，起诉1200人。", date(2022, 7, 1), (date(2019, 1, 1), date(2022, 7, 1))),
        ("2019年至今，起诉1200人。", date(2022, 7, 1), (date(2019, 1, 1), date(2022, 7, 1))),
        ("自今年3月1日施行以来，起诉1200人。", date(2021, 7, 25), (date(2021, 3, 1), date(2021, 7, 25))),
        ("自2021年3月15日施行以来，起诉12人。", date(2021, 7, 2), (date(2021, 3, 15), date(2021, 7, 2))),
        ("Since March 15, 2021, 1,200 people were charged.", date(2021, 7, 2),
         (date(2021, 3, 15), date(2021, 7, 2))),
        ("2018年1月至2023年5月，批捕37.3万人。", date(2023, 6, 25), (date(2018, 1, 1), date(2023, 5, 31))),
        ("過去一年批准逮捕4萬多名人員。", date(2025, 2, 14), (date(2024, 1, 1), date(2024, 12, 31))),
        ("From January to November 2023, prosecutors charged 42,000 people.", date(2024, 2, 4),
         (date(2023, 1, 1), date(2023, 11, 30))),
        ("In the first half of 2020, prosecutors charged 5,370 people.", date(2020, 7, 28),
         (date(2020, 1, 1), date(2020, 6, 30))),
        ("Prosecutors charged 11,003 people last year.", date(2020, 4, 26),
         (date(2019, 1, 1), date(2019, 12, 31))),
        ("Over the past five years, prosecutors charged 719,000 people.", date(2023, 3, 8),
         (date(2018, 1, 1), date(2022, 12, 31))),
        ("Since 2019, prosecutors charged 140,000 people.", date(2021, 6, 1),
         (date(2019, 1, 1), date(2021, 6, 1))),
    ],
)  # fmt: skip
def test_period_cues(text: str, published: date, expected: tuple[date, date]) -> None:
    assert _period(text, published) == expected


def test_period_governs_following_sentences_until_another() -> None:
    text = "今年上半年，起诉1000人。检察机关还批捕500人。2019年，起诉900人。"
    figures = extract_figures(text, date(2020, 7, 20))
    assert [(f.value, f.period_start, f.period_end) for f in figures] == [
        (1000, date(2020, 1, 1), date(2020, 6, 30)),
        (500, date(2020, 1, 1), date(2020, 6, 30)),
        (900, date(2019, 1, 1), date(2019, 12, 31)),
    ]


def test_each_figure_takes_its_own_year_in_lists() -> None:
    text = ("Prosecutors charged 137 people in 2018, 499 people in 2019, and 92,576 people "
            "were indicted from January to September this year.")  # fmt: skip
    figures = extract_figures(text, date(2022, 11, 2))
    assert [(f.value, f.period_start, f.period_end) for f in figures] == [
        (137, date(2018, 1, 1), date(2018, 12, 31)),
        (499, date(2019, 1, 1), date(2019, 12, 31)),
        (92576, date(2022, 1, 1), date(2022, 9, 30)),
    ]


def test_comparison_base_is_no_period() -> None:
    text = "In the first 10 months of 2023, 115,000 individuals were indicted, up 13 percent from last year."
    assert _period(text, date(2023, 11, 30)) == (date(2023, 1, 1), date(2023, 10, 31))
    assert _period("起诉1200人，比2018年上升15%。", date(2020, 7, 1), title="上半年数据") == (
        date(2020, 1, 1),
        date(2020, 6, 30),
    )


def test_title_and_default_periods() -> None:
    assert _period("起诉1200人。", date(2024, 2, 27), title="最高检：2023年批准逮捕70余万人") == (
        date(2023, 1, 1),
        date(2023, 12, 31),
    )
    assert default_period(date(2024, 3, 8)).start == date(2023, 1, 1)
    assert default_period(date(2024, 8, 8)).end == date(2024, 8, 8)


def test_unstated_period_follows_the_release_season() -> None:
    # a year-end interview speaks of last year and the weeks since; a March work report of
    # last year; any later release of the year to date
    assert _period("两部门已联合挂牌督办5起特大案件。", date(2024, 2, 4)) == (
        date(2023, 1, 1),
        date(2024, 2, 4),
    )
    assert default_period(date(2024, 3, 8)) == Period(date(2023, 1, 1), date(2023, 12, 31))
    assert default_period(date(2024, 8, 8)) == Period(date(2024, 1, 1), date(2024, 8, 8))


@pytest.mark.parametrize(
    ("text", "published", "years"),
    [
        (
            "2021至2023年，开展监督立案分别为330件、365件、1155件。",
            date(2024, 3, 1),
            [2021, 2022, 2023],
        ),
        (
            "2021年至2022年，移送线索分别为280件306人、401件431人。",
            date(2023, 3, 1),
            [2021, 2021, 2022, 2022],
        ),
        ("2021年、2022年，全省分别起诉1200人、1500人。", date(2023, 3, 1), [2021, 2022]),
        (
            "From 2021 to 2023, they handled 330, 365 and 1,155 cases respectively.",
            date(2024, 3, 1),
            [2021, 2022, 2023],
        ),
        (
            "Prosecutors charged 137, 499 and 2,000 people in 2018, 2019 and 2020.",
            date(2021, 3, 1),
            [2018, 2019, 2020],
        ),
    ],
)
def test_year_lists_give_each_figure_its_year(text: str, published: date, years: list[int]) -> None:
    figures = [f for f in extract_figures(text, published) if f.value is not None]
    assert [(f.period_start, f.period_end) for f in figures] == [
        (date(year, 1, 1), date(year, 12, 31)) for year in years
    ]


def test_year_window_without_a_list_keeps_the_window() -> None:
    # one total for the window; a figure count that does not fit the years changes nothing
    assert _period("2018年至2022年，共起诉4.5万人。", date(2023, 3, 1)) == (
        date(2018, 1, 1),
        date(2022, 12, 31),
    )
    text = "2021至2023年，分别起诉330人、365人。"
    assert {_period(text, date(2024, 3, 1))} == {(date(2021, 1, 1), date(2023, 12, 31))}


def test_breakdowns_and_comparisons_with_the_period_before_date_only_their_sentence() -> None:
    text = ("一季度，全国检察机关批准逮捕18.7万人。其中，3月份当月批捕人数环比上升41.5%。"
            "不捕率为24.6%。\n\n与一季度相比，二季度起诉人数环比上升17.8%。\n\n对刑事裁判提出抗诉311件。")  # fmt: skip
    figures = [f for f in extract_figures(text, date(2021, 7, 19)) if f.value is not None]
    assert [(f.text, f.period_start, f.period_end) for f in figures] == [
        ("18.7万人", date(2021, 1, 1), date(2021, 3, 31)),
        ("24.6%", date(2021, 1, 1), date(2021, 3, 31)),
        ("311件", date(2021, 1, 1), date(2021, 3, 31)),
    ]


def test_a_from_to_pair_takes_the_years_of_the_dated_pair_before_it() -> None:
    text = "不捕率从2018年的22.1%升至2022年的43.4%，不诉率从7.7%升至26.3%；诉前羁押率由54.9%降至26.7%。"
    years = [f.period_start.year for f in extract_figures(text, date(2023, 3, 8)) if f.period_start]
    assert years == [2018, 2022, 2018, 2022, 2018, 2022]


def test_a_stated_data_cut_off_ends_open_windows() -> None:
    text = "本次通报的数据截至今年5月底。\n\n2021年以来，全省检察机关共起诉帮信犯罪1.6万余人。"
    assert _period(text, date(2022, 6, 15)) == (date(2021, 1, 1), date(2022, 5, 31))
    # without the statement the window runs to the publication day
    assert _period(text.split("\n\n")[1], date(2022, 6, 15)) == (
        date(2021, 1, 1),
        date(2022, 6, 15),
    )


def test_the_year_of_a_ratio_is_its_basis_not_a_period() -> None:
    text = "一年来，立案侦查司法工作人员犯罪95人，是2022年的1.4倍。追缴违法所得4.7亿余元。"
    figures = [f for f in extract_figures(text, date(2024, 1, 25)) if f.value is not None]
    assert {(f.period_start, f.period_end) for f in figures} == {
        (date(2023, 1, 1), date(2023, 12, 31))
    }


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a comparison year after a change is its basis, not the period of what follows
        (
            "In 2019, the non-arrest rate was 52.1%, up 3.3 percentage points over 2018. "
            "Procuratorates granted conditional non-prosecution to 11,376 minors.",
            date(2020, 6, 1),
            (date(2019, 1, 1), date(2019, 12, 31)),
        ),
        (
            "Procuratorates handled 756,000 such cases in five years.",
            date(2023, 3, 8),
            (date(2018, 1, 1), date(2022, 12, 31)),
        ),
        (
            "From 2018 to 2020, prosecutors charged 230,000 people, 3.5 times the number in the "
            "previous three years.",
            date(2023, 3, 8),
            (date(2018, 1, 1), date(2020, 12, 31)),
        ),
        (
            "Since the regular campaign began at the start of 2021, prosecutors had charged 48,000 "
            "people by the end of June.",
            date(2022, 7, 20),
            (date(2021, 1, 1), date(2022, 6, 30)),
        ),
        # "this year" names the year of the windows after it
        (
            "In 2020, 60,000 people were charged. The trend continued this year. In the first five "
            "months, prosecutors approved the arrest of about 15,400 suspects and charged nearly "
            "24,000.",
            date(2021, 6, 24),
            (date(2021, 1, 1), date(2021, 5, 31)),
        ),
        # a year that dates no figure sets none
        (
            "The special campaign ran from 2018 to 2020 and dismantled thousands of gangs. Some 23 "
            "suspects were prosecuted during the first half.",
            date(2022, 7, 20),
            (date(2022, 1, 1), date(2022, 6, 30)),
        ),
    ],
)
def test_english_period_rules(text: str, published: date, expected: tuple[date, date]) -> None:
    assert _periods(text, published)[-1] == expected


def test_a_count_still_running_ends_on_the_publication_day() -> None:
    text = ("From January to September, prosecutors approved the arrest of 57,000 people. "
            "The SPP is supervising the handling of 24 major gang crimes.")  # fmt: skip
    figures = extract_figures(text, date(2018, 10, 31))
    assert [(f.period_start, f.period_end) for f in figures] == [
        (date(2018, 1, 1), date(2018, 9, 30)),
        (date(2018, 1, 1), date(2018, 10, 31)),
    ]


def test_a_window_stated_inside_a_numbered_section_ends_with_the_section() -> None:
    text = ("现将全省检察机关2023年1月至9月主要办案数据公布如下。\n\n一、审查逮捕情况\n\n批准逮捕14926人。\n\n"
            "四、第三季度单季情况\n\n7月至9月，全省批准逮捕4876人。\n\n五、诉讼监督情况\n\n监督公安机关立案412件。")  # fmt: skip
    figures = extract_figures(text, date(2023, 10, 23))
    assert [(f.text, f.period_start.month, f.period_end.month) for f in figures] == [
        ("14926人", 1, 9),
        ("4876人", 7, 9),
        ("412件", 1, 9),
    ]


def test_same_period_follows_a_joined_since_until_window() -> None:
    text = "2022年以来，截至今年6月底，全省共立案3.6万余件。同期发出诉前检察建议2.7万件。"
    figures = extract_figures(text, date(2024, 7, 22))
    assert {(f.period_start, f.period_end) for f in figures} == {
        (date(2022, 1, 1), date(2024, 6, 30))
    }


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Procuratorates had handled 1.1 million public interest cases as of the end of 2023, "
            "since the system was established in July 2017. They brought 46,000 lawsuits to court "
            "over the period.",
            date(2024, 2, 20),
            (date(2017, 7, 1), date(2023, 12, 31)),
        ),
        (
            "Procuratorates prosecuted 13,000 and 18,000 people in 2022 and 2023, respectively. "
            "They recovered 2.6 billion yuan over the two years.",
            date(2024, 4, 25),
            (date(2022, 1, 1), date(2023, 12, 31)),
        ),
        (
            "Since the campaign began at the start of 2021, prosecutors had charged 48,000 people by "
            "the end of June. In the first half of this year, 2,736 people were prosecuted. "
            "Procuratorates passed 3,400 leads to supervisory bodies over the 18 months.",
            date(2022, 7, 20),
            (date(2021, 1, 1), date(2022, 6, 30)),
        ),
        (
            "Prosecutors charged 186,000 people from 2018 to September 2021. A fishing ban took "
            "effect at the start of this year. During the same period, procuratorates opened "
            "243,000 public interest cases.",
            date(2021, 10, 21),
            (date(2018, 1, 1), date(2021, 9, 30)),
        ),
    ],
)
def test_english_windows_named_back(
    text: str, published: date, expected: tuple[date, date]
) -> None:
    assert _periods(text, published)[-1] == expected


def test_year_list_windows_give_each_figure_its_year_in_english() -> None:
    text = "Procuratorates prosecuted 13,000 and 18,000 people in 2022 and 2023, respectively."
    figures = extract_figures(text, date(2024, 4, 25))
    assert [f.period_start.year for f in figures if f.period_start] == [2022, 2023]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a window running "to May this year"
        (
            "Procuratorates prosecuted 9,317 people from 2021 to May this year.",
            date(2024, 6, 13),
            (date(2021, 1, 1), date(2024, 5, 31)),
        ),
        # a year singled out ("alone") is no "same period" for what follows
        (
            "Prosecutors charged 9,317 people from 2021 to May this year.\n\nLast year alone, 3,460 "
            "people were prosecuted.\n\nOver the same period, they filed 5,900 public interest "
            "cases.",
            date(2024, 6, 13),
            (date(2021, 1, 1), date(2024, 5, 31)),
        ),
        # a campaign's window dates its paragraph only
        (
            "Prosecutors charged 8.27 million people over the past five years.\n\nDuring the "
            "three-year campaign from 2018 to 2020, prosecutors charged 230,000 people.\n\n"
            "Procuratorates handled 756,000 public interest cases.",
            date(2023, 3, 8),
            (date(2018, 1, 1), date(2022, 12, 31)),
        ),
        # "in the five-year period" names the report's window back
        (
            "Prosecutors charged 8.27 million people over the past five years.\n\nIn 2022, "
            "59,000 people were charged.\n\nProcuratorates handled 756,000 public interest "
            "cases in the five-year period.",
            date(2023, 3, 8),
            (date(2018, 1, 1), date(2022, 12, 31)),
        ),
        # an event's year is no window: "an offense added to the Criminal Law in 2021"
        (
            "Prosecutors charged 9,317 people from 2021 to May this year. Of them, 1,106 were "
            "charged with an offense added to the Criminal Law in 2021.",
            date(2024, 6, 13),
            (date(2021, 1, 1), date(2024, 5, 31)),
        ),
    ],
)
def test_english_windows_of_the_third_round(
    text: str, published: date, expected: tuple[date, date]
) -> None:
    assert _periods(text, published)[-1] == expected


def test_a_window_closing_a_clause_dates_each_figure_of_it() -> None:
    text = ("Prosecutors decided not to arrest 42,000 business owners and not to prosecute 51,000 "
            "from 2018 to 2022.")  # fmt: skip
    assert _periods(text, date(2023, 3, 8)) == [(date(2018, 1, 1), date(2022, 12, 31))] * 2


def test_a_year_opening_a_sentence_mid_paragraph_dates_its_paragraph_only() -> None:
    text = ("五年来，全国检察机关共办理各类案件1562.7万件。\n\n不捕率由21.8%升至42.9%。2022年，认罪认罚从宽制度"
            "适用率超过90%。\n\n共立案办理公益诉讼案件73.9万件。")  # fmt: skip
    figures = extract_figures(text, date(2023, 3, 8))
    assert (figures[-1].period_start, figures[-1].period_end) == (
        date(2018, 1, 1),
        date(2022, 12, 31),
    )
    assert figures[-2].period_start == date(2022, 1, 1)


def test_an_open_window_ends_on_the_day_the_statement_was_made() -> None:
    text = "Procuratorates have handled 3,800 cases since 2020, the SPP said on Tuesday."
    # published on a Wednesday: the statement was made the day before
    assert _period(text, date(2025, 6, 25)) == (date(2020, 1, 1), date(2025, 6, 24))
    # published the same weekday: the publication day
    assert _period(text, date(2025, 6, 24)) == (date(2020, 1, 1), date(2025, 6, 24))


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "2020年1月至今年5月，全省检察机关共受理审查起诉走私犯罪案件592件。",
            date(2021, 6, 25),
            (date(2020, 1, 1), date(2021, 5, 31)),
        ),
        (
            "自2022年4月打击整治养老诈骗专项行动开展至今年3月底，全国检察机关共起诉涉养老诈骗犯罪1.2万余人。",
            date(2023, 5, 16),
            (date(2022, 4, 1), date(2023, 3, 31)),
        ),
        (
            "2023年9月《关于依法惩治网络暴力违法犯罪的指导意见》印发以来，全国检察机关共起诉网络暴力犯罪320余人。",
            date(2024, 7, 10),
            (date(2023, 9, 1), date(2024, 7, 10)),
        ),
        # the statement's day near the top of the release ends 今年以来
        (
            "6月24日，福建省人民检察院召开新闻通报会。今年以来，全省检察机关制发检察建议37份。",
            date(2021, 6, 25),
            (date(2021, 1, 1), date(2021, 6, 24)),
        ),
        # a year compared with (是2020年起诉人数的近4倍, 由2019年的) names no window
        (
            "2023年，全国检察机关共起诉洗钱罪2971人，是2020年起诉人数的近4倍。\n\n从上游犯罪类型看，占比约45%。",
            date(2024, 4, 10),
            (date(2023, 1, 1), date(2023, 12, 31)),
        ),
        (
            "2020年，诉前羁押率由2019年的52.4%降至37.9%。\n\n全年共受理群众来信来访8954件。",
            date(2021, 2, 3),
            (date(2020, 1, 1), date(2020, 12, 31)),
        ),
        # "2.4 times that of the same period in 2021" compares; "over the same period" is the story's
        (
            "Prosecutors charged 2,071 people between January and September. The number was 2.4 "
            "times that of the same period in 2021. Over the same period, 58,000 suspects were "
            "prosecuted for concealing proceeds.",
            date(2023, 11, 13),
            (date(2023, 1, 1), date(2023, 9, 30)),
        ),
        (
            "Shanghai prosecutors charged 1,286 people from January 2021 to the end of April this "
            "year.",
            date(2024, 5, 16),
            (date(2021, 1, 1), date(2024, 4, 30)),
        ),
    ],
)
def test_windows_of_the_fourth_round(
    text: str, published: date, expected: tuple[date, date]
) -> None:
    assert _periods(text, published)[-1] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the year of an event named with its details is no window
        (
            "Prosecutors charged 3,128 people in the first half of 2022. A new offense, added to the "
            "Criminal Law by Amendment XI in March 2021, was used against 186 people. They also "
            "filed 2,450 public interest cases in the first six months.",
            date(2022, 7, 29),
            (date(2022, 1, 1), date(2022, 6, 30)),
        ),
        # "said yesterday" ends an open window the day before publication
        (
            "Since 2021, prosecutors have visited 85,000 residents, the procuratorate said yesterday.",
            date(2024, 5, 16),
            (date(2021, 1, 1), date(2024, 5, 15)),
        ),
    ],
)
def test_english_windows_of_the_fourth_round(
    text: str, published: date, expected: tuple[date, date]
) -> None:
    assert _periods(text, published)[-1] == expected


def test_a_sentence_opening_on_its_window_keeps_it_for_its_first_count() -> None:
    text = ("Prosecutors charged 1,286 people from January 2021 to the end of April this year.\n\n"
            "Last year alone, they prosecuted 493 people for elder fraud, and the figure for the "
            "first four months of this year was 152.")  # fmt: skip
    assert _periods(text, date(2024, 5, 16))[1] == (date(2023, 1, 1), date(2023, 12, 31))
