"""Decoding fetched pages: HTTP charset, then the page's meta charset, then detection.

GBK and GB2312 are decoded as GB18030 (a superset: pages labelled gb2312 routinely contain GBK
characters). A page that cannot be decoded raises `DecodeError` instead of turning into mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HTTP = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


class DecodeError(ValueError):
    """The bytes do not decode under any declared or detected encoding."""


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    label = (name.decode("ascii", "ignore") if isinstance(name, bytes) else name).strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encodings(body: bytes, content_type: str | None) -> list[str]:
    """Encodings a page claims, in order of authority: the HTTP header, then the meta tag."""
    found: list[str] = []
    if content_type and (m := _HTTP.search(content_type)):
        found.append(m.group(1))
    if meta := _META.search(body[:4096]):
        found.append(meta.group(1).decode("ascii", "ignore"))
    return [c for c in (_codec(name) for name in found) if c]


def decode_html(
    body: bytes, content_type: str | None = None, encoding: str = "auto"
) -> tuple[str, str]:
    """Return (text, codec used). `encoding` other than "auto" forces a codec (source files)."""
    if encoding != "auto":
        forced = _codec(encoding)
        if forced is None:
            raise DecodeError(f"unknown encoding {encoding!r} in the source file")
        candidates = [forced]
    else:
        candidates = declared_encodings(body, content_type)
    for codec in dict.fromkeys(candidates):
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body).best()
    if best is None or best.encoding is None:
        tried = ", ".join(candidates) or "none declared"
        raise DecodeError(f"bytes decode under no encoding (declared: {tried}; detection failed)")
    codec = _codec(best.encoding) or best.encoding
    return body.decode(codec, errors="strict"), codec
