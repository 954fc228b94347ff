-- grain: one row per release language: releases and figures loaded (the demo's summary).
select
    r.language,
    count(distinct r.release_id) as releases,
    count(f.figure_id) as figures
from releases as r
left join figures as f on r.release_id = f.release_id
group by r.language
order by r.language
