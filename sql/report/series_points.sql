-- grain: one row per series key (metric, offense, jurisdiction, period_start, period_end, unit):
-- the reconciled value with the release and sentence it came from, for the report's charts.
select
    s.metric,
    s.offense,
    s.jurisdiction,
    s.unit,
    s.value,
    s.qualifier,
    s.value_low,
    s.value_high,
    s.change_value,
    s.change_unit,
    s.change_direction,
    s.change_basis,
    s.is_derived,
    s.conflict,
    s.n_releases,
    s.best_release_id as release_id,
    s.best_release_title as release_title,
    s.best_url as url,
    s.best_figure_id as figure_id,
    s.sentence,
    strftime(s.period_start, '%Y-%m-%d') as period_start,
    strftime(s.period_end, '%Y-%m-%d') as period_end,
    strftime(s.best_published_date, '%Y-%m-%d') as published_date,
    case
        when
            month(s.period_start) = 1 and day(s.period_start) = 1
            and s.period_end = make_date(year(s.period_start), 12, 31)
            then 'year'
        when
            s.period_start = date_trunc('quarter', s.period_start)::date
            and s.period_end = last_day(s.period_start + interval 2 month)
            then 'quarter'
        when
            month(s.period_start) = 1 and day(s.period_start) = 1
            and year(s.period_end) = year(s.period_start)
            then 'year_to_date'
        else 'other'
    end as period_kind
from series as s
order by s.metric, s.offense nulls first, s.jurisdiction, s.unit, s.period_end, s.period_start
