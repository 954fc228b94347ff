"""Source definitions: a site is data (a YAML file), never Python.

A YAML file names the site, where its listing pages are, and the CSS selectors for listing entries
and article parts. `{base_url}` anywhere in the file is replaced when the file is loaded, so the
bundled sample site can be served on any port.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

LANGUAGES = ("zh", "en")


class SourceError(ValueError):
    """A source file is missing, malformed or inconsistent; the message names the file and key."""


@dataclass(frozen=True, slots=True)
class ListingSpec:
    start_urls: tuple[str, ...]
    item: str
    link: str
    date: str | None = None
    page_url_template: str | None = None  # TRS style: n = 1 is page 2 (index_1.shtml)
    next_page: str | None = None
    max_pages: int = 500


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    title: tuple[str, ...]  # selectors tried in order; the first that matches non-empty text wins
    date: tuple[str, ...]
    body: tuple[str, ...]
    title_suffixes: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()  # selectors removed from the body before its text is taken


@dataclass(frozen=True, slots=True)
class SourceSpec:
    name: str
    language: str
    publisher: str
    jurisdiction: str
    allowed_hosts: tuple[str, ...]
    listing: ListingSpec
    article: ArticleSpec
    enabled: bool = True
    rate_limit_per_second: float = 1.0
    encoding: str = "auto"
    # Regex whose first group is the canonical article key (e.g. TRS `t20230427_612345`); the
    # release id hashes (source, key) so the same article under two URL forms is one release.
    article_id_pattern: str | None = None
    path_prefixes_to_strip: tuple[str, ...] = ()
    origin: str = field(default="", compare=False)  # file the spec came from

    def allows(self, url: str) -> bool:
        """True when `url` is http(s) on one of the allowed hosts (host:port for local sites)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        return parts.netloc.lower() in self.allowed_hosts or (
            (parts.hostname or "").lower() in self.allowed_hosts
        )


def default_sources_dir() -> Path:
    """The sources directory: $CRIMESTATS_SOURCES, else the files shipped in this package."""
    env = os.environ.get("CRIMESTATS_SOURCES")
    return Path(env) if env else Path(__file__).resolve().parent


def _selectors(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list) and all(isinstance(s, str) for s in raw):
        return tuple(raw)
    raise SourceError(f"{where}: expected a CSS selector or a list of selectors, got {raw!r}")


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise SourceError(f"{where}: missing required key '{key}'")
    return data[key]


def _fill(value: Any, variables: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        for name, replacement in variables.items():
            value = value.replace("{" + name + "}", replacement)
        return value
    if isinstance(value, list):
        return [_fill(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, variables) for k, v in value.items()}
    return value


def parse_source(data: Mapping[str, Any], origin: str = "<memory>", **variables: str) -> SourceSpec:
    """Validate one source mapping and turn it into a `SourceSpec`."""
    if not isinstance(data, Mapping):
        raise SourceError(f"{origin}: a source file must be a mapping of keys")
    data = _fill(dict(data), variables)
    unfilled = [k for k in ("base_url", "host") if "{" + k + "}" in yaml.safe_dump(data)]
    if unfilled:
        raise SourceError(f"{origin}: placeholder {{{unfilled[0]}}} needs a value (--base-url)")
    name = str(_require(data, "name", origin))
    where = f"{origin} ({name})"
    language = str(_require(data, "language", where))
    if language not in LANGUAGES:
        raise SourceError(f"{where}: language must be one of {LANGUAGES}, got {language!r}")
    listing_raw = _require(data, "listing", where)
    article_raw = _require(data, "article", where)
    start_urls = listing_raw.get("start_urls") or []
    if isinstance(start_urls, str):
        start_urls = [start_urls]
    if not start_urls:
        raise SourceError(f"{where}: listing.start_urls needs at least one URL")
    template = listing_raw.get("page_url_template")
    if template and "{n}" not in template:
        raise SourceError(f"{where}: listing.page_url_template must contain {{n}}")
    listing = ListingSpec(
        start_urls=tuple(start_urls),
        item=str(_require(listing_raw, "item", where + " listing")),
        link=str(_require(listing_raw, "link", where + " listing")),
        date=listing_raw.get("date"),
        page_url_template=template,
        next_page=listing_raw.get("next_page"),
        max_pages=int(listing_raw.get("max_pages", 500)),
    )
    article = ArticleSpec(
        title=_selectors(_require(article_raw, "title", where + " article"), where),
        date=_selectors(article_raw.get("date"), where),
        body=_selectors(_require(article_raw, "body", where + " article"), where),
        title_suffixes=tuple(article_raw.get("title_suffixes") or ()),
        drop=_selectors(article_raw.get("drop"), where),
    )
    hosts = data.get("allowed_hosts") or []
    if not hosts:
        raise SourceError(f"{where}: allowed_hosts must list at least one host")
    spec = SourceSpec(
        name=name,
        language=language,
        publisher=str(data.get("publisher", name)),
        jurisdiction=str(data.get("jurisdiction", "national")),
        allowed_hosts=tuple(str(h).lower() for h in hosts),
        listing=listing,
        article=article,
        enabled=bool(data.get("enabled", True)),
        rate_limit_per_second=float(data.get("rate_limit_per_second", 1.0)),
        encoding=str(data.get("encoding", "auto")),
        article_id_pattern=data.get("article_id_pattern"),
        path_prefixes_to_strip=tuple(data.get("path_prefixes_to_strip") or ()),
        origin=origin,
    )
    for url in listing.start_urls:
        if not spec.allows(url):
            raise SourceError(f"{where}: start URL {url} is not on allowed_hosts {hosts}")
    return spec


def load_source(path: Path, **variables: str) -> SourceSpec:
    """Load one YAML source file; `variables` fill placeholders such as `{base_url}`."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourceError(f"source file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML: {exc}") from exc
    return parse_source(data, origin=str(path), **variables)


def load_sources(directory: Path | None = None, **variables: str) -> dict[str, SourceSpec]:
    """All sources in a directory by name; files needing an unfilled placeholder are skipped
    unless they are enabled (an enabled source that cannot load is an error)."""
    directory = directory or default_sources_dir()
    specs: dict[str, SourceSpec] = {}
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        try:
            spec = parse_source(raw, origin=str(path), **variables)
        except SourceError:
            if raw.get("enabled", True):
                raise
            continue
        if spec.name in specs:
            raise SourceError(
                f"{path}: source name {spec.name!r} already used by {specs[spec.name].origin}"
            )
        specs[spec.name] = spec
    return specs
