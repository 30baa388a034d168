/**
 * SQL assembled from fragments: fixed text written in this folder plus `?`-bound values, with the
 * parameters kept in the order their placeholders appear. A request string can only ever become a
 * bound value (`value(x)`), never SQL text.
 */
import type { Param } from '../query/engine.js';

export interface Fragment {
  readonly sql: string;
  readonly params: readonly Param[];
}

/** A bound value. */
export const value = (param: Param): Fragment => ({ sql: '?', params: [param] });

/** Fixed SQL text: only for constants of this code base, never for anything a request carries. */
export const text = (sql: string): Fragment => ({ sql, params: [] });

/** SQL with fragments interpolated in place; their parameters follow in textual order. */
export function sql(strings: TemplateStringsArray, ...parts: readonly Fragment[]): Fragment {
  let out = strings[0] ?? '';
  const params: Param[] = [];
  parts.forEach((part, i) => {
    out += part.sql + (strings[i + 1] ?? '');
    params.push(...part.params);
  });
  return { sql: out, params };
}

export function joinFragments(parts: readonly Fragment[], separator: string): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}
