"""The bundled demo site, served by the real server on 127.0.0.1 and read with requests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import requests
from bs4 import BeautifulSoup

from pipeline.demo import sitegen
from pipeline.demo.server import serve_site
from pipeline.demo.sitegen import SampleRelease

ZH_INDEX = "/spp/xwfbh/wsfbt/index.shtml"
EN_INDEX = "/en/news/index.htm"
TRS_PAGER = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"index",\s*"shtml"\)')


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_site() as url:
        yield url


@pytest.fixture(scope="module")
def releases() -> list[SampleRelease]:
    return sitegen.load_releases()


def _soup(resp: requests.Response) -> BeautifulSoup:
    return BeautifulSoup(resp.content, "lxml")


def _crawl_listing(
    base_url: str, start: str, item_selector: str
) -> tuple[list[str], list[BeautifulSoup], list[tuple[str, str]]]:
    """Follow a.next from the first listing page; return page URLs, soups and (href, date)."""
    urls: list[str] = []
    soups: list[BeautifulSoup] = []
    items: list[tuple[str, str]] = []
    url: str | None = base_url + start
    while url is not None:
        assert url not in urls, f"pagination loops back to {url}"
        resp = requests.get(url, timeout=10)
        assert resp.status_code == 200, url
        soup = _soup(resp)
        urls.append(url)
        soups.append(soup)
        for li in soup.select(item_selector):
            link = li.find("a")
            date = li.find("span")
            assert link is not None and date is not None, li
            items.append((urljoin(url, str(link["href"])), date.get_text(strip=True)))
        nxt = soup.select_one("a.next")
        url = urljoin(url, str(nxt["href"])) if nxt is not None else None
    return urls, soups, items


def _canonical(url: str) -> str:
    """Key an article URL like the real crawler must: drop #1 and the optional /spp prefix."""
    path = urldefrag(url).url.split("://", 1)[1].split("/", 1)[1]
    return "/" + path.removeprefix("spp/")


# ------------------------------------------------------------------------------ data


def test_enough_releases_over_2019_to_2025(releases: list[SampleRelease]) -> None:
    zh = [r for r in releases if r.lang == "zh" and r.template != "video"]
    en = [r for r in releases if r.lang == "en"]
    assert len(zh) >= 30
    assert len(en) >= 8
    assert {r.published.year for r in zh} == set(range(2019, 2026))
    gbk = [r for r in zh if r.encoding != "utf-8"]
    assert 0.25 <= len(gbk) / len(zh) <= 0.4  # about a third
    assert sum(r.template == "video" for r in releases) == 1


def test_trs_ids_increase_over_time(releases: list[SampleRelease]) -> None:
    zh = sorted((r for r in releases if r.lang == "zh"), key=lambda r: r.published)
    ids = [r.article_id for r in zh]
    assert ids == sorted(ids)
    assert all(
        400_000 < i < 460_000 for r, i in zip(zh, ids, strict=True) if r.published.year == 2019
    )
    assert all(
        670_000 <= i < 720_000 for r, i in zip(zh, ids, strict=True) if r.published.year == 2025
    )


def test_releases_hold_enough_figures(releases: list[SampleRelease]) -> None:
    number = re.compile(
        r"\d[\d,.]*\s*(?:余|多)?\s*(?:万|亿)?\s*(?:余|多)?\s*"
        r"(?:人次|件次|人|件|名|元|%|倍|个百分点|份|次|percent|people|suspects|individuals|cases)"
    )
    count = sum(len(number.findall(p)) for r in releases for p in r.paragraphs)
    assert count >= 150, count


_HEADLINE_PATTERNS = {
    "arrested": r"批准(?:和决定)?逮捕各类犯罪嫌疑人([\d.]+)(万)?人，同比(上升|下降)([\d.]+)%",
    "not_arrested": r"不捕([\d.]+)(万)?人，同比(上升|下降)([\d.]+)%",
    "prosecuted": r"决定起诉([\d.]+)(万)?人，同比(上升|下降)([\d.]+)%",
    "not_prosecuted": r"不起诉([\d.]+)(万)?人，同比(上升|下降)([\d.]+)%",
    "non_arrest_rate": r"不捕率([\d.]+)()%，同比(增加|减少)([\d.]+)个百分点",
    "non_prosecution_rate": r"不(?:起)?诉率([\d.]+)()%，同比(增加|减少)([\d.]+)个百分点",
}


