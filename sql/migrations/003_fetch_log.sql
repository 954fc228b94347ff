-- grain: one row per URL fetch (fetch_id).
create table if not exists fetch_log (
    fetch_id varchar primary key,
    run_id varchar not null,
    source varchar not null,
    kind varchar not null,
    url varchar not null,
    final_url varchar,
    fetched_at timestamptz not null,
    status integer,
    outcome varchar not null,
    error varchar,
    attempts integer not null,
    bytes bigint not null,
    elapsed_ms bigint not null,
    sha256 varchar
);

comment on table fetch_log is 'One row per URL fetch, loaded from the raw archive fetch records: how long has source X been failing is a query.';
comment on column fetch_log.fetch_id is 'Unique id of the fetch record in the archive.';
comment on column fetch_log.run_id is 'The crawl run (one per source and invocation), sortable by time.';
comment on column fetch_log.source is 'Source name.';
comment on column fetch_log.kind is 'listing or article.';
comment on column fetch_log.url is 'URL requested.';
comment on column fetch_log.final_url is 'URL answered after redirects.';
comment on column fetch_log.fetched_at is 'When the fetch ended (UTC).';
comment on column fetch_log.status is 'Last HTTP status, null when no answer came.';
comment on column fetch_log.outcome is 'ok, not_modified, not_found, gave_up, timeout, too_large, off_host, redirect_loop, robots_denied, decode_error or challenge.';
comment on column fetch_log.error is 'What went wrong, null on success.';
comment on column fetch_log.attempts is 'HTTP attempts made, retries included.';
comment on column fetch_log.bytes is 'Body size in bytes.';
comment on column fetch_log.elapsed_ms is 'Wall time of the fetch including retries, in milliseconds.';
comment on column fetch_log.sha256 is 'Archive object holding the body, null when none was stored.';
