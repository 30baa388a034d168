/**
 * Splits a script into statements for engines that run one statement per request (Athena), and
 * counts each one's `?` placeholders. Semicolons and question marks inside quotes ('…', "…") and
 * comments (-- …, /* … *\/) do not count. DuckDB scripts are split by DuckDB's own parser instead
 * (DuckDBEngine.queryScript); a test checks the two agree on the same scripts.
 */
export interface ScriptStatement {
  readonly sql: string;
  readonly placeholders: number;
}

export function splitSqlScript(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let placeholders = 0;
  let meaningful = false;
  const finish = (end: number) => {
    const sql = script.slice(start, end).trim();
    if (meaningful && sql.length > 0) statements.push({ sql, placeholders });
    placeholders = 0;
    meaningful = false;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    const next = script[i + 1];
    if (c === "'" || c === '"') {
      // A doubled quote inside is an escaped quote: it closes and reopens, which this loop handles.
      const close = script.indexOf(c, i + 1);
      i = close === -1 ? script.length : close;
      meaningful = true;
    } else if (c === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end;
    } else if (c === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 1;
    } else if (c === ';') {
      finish(i);
      start = i + 1;
    } else if (c === '?') {
      placeholders++;
      meaningful = true;
    } else if (c !== undefined && !/\s/.test(c)) {
      meaningful = true;
    }
  }
  finish(script.length);
  return statements;
}
