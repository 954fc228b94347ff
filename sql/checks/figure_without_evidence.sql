-- grain: one row per figure whose span is not the text of its release body at its offsets. level: error
select
    f.figure_id as subject,
    case
        when r.release_id is null then 'no release ' || f.release_id
        when coalesce(f.span_text, '') = '' then 'empty span text'
        when coalesce(f.sentence, '') = '' then 'empty sentence'
        else
            'body[' || f.span_start::varchar || ':' || f.span_end::varchar || '] is not '
            || f.span_text
    end as detail
from figures as f
left join releases as r on f.release_id = r.release_id
where
    r.release_id is null
    or coalesce(f.span_text, '') = ''
    or coalesce(f.sentence, '') = ''
    or substring(r.body, f.span_start + 1, f.span_end - f.span_start) is distinct from f.span_text
