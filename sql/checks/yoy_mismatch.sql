-- grain: one row per failed year-on-year check (yoy_check.status = mismatch). level: warning
select
    figure_id as subject,
    metric || coalesce('/' || offense, '') || ' ' || period_start::varchar || '..'
    || period_end::varchar || ': reported ' || reported_change::varchar || ' '
    || change_unit || ', computed ' || round(computed_change, 2)::varchar || ' from '
    || prior_value::varchar as detail
from yoy_check
where status = 'mismatch'
