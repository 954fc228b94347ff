-- grain: one row per percentage figure (rate or share) outside 0..100. level: error
select
    figure_id as subject,
    'rate or share ' || value::varchar || '% outside 0..100: ' || span_text as detail
from figures
where unit = 'percent' and (value < 0 or value > 100)
