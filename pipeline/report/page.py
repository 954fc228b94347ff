"""One self-contained HTML file: the charts (Vega-Lite, the Vega bundle inlined), the filter bar
and the provenance tables. The page requests nothing: data and scripts are all inline.

Scraped text reaches the page in two ways, both inert: in the tables through html.escape, and
in the specs as JSON inside <script type="application/json"> with <, > and & written as \\u
escapes (so a title containing </script> cannot close the element). URLs were reduced to
http(s) in pipeline.report.data; Vega's tooltip handler escapes what it shows.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from functools import cache
from html import escape
from importlib import resources
from typing import Any

import vl_convert

from pipeline.report.charts import ALL, TOTAL, home_jurisdiction, specs
from pipeline.report.data import ReportData, Row
from pipeline.report.labels import METRICS, metric_label, offence_label

CHARTS = (
    ("chart-yearly", "National prosecutions and arrests", "全国起诉、批捕人数"),
    ("chart-quarterly", "Quarterly, stand-alone quarters", "单季数据"),
    ("chart-top-offences", "Top offences by prosecutions", "主要罪名起诉人数"),
    ("chart-rates", "Non-arrest and non-prosecution rates", "不捕率与不诉率"),
    ("chart-explorer", "Series explorer", "数据浏览"),
    ("chart-coverage", "Coverage", "数据覆盖"),
)


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no <, >, & or line separators appear literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escaped)
    return text


@cache
def _bundle() -> str:
    """Vega, Vega-Lite and vega-embed with the page script (report.js), ~0.9 MB, built once per
    process by vl-convert (offline: the libraries ship inside the wheel)."""
    snippet = resources.files("pipeline.report").joinpath("report.js").read_text("utf-8")
    bundle = vl_convert.javascript_bundle(snippet)
    if "</script" in bundle.lower():
        raise RuntimeError("the Vega bundle contains </script and cannot be inlined")
    return bundle


def _csp(bundle: str) -> str:
    """Only the page's own script runs (by hash: an injected <script> or onclick would not),
    nothing is fetched. Vega compiles its expressions with Function(), hence 'unsafe-eval'."""
    digest = base64.b64encode(hashlib.sha256(bundle.encode("utf-8")).digest()).decode()
    return (
        f"default-src 'none'; script-src 'sha256-{digest}' 'unsafe-eval'; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )


def _link(url: str | None, text: str) -> str:
    if url is None:
        return f"{escape(text)} <span class=muted>(no http(s) URL)</span>"
    return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a>'


def _source(row: Row, prefix: str = "") -> str:
    """Release title linked to its URL, date, then the sentence the figure came from."""
    title = row.get(f"{prefix}release_title") or "(untitled)"
    date = row.get(f"{prefix}published_date") or ""
    sentence = row.get(f"{prefix}sentence") or ""
    figure = row.get(f"{prefix}figure_id") or ""
    return (
        f"{_link(row.get(f'{prefix}url'), str(title))} <span class=muted>{escape(str(date))}"
        f" · {escape(str(figure))}</span><div class=sentence>{escape(str(sentence))}</div>"
    )


def _key(row: Row) -> str:
    return (
        f"{escape(metric_label(row['metric']))}<br><span class=muted>"
        f"{escape(offence_label(row['offense']))} · {escape(str(row['jurisdiction']))} · "
        f"{escape(str(row['period_start']))}..{escape(str(row['period_end']))} · "
        f"{escape(str(row['unit']))}</span>"
    )


def _attrs(row: Row) -> str:
    offence = row["offense"] if row["offense"] is not None else TOTAL
    return (
        f' data-metric="{escape(str(row["metric"]))}" data-offence="{escape(str(offence))}"'
        f' data-jurisdiction="{escape(str(row["jurisdiction"]))}"'
    )


def _number(value: Any) -> str:
    return "-" if value is None else f"{value:,.4g}" if abs(value) < 100 else f"{value:,.0f}"


def conflicts_table(rows: list[Row]) -> str:
    """Every report of a conflicting key, the value crimestats keeps marked as best."""
    body = "".join(
        f"<tr{_attrs(r)}><td>{_key(r)}</td><td class=num>{_number(r['value'])}"
        f"{' <b>best</b>' if r['is_best'] else ''}</td><td>{_source(r)}</td></tr>"
        for r in rows
    )
    head = "<tr><th>Series 序列</th><th>Value 数值</th><th>Source 来源</th></tr>"
    return _table("table-conflicts", head, body, "No conflicting reports.")


def yoy_table(rows: list[Row]) -> str:
    """Reported change against the change computed from crimestats' value a year earlier."""
    body = "".join(
        f"<tr{_attrs(r)}><td>{_key(r)}</td><td class=num>{_number(r['value'])}<br>"
        f"<span class=muted>reported {r['reported_change']:+g} {escape(str(r['change_unit']))}"
        f"<br>computed {_number(r['computed_change'])}</span></td>"
        f"<td>{_source(r)}</td><td class=num>{_number(r['prior_value'])}</td>"
        f"<td>{_source(r, 'prior_')}</td></tr>"
        for r in rows
    )
    head = (
        "<tr><th>Series 序列</th><th>Value and change</th><th>Source 来源</th>"
        "<th>Year before</th><th>Its source 上年来源</th></tr>"
    )
    return _table("table-yoy", head, body, "Every year-on-year change checked matches.")


