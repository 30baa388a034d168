/** Plain-text tables for terminal output. */
export function formatTable(
  headers: string[],
  rows: (string | number | boolean | null)[][],
  /** Columns to right-align though they hold text (formatted numbers); numeric columns always are. */
  rightAligned: number[] = [],
): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map(
    (_, i) =>
      rightAligned.includes(i) || (rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number')),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
