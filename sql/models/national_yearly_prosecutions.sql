-- grain: one row per (year, offense): persons prosecuted nationally in a calendar year, from series.
select
    offense,
    value as persons,
    qualifier,
    value_low,
    value_high,
    conflict,
    n_releases,
    best_release_id,
    best_release_title,
    best_url,
    corrections,
    year(period_start) as year  -- noqa: RF04
from series
where
    metric = 'prosecuted'
    and unit = 'person'
    and jurisdiction = 'national'
    and month(period_start) = 1
    and day(period_start) = 1
    and period_end = make_date(year(period_start), 12, 31)
order by year, offense nulls first
