-- The ingest audit log, one row per file attempt. Every attempt is kept (a re-delivery is its own
-- row, with outcome duplicate), so there is no latest-version step here.
-- A view everywhere: the log is one small Parquet file per attempt until `opslake compact` merges
-- each day's into one; copying 13,613 small files into a DuckDB table took a minute.
-- distinct: a compaction interrupted between writing its file and deleting the files it merged
-- leaves a record in two files, identical in every column (docs/ingest.md, "Compacting the audit
-- log"); two different records under one ingest id still fail the unique test below.
{{ config(materialized='view') }}
with source as (
    select distinct * from {{ source('opslake', 'ingest_files') }}
)

select
    ingest_id,
    source_key,
    feed as feed_id,
    contract_version,
    bytes as file_bytes,
    content_hash,
    rows_in,
    rows_valid,
    rows_rejected,
    outcome,
    reason,
    replay_of,
    warnings,
    output_files,
    {{ utc_timestamp('started_at') }} as started_at,
    duration_ms
from source
