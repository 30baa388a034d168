-- Quarantined rows of the file versions that stand: one row per rule a row failed. The ledger
-- deletes a replaced or replayed version's parts once the new version settles, so the quarantine
-- holds current versions only; between its commit and that clean-up both versions' parts exist,
-- and only the newest attempt's rows of each file are kept (ingest ids begin with the attempt's
-- UTC time, so the largest is the newest).
-- A view: the parts are small NDJSON files read where they lie, like the audit log.
{{ config(materialized='view') }}
with source as (
    select * from {{ source('opslake', 'quarantine_rows') }}
),

newest as (
    select
        *,
        max(ingest_id) over (partition by file) as newest_ingest_id
    from source
)

select
    ingest_id,
    file as source_key,
    feed as feed_id,
    site as site_id,
    "row" as source_row,
    "column" as column_name,
    rule,
    message,
    value as raw_value,
    -- Lines written before ingested_at was recorded: the day from the ingest id (yyyymmddThh…).
    cast(coalesce(
        substr(ingested_at, 1, 10),
        substr(ingest_id, 1, 4) || '-' || substr(ingest_id, 5, 2) || '-' || substr(ingest_id, 7, 2)
    ) as date) as ingested_on
from newest
where ingest_id = newest_ingest_id
