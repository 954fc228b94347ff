-- grain: one row per source seen in runs or releases: is it alive, and is it still yielding?
with last_runs as (
    select
        *,
        row_number() over (partition by source order by started_at desc nulls last) as recency
    from runs
),

releases_by_source as (
    select
        r.source,
        count(*) as releases,
        count(*) filter (
            where not exists (
                select 1 from figures as f
                where f.release_id = r.release_id
            )
        ) as releases_without_figures,
        max(r.published_date) as newest_published,
        max(r.fetched_at) as last_new_release_fetched_at
    from releases as r
    group by all
)

select
    l.run_id as last_run_id,
    l.started_at as last_run_at,
    l.pages as last_run_pages,
    l.listing_items as last_run_listing_items,
    l.errors as last_run_errors,
    l.source_down as last_run_source_down,
    r.releases,
    r.releases_without_figures,
    r.newest_published,
    r.last_new_release_fetched_at,
    coalesce(l.source, r.source) as source,  -- noqa: RF04
    round(l.listing_items / nullif(l.pages, 0), 2) as items_per_listing_page,
    round(r.releases_without_figures / nullif(r.releases, 0), 4) as share_without_figures,
    date_diff('day', r.last_new_release_fetched_at::date, current_date)
        as days_since_last_new_release
from (
    select * from last_runs
    where recency = 1
) as l
full outer join releases_by_source as r on l.source = r.source
