/** Status and series colours, one place for the browser and the report (WCAG AA on white). */
export const STATUS_COLOURS = {
  green: '#1a7f37',
  amber: '#b35900',
  red: '#c62828',
  none: '#57606a',
} as const;

export const SERIES_COLOUR = '#0b5cad';
export const TARGET_COLOUR = '#6e7781';
export const PARTIAL_COLOUR = '#afb8c1';

export function statusColour(status: string | null | undefined): string {
  return status === 'green' || status === 'amber' || status === 'red' ? STATUS_COLOURS[status] : STATUS_COLOURS.none;
}
