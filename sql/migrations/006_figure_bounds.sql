-- grain: figures gain the bounds implied by their qualifier and the rounding of the number as written.
alter table figures add column if not exists value_low double;
alter table figures add column if not exists value_high double;

update figures
set
    value_low = figure_low(value, qualifier, unit, span_text),
    value_high = figure_high(value, qualifier, unit, span_text);

comment on column figures.value_low is 'Lowest value the figure allows: 余/more than -> value; 近/nearly -> value minus one step of the last written digit; 约/about -> value minus one step; exact -> value minus half a step (4.2万 -> 41500).';
comment on column figures.value_high is 'Highest value the figure allows: 余/more than -> value plus one step of the last written digit (4.2万余 -> 43000); 近/nearly, less than -> value; 约/about -> value plus one step; exact -> value plus half a step.';
