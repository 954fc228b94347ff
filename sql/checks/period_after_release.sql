-- grain: one row per figure whose period ends after the month its release was published. level: error
select
    f.figure_id as subject,
    'period ' || f.period_start::varchar || '..' || f.period_end::varchar
    || ' ends after the release of ' || r.published_date::varchar || ': ' || f.span_text as detail
from figures as f
inner join releases as r on f.release_id = r.release_id
where f.period_end > last_day(r.published_date)
