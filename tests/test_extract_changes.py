"""Changes: direction, unit, basis, 分别/respectively lists, changes without a count, 持平."""

from __future__ import annotations

from datetime import date

from pipeline.extract import Figure, extract_figures

PUB = date(2023, 4, 27)


def _changes(text: str) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(f.text, f.change_value, f.change_unit, f.change_direction)
            for f in extract_figures(text, PUB)]  # fmt: skip


def test_year_on_year_rise_and_fall() -> None:
    text = "起诉4.3万余人，同比上升21.2%；批捕1.2万人，同比下降27.3%。"
    assert _changes(text) == [
        ("4.3万余人", 21.2, "percent", "up"),
        ("1.2万人", 27.3, "percent", "down"),
    ]
    assert {f.change_basis for f in extract_figures(text, PUB)} == {"year_on_year"}


def test_growth_and_decrease_words_and_times() -> None:
    assert _changes("起诉12.9万人，同比增长8.5倍。") == [("12.9万人", 8.5, "times", "up")]
    assert _changes("受理申诉500件，同比减少32.8%。") == [("500件", 32.8, "percent", "down")]
    assert _changes("起诉4.3万余人，同比上升一倍。") == [("4.3万余人", 1, "times", "up")]


def test_rate_changes_in_percentage_points() -> None:
    figures = extract_figures("不捕率41.8%，同比增加12.2个百分点。", PUB)
    assert [(f.text, f.unit, f.metric, f.change_value, f.change_unit) for f in figures] == [
        ("41.8%", "percent", "non_arrest_rate", 12.2, "percentage_points")
    ]


def test_gap_in_points_is_no_change() -> None:
    figures = extract_figures("不捕率61.3%，高于总体刑事犯罪不捕率23.2个百分点。", PUB)
    assert [(f.value, f.change_value) for f in figures] == [(61.3, None)]


def test_flat_is_no_change() -> None:
    figures = extract_figures("受理审查逮捕1.2万人，同比基本持平。", PUB)
    assert [(f.text, f.change_value, f.change_direction) for f in figures] == [
        ("1.2万人", None, None)
    ]


def test_respectively_distributes_in_order_with_mixed_directions() -> None:
    text = "批准逮捕87.3万人，决定起诉60.4万人，比2018年分别下降38.6%、上升2.8%。"
    assert _changes(text) == [
        ("87.3万人", 38.6, "percent", "down"),
        ("60.4万人", 2.8, "percent", "up"),
    ]
    assert {f.change_basis for f in extract_figures(text, PUB)} == {"other"}


def test_respectively_with_flat_slot() -> None:
    text = "批捕120人、起诉300人，分别同比持平、下降1%。"
    assert _changes(text) == [("120人", None, None, None), ("300人", 1, "percent", "down")]


def test_compound_counts_take_one_change_each() -> None:
    text = "批准逮捕妨害国(边)境管理犯罪案件7886件19998人，同比分别增长116.1%和94.5%。"
    assert _changes(text) == [
        ("7886件", 116.1, "percent", "up"),
        ("19998人", 94.5, "percent", "up"),
    ]


def test_change_in_next_clause_skips_the_share() -> None:
    text = "共批捕毒品犯罪37.3万人，占全部刑事案件的8%，同比下降40%。"
    figures = extract_figures(text, PUB)
    assert [(f.text, f.metric, f.change_value) for f in figures] == [
        ("37.3万人", "arrested", 40),
        ("8%", "share", None),
    ]


def test_change_without_count_is_a_bare_change() -> None:
    figures = extract_figures("起诉涉医犯罪同比下降29%。", PUB)
    assert len(figures) == 1
    bare: Figure = figures[0]
    assert (bare.value, bare.unit, bare.text) == (None, None, "下降29%")
    assert (bare.change_value, bare.change_unit, bare.change_direction) == (29, "percent", "down")


