/**
 * `opslake sql` on a terminal with no query: an interactive prompt. Statements end with `;` and may
 * span lines; dot-commands (`.tables`, `.describe <table>`, `.help`, `.quit`) act at once. History
 * is kept in a file in the workspace, so it is there next time.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type Descriptions, describeTable, listTables } from '../../query/catalog.js';
import type { QueryEngine } from '../../query/engine.js';
import { runSql } from './run-sql.js';

export const HISTORY_SIZE = 1000;
const PROMPT = 'opslake> ';
const CONTINUE_PROMPT = '    ...> ';
const HELP = `Statements end with ";". Commands:
  .tables             the tables, with their descriptions
  .describe <table>   a table's columns, types and descriptions
  .help               this text
  .quit               leave (or Ctrl-D)`;

export interface ReplOptions {
  readonly engine: QueryEngine;
  readonly descriptions: Descriptions;
  readonly historyFile: string;
  readonly input: Readable;
  readonly output: Writable;
  readonly terminal: boolean;
}

async function loadHistory(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  // Oldest first, as written; readline wants the newest first.
  return text.split('\n').filter(Boolean).slice(-HISTORY_SIZE);
}

export async function runRepl(options: ReplOptions): Promise<void> {
  const { output } = options;
  const previous = await loadHistory(options.historyFile);
  const say = (text: string) => output.write(`${text}\n`);
  const rl = createInterface({
    input: options.input,
    output,
    terminal: options.terminal,
    history: [...previous].reverse(),
    historySize: HISTORY_SIZE,
  });
  const entered: string[] = [];
  let pending = '';
  const dot = async (line: string): Promise<boolean> => {
    const [command, ...rest] = line.split(/\s+/);
    if (command === '.quit' || command === '.exit') return false;
    if (command === '.help') say(HELP);
    else if (command === '.tables') {
      for (const t of await listTables(options.engine, options.descriptions)) {
        say(`${t.schema}.${t.name}${t.description ? `  — ${t.description}` : ''}`);
      }
    } else if (command === '.describe' && rest[0]) {
      for (const c of await describeTable(options.engine, options.descriptions, rest[0])) {
        say(`${c.name}  ${c.type}${c.description ? `  — ${c.description}` : ''}`);
      }
    } else say(`unknown command "${line}"; .help lists them`);
    return true;
  };
  rl.setPrompt(PROMPT);
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed !== '') entered.push(trimmed);
    try {
      if (pending === '' && trimmed.startsWith('.')) {
        if (!(await dot(trimmed))) break;
      } else if (trimmed !== '') {
        pending += `${line}\n`;
        if (trimmed.endsWith(';')) {
          const script = pending;
          pending = '';
          await runSql({ engine: options.engine, script, format: 'table', stdout: output, note: say });
        }
      }
    } catch (error) {
      pending = '';
      say(`error: ${(error as Error).message}`);
    }
    rl.setPrompt(pending === '' ? PROMPT : CONTINUE_PROMPT);
    rl.prompt();
  }
  rl.close();
  if (entered.length > 0) {
    const kept = [...previous, ...entered].slice(-HISTORY_SIZE);
    await writeFile(options.historyFile, `${kept.join('\n')}\n`);
  }
}
