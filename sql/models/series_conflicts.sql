-- grain: one row per (conflicting series key, procuratorate figure reporting it): every report
-- of a key whose reports' bounds do not overlap, with its release, so both sources can be shown.
select
    s.metric,
    s.offense,
    s.jurisdiction,
    s.period_start,
    s.period_end,
    s.unit,
    s.value as best_value,
    s.value_low as series_low,
    s.value_high as series_high,
    s.best_release_id,
    f.figure_id,
    f.value,
    f.qualifier,
    f.release_id,
    f.release_title,
    f.published_date,
    f.url,
    f.sentence,
    f.figure_id = s.best_figure_id as is_best
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
