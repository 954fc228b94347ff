-- grain: one row per crawl run and source (run_id, source): start, end, pages, new releases,
-- figures, errors; listing items when the crawler recorded them (crawl_runs).
with fetches as (
    select
        run_id,
        source,
        min(fetched_at) as started_at,
        max(fetched_at) as ended_at,
        count(*) filter (where kind = 'listing') as pages,
        count(*) filter (where kind = 'article' and outcome = 'ok') as new_releases,
        count(*) filter (where outcome not in ('ok', 'not_modified')) as errors
    from fetch_log
    group by all
),

run_figures as (
    select
        l.run_id,
        l.source,
        count(f.figure_id) as figures
    from fetch_log as l
    inner join releases as r on l.source = r.source and l.sha256 = r.raw_sha256
    inner join figures as f on r.release_id = f.release_id
    where l.kind = 'article' and l.outcome = 'ok'
    group by all
)

select
    x.started_at,
    x.ended_at,
    c.listing_items,
    c.source_down,
    coalesce(x.run_id, c.run_id) as run_id,
    coalesce(x.source, c.source) as source,  -- noqa: RF04
    coalesce(x.pages, c.pages) as pages,
    coalesce(x.new_releases, 0) as new_releases,
    coalesce(rf.figures, 0) as figures,
    coalesce(x.errors, c.errors) as errors
from fetches as x
full outer join crawl_runs as c on x.run_id = c.run_id and x.source = c.source
left join run_figures as rf on x.run_id = rf.run_id and x.source = rf.source
order by x.started_at, coalesce(x.source, c.source)