def test_from_to_rates_are_two_levels() -> None:
    figures = extract_figures("刑事案件不捕率从2021年41.7%上升至64.1%。", date(2023, 1, 9))
    assert [(f.value, f.change_value, f.period_start) for f in figures] == [
        (41.7, None, date(2021, 1, 1)),
        (64.1, None, date(2022, 1, 1)),
    ]


def test_english_year_on_year_increase_of() -> None:
    text = "Prosecutors charged more than 42,000 people, a year-on-year increase of 63.5%."
    assert _changes(text) == [("more than 42,000 people", 63.5, "percent", "up")]


def test_english_respectively() -> None:
    text = ("Over 193,000 suspects were approved for arrest and over 361,000 were prosecuted, "
            "up 45 percent and 31 percent, respectively.")  # fmt: skip
    assert _changes(text) == [("Over 193,000 suspects", 45, "percent", "up"),
                              ("over 361,000", 31, "percent", "up")]  # fmt: skip


def test_english_verbs_and_times() -> None:
    assert _changes("Courts concluded 5,244 cases, down 9.69 percent year on year.") == [
        ("5,244 cases", 9.69, "percent", "down")
    ]
    assert _changes("They prosecuted 281 individuals, an increase of 2 times.") == [
        ("281 individuals", 2, "times", "up")
    ]
    assert _changes("The non-arrest rate was 22.2%, an increase of 0.1%.") == [
        ("22.2%", 0.1, "percentage_points", "up")
    ]


def test_change_with_pinyin_glosses_and_in_next_sentence() -> None:
    assert _changes("不捕率41.8%，同比增加12.2個(gè)百分點(diǎn)。") == [
        ("41.8%", 12.2, "percentage_points", "up")
    ]
    text = "Prosecutors sent 58,744 written notices. That was an increase of 22.8 percent."
    assert _changes(text) == [("58,744 written notices", 22.8, "percent", "up")]


def test_share_verb_is_no_change() -> None:
    text = "They prosecuted 164,494 individuals, making up 7.07 percent of all, down 9.63 percent."
    assert _changes(text) == [
        ("164,494 individuals", 9.63, "percent", "down"),
        ("7.07 percent", None, None, None),
    ]


def test_respectively_list_in_a_sentence_of_its_own() -> None:
    # the changes open their own sentence with no subject: they belong to the figures before
    text = "上半年，起诉盗窃犯罪3.2万人、诈骗犯罪2.1万人。与去年同期相比，分别上升5.2%、下降3.1%。"
    assert _changes(text) == [
        ("3.2万人", 5.2, "percent", "up"),
        ("2.1万人", 3.1, "percent", "down"),
    ]
    # 逮捕、起诉人数…分别 names its own subjects: the counts before keep no change
    text = "诈骗罪起诉2417人；妨害公务罪832人。第二季度逮捕、起诉人数环比分别下降27.9%、上升48%。"
    figures = extract_figures(text, PUB)
    assert [(f.text, f.change_value) for f in figures if f.value is not None] == [
        ("2417人", None),
        ("832人", None),
    ]
    assert [(f.change_value, f.change_basis) for f in figures if f.value is None] == [
        (27.9, "other"),
        (48.0, "other"),
    ]


def test_respectively_list_restricted_to_the_counts_it_names() -> None:
    text = "移送线索分别为280件306人、401件431人、484件558人，件数同比分别上升22.8%、43.2%、20.7%。"
    assert [(f.text, f.change_value) for f in extract_figures(text, PUB)] == [
        ("280件", 22.8),
        ("306人", None),
        ("401件", 43.2),
        ("431人", None),
        ("484件", 20.7),
        ("558人", None),
    ]


