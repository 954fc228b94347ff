"""What to crawl: one declarative YAML file per site, loaded into a `SourceSpec`."""

from pipeline.sources.spec import (
    ArticleSpec,
    ListingSpec,
    SourceError,
    SourceSpec,
    default_sources_dir,
    load_source,
    load_sources,
)

__all__ = [
    "ArticleSpec",
    "ListingSpec",
    "SourceError",
    "SourceSpec",
    "default_sources_dir",
    "load_source",
    "load_sources",
]
