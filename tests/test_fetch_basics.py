"""URL canonicalisation, encodings and the raw archive."""

import gzip
import hashlib
from pathlib import Path

import pytest

from pipeline.fetch.archive import FetchRecord, RawArchive
from pipeline.fetch.encoding import DecodeError, decode_html
from pipeline.fetch.urls import absolute, article_key, canonical_url
from pipeline.sources import load_sources
from tests.conftest import REPO

SPP = load_sources(REPO / "pipeline" / "sources")["spp"]
PAGE = "https://www.spp.gov.cn/spp/xwfbh/wsfbt/index.shtml"


@pytest.mark.parametrize(
    "href",
    [
        "./202311/t20231130_635181.shtml",
        "/spp/xwfbh/wsfbt/202311/t20231130_635181.shtml#1",
        "/xwfbh/wsfbt/202311/t20231130_635181.shtml",
        "//xwfbh/wsfbt/202311/t20231130_635181.shtml",
        "https://www.spp.gov.cn//spp/xwfbh/wsfbt/202311/t20231130_635181.shtml",
    ],
)
def test_every_link_form_of_one_trs_article_has_one_key(href: str) -> None:
    url = absolute(href, PAGE)
    assert url.startswith("https://www.spp.gov.cn/")
    assert article_key(url, SPP) == "t20231130_635181"
    assert "#" not in canonical_url(url) and "//xwfbh" not in canonical_url(url)[8:]


def test_key_without_id_pattern_drops_the_optional_prefix() -> None:
    url = "https://www.spp.gov.cn/spp/gjybs/index.shtml"
    assert article_key(url, SPP) == "/gjybs/index.shtml"


GBK_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    "<body><p>检察机关起诉利用电信网络实施的诈骗犯罪4.2万余人，同比上升63.5%。镕</p></body></html>"
)


def test_gbk_page_decodes_from_its_meta_charset_as_gb18030() -> None:
    raw = GBK_PAGE.encode("gbk")  # 镕 is outside GB2312: only the GB18030 superset decodes it
    text, codec = decode_html(raw, "text/html")
    assert codec == "gb18030"
    assert "诈骗犯罪4.2万余人" in text and "镕" in text


def test_http_charset_wins_over_meta() -> None:
    raw = GBK_PAGE.replace("gb2312", "utf-8").encode("gbk")
    text, codec = decode_html(raw, "text/html; charset=GBK")
    assert codec == "gb18030" and "同比上升" in text


def test_undeclared_utf8_and_forced_codec() -> None:
    raw = "<p>最高人民检察院</p>".encode()
    assert decode_html(raw)[0] == "<p>最高人民检察院</p>"
    assert decode_html("<p>檢察</p>".encode("big5"), encoding="big5")[0] == "<p>檢察</p>"


def test_bytes_that_decode_under_nothing_declared_raise() -> None:
    raw = b'<meta charset="utf-8"><p>' + bytes(range(128, 256)) * 4 + b"</p>"
    with pytest.raises(DecodeError):
        decode_html(raw, "text/html; charset=utf-8", encoding="utf-8")


def test_archive_stores_each_body_once_compressed(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    body = "<html>起诉12.9万人</html>".encode()
    sha = archive.put(body)
    assert sha == hashlib.sha256(body).hexdigest()
    assert archive.put(body) == sha
    files = list((tmp_path / "objects").rglob("*.gz"))
    assert len(files) == 1 and gzip.decompress(files[0].read_bytes()) == body
    assert archive.get(sha) == body
    assert not list((tmp_path / "objects").rglob(".tmp-*"))


def test_archive_records_round_trip_and_survive_a_torn_line(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    first = FetchRecord(
        "a1",
        "run1",
        "spp",
        "listing",
        "https://x/1",
        "2024-01-01T00:00:00Z",
        "ok",
        status=200,
        headers={"ETag": '"v1"'},
    )
    archive.append(first)
    archive.append(
        FetchRecord(
            "a2",
            "run1",
            "spp",
            "article",
            "https://x/2",
            "2024-01-01T00:00:01Z",
            "gave_up",
            attempts=4,
            error="HTTP 503",
        )
    )
    path = tmp_path / "fetches" / "spp" / "run1.jsonl"
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"fetch_id": "a3", "run_id"')  # a crash mid-write
    records = list(archive.records("spp"))
    assert [r.fetch_id for r in records] == ["a1", "a2"]
    assert records[0] == first and records[1].attempts == 4
    with pytest.raises(ValueError, match="sha256"):
        archive.get("../../etc/passwd")
