"""crimestats: procuratorate press releases turned into a queryable record of crime statistics.

Stages, each with one owner: sources (what to crawl), fetch (bytes in, archive out), parse (HTML
to title/date/body), extract (body to figures), warehouse (DuckDB load and builds).
"""

__version__ = "0.1.0"
