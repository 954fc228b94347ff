"""Metric, agency and offence attribution, compound counts, rate vs change, language detection."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_figures
from pipeline.extract.core import detect_lang

PUB = date(2023, 4, 27)


def _metrics(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.metric) for f in extract_figures(text, PUB) if f.value is not None]


def test_chinese_metrics_in_a_data_release() -> None:
    text = ("一季度全国检察机关批准和决定逮捕各类犯罪嫌疑人12.5万人，不捕11.5万人，不捕率48.5%；"
            "决定起诉30.8万人，不起诉12.2万人，不诉率28.3%。")  # fmt: skip
    assert _metrics(text) == [
        ("12.5万人", "arrested"), ("11.5万人", "not_arrested"), ("48.5%", "non_arrest_rate"),
        ("30.8万人", "prosecuted"), ("12.2万人", "not_prosecuted"),
        ("28.3%", "non_prosecution_rate"),
    ]  # fmt: skip


def test_traditional_characters_fold_to_the_same_metrics() -> None:
    text = "共決定起訴102.5萬人，決定不起訴34.5萬人，不訴率25.2%；受理審查逮捕87.3萬人。"
    assert _metrics(text) == [
        ("102.5萬人", "prosecuted"), ("34.5萬人", "not_prosecuted"),
        ("25.2%", "non_prosecution_rate"), ("87.3萬人", "arrest_review_accepted"),
    ]  # fmt: skip


def test_compound_counts_are_two_figures_with_one_metric() -> None:
    figures = extract_figures("批准逮捕妨害国(边)境管理犯罪案件7886件19998人。", PUB)
    assert [(f.text, f.unit, f.metric, f.offense) for f in figures] == [
        ("7886件", "case", "arrested", "illegal_border_crossing"),
        ("19998人", "person", "arrested", "illegal_border_crossing"),
    ]
    english = extract_figures("A total of 205,000 people in 32,371 cases were prosecuted.", PUB)
    assert [(f.text, f.unit) for f in english] == [
        ("205,000 people", "person"),
        ("32,371 cases", "case"),
    ]


def test_share_and_unknown_phrasing() -> None:
    assert _metrics("起诉诈骗罪2417人，占43.4%。") == [("2417人", "prosecuted"), ("43.4%", "share")]
    assert _metrics("开展法治巡讲4700余次。") == [("4700余次", "other")]


def test_english_passive_and_head_noun_cues() -> None:
    assert _metrics("954 people were not prosecuted after investigation.") == [
        ("954 people", "not_prosecuted")
    ]
    assert _metrics("Prosecutors also sent 58,744 written notices to the police.") == [
        ("58,744 written notices", "suggestions_issued")
    ]
    assert _metrics("They filed and handled 52,000 public interest litigation cases.") == [
        ("52,000 public interest litigation cases", "public_interest_cases")
    ]


def test_agency_attribution() -> None:
    court = extract_figures("2019年全国法院审结涉众型经济犯罪案件14899件。", PUB)
    assert [(f.agency, f.metric) for f in court] == [("court", "other")]
    police = extract_figures("Chinese police apprehended more than 110,000 suspects.", PUB)
    assert [f.agency for f in police] == ["police"]
    border = extract_figures("国家移民管理局查处妨害国(边)境案件3.5万余宗。", PUB)
    assert [f.agency for f in border] == ["immigration"]
    ours = extract_figures("检察机关起诉1200人。", PUB)
    assert [f.agency for f in ours] == ["procuratorate"]


def test_language_detection_and_jurisdiction() -> None:
    assert detect_lang("检察机关起诉1200人") == "zh"
    assert detect_lang("Prosecutors charged 1,200 people") == "en"
    figures = extract_figures("全市起诉1200人。", PUB, jurisdiction="guangdong")
    assert [f.jurisdiction for f in figures] == ["guangdong"]


def _offences(text: str, lang: str = "zh") -> list[tuple[str, str | None]]:
    return [
        (f.text, f.offense) for f in extract_figures(text, PUB, lang=lang) if f.value is not None
    ]


def test_the_figures_own_head_noun_names_its_offence() -> None:
    text = ("From January to March, procuratorates approved the arrest of more than 3,200 "
            "juvenile suspects and 536,704 drug-related cases were handled.")  # fmt: skip
    assert _offences(text, "en")[0] == ("more than 3,200 juvenile suspects", "juvenile_crime")


def test_a_paragraph_about_one_offence_lends_it_to_later_sentences_but_not_to_totals() -> None:
    text = ("1至3月，检察机关起诉帮助信息网络犯罪活动罪3.5万人，同比上升20%。其中，18至22周岁的"
            "占比24.1%。共批准逮捕1200余人。\n\n"
            "同期，全国检察机关共起诉各类犯罪嫌疑人33.2万人。决定不起诉8.1万人。")  # fmt: skip
    offences = dict(_offences(text))
    assert offences["3.5万人"] == "assisting_cybercrime"
    assert offences["1200余人"] == "assisting_cybercrime"  # same paragraph, no offence of its own
    assert offences["33.2万人"] is None  # 各类犯罪: a total
    assert offences["8.1万人"] is None  # a new paragraph starts afresh


def test_a_sentence_referring_back_takes_the_offence_of_the_paragraph_before() -> None:
    text = ("Procuratorates prosecuted 67,103 people for crimes against minors in 2023.\n\n"
            "Sexual offenses accounted for 58.4 percent of those cases, with more than 39,000 "
            "people charged.\n\nProsecutors also charged 1.68 million people in 2023.")  # fmt: skip
    offences = dict(_offences(text, "en"))
    assert offences["more than 39,000 people"] == "crimes_against_minors"
    assert offences["1.68 million people"] is None  # no back-reference: a new topic


def test_offence_lists_and_paraphrases_name_the_offence() -> None:
    zh = _offences(
        "起诉性侵、虐待、拐卖未成年人等犯罪57095人，同比上升1.5%；对涉罪未成年人不起诉1.9万余人。"
    )
    assert zh == [("57095人", "crimes_against_minors"), ("1.9万余人", "juvenile_crime")]
    en = _offences("In 2023, 115,000 people were charged with helping cybercriminals.", "en")
    assert en == [("115,000 people", "assisting_cybercrime")]


def test_the_same_period_refers_to_the_period_not_to_the_comparison_base() -> None:
    text = ("More than 34,000 people were prosecuted for telecom fraud from January to October, "
            "a 52 percent increase over the same period last year.\n\n"
            "In the same period, 115,000 people were charged, up 13 percent year-on-year.")  # fmt: skip
    figures = [f for f in extract_figures(text, date(2023, 11, 30), lang="en") if f.value]
    periods = {(f.period_start, f.period_end) for f in figures}
    assert periods == {(date(2023, 1, 1), date(2023, 10, 31))}


def test_base_verb_forms_name_their_metric() -> None:
    # machine translations put past data in the future tense
    figures = extract_figures(
        "In 2021, procuratorial organs will prosecute 60,553 people.", date(2022, 5, 25)
    )
    assert [(f.value, f.metric) for f in figures] == [(60553.0, "prosecuted")]


def test_money_is_a_recovered_loss_only_when_its_clause_says_so() -> None:
    text = "会同公安机关追赃挽损3200余万元，查明涉案资金流水1.3亿元；依法冻结涉案资产186.4亿元。"
    assert [(f.text, f.metric, f.agency) for f in extract_figures(text, date(2022, 6, 15))] == [
        ("3200余万元", "recovered_losses", "procuratorate"),
        ("1.3亿元", "other", "procuratorate"),
        ("186.4亿元", "other", "procuratorate"),
    ]
    figures = extract_figures("Prosecutors helped victims recover losses of 2.3 billion yuan.",
                              date(2025, 1, 16))  # fmt: skip
    assert [f.metric for f in figures] == ["recovered_losses"]


def test_cue_words_inside_names_and_agencies_as_objects_do_not_count() -> None:
    text = "其中起诉黑社会性质组织犯罪162个3240人。监督公安机关立案、撤案合计9.8万件。"
    figures = extract_figures(text, date(2021, 1, 27))
    assert [(f.text, f.metric, f.agency) for f in figures] == [
        ("162个", "prosecuted", "procuratorate"),
        ("3240人", "prosecuted", "procuratorate"),
        ("9.8万件", "cases_handled", "procuratorate"),
    ]


def test_cases_sent_by_supervisory_commissions_are_prosecution_reviews() -> None:
    text = "受理监察机关移送职务犯罪1873人，已起诉1642人，退回补充调查163件次。"
    figures = extract_figures(text, date(2024, 1, 25))
    assert [f.metric for f in figures] == ["prosecution_review_accepted", "prosecuted", "other"]


def test_metrics_listed_before_fen_bie_go_to_the_figures_in_order() -> None:
    text = "2020年，全国检察机关批准逮捕、起诉毒品犯罪分别为4.8万人、6.9万人，同比分别下降22.6%、18.3%。"
    figures = extract_figures(text, date(2021, 6, 23))
    assert [(f.text, f.metric, f.change_value) for f in figures] == [
        ("4.8万人", "arrested", 22.6),
        ("6.9万人", "prosecuted", 18.3),
    ]
    # one metric for the list: nothing to hand out
    text = "起诉盗窃、诈骗犯罪分别为3.2万人、2.1万人。"
    assert [f.metric for f in extract_figures(text, date(2021, 6, 23))] == [
        "prosecuted",
        "prosecuted",
    ]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        (
            "Procuratorates accepted cases involving 1.36 million people for review of prosecution.",
            "prosecution_review_accepted",
        ),
        (
            "Shanghai procuratorates accepted 1,085 dangerous driving cases for review of prosecution.",
            "prosecution_review_accepted",
        ),
        (
            "The SPP has listed five major drug trafficking cases for supervision this year.",
            "cases_handled",
        ),
        (
            "A further 354 people were not prosecuted, and 1,029 cases were returned to supervisory "
            "bodies for supplementary investigation.",
            "other",
        ),
        (
            "Prosecutors charged 37,000 people with assisting crimes. Among them, about 3,100 were "
            "students.",
            "prosecuted",
        ),
    ],
)
def test_english_metric_named_after_the_figure_or_by_the_sentence_before(
    text: str, metric: str
) -> None:
    figures = extract_figures(text, date(2024, 3, 12))
    assert figures[-1].metric == metric


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        (
            "檢察機關起訴利用電信網絡實施的詐騙犯罪4.2萬餘人。",
            "检察机关起诉利用电信网络实施的诈骗犯罪4.2万余人。",
        ),
        ("對涉罪未成年人附條件不起訴1.1萬人。", "对涉罪未成年人附条件不起诉1.1万人。"),
        (
            "起訴侵犯知識產權犯罪1.8萬人，追贓挽損3.2億元。",
            "起诉侵犯知识产权犯罪1.8万人，追赃挽损3.2亿元。",
        ),
    ],
)
def test_traditional_releases_read_like_simplified_ones(traditional: str, simplified: str) -> None:
    def read(text: str) -> list[tuple[float | None, str | None, str, str | None]]:
        return [
            (f.value, f.unit, f.metric, f.offense) for f in extract_figures(text, date(2024, 3, 1))
        ]

    assert read(traditional) == read(simplified)
    assert all(
        offense for _, _, metric, offense in read(simplified) if metric != "recovered_losses"
    )


def test_list_items_count_what_the_list_introduction_names() -> None:
    text = ("上半年，全省检察机关共决定起诉31468人。起诉人数居前三位的罪名如下：\n\n"
            "危险驾驶罪7962人，占25.3%；\n\n故意伤害罪1416人，占4.5%；\n\n开设赌场罪1038人，占3.3%。\n\n"
            "此外，受理来信来访2185件次。")  # fmt: skip
    figures = [f for f in extract_figures(text, date(2022, 7, 25)) if f.unit != "percent"]
    assert [(f.text, f.metric) for f in figures] == [
        ("31468人", "prosecuted"),
        ("7962人", "prosecuted"),
        ("1416人", "prosecuted"),
        ("1038人", "prosecuted"),
        ("2185件次", "other"),
    ]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("受理审查起诉1.9万余人，对其中情节轻微的4150人作出不起诉决定。", "not_prosecuted"),
        ("全国检察机关办理支持起诉案件6.1万件。", "cases_handled"),
        ("对被不起诉人提出检察意见8.9万人。", "suggestions_issued"),
        ("检察机关共办理国家司法救助案件4.9万件。", "cases_handled"),
    ],
)
def test_chinese_cues_named_after_the_figure_or_inside_a_case_type(text: str, metric: str) -> None:
    assert extract_figures(text, date(2024, 1, 16))[-1].metric == metric


def test_table_lines_count_what_their_section_heading_names() -> None:
    text = ("1. Criminal prosecution\nArrest reviews accepted: 301,000 persons, down 2.7%\n"
            "Arrests approved: 171,000 persons, down 3.4%\nArrests not approved: 118,000 persons\n\n"
            "2. Persons prosecuted for selected offenses\nDangerous driving: 74,000, down 28.5%\n"
            "Money laundering: 1,040, up 12.6%\n\n3. Public interest litigation\n"
            "Cases opened: 46,000, up 9.3%\nLawsuits brought to court: 3,900, up 25%")  # fmt: skip
    figures = [f for f in extract_figures(text, date(2024, 7, 26)) if f.value is not None]
    assert [(f.value, f.metric) for f in figures] == [
        (301000, "arrest_review_accepted"),
        (171000, "arrested"),
        (118000, "not_arrested"),
        (74000, "prosecuted"),
        (1040, "prosecuted"),
        (46000, "public_interest_cases"),
        (3900, "public_interest_cases"),
    ]


@pytest.mark.parametrize(
    ("text", "metric", "agency"),
    [
        # the nearest body named acts
        (
            "Procuratorates lodged protests against 5,600 criminal judgments, and courts amended "
            "or remanded 3,700 of them.",
            "other",
            "court",
        ),
        # a body acting jointly with the procuratorate does not take the figure away
        (
            "The SPP and the Ministry of Public Security jointly supervised five major fraud cases.",
            "cases_handled",
            "procuratorate",
        ),
        # a court as the destination of a lawsuit is no actor
        (
            "Procuratorates filed 118,000 public interest litigation cases and brought lawsuits to "
            "court in 7,900 of them.",
            "public_interest_cases",
            "procuratorate",
        ),
    ],
)
def test_the_body_that_acts_decides_whether_a_figure_is_the_procuratorate_s(
    text: str, metric: str, agency: str
) -> None:
    assert (extract_figures(text, date(2024, 3, 1))[-1].metric,
            extract_figures(text, date(2024, 3, 1))[-1].agency) == (metric, agency)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        (
            "From the perspective of the charges, dangerous driving, theft and fraud ranked the top "
            "three, with 150,000, 88,000 and 46,000 people prosecuted respectively.",
            ["prosecuted", "prosecuted", "prosecuted"],
        ),
        (
            "Procuratorates handled 756,000 public interest litigation cases. Of the total, 395,000 "
            "concerned the environment.",
            ["public_interest_cases", "public_interest_cases"],
        ),
        ("Police helped return 14.3 billion yuan to victims.", ["recovered_losses"]),
        (
            "今年以来共清理涉企“挂案”4362件，向纪检监察机关移送违纪违法线索97条，帮助被害人获得赔偿款1.27亿元。",
            ["cases_handled", "other", "recovered_losses"],
        ),
    ],
)
def test_metrics_of_lists_breakdowns_and_outward_transfers(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract_figures(text, date(2024, 6, 1))] == metrics


def test_a_total_over_a_list_of_activities_counts_what_most_of_them_name() -> None:
    text = "全国检察机关开展监督立案、监督撤案和建议行政机关移送涉嫌犯罪案件合计14.5万件。"
    assert [f.metric for f in extract_figures(text, date(2024, 2, 27))] == ["cases_handled"]


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        (
            "全省共受理审查起诉走私犯罪案件592件。在受理的案件中，走私冻品、成品油案件分别为174件、129件。",
            [
                "prosecution_review_accepted",
                "prosecution_review_accepted",
                "prosecution_review_accepted",
            ],
        ),
        ("受理知识产权民事检察案件1710件。", ["cases_handled"]),
        ("共起诉涉养老诈骗犯罪1.2万余人，受害人员近30万人。", ["prosecuted", "other"]),
        (
            "对拟不起诉等案件公开听证1047件次；共追缴赃款赃物逾40亿元。",
            ["other", "recovered_losses"],
        ),
        (
            "As of the end of April, 870 million yuan had been recovered and returned to victims.",
            ["recovered_losses"],
        ),
        (
            "Prosecutors identified 1,130 suspects who had not been transferred by police.",
            ["other"],
        ),
    ],
)
def test_metrics_of_the_fourth_round(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract_figures(text, date(2024, 5, 16)) if f.value] == metrics


def test_customs_figures_are_no_procuratorate_figures() -> None:
    text = "2020年全省海关缉私部门共立案侦办走私犯罪案件430余起。"
    assert [(f.metric, f.agency) for f in extract_figures(text, date(2021, 6, 25))] == [
        ("other", "customs")
    ]
