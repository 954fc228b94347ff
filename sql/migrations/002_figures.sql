-- grain: one row per statistic reported in a release (release_id, span_start, span_end, unit).
create table if not exists figures (
    figure_id varchar primary key,
    release_id varchar not null,
    value double,
    unit varchar,
    qualifier varchar not null,
    metric varchar not null,
    offense varchar,
    jurisdiction varchar not null,
    agency varchar not null,
    period_start date,
    period_end date,
    change_value double,
    change_unit varchar,
    change_direction varchar,
    change_basis varchar,
    span_start integer not null,
    span_end integer not null,
    span_text varchar not null,
    sentence varchar not null,
    parser_version varchar not null
);

comment on table figures is 'One row per statistic found in a release body, with its evidence. A bare change (no count of its own) has value and unit null.';
comment on column figures.figure_id is 'Stable id: hash of release_id, span_start, span_end and unit.';
comment on column figures.release_id is 'The release the figure was read from (releases.release_id).';
comment on column figures.value is 'Normalised value: 4.2万 -> 42000, 1.3亿元 -> 130000000, 41.8% -> 41.8.';
comment on column figures.unit is 'person, case, case_time, item, yuan, percent or other.';
comment on column figures.qualifier is 'exact, more_than (余/多/逾/more than), about (约/about), nearly (近/nearly) or less_than (不到/less than).';
comment on column figures.metric is 'What is counted: arrested, prosecuted, not_prosecuted, non_arrest_rate, ... or other.';
comment on column figures.offense is 'Offence id from the lexicon (pipeline/extract/lexicons), null when none is named.';
comment on column figures.jurisdiction is 'national or a province.';
comment on column figures.agency is 'Body the release attributes the figure to: procuratorate (default), court, police...';
comment on column figures.period_start is 'First day of the period the figure covers.';
comment on column figures.period_end is 'Last day of the period the figure covers.';
comment on column figures.change_value is 'Reported change as written: 63.5 for 上升63.5%, 3.5 for 3.5倍.';
comment on column figures.change_unit is 'percent, times or percentage_points.';
comment on column figures.change_direction is 'up or down.';
comment on column figures.change_basis is 'year_on_year (同比, year on year) or other.';
comment on column figures.span_start is 'Offset of the figure text in releases.body (characters).';
comment on column figures.span_end is 'End offset (exclusive) of the figure text in releases.body.';
comment on column figures.span_text is 'The figure as written: 4.2万余人, more than 42,000 people.';
comment on column figures.sentence is 'The sentence the figure was read from.';
comment on column figures.parser_version is 'Extractor version that produced the figure.';
