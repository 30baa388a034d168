-- The carrier scorecard for performance reviews, per carrier, site and month (the site's currency,
-- so no cross-site roll-up): volume and its share of the site's shipments, on-time (the
-- carrier_on_time_rate KPI's parts, so the scorecard and the KPI tables agree), damage (returns for
-- damage of the month's shipments), freight cost per unit, rank among the site's carriers, the
-- previous month and the last_12_months 12 months. docs/scorecards.md.
with shipments as (
    select * from {{ ref('fct_shipments') }}
),

volume as (
    select
        site_id, carrier_id, cast({{ dbt.date_trunc('month', 'ship_date') }} as date) as month_start,
        count(*) as shipments,
        sum(units) as units,
        sum(freight_cost) as freight_cost,
        max(currency_code) as currency_code
    from shipments
    where shipment_status <> 'cancelled'
    group by 1, 2, 3
),

damaged as (
    select
        shipments.site_id, shipments.carrier_id,
        cast({{ dbt.date_trunc('month', 'shipments.ship_date') }} as date) as month_start,
        count(distinct returns.return_id) as damaged_returns
    from {{ ref('fct_returns') }} as returns
    inner join shipments on returns.order_id = shipments.order_id
    where returns.reason = 'damaged'
    group by 1, 2, 3
),

on_time as (
    select
        scope_id as site_id, breakdown_value as carrier_id,
        cast({{ dbt.date_trunc('month', 'kpi_date') }} as date) as month_start,
        sum(numerator) as on_time_shipments,
        sum(denominator) as on_time_due
    from {{ ref('kpi_daily') }}
    where kpi = 'carrier_on_time_rate' and scope_level = 'site'
    group by 1, 2, 3
),

keys as (
    select site_id, carrier_id, month_start from volume
    union
    select site_id, carrier_id, month_start from on_time
),

joined as (
    select
        keys.site_id,
        keys.carrier_id,
        keys.month_start,
        coalesce(volume.shipments, 0) as shipments,
        coalesce(volume.units, 0) as units,
        cast(coalesce(volume.freight_cost, 0) as decimal(18, 2)) as freight_cost,
        volume.currency_code,
        coalesce(on_time.on_time_shipments, 0) as on_time_shipments,
        coalesce(on_time.on_time_due, 0) as on_time_due,
        coalesce(damaged.damaged_returns, 0) as damaged_returns
    from keys
    left join volume
        on keys.site_id = volume.site_id and keys.carrier_id = volume.carrier_id and keys.month_start = volume.month_start
    left join on_time
        on keys.site_id = on_time.site_id and keys.carrier_id = on_time.carrier_id and keys.month_start = on_time.month_start
    left join damaged
        on keys.site_id = damaged.site_id and keys.carrier_id = damaged.carrier_id and keys.month_start = damaged.month_start
),

last_12_months as (
    select
        current_month.site_id, current_month.carrier_id, current_month.month_start,
        sum(window_month.on_time_shipments) as on_time_shipments_12m,
        sum(window_month.on_time_due) as on_time_due_12m,
        max(case when window_month.month_start = cast({{ dbt.dateadd('month', -1, 'current_month.month_start') }} as date)
            then {{ safe_ratio('window_month.on_time_shipments', 'window_month.on_time_due') }} end) as on_time_rate_prev_month
    from joined as current_month
    inner join joined as window_month
        on current_month.site_id = window_month.site_id
        and current_month.carrier_id = window_month.carrier_id
        and window_month.month_start <= current_month.month_start
        and window_month.month_start > cast({{ dbt.dateadd('month', -12, 'current_month.month_start') }} as date)
    group by 1, 2, 3
),

contracts as (
    select carrier_id, site_id, contracted_on_time_target,
        row_number() over (partition by carrier_id, site_id order by valid_from desc) as recency
    from {{ ref('stg_tms__carriers') }}
),

scored as (
    select
        joined.*,
        {{ safe_ratio('joined.shipments', 'sum(joined.shipments) over (partition by joined.site_id, joined.month_start)') }}
            as volume_share,
        {{ safe_ratio('joined.on_time_shipments', 'joined.on_time_due') }} as on_time_rate,
        {{ safe_ratio('joined.damaged_returns', 'joined.shipments') }} as damage_rate,
        cast(round({{ safe_ratio('joined.freight_cost', 'joined.units') }}, 4) as decimal(18, 4)) as freight_cost_per_unit,
        contracts.contracted_on_time_target,
        last_12_months.on_time_rate_prev_month,
        {{ safe_ratio('last_12_months.on_time_shipments_12m', 'last_12_months.on_time_due_12m') }} as on_time_rate_12m
    from joined
    inner join last_12_months
        on joined.site_id = last_12_months.site_id and joined.carrier_id = last_12_months.carrier_id and joined.month_start = last_12_months.month_start
    left join contracts
        on joined.carrier_id = contracts.carrier_id and joined.site_id = contracts.site_id and contracts.recency = 1
)

select
    site_id,
    carrier_id,
    month_start,
    shipments,
    volume_share,
    on_time_shipments,
    on_time_due,
    on_time_rate,
    contracted_on_time_target,
    case when on_time_rate is not null and contracted_on_time_target is not null
        then on_time_rate >= contracted_on_time_target end as meets_on_time_target,
    on_time_rate_prev_month,
    on_time_rate_12m,
    case when on_time_rate is not null
        then rank() over (partition by site_id, month_start, on_time_rate is null order by on_time_rate desc) end
        as on_time_rank,
    damaged_returns,
    damage_rate,
    units,
    freight_cost,
    freight_cost_per_unit,
    currency_code
from scored
