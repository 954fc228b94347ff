-- grain: one row per figure (figure_id), with its release, its bounds and any correction applied.
with corrections as (
    select
        *,
        row_number() over (
            partition by raw_sha256, span_start, span_end
            order by corrected_at desc, override_id desc
        ) as newest
    from figure_overrides
),

latest_corrections as (
    select * from corrections
    where newest = 1
)

select
    f.figure_id,
    f.release_id,
    r.source,
    r.publisher,
    r.published_date,
    r.title as release_title,
    r.url,
    r.raw_sha256,
    f.unit,
    f.qualifier,
    f.jurisdiction,
    f.agency,
    f.change_value,
    f.change_unit,
    f.change_direction,
    f.change_basis,
    f.span_start,
    f.span_end,
    f.span_text,
    f.sentence,
    f.parser_version,
    f.value as extracted_value,
    c.override_id,
    c.reason as correction_reason,
    c.corrected_by,
    c.corrected_at,
    coalesce(
        r.publisher like 'news:%'
        or r.release_id in (select rp.release_id from release_reprints as rp),
        false
    ) as is_reprint,
    coalesce(c.value, f.value) as value,  -- noqa: RF04
    coalesce(c.value, f.value_low) as value_low,
    coalesce(c.value, f.value_high) as value_high,
    coalesce(c.metric, f.metric) as metric,
    coalesce(c.offense, f.offense) as offense,
    coalesce(c.period_start, f.period_start) as period_start,
    coalesce(c.period_end, f.period_end) as period_end
from figures as f
inner join releases as r on f.release_id = r.release_id
left join latest_corrections as c
    on
        r.raw_sha256 = c.raw_sha256
        and f.span_start = c.span_start
        and f.span_end = c.span_end
