-- grain: figure_overrides one row per correction made by a person; figure_changes one row per
-- figure that a reparse added, removed or changed.
create table if not exists figure_overrides (
    override_id varchar primary key,
    raw_sha256 varchar not null,
    span_start integer not null,
    span_end integer not null,
    figure_id varchar,
    value double,
    metric varchar,
    offense varchar,
    period_start date,
    period_end date,
    reason varchar not null,
    corrected_by varchar not null,
    corrected_at timestamptz not null default current_timestamp
);

comment on table figure_overrides is 'Corrections made by a person (crimestats correct), keyed by the raw page hash and the span, so they survive every reparse; the newest correction of a span wins.';
comment on column figure_overrides.override_id is 'Unique id of the correction.';
comment on column figure_overrides.raw_sha256 is 'Raw page the corrected figure was read from (releases.raw_sha256).';
comment on column figure_overrides.span_start is 'Start offset of the corrected figure in the release body.';
comment on column figure_overrides.span_end is 'End offset (exclusive) of the corrected figure in the release body.';
comment on column figure_overrides.figure_id is 'The figure corrected, at the time of the correction (informational; the key is hash + span).';
comment on column figure_overrides.value is 'Corrected value; null keeps the extracted one.';
comment on column figure_overrides.metric is 'Corrected metric; null keeps the extracted one.';
comment on column figure_overrides.offense is 'Corrected offence id; null keeps the extracted one.';
comment on column figure_overrides.period_start is 'Corrected first day of the period; null keeps the extracted one.';
comment on column figure_overrides.period_end is 'Corrected last day of the period; null keeps the extracted one.';
comment on column figure_overrides.reason is 'Why the figure was corrected (required).';
comment on column figure_overrides.corrected_by is 'Who made the correction.';
comment on column figure_overrides.corrected_at is 'When the correction was made (UTC).';

create table if not exists figure_changes (
    changed_at timestamptz not null,
    change varchar not null,
    figure_id varchar not null,
    release_id varchar not null,
    span_start integer not null,
    span_end integer not null,
    span_text varchar,
    old_parser_version varchar,
    new_parser_version varchar,
    old_value double,
    new_value double,
    old_unit varchar,
    new_unit varchar,
    old_qualifier varchar,
    new_qualifier varchar,
    old_metric varchar,
    new_metric varchar,
    old_offense varchar,
    new_offense varchar,
    old_period_start date,
    new_period_start date,
    old_period_end date,
    new_period_end date,
    old_change_value double,
    new_change_value double
);

comment on table figure_changes is 'What a reload or reparse changed in figures: one row per figure added, removed or changed, with the old and new extractor versions and values.';
comment on column figure_changes.changed_at is 'When the load that made the change ran (UTC).';
comment on column figure_changes.change is 'added, removed or changed.';
comment on column figure_changes.figure_id is 'The figure (figures.figure_id).';
comment on column figure_changes.release_id is 'Its release.';
comment on column figure_changes.span_start is 'Start offset of the figure in the release body.';
comment on column figure_changes.span_end is 'End offset (exclusive) of the figure in the release body.';
comment on column figure_changes.span_text is 'The figure as written.';
comment on column figure_changes.old_parser_version is 'Extractor version of the replaced row; null when added.';
comment on column figure_changes.new_parser_version is 'Extractor version of the new row; null when removed.';
comment on column figure_changes.old_value is 'Value before.';
comment on column figure_changes.new_value is 'Value after.';
comment on column figure_changes.old_unit is 'Unit before.';
comment on column figure_changes.new_unit is 'Unit after.';
comment on column figure_changes.old_qualifier is 'Qualifier before.';
comment on column figure_changes.new_qualifier is 'Qualifier after.';
comment on column figure_changes.old_metric is 'Metric before.';
comment on column figure_changes.new_metric is 'Metric after.';
comment on column figure_changes.old_offense is 'Offence before.';
comment on column figure_changes.new_offense is 'Offence after.';
comment on column figure_changes.old_period_start is 'Period start before.';
comment on column figure_changes.new_period_start is 'Period start after.';
comment on column figure_changes.old_period_end is 'Period end before.';
comment on column figure_changes.new_period_end is 'Period end after.';
comment on column figure_changes.old_change_value is 'Reported change before.';
comment on column figure_changes.new_change_value is 'Reported change after.';
