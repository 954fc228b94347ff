-- grain: one row per (conflicting series key, procuratorate figure reporting it), as the
-- report's conflicts table shows it.
select
    metric,
    offense,
    jurisdiction,
    unit,
    best_value,
    value,
    qualifier,
    figure_id,
    release_id,
    release_title,
    url,
    sentence,
    is_best,
    strftime(period_start, '%Y-%m-%d') as period_start,
    strftime(period_end, '%Y-%m-%d') as period_end,
    strftime(published_date, '%Y-%m-%d') as published_date
from series_conflicts
order by metric, offense nulls first, jurisdiction, period_end, period_start, value
