"""Listing and article parsing on pages in the real www.spp.gov.cn / en.spp.gov.cn markup."""

from datetime import date

import pytest

from pipeline.parse import ParseError, next_page_url, parse_article, parse_date, parse_listing
from pipeline.sources import load_source
from tests.conftest import REPO

BASE = "http://127.0.0.1:8000"
SAMPLE = load_source(
    REPO / "pipeline" / "sources" / "sample.yaml", base_url=BASE, host="127.0.0.1:8000"
)

LISTING = """<html><body><div class="commonList_con"><ul class="li_line">
<li><a href="./202304/t20230427_612345.shtml" target="_blank">最高检发布一季度检察机关主要办案数据</a>
<span>2023-04-27</span></li>
<li><a href="//xwfbh/wsfbt/202303/t20230308_606000.shtml#1"><span>最高人民检察院工作报告</span></a>
<span>2023年03月08日</span></li>
<li><span>没有链接的条目</span></li>
</ul></div>
<script>createPageHTML(4, 0, "index", "shtml");</script></body></html>"""

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>2023年1至3月全国检察机关主要办案数据_中华人民共和国最高人民检察院</title></head><body>
<div class="header">首页 &gt; 网上发布厅</div>
<div class="detail"><div class="detail_tit">2023年1至3月全国检察机关主要办案数据</div>
<div class="detail_extend1"><span>时间：2023-04-27 10:00</span>&nbsp;<span>来源：最高人民检察院</span></div>
<div id="fontzoom"><div class="TRS_Editor">
<p>\u3000\u3000一、总体情况</p>
<p>\u3000\u30001至3月，全国检察机关共批准和决定逮捕各类犯罪嫌疑人12.5万人，同比上升44.6%；
不捕11.5万人，不捕率48.5%。</p><p><br></p>
<p>\u3000\u3000决定起诉33.2万人。<br>其中，起诉危险驾驶犯罪8.3万人。</p>
</div></div><div id="pageBreak">1 2</div>
</div><div class="footer">Copyrights©最高人民检察院</div></body></html>"""


def test_listing_entries_resolve_links_dates_and_titles() -> None:
    page = BASE + "/spp/xwfbh/wsfbt/index.shtml"
    items = parse_listing(LISTING, SAMPLE.listing, page)
    assert [i.url for i in items] == [
        BASE + "/spp/xwfbh/wsfbt/202304/t20230427_612345.shtml",
        BASE + "/xwfbh/wsfbt/202303/t20230308_606000.shtml#1",
    ]
    assert items[0].title == "最高检发布一季度检察机关主要办案数据"
    assert [i.date for i in items] == [date(2023, 4, 27), date(2023, 3, 8)]


def test_trs_pagination_numbers_page_two_index_1() -> None:
    page = BASE + "/spp/xwfbh/wsfbt/index.shtml"
    assert (
        next_page_url(LISTING, SAMPLE.listing, page, 1) == BASE + "/spp/xwfbh/wsfbt/index_1.shtml"
    )
    assert next_page_url(LISTING, SAMPLE.listing, page, 3).endswith("index_3.shtml")
    assert next_page_url(LISTING, SAMPLE.listing, page, 4) is None  # createPageHTML(4, ...)


def test_article_title_date_and_body_keep_paragraphs_and_drop_indentation() -> None:
    parsed = parse_article(
        ARTICLE, SAMPLE.article, BASE + "/spp/xwfbh/wsfbt/202304/t20230427_612345.shtml"
    )
    assert parsed.title == "2023年1至3月全国检察机关主要办案数据"
    assert parsed.published == date(2023, 4, 27)
    paragraphs = parsed.body.split("\n\n")
    assert paragraphs[0] == "一、总体情况"
    assert paragraphs[1].startswith("1至3月，全国检察机关共批准和决定逮捕各类犯罪嫌疑人12.5万人")
    assert (
        "\u3000" not in parsed.body and "Copyrights" not in parsed.body and "1 2" not in parsed.body
    )
    assert paragraphs[-1] == "其中，起诉危险驾驶犯罪8.3万人。"


def test_article_without_body_container_is_a_parse_error() -> None:
    page = ARTICLE.replace('id="fontzoom"', 'class="video_con"')
    with pytest.raises(ParseError, match="body selector"):
        parse_article(page, SAMPLE.article, BASE + "/x/t20230427_1.shtml")


def test_date_falls_back_to_listing_then_url() -> None:
    page = ARTICLE.replace("时间：2023-04-27 10:00", "")
    url = BASE + "/spp/xwfbh/wsfbt/202305/t20230502_612999.shtml"
    assert parse_article(page, SAMPLE.article, url, date(2023, 4, 30)).published == date(
        2023, 4, 30
    )
    assert parse_article(page, SAMPLE.article, url).published == date(2023, 5, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("时间：2023-04-27", date(2023, 4, 27)),
        ("发布时间：2023年04月27日 10:00", date(2023, 4, 27)),
        ("2023-4-7 10:00", date(2023, 4, 7)),
        ("Xinhua| April 27, 2023", date(2023, 4, 27)),
        ("en.spp.gov.cn| Mar. 12, 2024", date(2024, 3, 12)),
        ("no date here", None),
        ("2023-02-30", None),
    ],
)
def test_date_formats(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected
