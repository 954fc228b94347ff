"""Render the sample releases (releases.yaml) into the static demo site under ``site/``.

The site imitates two real sources so that ``crimestats demo`` can run the whole pipeline offline:

* www.spp.gov.cn, channel 网上发布厅: TRS CMS listing pages ``/spp/xwfbh/wsfbt/index.shtml``,
  ``index_1.shtml`` (= page 2) ... and articles ``/spp/xwfbh/wsfbt/YYYYMM/tYYYYMMDD_<id>.shtml``;
  about a third of the articles are GBK-encoded, one is a video page without a body.
* en.spp.gov.cn under ``/en/``: listing ``/en/news/index.htm``, ``index_1.htm`` ... and articles
  ``/en/YYYY-MM/DD/c_<id>.htm``.

Output is a pure function of releases.yaml: ``python -m pipeline.demo.sitegen`` rewrites the
committed files and tests/test_demo_site.py checks they never drift.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import yaml

DEMO_DIR = Path(__file__).resolve().parent
RELEASES_FILE = DEMO_DIR / "releases.yaml"
SITE_DIR = DEMO_DIR / "site"

ZH_LIST_DIR = "spp/xwfbh/wsfbt"
EN_LIST_DIR = "en/news"
ZH_PAGE_SIZE = 10
EN_PAGE_SIZE = 5

ZH_TITLE_SUFFIX = "_中华人民共和国最高人民检察院"
EN_TITLE_SUFFIX = " - Supreme People's Procuratorate"
INDENT = "\u3000\u3000"

ZH_PATH_RE = re.compile(r"^/spp/xwfbh/wsfbt/(\d{6})/t(\d{8})_(\d+)\.shtml$")
EN_PATH_RE = re.compile(r"^/en/(\d{4})-(\d{2})/(\d{2})/c_(\d+)\.htm$")

ENCODINGS = ("utf-8", "gbk", "gb2312")
TEMPLATES = ("trs", "custom", "nested", "video")
TIME_FORMATS = ("ymd", "ymdhm", "cn")
HREFS = ("rel", "abs", "frag", "nospp")
LIST_DATES = ("iso", "cn")
SERIES = ("q1", "h1", "q3", "fy")
EDITORS = ("王洁", "李瑾", "张晶", "刘卉", "许雯")
ROBOTS_TXT = "User-agent: *\nDisallow: /search/\nDisallow: /spp/search/\nAllow: /\n"


@dataclass(frozen=True)
class SampleRelease:
    """One article page of the demo site, as declared in releases.yaml."""

    id: str
    lang: str
    channel: str
    path: str
    published: dt.date
    title: str
    paragraphs: tuple[str, ...]
    encoding: str = "utf-8"
    template: str = "trs"
    time_format: str = "ymd"
    href: str = "rel"
    list_date: str = "iso"
    source: str = "Xinhua"
    series: str | None = None

    @property
    def article_id(self) -> int:
        """Numeric CMS id: 612345 in t20230427_612345.shtml, 943384 in c_943384.htm."""
        match = ZH_PATH_RE.match(self.path) or EN_PATH_RE.match(self.path)
        if match is None:
            raise ValueError(f"{self.id}: unexpected article path {self.path}")
        return int(match.groups()[-1])


def _choice(entry: dict[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = str(entry.get(key, default))
    if value not in allowed:
        raise ValueError(f"{entry.get('id')}: {key}={value!r}, expected one of {allowed}")
    return value


def _validate(rel: SampleRelease) -> None:
    if rel.lang == "zh":
        match = ZH_PATH_RE.match(rel.path)
        if not match or match.group(2) != rel.published.strftime("%Y%m%d"):
            raise ValueError(f"{rel.id}: path {rel.path} does not match date {rel.published}")
        if match.group(1) != match.group(2)[:6]:
            raise ValueError(f"{rel.id}: month folder of {rel.path} differs from its t-date")
    elif rel.lang == "en":
        match = EN_PATH_RE.match(rel.path)
        if not match or "-".join(match.groups()[:3]) != rel.published.isoformat():
            raise ValueError(f"{rel.id}: path {rel.path} does not match date {rel.published}")
        if rel.encoding != "utf-8" or rel.template != "trs":
            raise ValueError(f"{rel.id}: English pages are UTF-8 with the default template")
    else:
        raise ValueError(f"{rel.id}: lang must be zh or en, not {rel.lang!r}")
    if not rel.paragraphs and rel.template != "video":
        raise ValueError(f"{rel.id}: no paragraphs")


def load_releases(path: Path = RELEASES_FILE) -> list[SampleRelease]:
    """Read and check releases.yaml; raise ValueError on a malformed entry."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    releases: list[SampleRelease] = []
    for entry in entries:
        published = entry["published"]
        if not isinstance(published, dt.date):
            published = dt.date.fromisoformat(str(published))
        series = entry.get("series")
        if series is not None and series not in SERIES:
            raise ValueError(f"{entry['id']}: series={series!r}, expected one of {SERIES}")
        rel = SampleRelease(
            id=str(entry["id"]),
            lang=str(entry["lang"]),
            channel=str(entry["channel"]),
            path=str(entry["path"]),
            published=published,
            title=str(entry["title"]),
            paragraphs=tuple(str(p) for p in entry.get("paragraphs") or ()),
            encoding=_choice(entry, "encoding", ENCODINGS, "utf-8"),
            template=_choice(entry, "template", TEMPLATES, "trs"),
            time_format=_choice(entry, "time_format", TIME_FORMATS, "ymd"),
            href=_choice(entry, "href", HREFS, "rel"),
            list_date=_choice(entry, "list_date", LIST_DATES, "iso"),
            source=str(entry.get("source", "Xinhua")),
            series=series,
        )
        _validate(rel)
        releases.append(rel)
    ids = [r.id for r in releases]
    paths = [r.path for r in releases]
    if len(set(ids)) != len(ids) or len(set(paths)) != len(paths):
        raise ValueError("duplicate id or path in releases.yaml")
    return releases


