-- grain: one row per source whose last run fetched listing pages but found no items. level: warning
select
    source as subject,
    'last run ' || last_run_id || ' fetched ' || last_run_pages::varchar
    || ' listing page(s) with no items: check the listing selector' as detail
from source_health
where last_run_pages > 0 and last_run_listing_items = 0
