from pathlib import Path

import pytest

from pipeline.sources import SourceError, load_source, load_sources
from tests.conftest import REPO, Reply, ScriptedServer

SOURCES = REPO / "pipeline" / "sources"


def test_package_sources_load_and_only_real_sites_are_listed_without_a_base_url() -> None:
    specs = load_sources(SOURCES)
    assert {"spp", "spp_en"} <= set(specs)
    spp = specs["spp"]
    assert spp.enabled and spp.language == "zh" and spp.allowed_hosts == ("www.spp.gov.cn",)
    assert spp.listing.page_url_template.endswith("index_{n}.shtml")
    assert spp.allows("https://www.spp.gov.cn/spp/xwfbh/wsfbt/index.shtml")
    assert not spp.allows("https://evil.example.com/spp/")


def test_sample_source_fills_base_url_and_host() -> None:
    spec = load_source(SOURCES / "sample.yaml", base_url="http://127.0.0.1:9", host="127.0.0.1:9")
    assert spec.listing.start_urls == ("http://127.0.0.1:9/spp/xwfbh/wsfbt/index.shtml",)
    assert spec.allows("http://127.0.0.1:9/spp/xwfbh/wsfbt/202304/t20230427_612345.shtml")
    assert not spec.allows("http://127.0.0.1:10/x")


def test_unfilled_placeholder_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="base_url"):
        load_source(SOURCES / "sample.yaml")


MINIMAL = """
name: {name}
language: {language}
allowed_hosts: [example.org]
listing:
  start_urls: [{start}]
  item: "li"
  link: "a"
article:
  title: "h1"
  body: "#content"
"""


def _write(tmp_path: Path, **values: str) -> Path:
    fields = {"name": "mysite", "language": "zh", "start": "https://example.org/news/"} | values
    path = tmp_path / "mysite.yaml"
    path.write_text(MINIMAL.format(**fields), encoding="utf-8")
    return path


def test_a_source_file_outside_the_package_loads(tmp_path: Path) -> None:
    spec = load_source(_write(tmp_path))
    assert spec.name == "mysite" and spec.article.body == ("#content",)
    assert spec.enabled and spec.rate_limit_per_second == 1.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"language": "fr"}, "language must be one of"),
        ({"start": "https://elsewhere.org/"}, "not on allowed_hosts"),
    ],
)
def test_invalid_source_files_name_the_problem(tmp_path: Path, values: dict, message: str) -> None:
    with pytest.raises(SourceError, match=message) as caught:
        load_source(_write(tmp_path, **values))
    assert "mysite.yaml" in str(caught.value)


def test_missing_key_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nlanguage: zh\n", encoding="utf-8")
    with pytest.raises(SourceError, match="missing required key 'listing'"):
        load_source(path)
    with pytest.raises(SourceError, match="not found"):
        load_source(tmp_path / "nope.yaml")


# --- the real sources against fixture pages in their real markup, served on 127.0.0.1 ---------

FIXTURES = REPO / "tests" / "fixtures" / "sites"
# source -> (listing path, {served path: fixture file}, Content-Type of its pages)
REAL_SITES = {
    "spp": (
        "/spp/xwfbh/wsfbt/index.shtml",
        {"/spp/xwfbh/wsfbt/202504/t20250425_680101.shtml": "article.html"},
        "text/html; charset=utf-8",
    ),
    "spp_en": (
        "/news/index.htm",
        {
            "/2025-03/09/c_1079119.htm": "article.html",
            "/2025-03/09/c_1079119_2.htm": "article_2.html",
        },
        "text/html; charset=utf-8",
    ),
    "gd": (
        "/tjbg/jcbg/index.shtml",
        {"/tjbg/jcbg/202401/t20240124_6267348.shtml": "article.html"},
        "text/html",  # GB2312 bytes and no charset in the header, as the site answers
    ),
    "chinadaily_en": (
        "/china/governmentandpolicy",
        {"/a/202503/08/WS67cbd8e1a310c240449d9f0b.html": "article.html"},
        "text/html; charset=utf-8",
    ),
}
EXPECTED = {  # key, title, published, a phrase of the body, figures at least
    "spp": ("t20250425_680101", "2025年1至3月全国检察机关主要办案数据", "2025-04-25", "批准逮捕各类犯罪嫌疑人15.9万人", 3),
    "spp_en": ("c_1079119", "Prosecutors handle more cases in 2024", "2025-03-09", "61,000 people were prosecuted for telecom fraud", 2),
    "gd": ("t20240124_6267348", "广东省人民检察院工作报告", "2024-01-24", "共办理各类案件385135件", 2),
    "chinadaily_en": ("WS67cbd8e1a310c240449d9f0b", "China intensifies crackdown on telecom fraud crimes in 2024", "2025-03-08", "more than 78,000 people", 1),
}  # fmt: skip