def newest_first(releases: list[SampleRelease], lang: str) -> list[SampleRelease]:
    """Releases of one language in listing order (page 1 = newest)."""
    chosen = [r for r in releases if r.lang == lang]
    return sorted(chosen, key=lambda r: (r.published, r.article_id), reverse=True)


def _pages(items: list[SampleRelease], size: int) -> list[list[SampleRelease]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def listing_name(index: int, ext: str) -> str:
    """TRS convention: page 1 is index.<ext>, page N+1 is index_N.<ext>."""
    return f"index.{ext}" if index == 0 else f"index_{index}.{ext}"


# ------------------------------------------------------------------------------ Chinese site

ZH_HEADER = (
    '<div class="header"><div class="logo"><a href="/spp/index.shtml">'
    "中华人民共和国最高人民检察院</a></div>\n"
    '<ul class="nav"><li><a href="/spp/index.shtml">首页</a></li>'
    '<li><a href="/spp/gjybs/index.shtml">检察新闻</a></li>'
    '<li><a href="/spp/xwfbh/index.shtml">新闻发布</a></li>'
    '<li><a href="/spp/qwfb/index.shtml">权威发布</a></li>'
    '<li><a href="/spp/jczdal/index.shtml">指导性案例</a></li></ul></div>'
)


def _zh_footer(encoding: str) -> str:
    copyright_sign = "©" if encoding == "utf-8" else "&copy;"  # © is not in GB2312/GBK
    return (
        '<div class="footer"><a href="http://newspaper.jcrb.com/">检察日报数字报</a> | '
        f'<a href="http://www.jcrb.com/">正义网</a> | Copyrights{copyright_sign}最高人民检察院 '
        "All Rights Reserved.</div>"
    )


def _zh_list_href(rel: SampleRelease) -> str:
    tail = rel.path.removeprefix(f"/{ZH_LIST_DIR}/")
    if rel.href == "abs":
        return rel.path
    if rel.href == "nospp":
        return rel.path.removeprefix("/spp")
    if rel.href == "frag":
        return f"./{tail}#1"
    return f"./{tail}"


def _zh_date(day: dt.date, style: str) -> str:
    return day.isoformat() if style == "iso" else f"{day.year}年{day.month:02d}月{day.day:02d}日"


def render_zh_listing(page: list[SampleRelease], index: int, count: int) -> str:
    items = "\n".join(
        f'<li><a href="{escape(_zh_list_href(r))}" target="_blank">{escape(r.title)}</a>'
        f"<span>{_zh_date(r.published, r.list_date)}</span></li>"
        for r in page
    )
    pager = f'createPageHTML({count}, {index}, "index", "shtml");'
    next_link = ""
    if index + 1 < count:
        next_link = f'\n<a class="next" href="{listing_name(index + 1, "shtml")}">下一页</a>'
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>网上发布厅{ZH_TITLE_SUFFIX}</title></head><body>
{ZH_HEADER}
<div class="position">当前位置：<a href="/spp/index.shtml">首页</a> &gt; \
<a href="/spp/xwfbh/index.shtml">新闻发布</a> &gt; 网上发布厅</div>
<div class="commonList_con"><ul class="li_line">
{items}
</ul></div>
<div class="page"><script type="text/javascript">{pager}</script>{next_link}</div>
{_zh_footer("utf-8")}
</body></html>
"""


def _zh_time_line(rel: SampleRelease) -> str:
    day = rel.published
    if rel.time_format == "ymdhm":
        hour = 9 + rel.article_id % 8  # deterministic, varies between pages
        return f"时间：{day.isoformat()} {hour:02d}:00"
    if rel.time_format == "cn":
        return f"发布时间：{_zh_date(day, 'cn')}"
    return f"时间：{day.isoformat()}"


def _zh_body(rel: SampleRelease) -> str:
    paras = "\n".join(f"<p>{INDENT}{escape(p, quote=False)}</p>" for p in rel.paragraphs)
    if rel.template == "video":
        video = rel.path.rsplit("/", 1)[0] + f"/W0{rel.published:%Y%m%d}_{rel.article_id}.mp4"
        return (
            '<div class="video_con"><video controls="controls" width="800" height="450" '
            f'src="{video}"></video></div>'
        )
    if rel.template == "custom":
        inner = f'<div class="Custom_UnionStyle">\n{paras}\n</div>'
    elif rel.template == "nested":
        inner = f"<div><span>\n{paras}\n</span></div>"
    else:
        inner = f'<div class="TRS_Editor">\n{paras}\n</div>'
    return f'<div id="fontzoom">{inner}</div>\n<div id="pageBreak"></div>'


def render_zh_article(rel: SampleRelease) -> str:
    if rel.encoding == "utf-8":
        meta = '<meta charset="utf-8">'
    else:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={rel.encoding}">'
    editor = EDITORS[rel.article_id % len(EDITORS)]
    title = escape(rel.title, quote=False)
    return f"""<!DOCTYPE html>
<html><head>{meta}
<title>{title}{ZH_TITLE_SUFFIX}</title></head><body>
{ZH_HEADER}
<div class="detail"><div class="detail_tit">{title}</div>
<div class="detail_extend1"><span>{_zh_time_line(rel)}</span>&nbsp;&nbsp;<span>作者：</span>\
&nbsp;&nbsp;<span>来源：最高人民检察院</span> 【字体：<a href="javascript:;">大</a> \
<a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
{_zh_body(rel)}
<div class="detail_extend2">[责任编辑：{editor}]</div></div>
{_zh_footer(rel.encoding)}
</body></html>
"""


# ------------------------------------------------------------------------------ English site

EN_HEADER = (
    '<div class="header"><a href="/en/index.htm">Supreme People\'s Procuratorate of the '
    "People's Republic of China</a>\n"
    '<ul class="nav"><li><a href="/en/news/index.htm">News</a></li>'
    '<li><a href="/en/laws/index.htm">Laws &amp; Regulations</a></li></ul></div>'
)
EN_FOOTER = (
    '<div class="footer"><p>Links | <a href="#top">Back to top</a></p>\n'
    "<p>Copyright © the Supreme People's Procuratorate of the People's Republic of China. "
    "All rights reserved. Presented by China Daily.</p>\n<p>京ICP备05026262号-1</p></div>"
)


def render_en_listing(page: list[SampleRelease], index: int, count: int) -> str:
    items = "\n".join(
        f'<li><a href="{escape(r.path)}">{escape(r.title, quote=False)}</a>'
        f'<span class="date">{r.published.isoformat()}</span></li>'
        for r in page
    )
    next_link = ""
    if index + 1 < count:
        next_href = f"/{EN_LIST_DIR}/{listing_name(index + 1, 'htm')}"
        next_link = f'<div class="page"><a class="next" href="{next_href}">Next</a></div>\n'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>News{EN_TITLE_SUFFIX}</title></head><body>
{EN_HEADER}
<ul class="newsList">
{items}
</ul>
{next_link}{EN_FOOTER}
</body></html>
"""


def render_en_article(rel: SampleRelease) -> str:
    title = escape(rel.title, quote=False)
    byline = f"{rel.source}| {rel.published:%B} {rel.published.day}, {rel.published.year}"
    paras = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in rel.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}{EN_TITLE_SUFFIX}</title></head><body>
{EN_HEADER}
<h1 class="title">{title}</h1>
<div class="info">{escape(byline, quote=False)}</div>
<div id="Content">
{paras}
</div>
{EN_FOOTER}
</body></html>
"""


# ------------------------------------------------------------------------------ whole site


def render_site(releases: list[SampleRelease] | None = None) -> dict[str, bytes]:
    """All files of the site: path relative to the site root -> bytes."""
    releases = load_releases() if releases is None else releases
    files: dict[str, bytes] = {"robots.txt": ROBOTS_TXT.encode("ascii")}
    for lang, list_dir, size, ext in (
        ("zh", ZH_LIST_DIR, ZH_PAGE_SIZE, "shtml"),
        ("en", EN_LIST_DIR, EN_PAGE_SIZE, "htm"),
    ):
        pages = _pages(newest_first(releases, lang), size)
        for index, page in enumerate(pages):
            render = render_zh_listing if lang == "zh" else render_en_listing
            html = render(page, index, len(pages))
            files[f"{list_dir}/{listing_name(index, ext)}"] = html.encode("utf-8")
    for rel in releases:
        html = render_zh_article(rel) if rel.lang == "zh" else render_en_article(rel)
        codec = "utf-8" if rel.encoding == "utf-8" else "gbk"
        try:
            data = html.encode(codec)
        except UnicodeEncodeError as exc:
            raise ValueError(f"{rel.id}: text not encodable as {codec}: {exc}") from exc
        files[rel.path.lstrip("/")] = data
    return files


def write_site(root: Path = SITE_DIR) -> int:
    """Regenerate the site under root; remove files the data no longer produces."""
    files = render_site()
    root.mkdir(parents=True, exist_ok=True)
    for old in sorted(root.rglob("*"), reverse=True):
        rel_name = old.relative_to(root).as_posix()
        if old.is_file() and rel_name not in files:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    for name, data in sorted(files.items()):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    return len(files)


def main() -> None:
    count = write_site()
    print(f"wrote {count} files under {SITE_DIR}")


if __name__ == "__main__":
    main()
