-- grain: one row per (metric, offense, jurisdiction, period_start, period_end, unit), reported
-- by procuratorate releases or derived from consecutive cumulative figures (is_derived).
with reported as (
    select * from figure_facts
    where
        value is not null
        and unit is not null
        and agency = 'procuratorate'
        and metric <> 'other'
        and period_start is not null
        and period_end is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by metric, offense, jurisdiction, period_start, period_end, unit
            order by is_reprint asc, published_date desc, release_id asc, figure_id asc
        ) as preference
    from reported
),

agreement as (
    select
        metric,
        offense,
        jurisdiction,
        period_start,
        period_end,
        unit,
        count(*) as n_figures,
        count(distinct release_id) as n_releases,
        max(value_low) as common_low,
        min(value_high) as common_high,
        string_agg(
            distinct override_id || ' by ' || corrected_by || ' at ' || corrected_at::varchar
            || ': ' || correction_reason, '; '
        ) as corrections
    from reported
    group by all
),

best as (
    select
        r.metric,
        r.offense,
        r.jurisdiction,
        r.period_start,
        r.period_end,
        r.unit,
        r.value,
        r.qualifier,
        r.change_value,
        r.change_unit,
        r.change_direction,
        r.change_basis,
        a.n_releases,
        a.n_figures,
        r.release_id as best_release_id,
        r.release_title as best_release_title,
        r.published_date as best_published_date,
        r.url as best_url,
        r.is_reprint as best_is_reprint,
        r.figure_id as best_figure_id,
        r.sentence,
        a.corrections,
        false as is_derived,
        a.common_low > a.common_high + 1e-9 as conflict,  -- noqa: RF04
        case when a.common_low > a.common_high + 1e-9 then r.value_low else a.common_low end
            as value_low,
        case when a.common_low > a.common_high + 1e-9 then r.value_high else a.common_high end
            as value_high
    from ranked as r
    inner join agreement as a
        on
            r.metric = a.metric
            and r.offense is not distinct from a.offense
            and r.jurisdiction = a.jurisdiction
            and r.period_start = a.period_start
            and r.period_end = a.period_end
            and r.unit = a.unit
    where r.preference = 1
),

cumulative as (
    select * from best
    where
        unit <> 'percent'
        and month(period_start) = 1
        and day(period_start) = 1
        and year(period_end) = year(period_start)
        and month(period_end) in (3, 6, 9, 12)
        and period_end = last_day(period_end)
),

derived as (
    select
        later.metric,
        later.offense,
        later.jurisdiction,
        later.period_end,
        later.unit,
        null::double as change_value,
        null::varchar as change_unit,
        null::varchar as change_direction,
        null::varchar as change_basis,
        2 as n_releases,
        later.best_release_id,
        later.best_release_title,
        later.best_published_date,
        later.best_url,
        later.best_is_reprint,
        later.best_figure_id,
        true as is_derived,
        (earlier.period_end + interval 1 day)::date as period_start,
        -- exact minus exact is exact; otherwise the middle of what the bounds allow (160余万 minus
        -- 119.6万 is not 40.4万 when another release put the year at 168.8万)
        case
            when later.qualifier = 'exact' and earlier.qualifier = 'exact'
                then later.value - earlier.value
            else
                round(
                    (
                        greatest(later.value_low - earlier.value_high, 0)
                        + later.value_high - earlier.value_low
                    ) / 2
                )
        end as value,  -- noqa: RF04
        case
            when later.qualifier = 'exact' and earlier.qualifier = 'exact' then 'exact'
            else 'about'
        end as qualifier,
        later.n_figures + earlier.n_figures as n_figures,
        'derived: ' || later.period_start::varchar || '..' || later.period_end::varchar
        || ' (' || later.best_release_id || ') minus ' || earlier.period_start::varchar || '..'
        || earlier.period_end::varchar || ' (' || earlier.best_release_id || ')' as sentence,
        concat_ws('; ', later.corrections, earlier.corrections) as corrections,
        later.conflict or earlier.conflict as conflict,  -- noqa: RF04
        greatest(later.value_low - earlier.value_high, 0) as value_low,
        later.value_high - earlier.value_low as value_high
    from cumulative as later
    inner join cumulative as earlier
        on
            later.metric = earlier.metric
            and later.offense is not distinct from earlier.offense
            and later.jurisdiction = earlier.jurisdiction
            and later.unit = earlier.unit
            and later.period_start = earlier.period_start
            and month(later.period_end) = month(earlier.period_end) + 3
    -- a difference of disagreeing or mismatched figures is no quarter: leave it out
    where not later.conflict and not earlier.conflict and later.value >= earlier.value
),

derived_new as (
    select d.* from derived as d
    where not exists (
        select 1 from best as b
        where
            b.metric = d.metric
            and b.offense is not distinct from d.offense
            and b.jurisdiction = d.jurisdiction
            and b.period_start = d.period_start
            and b.period_end = d.period_end
            and b.unit = d.unit
    )
)

select * from best
union all by name
select * from derived_new
