-- grain: one row per release with no figures (unparsable ones included). level: warning
select
    r.release_id as subject,
    case
        when r.parse_status <> 'ok' then 'unparsable: ' || coalesce(r.parse_error, '?')
        else 'no figures: ' || coalesce(r.title, r.url)
    end as detail
from releases as r
where not exists (
    select 1 from figures as f
    where f.release_id = r.release_id
)
