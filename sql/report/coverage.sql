-- grain: one row per (source, month of publication): releases and figures from the coverage
-- model, with the titles of that month's releases for the tooltip.
with titles as (
    select
        source,
        date_trunc('month', published_date)::date as month,  -- noqa: RF04
        string_agg(title, ' | ' order by published_date, release_id) as release_titles
    from releases
    group by all
)

select
    c.source,
    c.releases,
    c.unparsable,
    c.releases_without_figures,
    c.figures,
    t.release_titles,
    strftime(c.month, '%Y-%m-%d') as month  -- noqa: RF04
from coverage as c
left join titles as t on c.source = t.source and c.month = t.month  -- noqa: RF04
order by c.source, c.month
