/**
 * One KPI row worked out by hand from the golden fixture (test/golden/landing). `work` shows the
 * arithmetic, so a reviewer can check the expectation without running anything.
 */
export interface KpiExpectation {
  kpi: string;
  /** Which published table the row is in: kpi_daily (kpi_date) or kpi_monthly (month_start). */
  table: 'kpi_daily' | 'kpi_monthly';
  scope: 'site' | 'region' | 'company';
  /** scope_id: the site id, the region name, or 'company'. */
  id: string;
  /** kpi_date or month_start, YYYY-MM-DD. */
  period: string;
  /** breakdown_value; 'all' when omitted. */
  breakdown?: string;
  numerator: number;
  /** null for sum KPIs. */
  denominator: number | null;
  /** kpi_value: the ratio × scale, the sum, or the median for distribution KPIs. */
  value: number | null;
  /** p90 for distribution KPIs. */
  p90?: number;
  /** target_value when the test should pin it (region/company: the sites' weighted target). */
  target?: number | null;
  /** red / amber / green when the test should pin it; omitted to leave it unchecked. */
  status?: 'red' | 'amber' | 'green' | null;
  /** The arithmetic by hand. */
  work: string;
}
