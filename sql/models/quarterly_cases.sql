-- grain: one row per (metric, offense, unit, year, quarter): national year-to-date and
-- stand-alone quarter values (a quarter derived from two cumulative figures is marked).
with quarter_ends as (
    select
        metric,
        offense,
        unit,
        period_start,
        period_end,
        value,
        value_low,
        value_high,
        conflict,
        is_derived,
        best_release_id,
        year(period_end) as year,  -- noqa: RF04
        month(period_end) // 3 as quarter  -- noqa: RF04
    from series
    where
        jurisdiction = 'national'
        and unit in ('person', 'case')
        and year(period_start) = year(period_end)
        and month(period_end) in (3, 6, 9, 12)
        and period_end = last_day(period_end)
),

to_date as (
    select * from quarter_ends
    where month(period_start) = 1 and day(period_start) = 1
),

in_quarter as (
    select * from quarter_ends
    where period_start = date_trunc('quarter', period_end)::date
)

select
    t.value as year_to_date,
    q.value as in_quarter,
    q.value_low as in_quarter_low,
    q.value_high as in_quarter_high,
    coalesce(t.metric, q.metric) as metric,
    coalesce(t.offense, q.offense) as offense,
    coalesce(t.unit, q.unit) as unit,
    coalesce(t.year, q.year) as year,  -- noqa: RF04
    coalesce(t.quarter, q.quarter) as quarter,  -- noqa: RF04
    coalesce(q.is_derived, false) as in_quarter_derived,
    coalesce(t.conflict, false) or coalesce(q.conflict, false) as conflict,  -- noqa: RF04
    coalesce(t.best_release_id, q.best_release_id) as best_release_id
from to_date as t
full outer join in_quarter as q
    on
        t.metric = q.metric
        and t.offense is not distinct from q.offense
        and t.unit = q.unit
        and t.year = q.year
        and t.quarter = q.quarter
order by metric, offense nulls first, unit, year, quarter