def test_percent_change_after_a_lone_share_is_the_count_s() -> None:
    # the count the change belongs to is not given: the change stays bare
    for text in ("Drug crimes accounted for 8 percent of all cases, marking a 40 percent decrease.",
                 "毒品犯罪占8%，同比下降40%。"):  # fmt: skip
        figures = extract_figures(text, PUB)
        assert [(f.value, f.metric, f.change_value) for f in figures] == [
            (8.0, "share", None),
            (None, "other", 40.0),
        ]
    # a rate takes it, in points
    assert _changes("不捕率41.8%，同比增加0.1%。") == [("41.8%", 0.1, "percentage_points", "up")]


def test_a_change_naming_its_metric_refers_back_to_that_figure() -> None:
    text = "前三季度，批准逮捕49.2万人，决定起诉108.7万人。与去年同期相比，批捕人数下降13.5%，起诉人数下降9.1%。"
    assert _changes(text) == [
        ("49.2万人", 13.5, "percent", "down"),
        ("108.7万人", 9.1, "percent", "down"),
    ]


def test_a_clause_referring_back_across_a_semicolon_changes_the_figure_before() -> None:
    text = (
        "The non-arrest rate was 35.5 percent; it fell 4.1 percentage points from a year earlier."
    )
    assert _changes(text) == [("35.5 percent", 4.1, "percentage_points", "down")]


def test_a_multiple_of_an_earlier_year_is_a_change_in_times() -> None:
    text = "一年来，立案侦查司法工作人员犯罪95人，是2022年的1.4倍。"
    figures = extract_figures(text, date(2024, 1, 25))
    assert [(f.text, f.change_value, f.change_unit, f.period_start) for f in figures] == [
        ("95人", 1.4, "times", date(2023, 1, 1))
    ]


def test_a_chinese_change_before_its_count_and_a_difference_that_takes_none() -> None:
    assert _changes("全市起诉涉黑涉恶犯罪同比上升17.3%，达412人；起诉金融犯罪286人。") == [
        ("达412人", 17.3, "percent", "up"),
        ("286人", None, None, None),
    ]
    text = "批准逮捕916件1187人，较去年同期减少320人，下降21.2%。"
    assert _changes(text) == [
        ("916件", None, None, None),
        ("1187人", 21.2, "percent", "down"),
        ("320人", None, None, None),
    ]


def test_a_change_reaching_a_level_after_to_is_that_level_s() -> None:
    text = ("Theft prosecutions covered 190,000 people, a 16.4 percent reduction, while drunk-driving "
            "prosecutions grew 8 percent from a year earlier to 286,000 people.")  # fmt: skip
    assert _changes(text) == [
        ("190,000 people", 16.4, "percent", "down"),
        ("286,000 people", 8.0, "percent", "up"),
    ]


def test_a_change_naming_the_count_it_is_of() -> None:
    text = ("Chinese procuratorates prosecuted 13,024 people in 7,284 cases in 2018, with the "
            "number of people up 18.5 percent year on year.")  # fmt: skip
    assert _changes(text) == [
        ("13,024 people", 18.5, "percent", "up"),
        ("7,284 cases", None, None, None),
    ]
    text = "起诉组织、领导、参加黑社会性质组织犯罪4.8万人，是前五年的10.9倍。"
    assert _changes(text) == [("4.8万人", 10.9, "times", "up")]


def test_english_changes_of_the_fourth_round() -> None:
    # a change before a count that has a change of its own after it stays bare
    text = ("Copyright infringement prosecutions rose 1.3 times, while 104 people were prosecuted "
            "for selling counterfeits, up 46.5 percent.")  # fmt: skip
    assert [(f.value, f.change_value, f.change_unit) for f in extract_figures(text, PUB)] == [
        (None, 1.3, "times"),
        (104, 46.5, "percent"),
    ]
    # "The number of ... was N times ..." opening a sentence refers back to the count before
    text = ("Prosecutors charged 2,071 people with money laundering. Of them, 318 were accused "
            "of laundering their own proceeds. The number of self-laundering prosecutions was "
            "2.4 times that of the same period in 2021.")  # fmt: skip
    assert _changes(text) == [("2,071 people", None, None, None), ("318", 2.4, "times", "up")]
