-- grain: one row per (metric, offense, jurisdiction, period_start, period_end, unit):
-- the value of the most recent release reporting it, with that release.
with reported as (
    select
        f.metric,
        f.offense,
        f.jurisdiction,
        f.period_start,
        f.period_end,
        f.unit,
        f.value,
        f.value_low,
        f.value_high,
        f.qualifier,
        f.change_value,
        f.change_unit,
        f.change_direction,
        f.change_basis,
        f.figure_id,
        f.sentence,
        r.release_id,
        r.title,
        r.url,
        r.published_date
    from figures as f
    inner join releases as r on f.release_id = r.release_id
    where
        f.value is not null
        and f.agency = 'procuratorate'
        and f.metric <> 'other'
        and f.period_start is not null
),

ranked as (
    select
        *,
        count(*) over (
            partition by metric, offense, jurisdiction, period_start, period_end, unit
        ) as n_reports,
        row_number() over (
            partition by metric, offense, jurisdiction, period_start, period_end, unit
            order by published_date desc, release_id asc, figure_id asc
        ) as recency
    from reported
)

select
    metric,
    offense,
    jurisdiction,
    period_start,
    period_end,
    unit,
    value,
    value_low,
    value_high,
    qualifier,
    change_value,
    change_unit,
    change_direction,
    change_basis,
    n_reports,
    release_id,
    title as release_title,
    published_date,
    url,
    figure_id,
    sentence
from ranked
where recency = 1
