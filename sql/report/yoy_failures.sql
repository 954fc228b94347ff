-- grain: one row per figure whose reported year-on-year change does not match the change
-- computed from crimestats' own earlier value (yoy_check status mismatch), with both sources.
select
    y.figure_id,
    y.metric,
    y.offense,
    y.jurisdiction,
    y.unit,
    y.value,
    y.change_unit,
    y.reported_change,
    y.prior_value,
    f.release_title,
    f.url,
    f.sentence,
    p.best_release_title as prior_release_title,
    p.best_url as prior_url,
    p.sentence as prior_sentence,
    p.best_figure_id as prior_figure_id,
    round(y.computed_change, 1) as computed_change,
    strftime(y.period_start, '%Y-%m-%d') as period_start,
    strftime(y.period_end, '%Y-%m-%d') as period_end,
    strftime(y.published_date, '%Y-%m-%d') as published_date,
    strftime(p.best_published_date, '%Y-%m-%d') as prior_published_date
from yoy_check as y
inner join figure_facts as f on y.figure_id = f.figure_id
left join series as p
    on
        y.metric = p.metric
        and y.offense is not distinct from p.offense
        and y.jurisdiction = p.jurisdiction
        and y.unit = p.unit
        and y.prior_start = p.period_start
        and y.prior_end = p.period_end
where y.status = 'mismatch'
order by y.metric, y.offense nulls first, y.jurisdiction, y.period_end, y.figure_id
