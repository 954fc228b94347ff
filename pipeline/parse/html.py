"""Shared HTML helpers: soup construction, selector fallbacks and block-aware text."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_BLOCK_TAGS = "p div section article li ul ol table tr td th h1 h2 h3 h4 h5 h6 blockquote pre"
BLOCKS = frozenset(_BLOCK_TAGS.split(" "))
_SPACE = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u200b]+")


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def select_first(root: Tag, selectors: tuple[str, ...]) -> Tag | None:
    """The first element matched by the first selector that matches something non-empty."""
    for selector in selectors:
        for element in root.select(selector):
            if element.get_text(strip=True):
                return element
    return None


def block_text(element: Tag) -> str:
    """Text with one blank line between paragraphs, no indentation, inner spacing collapsed.

    Paragraph breaks come from block elements and <br>; the U+3000 indentation of TRS pages and
    runs of spaces inside a line are dropped, since the extractor indexes into this text.
    """
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # skip comments, CDATA, doctype
                    parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                elif child.name in BLOCKS:
                    parts.append("\n")
                    walk(child)
                    parts.append("\n")
                else:
                    walk(child)

    walk(element)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)