def localised(name: str, srv: ScriptedServer, tmp_path: Path) -> Path:
    """The shipped source file with its hosts pointed at the local server."""
    import yaml

    text = (SOURCES / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for host in data["allowed_hosts"]:
        for scheme in ("https://", "http://"):
            text = text.replace(scheme + host, srv.base_url)
    data = yaml.safe_load(text)
    data["allowed_hosts"] = [srv.host]
    data["enabled"] = True
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def serve_fixtures(name: str, srv: ScriptedServer) -> None:
    listing_path, pages, content_type = REAL_SITES[name]
    hosts = load_sources(SOURCES)[name].allowed_hosts

    def body(file: str) -> bytes:
        data = (FIXTURES / name / file).read_bytes()
        for host in hosts:  # protocol-relative links to the live host point here instead
            data = data.replace(f"//{host}".encode(), f"//{srv.host}".encode())
        return data

    headers = {"Content-Type": content_type}
    srv.route(listing_path, Reply(200, body("listing.html"), headers))
    for path, file in pages.items():
        srv.route(path, Reply(200, body(file), headers))


@pytest.mark.parametrize("name", sorted(REAL_SITES))
def test_real_source_files_read_their_fixture_pages(
    name: str, server: ScriptedServer, tmp_path: Path
) -> None:
    from pipeline.fetch.http import HttpClient
    from pipeline.sourcecheck import check_source

    serve_fixtures(name, server)
    spec = load_source(localised(name, server, tmp_path))
    client = HttpClient(spec.allowed_hosts, 1000, retries=0)
    report = check_source(spec, client)
    assert report.ok, report.problems
    key, title, published, phrase, figures = EXPECTED[name]
    assert report.article_key == key and report.parsed is not None
    assert report.parsed.title == title and str(report.parsed.published) == published
    assert phrase in report.parsed.body and report.figures >= figures
    assert "\u3000" not in report.parsed.body and "File photo" not in report.parsed.body
    parts = {f.part.split(" ")[0] for f in report.findings if f.matches}
    assert {"listing.item", "listing.link", "article.title", "article.body"} <= parts


@pytest.mark.parametrize("name", ["gd", "spp_en"])
def test_real_sources_crawl_and_load_from_fixtures(
    name: str, server: ScriptedServer, tmp_path: Path
) -> None:
    """GB2312 over plain http (gd) and a two-page English article (spp_en) end to end."""
    from datetime import timedelta

    import duckdb

    from pipeline import jobs
    from pipeline.crawl import Crawler
    from pipeline.fetch.archive import RawArchive
    from pipeline.fetch.http import HttpClient
    from pipeline.settings import Settings

    serve_fixtures(name, server)
    spec = load_source(localised(name, server, tmp_path))
    settings = Settings.from_env(db=tmp_path / "w.duckdb", archive=tmp_path / "raw")
    client = HttpClient(spec.allowed_hosts, 1000, retries=0)
    stats = Crawler(spec, RawArchive(settings.archive), client, retry_backoff=timedelta(0)).run()
    assert stats.articles == 1 and stats.source_down is None
    jobs.load(settings, {spec.name: spec})
    con = duckdb.connect(str(settings.db), read_only=True)
    [(key, title, published, body)] = con.execute(
        "select article_key, title, published_date, body from releases where parse_status = 'ok'"
    ).fetchall()
    con.close()
    assert (key, title, str(published)) == EXPECTED[name][:3]
    assert EXPECTED[name][3] in body


def test_sources_check_command_reports_every_selector(
    server: ScriptedServer, tmp_path: Path
) -> None:
    import subprocess
    import sys

    serve_fixtures("gd", server)
    path = localised("gd", server, tmp_path)
    command = [sys.executable, "-m", "pipeline.cli", "sources", "check", "--source-file", str(path)]
    env = {"COLUMNS": "200", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    assert done.returncode == 0, done.stderr
    for expected in (
        "listing.item",
        "article.body",
        "#fontzoom",
        "广东省人民检察院工作报告",
        "2024-01-24",
    ):
        assert expected in done.stdout
    # a selector that matches nothing is named, and the command fails
    broken = path.read_text(encoding="utf-8").replace("'#fontzoom'", "'#nothere'")
    broken = broken.replace("- '#fontzoom'", "- '#nothere'").replace(
        "- div.TRS_Editor", "- div.none"
    )
    path.write_text(broken, encoding="utf-8")
    failed = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    assert failed.returncode == 1 and "body selector" in failed.stderr
