-- One row per worker, pseudonymous: the WFM roster's stable id, home site, role and employment
-- dates. No name or personal detail exists upstream of this (the contract forbids it).
select
    employee_id,
    site_id,
    job_role,
    employment_type,
    hire_date,
    termination_date,
    termination_reason,
    termination_date is null as is_active
from {{ ref('stg_wfm__employees') }}
