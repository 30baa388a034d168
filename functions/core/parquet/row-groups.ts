/** Row-group buffering: whole batches grouped into row groups of a bounded size. */
import type * as arrow from 'apache-arrow';

export const ROW_GROUP_ROWS = 262_144;

/**
 * Consecutive batches grouped into row groups of at most ROW_GROUP_ROWS rows; a batch larger than
 * that is cut into slices (views, not copies) first.
 */
export function rowGroups(batches: arrow.RecordBatch[]): arrow.RecordBatch[][] {
  const groups: arrow.RecordBatch[][] = [];
  let current: arrow.RecordBatch[] = [];
  let rows = 0;
  const pieces = batches.flatMap((batch) => {
    if (batch.numRows <= ROW_GROUP_ROWS) return [batch];
    const slices: arrow.RecordBatch[] = [];
    for (let start = 0; start < batch.numRows; start += ROW_GROUP_ROWS)
      slices.push(batch.slice(start, Math.min(batch.numRows, start + ROW_GROUP_ROWS)));
    return slices;
  });
  for (const batch of pieces) {
    if (batch.numRows === 0) continue;
    if (current.length > 0 && rows + batch.numRows > ROW_GROUP_ROWS) {
      groups.push(current);
      current = [];
      rows = 0;
    }
    current.push(batch);
    rows += batch.numRows;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
