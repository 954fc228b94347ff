-- grain: crawl_runs one row per crawl run and source; quality_issues one row per problem the
-- quality gates found in the last build.
create table if not exists crawl_runs (
    run_id varchar not null,
    source varchar not null,
    recorded_at timestamptz not null default current_timestamp,
    pages integer not null,
    listing_items integer not null,
    new_articles integer not null,
    errors integer not null,
    listing_failures integer not null,
    source_down varchar,
    primary key (run_id, source)
);

comment on table crawl_runs is 'What the crawler counted in each run and source (listing items included, which fetch_log cannot know): a broken selector shows as pages without items.';
comment on column crawl_runs.run_id is 'The crawl run (fetch_log.run_id).';
comment on column crawl_runs.source is 'Source name.';
comment on column crawl_runs.recorded_at is 'When the run was recorded (UTC).';
comment on column crawl_runs.pages is 'Listing pages fetched.';
comment on column crawl_runs.listing_items is 'Article links found on those listing pages, new and known.';
comment on column crawl_runs.new_articles is 'New articles fetched into the archive.';
comment on column crawl_runs.errors is 'Fetches that failed (listing and article).';
comment on column crawl_runs.listing_failures is 'Listing pages that failed.';
comment on column crawl_runs.source_down is 'Why the source counted as down in this run, else null.';

create table if not exists quality_issues (
    checked_at timestamptz not null,
    level varchar not null,
    check_name varchar not null,
    subject varchar,
    detail varchar not null
);

comment on table quality_issues is 'Problems the quality gates found in the last build: errors withhold publishing, warnings are shown and do not block.';
comment on column quality_issues.checked_at is 'When the gates ran (UTC).';
comment on column quality_issues.level is 'error (the build fails, nothing is published) or warning.';
comment on column quality_issues.check_name is 'The check: sql/checks/<check_name>.sql.';
comment on column quality_issues.subject is 'What the issue is about: a figure_id, release_id or source.';
comment on column quality_issues.detail is 'What is wrong, in words.';