def _headline_figures(rel: SampleRelease) -> dict[str, tuple[float, float]]:
    """{metric: (value, signed year-on-year change)} of the headline figures of a data release."""
    text = "".join(rel.paragraphs)
    found: dict[str, tuple[float, float]] = {}
    for metric, pattern in _HEADLINE_PATTERNS.items():
        match = re.search(pattern, text)
        if match:
            value = float(match.group(1)) * (10_000 if match.group(2) else 1)
            sign = 1 if match.group(3) in ("上升", "增加") else -1
            found[metric] = (value, sign * float(match.group(4)))
    assert {"arrested", "prosecuted"} <= set(found), rel.id
    return found


def test_quarterly_series_agree_year_on_year(releases: list[SampleRelease]) -> None:
    # keyed by publication year: the full-year data of year N is published in January N+1
    series = {(r.series, r.published.year): r for r in releases if r.series and r.lang == "zh"}
    pairs = [(s, y) for (s, y) in series if (s, y - 1) in series]
    assert {s for s, _ in pairs} == {"q1", "h1", "q3", "fy"}
    assert sum(s == "q1" for s, _ in pairs) >= 4  # Q1 of 2021..2025
    checked = 0
    for s, year in pairs:
        now = _headline_figures(series[(s, year)])
        before = _headline_figures(series[(s, year - 1)])
        for metric, (value, change) in now.items():
            if metric not in before:
                continue
            checked += 1
            if metric.endswith("_rate"):  # change in percentage points
                assert value - before[metric][0] == pytest.approx(change, abs=0.15), (s, year)
            else:
                expected = before[metric][0] * (1 + change / 100)
                assert value == pytest.approx(expected, rel=0.01), (s, year, metric)
    assert checked >= 50


# ------------------------------------------------------------------------------ generated files


def test_committed_site_matches_generator() -> None:
    expected = sitegen.render_site()
    on_disk = {
        p.relative_to(sitegen.SITE_DIR).as_posix(): p.read_bytes()
        for p in sitegen.SITE_DIR.rglob("*")
        if p.is_file()
    }
    stale = sorted(set(on_disk) ^ set(expected))
    assert not stale, f"run python -m pipeline.demo.sitegen; differing file set: {stale[:5]}"
    changed = sorted(name for name in expected if expected[name] != on_disk[name])
    assert not changed, f"run python -m pipeline.demo.sitegen; changed: {changed[:5]}"


def test_write_site_is_deterministic(tmp_path: Path) -> None:
    sitegen.write_site(tmp_path)
    (tmp_path / "stale.htm").write_text("old")
    count = sitegen.write_site(tmp_path)
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == count
    assert "stale.htm" not in files


# ------------------------------------------------------------------------------ server


