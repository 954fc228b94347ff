-- grain: one row per (source, month of publication): releases, figures, share without figures.
with per_release as (
    select
        r.source,
        r.release_id,
        r.parse_status,
        date_trunc('month', r.published_date)::date as month,  -- noqa: RF04
        count(f.figure_id) as n_figures
    from releases as r
    left join figures as f on r.release_id = f.release_id
    group by all
)

select
    source,
    month,
    count(*) as releases,
    count(*) filter (where parse_status <> 'ok') as unparsable,
    count(*) filter (where n_figures = 0) as releases_without_figures,
    sum(n_figures) as figures,
    round(count(*) filter (where n_figures = 0) / count(*), 4) as share_without_figures
from per_release
group by all
order by source, month
