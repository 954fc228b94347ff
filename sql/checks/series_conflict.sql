-- grain: one row per series key whose reports disagree beyond rounding. level: warning
select
    best_figure_id as subject,
    metric || coalesce('/' || offense, '') || ' ' || jurisdiction || ' ' || period_start::varchar
    || '..' || period_end::varchar || ' ' || unit || ': ' || n_figures::varchar
    || ' reports disagree beyond rounding' as detail
from series
where conflict
