-- grain: one row per release (source, canonical article key).
create table if not exists releases (
    release_id varchar primary key,
    source varchar not null,
    article_key varchar not null,
    url varchar not null,
    title varchar,
    published_date date,
    language varchar not null,
    publisher varchar,
    jurisdiction varchar,
    raw_sha256 varchar,
    fetched_at timestamptz,
    parser_version varchar not null,
    parse_status varchar not null,
    parse_error varchar,
    body varchar
);

comment on table releases is 'One row per press release: source and canonical article key; the parsed title, date and body, and the raw page it came from.';
comment on column releases.release_id is 'Stable id: hash of source and canonical article key, independent of host and port.';
comment on column releases.source is 'Source name from pipeline/sources/*.yaml.';
comment on column releases.article_key is 'Canonical article key: the TRS t<YYYYMMDD>_<id> or the path without optional prefixes.';
comment on column releases.url is 'Canonical URL of the fetch the release was parsed from (no fragment).';
comment on column releases.title is 'Headline with the site suffix removed.';
comment on column releases.published_date is 'Publication date: the page date line, else the listing date, else the URL date.';
comment on column releases.language is 'zh or en, from the source file.';
comment on column releases.publisher is 'spp, provincial:<name> or news:<outlet>.';
comment on column releases.jurisdiction is 'national or the province the source covers.';
comment on column releases.raw_sha256 is 'sha256 of the raw page in the archive (objects/<2>/<sha>.gz).';
comment on column releases.fetched_at is 'When the raw page was fetched (UTC).';
comment on column releases.parser_version is 'Extractor version that produced this row and its figures.';
comment on column releases.parse_status is 'ok, or error when the page could not be decoded or parsed (see parse_error).';
comment on column releases.parse_error is 'Why the page could not be parsed; null when parse_status = ok.';
comment on column releases.body is 'Body text, paragraphs separated by a blank line; figure spans index into it.';
