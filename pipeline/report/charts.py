"""The report's charts as Vega-Lite specs built with altair, one spec per chart container.

Every plotted value carries its provenance: the tooltip shows the release (title, date, URL),
the sentence and the figure id, and the `href` channel opens the release on click. The page's
filter bar sets the parameters f_jurisdiction, f_metric and f_offence, which every spec declares
(so the page can set them on any view) and the charts filter on.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from pipeline.report.data import ReportData, Row

AnyChart = alt.Chart | alt.LayerChart | alt.HConcatChart | alt.VConcatChart
DERIVED_LABEL = "datum.label == 'derived' ? 'derived from cumulative figures' : 'reported'"
ALL = "all"  # filter value meaning "no filter"
TOTAL = "__total__"  # offence filter value meaning "figures naming no offence"
WIDTH = 860
PARAMS = ("f_jurisdiction", "f_metric", "f_offence")
SENTENCE_CHARS = 320
TITLE_CHARS = 400


def _params(jurisdiction: str) -> list[alt.Parameter]:
    defaults = {"f_jurisdiction": jurisdiction, "f_metric": ALL, "f_offence": ALL}
    return [alt.param(name=name, value=defaults[name]) for name in PARAMS]


JURISDICTION = f"(f_jurisdiction == '{ALL}' || datum.jurisdiction == f_jurisdiction)"
METRIC = f"(f_metric == '{ALL}' || datum.metric == f_metric)"
OFFENCE = (
    f"(f_offence == '{ALL}' || (f_offence == '{TOTAL}' ? datum.offense == null"
    " : datum.offense == f_offence))"
)


def _short(text: Any, limit: int) -> Any:
    if isinstance(text, str) and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def _point(row: Row) -> Row:
    """A series row ready to plot: period text, basis, year/quarter labels, short sentence."""
    start, end = row["period_start"], row["period_end"]
    basis = "derived from cumulative figures" if row["is_derived"] else "reported"
    quarter = (int(end[5:7]) + 2) // 3
    return {
        **row,
        "period": f"{start} .. {end}",
        "basis": basis + (" · sources conflict" if row["conflict"] else ""),
        "derived": "derived" if row["is_derived"] else "reported",
        "year": int(end[:4]),
        "quarter": f"{end[:4]} Q{quarter}",
        "sentence": _short(row["sentence"], SENTENCE_CHARS),
    }


def _tooltip(value_title: str, value_format: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("metric_label:N", title="Metric 指标"),
        alt.Tooltip("offence_label:N", title="Offence 罪名"),
        alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title=value_title, format=value_format),
        alt.Tooltip("basis:N", title="Basis"),
        alt.Tooltip("release_title:N", title="Release 发布"),
        alt.Tooltip("published_date:N", title="Published"),
        alt.Tooltip("url:N", title="URL (click to open)"),
        alt.Tooltip("sentence:N", title="Sentence 原文"),
        alt.Tooltip("figure_id:N", title="Figure id"),
    ]


def _colors(labels: list[str]) -> alt.Scale:
    return alt.Scale(domain=labels, range=["#1f5f99", "#c8553d", "#2a9d8f", "#8d6a9f"])


def headline_yearly(points: list[Row]) -> AnyChart:
    """Persons arrested and prosecuted per calendar year, all offences."""
    rows = [
        p
        for p in points
        if p["metric"] in ("arrested", "prosecuted")
        and p["unit"] == "person"
        and p["offense"] is None
        and p["period_kind"] == "year"
    ]
    labels = sorted({p["metric_label"] for p in rows})
    base = alt.Chart(alt.Data(values=rows)).transform_filter(JURISDICTION)
    color = alt.Color("metric_label:N", title=None, scale=_colors(labels))
    encode = {
        "x": alt.X("year:O", title="Year 年度", axis=alt.Axis(labelAngle=0)),
        "y": alt.Y("value:Q", title="Persons 人", axis=alt.Axis(format="~s")),
        "color": color,
        "detail": "jurisdiction:N",
    }
    line = base.mark_line(strokeWidth=2).encode(**encode)
    dots = base.mark_point(filled=True, size=80, cursor="pointer").encode(
        **encode, href="url:N", tooltip=_tooltip("Persons", ",.0f")
    )
    return (line + dots).properties(
        width=WIDTH, height=260, title="Arrests and prosecutions per year 年度批捕、起诉人数"
    )


def headline_quarterly(points: list[Row]) -> AnyChart:
    """Stand-alone quarters: reported ones solid, those derived from cumulative figures pale."""
    rows = [
        p
        for p in points
        if p["metric"] in ("arrested", "prosecuted")
        and p["unit"] == "person"
        and p["offense"] is None
        and p["period_kind"] == "quarter"
    ]
    labels = sorted({p["metric_label"] for p in rows})
    return (
        alt.Chart(alt.Data(values=rows))
        .transform_filter(JURISDICTION)
        .mark_bar(cursor="pointer", stroke="#333")
        .encode(
            x=alt.X("quarter:O", title="Quarter 季度", axis=alt.Axis(labelAngle=-40)),
            xOffset="metric_label:N",
            y=alt.Y("value:Q", title="Persons 人", axis=alt.Axis(format="~s")),
            color=alt.Color("metric_label:N", title=None, scale=_colors(labels)),
            opacity=alt.Opacity(
                "derived:O",
                title="Quarter value",
                sort=["reported", "derived"],
                scale=alt.Scale(domain=["reported", "derived"], range=[1.0, 0.4]),
                legend=alt.Legend(labelExpr=DERIVED_LABEL, labelLimit=320),
            ),
            strokeWidth=alt.condition("datum.derived == 'derived'", alt.value(1), alt.value(0)),
            href="url:N",
            tooltip=_tooltip("Persons", ",.0f"),
        )
        .properties(
            width=WIDTH,
            height=240,
            title="Arrests and prosecutions per quarter 季度批捕、起诉人数 (pale: derived)",
        )
    )


def top_offences(rows: list[Row], years: list[int], top: int = 10) -> AnyChart:
    """The offences with the most persons prosecuted in a year (a select picks the year), with
    their year-on-year change: as reported when the release says it, else computed."""
    prepared = []
    for row in rows:
        reported = row["reported_change_pct"]
        change = reported if reported is not None else row["computed_change_pct"]
        prepared.append(
            {
                **row,
                "change_pct": change,
                "change_kind": "reported" if reported is not None else "computed",
                "metric_label": "Prosecuted 起诉",
                "period": f"{row['year']}",
                "basis": "reported" + (" · sources conflict" if row["conflict"] else ""),
                "sentence": _short(row["sentence"], SENTENCE_CHARS),
            }
        )
    year = alt.param(
        name="top_year",
        value=max(years) if years else 0,
        bind=alt.binding_select(options=years or [0], name="Year 年度 "),
    )
    base = (
        alt.Chart(alt.Data(values=prepared))
        .transform_filter("datum.year == top_year")
        .transform_filter(JURISDICTION)
        .transform_window(rank="row_number()", sort=[alt.SortField("value", order="descending")])
        .transform_filter(f"datum.rank <= {top}")
    )
    by_value = alt.SortField("value", order="descending")
    y = alt.Y("offence_label:N", title=None, sort=by_value)
    tooltip = [
        *_tooltip("Persons prosecuted", ",.0f"),
        alt.Tooltip("change_pct:Q", title="Year-on-year change %", format="+.1f"),
        alt.Tooltip("change_kind:N", title="Change is"),
        alt.Tooltip("prior_value:Q", title="Year before (crimestats)", format=",.0f"),
    ]
    bars = base.mark_bar(color="#1f5f99", cursor="pointer").encode(
        y=y,
        x=alt.X("value:Q", title="Persons prosecuted 起诉人数", axis=alt.Axis(format="~s")),
        href="url:N",
        tooltip=tooltip,
    )
    change = base.mark_bar(cursor="pointer").encode(
        y=alt.Y("offence_label:N", title=None, axis=None, sort=by_value),
        x=alt.X("change_pct:Q", title="Year-on-year change % 同比"),
        color=alt.condition("datum.change_pct >= 0", alt.value("#c8553d"), alt.value("#2a9d8f")),
        opacity=alt.condition("datum.change_kind == 'reported'", alt.value(1), alt.value(0.5)),
        href="url:N",
        tooltip=tooltip,
    )
    return (
        alt.hconcat(
            bars.properties(width=430, height=alt.Step(24)),
            change.properties(width=260, height=alt.Step(24)),
        )
        .add_params(year)
        .properties(title=f"Top {top} offences by persons prosecuted 起诉人数最多的罪名")
    )


def rates(points: list[Row]) -> AnyChart:
    """Non-arrest and non-prosecution rates: full years joined by a line, other periods as
    points (year to date, quarters) so they are visible but not mistaken for the yearly trend."""
    rows = [
        {**p, "kind": p["period_kind"].replace("_", " ")}
        for p in points
        if p["metric"] in ("non_arrest_rate", "non_prosecution_rate")
        and p["offense"] is None
        and p["unit"] == "percent"
    ]
    labels = sorted({p["metric_label"] for p in rows})
    base = alt.Chart(alt.Data(values=rows)).transform_filter(JURISDICTION)
    color = alt.Color("metric_label:N", title=None, scale=_colors(labels))
    x = alt.X(
        "period_end:T",
        title="End of period 截至",
        axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}),
    )
    y = alt.Y("value:Q", title="Rate % 比率")
    line = (
        base.transform_filter("datum.period_kind == 'year'")
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=color, detail="jurisdiction:N")
    )
    dots = base.mark_point(size=70, filled=True, cursor="pointer").encode(
        x=x,
        y=y,
        color=color,
        shape=alt.Shape("kind:N", title="Period"),
        href="url:N",
        tooltip=_tooltip("Rate %", ".1f"),
    )
    return (line + dots).properties(
        width=WIDTH, height=260, title="Non-arrest and non-prosecution rates 不捕率、不诉率"
    )


def coverage(rows: list[Row]) -> AnyChart:
    """Releases and figures per source and month of publication."""
    prepared = [{**r, "release_titles": _short(r["release_titles"], TITLE_CHARS)} for r in rows]
    base = alt.Chart(alt.Data(values=prepared))
    x = alt.X("yearmonth(month):T", title="Month published 发布月份")
    tooltip = [
        alt.Tooltip("source:N", title="Source 来源"),
        alt.Tooltip("yearmonth(month):T", title="Month"),
        alt.Tooltip("releases:Q", title="Releases"),
        alt.Tooltip("unparsable:Q", title="Unparsable"),
        alt.Tooltip("releases_without_figures:Q", title="Without figures"),
        alt.Tooltip("figures:Q", title="Figures"),
        alt.Tooltip("release_titles:N", title="Releases 发布"),
    ]
    color = alt.Color("source:N", title="Source 来源", scale=alt.Scale(scheme="tableau10"))
    releases = base.mark_bar().encode(
        x=x, y=alt.Y("releases:Q", title="Releases 发布"), color=color, tooltip=tooltip
    )
    figures = base.mark_bar().encode(
        x=x, y=alt.Y("figures:Q", title="Figures 数据"), color=color, tooltip=tooltip
    )
    return alt.vconcat(
        releases.properties(width=WIDTH, height=120),
        figures.properties(width=WIDTH, height=120),
    ).properties(title="Coverage: releases and figures per source and month 覆盖情况")


def explorer(points: list[Row]) -> AnyChart:
    """Any series, chosen with the page's metric, offence and jurisdiction filters: one row of
    small multiples per metric (own log scale each), so persons and rates never share an axis."""
    rows = [p for p in points if p["value"] is not None and p["value"] > 0]
    return (
        alt.Chart(alt.Data(values=rows))
        .transform_filter(f"{JURISDICTION} && {METRIC} && {OFFENCE}")
        .mark_point(filled=True, size=50, cursor="pointer")
        .encode(
            x=alt.X("period_end:T", title="End of period 截至", axis=alt.Axis(format="%Y")),
            y=alt.Y(
                "value:Q",
                title=None,
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="~s", tickCount=3),
            ),
            color=alt.Color("period_kind:N", title="Period", scale=alt.Scale(scheme="tableau10")),
            shape=alt.Shape("derived:N", title="Value"),
            row=alt.Row(
                "metric_label:N",
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=12),
            ),
            href="url:N",
            tooltip=[*_tooltip("Value", ",.4~f"), alt.Tooltip("unit:N", title="Unit")],
        )
        .properties(width=WIDTH - 180, height=70)
        .resolve_scale(y="independent")
        .properties(title="Series explorer 数据浏览: pick a metric, offence and jurisdiction above")
    )


def specs(data: ReportData) -> dict[str, dict[str, Any]]:
    """Container id -> Vega-Lite spec, in page order."""
    points = [_point(p) for p in data.series_points]
    home = home_jurisdiction(data)
    years = sorted({int(r["year"]) for r in data.top_offences})
    charts = {
        "chart-yearly": headline_yearly(points),
        "chart-quarterly": headline_quarterly(points),
        "chart-top-offences": top_offences(data.top_offences, years),
        "chart-rates": rates(points),
        "chart-coverage": coverage(data.coverage),
        "chart-explorer": explorer(points),
    }
    out = {}
    for key, chart in charts.items():
        spec = chart.add_params(*_params(home)).to_dict()
        spec["config"] = {"font": "system-ui, 'Noto Sans CJK SC', 'PingFang SC', sans-serif"}
        out[key] = spec
    return out


def home_jurisdiction(data: ReportData) -> str:
    """The jurisdiction the charts open on: national when present."""
    found = {p["jurisdiction"] for p in data.series_points}
    return "national" if "national" in found or not found else min(found)
