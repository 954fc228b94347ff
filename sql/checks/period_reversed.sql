-- grain: one row per figure whose period ends before it starts. level: error
select
    figure_id as subject,
    'period_end ' || period_end::varchar || ' before period_start '
    || period_start::varchar || ': ' || span_text as detail
from figures
where period_end < period_start
