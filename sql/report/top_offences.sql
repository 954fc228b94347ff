-- grain: one row per (offense, year): persons prosecuted nationally or in a province in a
-- calendar year for one offence, the year before, and the change reported and computed.
with yearly as (
    select
        metric,
        offense,
        jurisdiction,
        value,
        change_value,
        change_unit,
        change_direction,
        change_basis,
        conflict,
        best_release_id,
        best_release_title,
        best_url,
        best_figure_id,
        sentence,
        best_published_date,
        year(period_start) as year  -- noqa: RF04
    from series
    where
        metric = 'prosecuted'
        and unit = 'person'
        and offense is not null
        and month(period_start) = 1
        and day(period_start) = 1
        and period_end = make_date(year(period_start), 12, 31)
)

select
    y.offense,
    y.jurisdiction,
    y.year,
    y.value,
    y.conflict,
    p.value as prior_value,
    y.best_release_id as release_id,
    y.best_release_title as release_title,
    y.best_url as url,
    y.best_figure_id as figure_id,
    y.sentence,
    strftime(y.best_published_date, '%Y-%m-%d') as published_date,
    case
        when y.change_basis = 'year_on_year' and y.change_unit = 'percent'
            then
                case when y.change_direction = 'down' then -y.change_value else y.change_value end
    end as reported_change_pct,
    round(100.0 * (y.value - p.value) / nullif(p.value, 0), 1) as computed_change_pct
from yearly as y
left join yearly as p
    on
        y.offense = p.offense
        and y.jurisdiction = p.jurisdiction
        and y.year = p.year + 1
order by y.year asc, y.value desc
