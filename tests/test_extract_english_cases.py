"""English detection, units and changes: phone and case numbers, spelled scale words, number
lists sharing one change unit, head nouns, subjects and baselines that name a unit, ratios."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import changes, extract_figures, lexicon

PUB = date(2023, 10, 20)


def _figures(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(f.text, f.value, f.unit) for f in extract_figures(text, PUB)]


def _changes(text: str) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(f.text, f.change_value, f.change_unit, f.change_direction)
            for f in extract_figures(text, PUB)]  # fmt: skip


# --- phone numbers, case numbers and bare scale words are not figures


def test_hotline_number_with_words_before_the_hotline_is_no_figure() -> None:
    text = (
        "Procuratorates prosecuted 1,240 people for fraud. Residents can report clues through "
        "the 12309 procuratorial service hotline or online."
    )
    assert _figures(text) == [("1,240 people", 1240, "person")]


def test_number_after_dial_or_call_with_words_between_is_no_figure() -> None:
    text = (
        "Prosecutors charged 860 suspects in the period. Victims may dial the 12345 line, "
        "call or text 12355, or ring the hotline on 96110."
    )
    assert _figures(text) == [("860 suspects", 860, "person")]


def test_a_count_followed_by_the_word_hotline_later_is_kept() -> None:
    text = "About 3,000 people called the anti-fraud hotline during the campaign."
    assert _figures(text) == [("About 3,000 people", 3000, "person")]


def test_parts_of_a_case_number_are_no_figures() -> None:
    text = (
        "Procuratorates in Beijing prosecuted 2,100 people for fraud. In case No. (2023) Jing "
        "0105 Xing Chu 1234, a court sentenced 14 defendants to prison; a related ruling, "
        "[2022] Hu 0115 Min Chu 5678, ordered refunds."
    )
    assert _figures(text) == [("2,100 people", 2100, "person"), ("14 defendants", 14, "person")]


def test_bare_hundred_or_dozen_is_no_count() -> None:
    text = (
        "Prosecutors warned that selling a card for a few hundred yuan can lead to charges; "
        "several dozen suspects were students. Two hundred people and two dozen cases were "
        "reviewed."
    )
    assert _figures(text) == [
        ("Two hundred people", 200, "person"),
        ("two dozen cases", 24, "case"),
    ]


# --- a number list sharing one change unit


def test_numbers_sharing_a_change_unit_are_one_group_and_no_figures() -> None:
    text = (
        "Procuratorates approved the arrest of 7,210 suspects involved in 3,980 smuggling cases "
        "last year, up 6 and 11 percent respectively from 2021."
    )
    assert _changes(text) == [
        ("7,210 suspects", 6, "percent", "up"),
        ("3,980 smuggling cases", 11, "percent", "up"),
    ]


def test_three_numbers_sharing_a_change_unit_with_qualifiers() -> None:
    text = (
        "They charged 1,450 people, 930 suspects and 312 officials, down nearly 5, 8 and "
        "12.5 percent year on year, respectively."
    )
    assert _changes(text) == [
        ("1,450 people", 5, "percent", "down"),
        ("930 suspects", 8, "percent", "down"),
        ("312 officials", 12.5, "percent", "down"),
    ]


def test_number_first_list_sharing_a_unit() -> None:
    text = (
        "Arrests of 2,400 people and prosecutions of 3,100 people saw 9 and 14 percent increases."
    )
    assert _changes(text) == [
        ("2,400 people", 9, "percent", "up"),
        ("3,100 people", 14, "percent", "up"),
    ]


def test_separate_percent_list_still_distributes() -> None:
    text = (
        "They approved the arrest of 521,000 suspects and decided not to arrest 287,000, a "
        "year-on-year increase of 30.5 percent and 9.6 percent respectively."
    )
    assert [change[1:] for change in _changes(text)] == [
        (30.5, "percent", "up"),
        (9.6, "percent", "up"),
    ]


# --- units from head nouns, copulas, subjects and baselines


def test_subject_number_before_were_takes_the_complement_noun() -> None:
    text = (
        "Prosecutors charged 48,000 people with card selling in the first half. Among them, "
        "about 2,700 were college students and 410 were repeat offenders, while 12,385 were "
        "charged with other crimes."
    )
    found = [(f.text, f.value, f.unit, f.qualifier) for f in extract_figures(text, PUB)]
    assert found[:3] == [
        ("48,000 people", 48000, "person", "exact"),
        ("about 2,700 were college students", 2700, "person", "about"),
        ("410 were repeat offenders", 410, "person", "exact"),
    ]


def test_fugitives_and_leads_are_counted_nouns() -> None:
    text = (
        "Under the operation, 1,254 fugitives were brought back from 66 countries and regions. "
        "Procuratorates passed about 2,900 leads on corruption to supervisory bodies."
    )
    assert _figures(text) == [
        ("1,254 fugitives", 1254, "person"),
        ("66 countries", 66, "item"),
        ("about 2,900 leads", 2900, "item"),
    ]


def test_subject_of_the_clause_names_the_unit_over_an_earlier_sentence() -> None:
    text = (
        "Procuratorates handled 612,000 such cases in five years; 188,000 of those were filed "
        "last year. Last year alone, the number of people prosecuted stood at 1.71 million, "
        "down 2.1 percent from 2021."
    )
    found = {f.text: (f.unit, f.change_value) for f in extract_figures(text, PUB)}
    assert found["1.71 million"] == ("person", 2.1)


def test_number_of_with_modifiers_names_the_unit() -> None:
    text = (
        "Prosecutors charged 900 people. The number of telecom fraud cases prosecuted rose to "
        "12,300 in the period."
    )
    assert _figures(text)[-1] == ("12,300", 12300, "case")


def test_coordinated_subject_nouns_go_to_the_numbers_in_order() -> None:
    text = (
        "Since 2019, the numbers of cases and suspects handled by the office have grown to "
        "4,500 and 7,800 respectively."
    )
    assert [(f.value, f.unit) for f in extract_figures(text, PUB)] == [
        (4500, "case"),
        (7800, "person"),
    ]


def test_contact_words_before_a_comma_do_not_block_a_count() -> None:
    text = "In response to the call, 3,000 people joined; according to the text, 300 cases closed."
    assert _figures(text) == [("3,000 people", 3000, "person"), ("300 cases", 300, "case")]


def test_small_comparison_baseline_borrows_the_unit() -> None:
    text = (
        "Prosecutions for money laundering remained few: 157 people were charged last year, "
        "compared with 86 in 2018. Another 240 suspects were arrested, up from 75 a year earlier."
    )
    found = [(f.text, f.value, f.unit) for f in extract_figures(text, PUB)]
    assert ("86", 86, "person") in found
    assert ("75", 75, "person") in found


def test_small_unitless_number_that_is_no_baseline_stays_out() -> None:
    text = "Prosecutors charged 157 people, and 86 of the trials took place in 2018."
    assert [f.value for f in extract_figures(text, PUB)] == [157]


# --- ratios to a named figure


def test_times_the_number_is_a_change_of_the_count_before_it() -> None:
    text = (
        "During the campaign, procuratorates prosecuted 215,000 people in gang-related cases, "
        "2.8 times the number in the previous three years."
    )
    assert _changes(text) == [("215,000 people", 2.8, "times", "up")]


def test_spelled_ratios_to_a_named_figure() -> None:
    assert _changes("They charged 1,300 people, three times that of 2018.") == [
        ("1,300 people", 3, "times", "up")
    ]
    assert _changes("They charged 1,300 people, twice the number in 2018.") == [
        ("1,300 people", 2, "times", "up")
    ]


def test_up_to_n_times_is_a_cap_not_a_change() -> None:
    text = (
        "The court fined 300 fraudsters up to five times the number of yuan they took, and 40 "
        "platforms up to 3 times the total."
    )
    assert _changes(text) == [
        ("300 fraudsters", None, None, None),
        ("40 platforms", None, None, None),
    ]


# --- the verb-first finder checks its left boundary in Python: same matches as the lookbehind


_TOKENS = [
    "up", "rose", "down", "increase", "making ", "make ", "x", "-", " ", "  ", "5", "8",
    "12.5", "1,200", "percent", " percent", "%", "times", " and ", " or ", ", ", "by ",
    "of ", "nearly ", "about ", "setup ", "\n", ".",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_verb_first_matches_equal_the_lookbehind_regex(text: str) -> None:
    words = lexicon.load("changes")["en"]
    plain = re.compile(
        rf"(?<![\w-])(?<!making )(?<!made )(?<!makes )(?<!make )"
        rf"(?P<dir>{lexicon.alternation(words['up'] + words['down'])})\s+(?:by\s+|of\s+)?"
        rf"{changes._EN_LISTED}"
    )
    fast = [(m.start(), m.end(), m.groupdict()) for m in changes._verb_first_matches(text)]
    assert fast == [(m.start(), m.end(), m.groupdict()) for m in plain.finditer(text)]


# --- data tables rendered as "Label: number" lines


def _rows(text: str) -> list[tuple[str, float | None, str | None, str]]:
    return [(f.text, f.value, f.unit, f.qualifier) for f in extract_figures(text, PUB)]


def test_table_rows_take_the_unit_their_heading_names() -> None:
    text = (
        "Below are the figures for the quarter.\n\n"
        "Suspects prosecuted, by type of offense\n"
        "Theft: 52,300, down 4.1%\n"
        "Drug trafficking: 8,910\n"
        "- Smuggling: 1,020, up 7.5%"
    )
    assert _rows(text) == [
        ("52,300", 52300, "person", "exact"),
        ("8,910", 8910, "person", "exact"),
        ("1,020", 1020, "person", "exact"),
    ]
    assert [f.change_value for f in extract_figures(text, PUB)] == [4.1, None, 7.5]


def test_table_row_label_opening_on_a_counted_noun_names_the_unit() -> None:
    text = (
        "3. Public interest litigation\n"
        "Cases filed: 51,200, up 6.2%\n"
        "Pre-trial suggestions issued: 38,400\n"
        "Lawsuits brought: about 4,100"
    )
    assert _rows(text) == [
        ("51,200", 51200, "case", "exact"),
        ("38,400", 38400, "item", "exact"),
        ("about 4,100", 4100, "case", "about"),
    ]


def test_offence_noun_in_a_label_yields_to_the_heading_and_possessives_are_modifiers() -> None:
    text = (
        "People charged in the first half\n"
        "Drug crimes: 3,400\n"
        "Infringing consumers' rights: 760\n"
        "Crimes against minors: 2,050"
    )
    assert [(value, unit) for _, value, unit, _ in _rows(text)] == [
        (3400, "person"),
        (760, "person"),
        (2050, "person"),
    ]


def test_the_unit_a_table_states_wins_over_its_heading_noun() -> None:
    text = (
        "Table 2. Cases handled, by province (unit: persons)\n"
        "Zhejiang: 3,400\n"
        "Jiangsu: 2,900\n\n"
        "Unit: 10,000 persons\n"
        "Guangdong: 4.1"
    )
    assert _rows(text) == [("3,400", 3400, "person", "exact"), ("2,900", 2900, "person", "exact")]


def test_a_row_number_heads_no_noun_on_the_next_line() -> None:
    text = "Procuratorial suggestions issued: 31,000\nLawsuits filed: 3,900, up 25%"
    assert [(value, unit) for _, value, unit, _ in _rows(text)] == [
        (31000, "item"),
        (3900, "case"),
    ]


def test_clock_times_and_colons_in_prose_are_no_table_rows() -> None:
    text = (
        "Press conference\nTime: 10:30\n\n"
        "The SPP summed up the year in one line: 2,400 people were prosecuted for fraud."
    )
    assert _rows(text) == [("2,400 people", 2400, "person", "exact")]


def test_a_blank_line_ends_the_table_a_heading_governs() -> None:
    text = "Persons prosecuted\nFraud: 4,100\n\nTheft: 96"
    assert _rows(text) == [("4,100", 4100, "person", "exact")]


# --- qualifiers written as signs and suffixes


def test_comparison_signs_before_a_number_are_qualifiers() -> None:
    text = (
        "Leniency applied in: >90%\n"
        "Share of pretrial detention: <25%\n"
        "Rate of adopted sentencing proposals: ≥ 95 percent"
    )
    assert _rows(text) == [
        (">90%", 90, "percent", "more_than"),
        ("<25%", 25, "percent", "less_than"),
        ("≥ 95 percent", 95, "percent", "more_than"),
    ]


def test_plus_and_odd_after_a_number_mean_more_than() -> None:
    text = (
        "Prosecutors charged 2,400-plus people with harming wildlife, closed 3,000-odd cases "
        "of illegal fishing and shut 500+ websites."
    )
    assert _rows(text) == [
        ("2,400-plus people", 2400, "person", "more_than"),
        ("3,000-odd cases", 3000, "case", "more_than"),
        ("500+ websites", 500, "item", "more_than"),
    ]


def test_upward_of_and_above_are_more_than() -> None:
    text = (
        "Procuratorates opened 197,000 cases, upward of 500 of which concerned cultural "
        "relics, and courts backed above 98 percent of the lawsuits."
    )
    found = _rows(text)
    assert ("upward of 500", 500, "case", "more_than") in found
    assert ("above 98 percent", 98, "percent", "more_than") in found


def test_judgments_are_cases_and_of_them_borrows_their_unit() -> None:
    text = (
        "Procuratorates lodged protests against 5,600 criminal judgments, and courts amended "
        "3,700 of them."
    )
    assert _rows(text) == [
        ("5,600 criminal judgments", 5600, "case", "exact"),
        ("3,700", 3700, "case", "exact"),
    ]


# --- multiplying verbs


def test_tripled_and_quadrupled_are_multiples() -> None:
    assert _changes("Money laundering prosecutions almost tripled from 2018, to 570 people.") == [
        ("570 people", 3, "times", "up")
    ]
    assert _changes("Cases of illegal fishing quadrupled to 1,240 cases in the period.") == [
        ("1,240 cases", 4, "times", "up")
    ]
    assert _changes("Prosecutions for smuggling doubled to 820 people.") == [
        ("820 people", 2, "times", "up")
    ]


def test_signed_percentages_in_table_rows_are_changes() -> None:
    text = (
        "Prosecuted: 398,000 persons (+1.9%)\n"
        "Not prosecuted: 96,000 persons, -11.4%\n"
        "Non-arrest rate: 40.8%, +1.2 percentage points\n"
        "Rates ranged over 10-15% in the covid-19 period."
    )
    assert _changes(text) == [
        ("398,000 persons", 1.9, "percent", "up"),
        ("96,000 persons", 11.4, "percent", "down"),
        ("40.8%", 1.2, "percentage_points", "up"),
    ]  # "10-15%" is a range, and "-19" no minus sign


# --- en4: particles, thresholds, back-references, partitives, points "higher than"


def test_over_after_a_verb_is_its_particle_not_a_qualifier() -> None:
    text = (
        "The central bank handed over 960 leads to police in the first nine months, and "
        "customs turned over 35 suspects. Prosecutors charged over 1,200 people."
    )
    assert _rows(text) == [
        ("960 leads", 960, "item", "exact"),
        ("35 suspects", 35, "person", "exact"),
        ("over 1,200 people", 1200, "person", "more_than"),
    ]


def test_number_the_text_names_as_a_hotline_is_no_figure_elsewhere() -> None:
    text = (
        "Procuratorates granted relief to 7,050 people. Victims can apply through the 12309 "
        "China procuratorial network or by calling the 12309 hotline."
    )
    assert _figures(text) == [("7,050 people", 7050, "person")]


def test_amount_of_a_legal_threshold_is_no_figure() -> None:
    text = (
        "In Beihai, 23 people were prosecuted for smuggling. Under a judicial interpretation, "
        "evading duties of more than 2.5 million yuan counts as especially serious smuggling, "
        "and a theft of over 3,000 yuan is considered relatively large. In Fujian, 40 "
        "cases constitute 12 percent of the total."
    )
    assert _figures(text) == [
        ("23 people", 23, "person"),
        ("40 cases", 40, "case"),
        ("12 percent", 12, "percent"),
    ]


def test_what_each_item_involves_is_no_figure_and_of_them_takes_the_unit() -> None:
    text = (
        "Procuratorates intervened early in 92 major accidents, each of which killed at least "
        "three people, and placed 17 of them under listed supervision. A gas explosion killed "
        "nine people and injured 14 others."
    )
    assert _figures(text) == [
        ("92 major accidents", 92, "case"),
        ("17", 17, "case"),
        ("nine people", 9, "person"),
        ("14 others", 14, "person"),
    ]


def test_definite_repeat_of_a_figure_refers_back_and_gives_the_part_its_unit() -> None:
    text = (
        "Prosecutors charged 1,286 people in 412 cases of fraud targeting the elderly. "
        "Of the 412 cases, 97 involved illegal fund-raising."
    )
    assert _figures(text) == [
        ("1,286 people", 1286, "person"),
        ("412 cases", 412, "case"),
        ("97", 97, "case"),
    ]


def test_partitive_of_the_and_new_counted_nouns() -> None:
    text = (
        "Procuratorates provided assistance in 5,730 person-times; 14,900 of the recipients "
        "came from poor households. They handled 1,146 requests and prosecuted 6,310 foreign "
        "nationals. Among them, 47 were controlling shareholders."
    )
    assert _figures(text) == [
        ("5,730 person-times", 5730, "other"),
        ("14,900", 14900, "person"),
        ("1,146 requests", 1146, "item"),
        ("6,310 foreign nationals", 6310, "person"),
        ("47 were controlling shareholders", 47, "person"),
    ]


def test_percentage_points_higher_than_is_the_change_of_the_rate() -> None:
    text = (
        "The conditional non-prosecution rate reached 36.8 percent, 2.3 percentage points "
        "higher than in 2023. The arrest rate was 41.2 percent, 1.5 percentage points lower "
        "than a year earlier."
    )
    assert _changes(text) == [
        ("36.8 percent", 2.3, "percentage_points", "up"),
        ("41.2 percent", 1.5, "percentage_points", "down"),
    ]


def test_parents_and_guardians_are_persons() -> None:
    text = 'Procuratorates issued "guardianship orders" to 29,300 parents or guardians last year.'
    assert _figures(text) == [("29,300 parents", 29300, "person")]