def _table(table_id: str, head: str, body: str, empty: str) -> str:
    if not body:
        return f"<p id={table_id} class=muted>{escape(empty)}</p>"
    return (
        f"<div class=scroll><table id={table_id}><thead>{head}</thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _options(values: list[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(t)}</option>'
        for v, t in values
    )


def filter_bar(data: ReportData) -> str:
    points = data.series_points
    metrics = sorted({p["metric"] for p in points}, key=lambda m: list(METRICS).index(m)
                     if m in METRICS else len(METRICS))  # fmt: skip
    offences = sorted({p["offense"] for p in points if p["offense"] is not None})
    jurisdictions = sorted({p["jurisdiction"] for p in points})
    home = home_jurisdiction(data)
    metric = _options([(ALL, "all metrics 全部")] + [(m, metric_label(m)) for m in metrics], ALL)
    offence = _options(
        [(ALL, "all 全部"), (TOTAL, "no offence named (totals) 总数")]
        + [(o, offence_label(o)) for o in offences],
        ALL,
    )
    place = _options([(ALL, "all 全部")] + [(j, j) for j in jurisdictions], home)
    return (
        "<form id=filters class=filters>"
        f"<label>Metric 指标 <select id=f-metric>{metric}</select></label>"
        f"<label>Offence 罪名 <select id=f-offence>{offence}</select></label>"
        f"<label>Jurisdiction 地区 <select id=f-jurisdiction>{place}</select></label>"
        "<span class=muted>Jurisdiction filters every chart; metric and offence filter the"
        " series explorer and the tables.</span></form>"
    )


def render(data: ReportData) -> str:
    """The whole page as a string."""
    bundle = _bundle()
    sections = "".join(
        f"<section><h2>{escape(en)} <span class=zh>{escape(zh)}</span></h2>"
        f'<div id="{cid}" class=chart></div></section>'
        for cid, en, zh in CHARTS
    )
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    n_conflicts = len({(r["metric"], r["offense"], r["period_start"], r["period_end"], r["unit"])
                       for r in data.conflicts})  # fmt: skip
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_csp(bundle)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crimestats report</title><style>{CSS}</style></head>
<body><header><h1>crimestats report <span class=zh>检察数据报告</span></h1>
<p class=muted>From {escape(data.snapshot)}, {made}: {len(data.series_points)} series values.
Hover a point for its release and sentence; click it to open the release.
Pale or hollow marks are quarters derived from two cumulative figures.</p>
{filter_bar(data)}</header><main>{sections}
<section><h2>Conflicting reports <span class=zh>数据冲突</span></h2>
<p class=muted>{n_conflicts} series whose reports do not agree within their rounding; every
report is listed with its release.</p>{conflicts_table(data.conflicts)}</section>
<section><h2>Failed year-on-year checks <span class=zh>同比核对不一致</span></h2>
<p class=muted>{len(data.yoy_failures)} figures whose reported change does not match the change
computed from the value a year earlier.</p>{yoy_table(data.yoy_failures)}</section>
</main>
<script type="application/json" id="report-specs">{script_json(specs(data))}</script>
<script type="module">{bundle}</script>
</body></html>
"""


CSS = """
body { font-family: system-ui, 'Noto Sans CJK SC', 'PingFang SC', sans-serif; margin: 0;
  color: #222; background: #f6f7f9; }
header { background: #fff; border-bottom: 1px solid #ddd; padding: 16px 32px 8px; }
h1 { margin: 0 0 4px; font-size: 22px; } h2 { font-size: 17px; margin: 0 0 8px; }
.zh { color: #555; font-weight: normal; } .muted { color: #666; font-size: 13px; }
main { max-width: 1120px; padding: 8px 32px 40px; }
section { background: #fff; border: 1px solid #e2e4e8; border-radius: 6px; padding: 14px 18px;
  margin: 14px 0; overflow-x: auto; }
.filters { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin: 8px 0; }
.filters label { font-size: 14px; } select { font-size: 14px; margin-left: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #eee; padding: 6px; }
td.num { text-align: right; white-space: nowrap; } .sentence { color: #444; margin-top: 2px; }
#vg-tooltip-element td.value { max-width: 460px; white-space: normal; }
.scroll { max-height: 460px; overflow-y: auto; border: 1px solid #eee; }
thead th { position: sticky; top: 0; background: #f0f2f5; }
.vega-bind { font-size: 14px; margin-top: 6px; }
"""
