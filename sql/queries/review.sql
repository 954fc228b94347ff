-- grain: one row per (kind, figure): what a person should check, with empty columns to fill in
-- for `crimestats correct --from-csv` (the `crimestats review export` sheet).
with conflicts as (
    select
        'conflict' as kind,
        figure_id,
        'series ' || metric || coalesce('/' || offense, '') || ' ' || period_start::varchar
        || '..' || period_end::varchar || ': best ' || best_value::varchar || ' ['
        || series_low::varchar || ', ' || series_high::varchar || '] from '
        || best_release_id as detail
    from series_conflicts
),

failed_yoy as (
    select
        'yoy_mismatch' as kind,
        figure_id,
        'reported ' || reported_change::varchar || ' ' || change_unit || ', computed '
        || round(computed_change, 2)::varchar || ' from ' || prior_value::varchar
        || ' (' || prior_release_id || ')' as detail
    from yoy_check
    where status = 'mismatch'
),

doubtful as (
    select
        'doubtful' as kind,
        subject as figure_id,
        check_name || ': ' || detail as detail
    from quality_issues
    where
        subject in (select f.figure_id from figures as f)
        and check_name not in ('yoy_mismatch', 'series_conflict')
),

flagged as (
    select * from conflicts
    union all
    select * from failed_yoy
    union all
    select * from doubtful
)

select
    g.kind,
    g.detail,
    f.figure_id,
    f.release_id,
    f.url,
    f.published_date,
    f.span_text,
    f.sentence,
    f.metric,
    f.offense,
    f.jurisdiction,
    f.period_start,
    f.period_end,
    f.unit,
    f.qualifier,
    f.value,
    f.value_low,
    f.value_high,
    f.change_value,
    f.change_direction,
    null::double as new_value,
    null::varchar as new_metric,
    null::varchar as new_offense,
    null::varchar as new_period,
    null::varchar as reason
from flagged as g
inner join figure_facts as f on g.figure_id = f.figure_id
order by g.kind, f.metric, f.period_end, f.figure_id
