-- grain: one row per reported period: national arrests and prosecutions of persons from the
-- reconciled series (reported values only, newest periods first).
select
    period_start,
    period_end,
    max(value) filter (where metric = 'arrested') as arrested,
    max(value) filter (where metric = 'prosecuted') as prosecuted
from series
where
    jurisdiction = 'national'
    and offense is null
    and unit = 'person'
    and metric in ('arrested', 'prosecuted')
    and not is_derived
group by period_start, period_end
order by period_end desc, period_start desc
limit 15
