-- grain: one row per figure (figure_id = $1): the figure with its release and raw page hash,
-- for `crimestats explain`.
select
    f.figure_id,
    f.value,
    f.unit,
    f.qualifier,
    f.metric,
    f.offense,
    f.jurisdiction,
    f.agency,
    f.period_start,
    f.period_end,
    f.change_value,
    f.change_unit,
    f.change_direction,
    f.span_text,
    f.sentence,
    f.parser_version,
    f.extracted_value,
    f.correction_reason,
    f.release_id,
    f.release_title,
    f.published_date,
    f.url,
    f.source,
    f.raw_sha256
from figure_facts as f
where f.figure_id = $1
