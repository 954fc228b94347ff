from pathlib import Path

import pytest

from pipeline.sources import SourceError, load_source, load_sources
from tests.conftest import REPO

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
