/** Reference and master data: the site master and each site's carrier contracts. */
import { sites } from '../../schemas/reference.js';
import { carriers } from '../../schemas/tms.js';
import type { SiteContext } from './site-context.js';
import type { SiteProfile } from './sites.js';

export function writeSiteMaster(ctx: SiteContext, profiles: readonly SiteProfile[]): void {
  for (const [i, profile] of profiles.entries()) {
    ctx.files.add(
      sites,
      'sites',
      {
        site_id: profile.id,
        site_name: profile.name,
        region: profile.region,
        country: profile.country,
        timezone: profile.timezone,
        opened_on: ctx.startDay - 3650 + i * 180,
      },
      ctx.clock,
    );
  }
}

export function writeCarriers(ctx: SiteContext): void {
  for (const carrier of ctx.site.carriers) {
    ctx.snapshot(carriers, {
      carrier_id: carrier.id,
      site_id: ctx.site.id,
      carrier_name: carrier.name,
      mode: carrier.mode,
      contracted_on_time_target: 9_500,
      valid_from: ctx.startDay - 365,
    });
  }
}
