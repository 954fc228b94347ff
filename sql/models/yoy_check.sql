-- grain: one row per figure reporting a year-on-year change (figure_id): the same key a year
-- earlier from series, the change computed from the two, and whether it matches within rounding.
with reported as (
    select
        *,
        case when change_direction = 'down' then -change_value else change_value end
            as reported_change,
        case
            when abs(change_value - round(change_value)) < 1e-6 then 1.0
            when abs(change_value * 10 - round(change_value * 10)) < 1e-6 then 0.1
            else 0.01
        end as change_step,
        (period_start - interval 1 year)::date as prior_start,
        case
            when period_end = last_day(period_end)
                then last_day(period_end - interval 1 year)
            else (period_end - interval 1 year)::date
        end as prior_end
    from figure_facts
    where
        change_basis = 'year_on_year'
        and change_value is not null
        and value is not null
        and unit is not null
        and period_start is not null
        and period_end is not null
),

paired as (
    select
        r.*,
        s.value as prior_value,
        s.value_low as prior_low,
        s.value_high as prior_high,
        s.best_release_id as prior_release_id,
        s.is_derived as prior_is_derived
    from reported as r
    left join series as s
        on
            r.metric = s.metric
            and r.offense is not distinct from s.offense
            and r.jurisdiction = s.jurisdiction
            and r.unit = s.unit
            and r.prior_start = s.period_start
            and r.prior_end = s.period_end
),

computed as (
    select
        *,
        case
            when prior_value is null or prior_value = 0 then null
            when change_unit = 'percentage_points' then value - prior_value
            when change_unit = 'times' then value / prior_value
            else (value / prior_value - 1) * 100
        end as computed_change,
        case
            when prior_value is null or prior_low <= 0 then null
            when change_unit = 'percentage_points' then value_low - prior_high
            when change_unit = 'times' then value_low / prior_high
            else (value_low / prior_high - 1) * 100
        end as computed_low,
        case
            when prior_value is null or prior_low <= 0 then null
            when change_unit = 'percentage_points' then value_high - prior_low
            when change_unit = 'times' then value_high / prior_low
            else (value_high / prior_low - 1) * 100
        end as computed_high
    from paired
),

checked as (
    select
        *,
        case
            when computed_low is null then null
            when change_unit = 'times'
                then (
                    computed_low <= abs(reported_change) + change_step / 2 + 1e-9
                    and computed_high >= abs(reported_change) - change_step / 2 - 1e-9
                )
                or (
                    computed_low - 1 <= abs(reported_change) + change_step / 2 + 1e-9
                    and computed_high - 1 >= abs(reported_change) - change_step / 2 - 1e-9
                )
            else
                computed_low <= reported_change + change_step / 2 + 1e-9
                and computed_high >= reported_change - change_step / 2 - 1e-9
        end as matches
    from computed
)

select
    figure_id,
    release_id,
    published_date,
    metric,
    offense,
    jurisdiction,
    unit,
    period_start,
    period_end,
    value,
    value_low,
    value_high,
    change_value,
    change_unit,
    change_direction,
    reported_change,
    prior_start,
    prior_end,
    prior_value,
    prior_low,
    prior_high,
    prior_release_id,
    prior_is_derived,
    computed_change,
    computed_low,
    computed_high,
    matches,
    case
        when prior_value is null then 'no_prior'
        when matches is null then 'not_comparable'
        when matches then 'match'
        else 'mismatch'
    end as status
from checked
