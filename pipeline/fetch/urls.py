"""URL canonicalisation: one release per article, whatever form its link took.

www.spp.gov.cn links one article as /spp/xwfbh/..., /xwfbh/..., //xwfbh/... and ...shtml#1
(site-zh.md §1.1). The article key must not depend on host or port, so a release keeps its id when
the sample site is served on another port.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.sources import SourceSpec

_SLASHES = re.compile(r"/{2,}")


def absolute(href: str, page_url: str) -> str:
    """Resolve a listing href against its page, fixing the `//xwfbh/...` form that TRS emits
    (a protocol-relative URL by the book, but on these sites a doubled slash in a path)."""
    href = href.strip()
    if href.startswith("//") and not re.match(r"//[\w-]+(\.[\w-]+)+(:\d+)?/", href):
        href = "/" + href.lstrip("/")
    return urljoin(page_url, href)


def canonical_url(url: str) -> str:
    """Drop the fragment, collapse duplicate slashes, lower-case scheme and host."""
    parts = urlsplit(url)
    path = _SLASHES.sub("/", parts.path) or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def article_key(url: str, spec: SourceSpec) -> str:
    """The host-independent identity of an article: the id matched by the source's
    `article_id_pattern`, else its canonical path without the source's optional prefixes."""
    path = urlsplit(canonical_url(url)).path
    if spec.article_id_pattern:
        match = re.search(spec.article_id_pattern, path)
        if match:
            return match.group(1)
    for prefix in spec.path_prefixes_to_strip:
        if path.startswith(prefix + "/"):
            path = path[len(prefix) :]
            break
    query = urlsplit(url).query
    return path + (f"?{query}" if query else "")
