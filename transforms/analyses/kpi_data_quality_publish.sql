-- What the on-run-end hook publish_data_quality sends for a build with one failing check (a sample
-- row): compiled for both targets so test/transforms/aws-compile.test.ts can parse the Athena
-- spelling offline. Never run; `dbt compile` renders it into target/compiled/opslake/analyses/.
{{ data_quality_clear(ref('kpi_data_quality')) }};

{{ data_quality_insert(ref('kpi_data_quality'), [{
    'kpi': 'on_time_delivery_rate',
    'check_name': "not_null_fct_shipments_site_id",
    'check_status': 'warn',
    'failures': 3,
    'tested_models': 'fct_shipments',
    'message': "Got 3 results, configured to warn if != 0 (the site's master)",
}]) }}