def test_zh_listing_links_every_article(base_url: str, releases: list[SampleRelease]) -> None:
    urls, soups, items = _crawl_listing(base_url, ZH_INDEX, "div.commonList_con ul.li_line > li")
    zh = [r for r in releases if r.lang == "zh"]
    assert sorted(_canonical(u) for u, _ in items) == sorted(
        r.path.removeprefix("/spp") for r in zh
    )
    # every href, whatever its form, answers 200
    for url, _ in items:
        assert requests.get(url, timeout=10).status_code == 200, url
    hrefs = [str(a["href"]) for s in soups for a in s.select("div.commonList_con li > a")]
    assert any(h.startswith("./") for h in hrefs)
    assert any(h.startswith("/spp/xwfbh/wsfbt/") for h in hrefs)
    assert any(h.startswith("/xwfbh/wsfbt/") for h in hrefs)
    assert any(h.endswith("#1") for h in hrefs)
    dates = [d for _, d in items]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{2}月\d{2}日", d) for d in dates)
    assert any("年" in d for d in dates)
    assert len(urls) == -(-len(zh) // sitegen.ZH_PAGE_SIZE)


def test_zh_pagination_chain_complete(base_url: str) -> None:
    urls, soups, _ = _crawl_listing(base_url, ZH_INDEX, "div.commonList_con li")
    expected = [base_url + "/spp/xwfbh/wsfbt/index.shtml"] + [
        f"{base_url}/spp/xwfbh/wsfbt/index_{i}.shtml" for i in range(1, len(urls))
    ]
    assert urls == expected
    for index, soup in enumerate(soups):
        match = TRS_PAGER.search(soup.get_text() + str(soup))
        assert match, urls[index]
        assert (int(match.group(1)), int(match.group(2))) == (len(urls), index)
        assert len(soup.select("div.commonList_con li")) <= 10
    assert soups[-1].select_one("a.next") is None
    assert requests.get(f"{base_url}/spp/xwfbh/wsfbt/index_{len(urls)}.shtml").status_code == 404


def test_en_listing_links_every_article(base_url: str, releases: list[SampleRelease]) -> None:
    urls, _, items = _crawl_listing(base_url, EN_INDEX, "ul.newsList > li")
    en = sorted(r.path for r in releases if r.lang == "en")
    assert sorted(u.removeprefix(base_url) for u, _ in items) == en
    assert len(urls) >= 2
    dates = [d for _, d in items]
    assert dates == sorted(dates, reverse=True)


def test_zh_article_markup(base_url: str, releases: list[SampleRelease]) -> None:
    rel = next(r for r in releases if r.id == "zh-2024-q1")
    resp = requests.get(base_url + rel.path, timeout=10)
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    soup = _soup(resp)
    assert soup.title is not None
    assert soup.title.get_text() == rel.title + "_中华人民共和国最高人民检察院"
    assert soup.select_one("div.detail_tit").get_text() == rel.title
    assert "时间：2024-04-26" in soup.select_one("div.detail_extend1").get_text()
    paras = [p.get_text() for p in soup.select("#fontzoom p")]
    assert paras == ["\u3000\u3000" + p for p in rel.paragraphs]
    # the same page without the /spp prefix
    bare = requests.get(base_url + rel.path.removeprefix("/spp"), timeout=10)
    assert bare.status_code == 200 and bare.content == resp.content


@pytest.mark.parametrize("template", ["custom", "nested"])
def test_older_wrappers_keep_paragraphs_under_fontzoom(
    base_url: str, releases: list[SampleRelease], template: str
) -> None:
    for rel in (r for r in releases if r.template == template):
        soup = _soup(requests.get(base_url + rel.path, timeout=10))
        body = soup.select_one("#fontzoom")
        assert body is not None
        text = body.get_text()
        assert all(p in text for p in rel.paragraphs), rel.id


def test_gbk_pages_are_gbk_bytes(base_url: str, releases: list[SampleRelease]) -> None:
    gbk = [r for r in releases if r.encoding != "utf-8"]
    assert gbk
    for rel in gbk:
        resp = requests.get(base_url + rel.path, timeout=10)
        assert resp.headers["Content-Type"] == "text/html", rel.id  # no charset in the header
        with pytest.raises(UnicodeDecodeError):
            resp.content.decode("utf-8")
        text = resp.content.decode("gb18030")
        assert f"charset={rel.encoding}" in text
        assert rel.title in text
        assert all(p in text for p in rel.paragraphs)


def test_broken_video_page_has_no_body(base_url: str, releases: list[SampleRelease]) -> None:
    rel = next(r for r in releases if r.template == "video")
    soup = _soup(requests.get(base_url + rel.path, timeout=10))
    assert soup.select_one("#fontzoom") is None
    assert soup.select_one("div.video_con") is not None
    listing = "".join(
        requests.get(f"{base_url}/spp/xwfbh/wsfbt/{sitegen.listing_name(i, 'shtml')}").text
        for i in range(5)
    )
    assert rel.path.rsplit("/", 1)[1] in listing


def test_en_article_markup(base_url: str, releases: list[SampleRelease]) -> None:
    rel = next(r for r in releases if r.id == "en-2023-q1")
    resp = requests.get(base_url + rel.path, timeout=10)
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    soup = _soup(resp)
    assert soup.title is not None
    assert soup.title.get_text() == rel.title + " - Supreme People's Procuratorate"
    assert soup.select_one("h1.title").get_text() == rel.title
    assert soup.select_one("div.info").get_text() == "Xinhua| April 27, 2023"
    assert [p.get_text() for p in soup.select("#Content p")] == list(rel.paragraphs)
    assert "Presented by China Daily." in soup.select_one("div.footer").get_text()


def test_robots_and_missing_paths(base_url: str) -> None:
    robots = requests.get(base_url + "/robots.txt", timeout=10)
    assert robots.status_code == 200
    assert robots.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /search/" in robots.text
    for path in (
        "/spp/xwfbh/wsfbt/202304/t20230427_999999.shtml",
        "/search/?q=x",
        "/../etc/passwd",
    ):
        assert requests.get(base_url + path, timeout=10).status_code == 404, path
    head = requests.head(base_url + ZH_INDEX, timeout=10)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) > 0


def test_server_stops_on_exit() -> None:
    with serve_site() as url:
        assert requests.get(url + ZH_INDEX, timeout=10).status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(url + ZH_INDEX, timeout=2)
