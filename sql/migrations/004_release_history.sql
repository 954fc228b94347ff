-- grain: release_versions has one row per distinct archived content of a release
-- (release_id, content_sha256); release_reprints one row per release whose text another
-- release published first (release_id). releases.removed_at marks releases gone from their site.
create table if not exists release_versions (
    release_id varchar not null,
    version integer not null,
    content_sha256 varchar not null,
    raw_sha256 varchar not null,
    pages integer not null,
    url varchar not null,
    first_fetched_at timestamptz not null,
    last_fetched_at timestamptz not null,
    primary key (release_id, version)
);

comment on table release_versions is 'One row per distinct content a release page has had: a recheck that finds changed text adds a version, and every version stays in the raw archive.';
comment on column release_versions.release_id is 'The release (releases.release_id).';
comment on column release_versions.version is '1 for the first content archived, 2 for the next change, and so on.';
comment on column release_versions.content_sha256 is 'Identity of this content: the raw page sha256, or for a multi-page article a hash of all its pages.';
comment on column release_versions.raw_sha256 is 'sha256 of page 1 of this version in the raw archive.';
comment on column release_versions.pages is 'Number of pages (1, or more for an article split into _2, _3 pages).';
comment on column release_versions.url is 'URL this version was fetched from.';
comment on column release_versions.first_fetched_at is 'First fetch that returned this content (UTC).';
comment on column release_versions.last_fetched_at is 'Latest fetch that returned this content (UTC).';

create table if not exists release_reprints (
    release_id varchar primary key,
    original_release_id varchar not null,
    text_sha256 varchar not null
);

comment on table release_reprints is 'Reprints: a release whose body text (NFKC, whitespace removed) equals an earlier release at another URL. Both releases are kept; this links them.';
comment on column release_reprints.release_id is 'The reprint (releases.release_id).';
comment on column release_reprints.original_release_id is 'The release with the same text published first (earliest date, then release_id).';
comment on column release_reprints.text_sha256 is 'sha256 of the normalised body text shared by the two releases.';

alter table releases add column removed_at timestamptz;
comment on column releases.removed_at is 'When a recheck found the page gone (HTTP 404/410); null while it is online. Removed releases are kept.';
