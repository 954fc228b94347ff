-- grain: one row per (conflicting series key, procuratorate figure reporting it): every report
-- of a key whose reports' bounds do not overlap, with its release, so both sources are shown.
select
    s.metric,
    s.offense,
    s.jurisdiction,
    s.unit,
    s.value as best_value,
    f.value,
    f.qualifier,
    f.figure_id,
    f.release_id,
    f.release_title,
    f.url,
    f.sentence,
    f.figure_id = s.best_figure_id as is_best,
    strftime(s.period_start, '%Y-%m-%d') as period_start,
    strftime(s.period_end, '%Y-%m-%d') as period_end,
    strftime(f.published_date, '%Y-%m-%d') as published_date
from series as s
inner join figure_facts as f
    on
        s.metric = f.metric
        and s.offense is not distinct from f.offense
        and s.jurisdiction = f.jurisdiction
        and s.period_start = f.period_start
        and s.period_end = f.period_end
        and s.unit = f.unit
        and f.agency = 'procuratorate'
where s.conflict and not s.is_derived
order by s.metric, s.offense nulls first, s.jurisdiction, s.period_end, s.period_start, f.value
