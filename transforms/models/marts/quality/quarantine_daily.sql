-- What the quarantine holds now, per ingest day, feed, site and rule: rows quarantined by the rule
-- (a row failing two rules counts under each) and the files they came from, plus files rejected
-- whole. Current versions only: a file replayed or corrected since counts as it stands now, so a
-- replay that loaded its rows removes them from here.
with quarantined_rows as (
    select
        ingested_on,
        feed_id,
        site_id,
        rule,
        'row' as rejected_as,
        count(*) as rows_quarantined,
        count(distinct source_key) as files
    from {{ ref('stg_opslake__quarantine_rows') }}
    group by ingested_on, feed_id, site_id, rule
),

-- The attempts that decide what stands for a key: a published version or a whole-file rejection
-- (a duplicate, missing or superseded attempt changes nothing).
deciding_attempts as (
    select
        source_key,
        feed_id,
        ingest_id,
        started_at,
        outcome,
        rows_in,
        reason,
        row_number() over (partition by source_key order by started_at desc, ingest_id desc) as recency
    from {{ ref('stg_opslake__ingest_files') }}
    where outcome in ({{ published_outcomes() }}, {{ ingest_outcome('rejected') }})
),

rejected_files as (
    select
        cast(started_at as date) as ingested_on,
        feed_id,
        cast(null as {{ dbt.type_string() }}) as site_id,
        -- A whole-file rejection's reason is `<rule>: <message>` (ingest.ts, Attempt.rejectWhole).
        split_part(reason, ':', 1) as rule,
        'file' as rejected_as,
        cast(sum(rows_in) as bigint) as rows_quarantined,
        count(*) as files
    from deciding_attempts
    where recency = 1 and outcome = {{ ingest_outcome('rejected') }}
    group by cast(started_at as date), feed_id, split_part(reason, ':', 1)
)

select * from quarantined_rows
union all
select * from rejected_files
