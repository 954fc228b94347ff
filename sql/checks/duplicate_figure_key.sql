-- grain: one row per (release_id, span_start, span_end, unit) held by more than one figure. level: error
select
    release_id as subject,
    count(*)::varchar || ' figures share span ' || span_start::varchar || ':'
    || span_end::varchar || ' unit ' || coalesce(unit, 'null') as detail
from figures
group by release_id, span_start, span_end, unit
having count(*) > 1
