/**
 * The sites the generator simulates and how they differ. The differences are deliberate, so the
 * KPIs have something to find: S3 delivers late far more often, S2 is understaffed and runs on
 * overtime, S4 is slow to put away.
 */
export interface SiteProfile {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly country: string;
  readonly timezone: string;
  readonly currency: string;
  /** Mean orders on an ordinary weekday outside the peak. */
  readonly baseOrders: number;
  /** Share of shipments delivered after the promised time. */
  readonly lateRate: number;
  /** Scheduled direct hours as a share of the hours the forecast needs (below 1 → overtime). */
  readonly staffingFactor: number;
  /** Units handled per direct labour hour at this site. */
  readonly unitsPerHour: number;
  /** Share of cycle-count lines that match the system quantity. */
  readonly countAccuracy: number;
  /** Mean hours from dock arrival to put-away. */
  readonly dockToStockHours: number;
  /** Share of the workforce leaving per month. */
  readonly monthlyTurnover: number;
  readonly carriers: readonly { id: string; name: string; mode: 'parcel' | 'ltl' | 'ftl' | 'air' }[];
}

const US_CARRIERS = [
  { id: 'UPS', name: 'UPS', mode: 'parcel' },
  { id: 'FEDEX', name: 'FedEx Ground', mode: 'parcel' },
  { id: 'ODFL', name: 'Old Dominion Freight Line', mode: 'ltl' },
] as const;
const EU_CARRIERS = [
  { id: 'DHL', name: 'DHL Parcel', mode: 'parcel' },
  { id: 'DPD', name: 'DPD', mode: 'parcel' },
  { id: 'DSV', name: 'DSV Road', mode: 'ltl' },
] as const;

const TEMPLATES: readonly Omit<SiteProfile, 'id'>[] = [
  {
    name: 'Chicago DC',
    region: 'North America',
    country: 'US',
    timezone: 'America/Chicago',
    currency: 'USD',
    baseOrders: 60,
    lateRate: 0.05,
    staffingFactor: 1.06,
    unitsPerHour: 38,
    countAccuracy: 0.97,
    dockToStockHours: 6,
    monthlyTurnover: 0.03,
    carriers: US_CARRIERS,
  },
  {
    name: 'Rotterdam DC',
    region: 'Europe',
    country: 'NL',
    timezone: 'Europe/Amsterdam',
    currency: 'EUR',
    baseOrders: 45,
    lateRate: 0.06,
    staffingFactor: 0.8,
    unitsPerHour: 34,
    countAccuracy: 0.96,
    dockToStockHours: 7,
    monthlyTurnover: 0.05,
    carriers: EU_CARRIERS,
  },
  {
    name: 'Atlanta DC',
    region: 'North America',
    country: 'US',
    timezone: 'America/New_York',
    currency: 'USD',
    baseOrders: 50,
    lateRate: 0.22,
    staffingFactor: 1.05,
    unitsPerHour: 36,
    countAccuracy: 0.94,
    dockToStockHours: 8,
    monthlyTurnover: 0.035,
    carriers: US_CARRIERS,
  },
  {
    name: 'Reno DC',
    region: 'North America',
    country: 'US',
    timezone: 'America/Los_Angeles',
    currency: 'USD',
    baseOrders: 35,
    lateRate: 0.07,
    staffingFactor: 1.07,
    unitsPerHour: 37,
    countAccuracy: 0.98,
    dockToStockHours: 14,
    monthlyTurnover: 0.025,
    carriers: US_CARRIERS,
  },
  {
    name: 'Leipzig DC',
    region: 'Europe',
    country: 'DE',
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    baseOrders: 40,
    lateRate: 0.04,
    staffingFactor: 1.06,
    unitsPerHour: 39,
    countAccuracy: 0.985,
    dockToStockHours: 5,
    monthlyTurnover: 0.02,
    carriers: EU_CARRIERS,
  },
  {
    name: 'Singapore DC',
    region: 'Asia Pacific',
    country: 'SG',
    timezone: 'Asia/Singapore',
    currency: 'SGD',
    baseOrders: 30,
    lateRate: 0.05,
    staffingFactor: 1.02,
    unitsPerHour: 35,
    countAccuracy: 0.97,
    dockToStockHours: 6,
    monthlyTurnover: 0.04,
    carriers: [
      { id: 'NINJAVAN', name: 'Ninja Van', mode: 'parcel' },
      { id: 'DHL', name: 'DHL Express', mode: 'air' },
    ],
  },
];

/**
 * How many sites `opslake generate` and `opslake demo` simulate by default; their ids are also the
 * CDK app's default `opslake:sites` (infra/app.ts), so a demo lake and a default deploy agree.
 */
export const DEFAULT_SITE_COUNT = 4;

/** The ids of the default sites, S1…S<DEFAULT_SITE_COUNT>. */
export const defaultSiteIds = (): string[] => siteProfiles(DEFAULT_SITE_COUNT).map((site) => site.id);

/** The volume profile's bounds: 0.1× the demo (a quick test) to 100× (a large distribution network). */
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 100;

/**
 * Profiles for sites S1…Sn; past the templates they repeat with a numbered name. `scale` multiplies
 * every site's order volume; receipts, storage, labour hours, headcount and costs follow from
 * `baseOrders`, so a scaled site is the same operation, bigger — its rates and KPIs stay comparable.
 */
export function siteProfiles(count: number, scale = 1): SiteProfile[] {
  if (!Number.isInteger(count) || count < 1 || count > 99) throw new Error(`--sites must be 1–99, got ${count}`);
  if (!Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    throw new Error(`--scale must be a number from ${MIN_SCALE} to ${MAX_SCALE}, got ${scale}`);
  }
  return Array.from({ length: count }, (_, i) => {
    const template = TEMPLATES[i % TEMPLATES.length] as Omit<SiteProfile, 'id'>;
    const round = Math.floor(i / TEMPLATES.length);
    return {
      ...template,
      id: `S${i + 1}`,
      name: round === 0 ? template.name : `${template.name} ${round + 1}`,
      baseOrders: template.baseOrders * scale,
    };
  });
}
