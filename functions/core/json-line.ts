/**
 * One NDJSON line → the members of its object, every value kept as the text it was written as.
 *
 * `JSON.parse` turns numbers into binary floats before the contract sees them
 * (`90071992547409.91` → `…409.90`, `4.0` → `4`), takes the last of two equal keys silently and
 * recurses without bound. Here a number stays its source text, so it goes through the same cell
 * parsers as a CSV cell (`4.0` is no integer in either format); `true`/`false` are their words;
 * a nested object or array is its source text, checked with `JSON.parse` only once its depth is
 * known to be within MAX_JSON_DEPTH. The caller decides what repeated keys mean.
 */

/** Nesting deeper than this is rejected before anything recurses over it. */
export const MAX_JSON_DEPTH = 32;

export interface JsonMembers {
  readonly keys: string[];
  /** Each member's text; null for JSON `null`. */
  readonly values: (string | null)[];
}

export interface JsonLineProblem {
  readonly rule: 'json' | 'json_depth';
  readonly message: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const LOWER_E = 101;
const UPPER_E = 69;
const FIRST_PRINTABLE = 0x20;

const isDigit = (c: number) => c >= DIGIT_0 && c <= DIGIT_9;
const isJsonSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Problem extends Error {
  constructor(
    readonly rule: JsonLineProblem['rule'],
    message: string,
  ) {
    super(message);
  }
}

/** Reads one line; a problem names what is wrong and where (1-based character column). */
export function parseJsonObjectLine(text: string): JsonMembers | JsonLineProblem {
  try {
    return new LineReader(text).object();
  } catch (error) {
    if (error instanceof Problem) return { rule: error.rule, message: error.message };
    throw error;
  }
}

class LineReader {
  private i = 0;

  constructor(private readonly text: string) {}

  object(): JsonMembers {
    this.space();
    if (this.text.charCodeAt(this.i) !== OPEN_BRACE) {
      throw new Problem('json', 'each line must be a JSON object');
    }
    this.i++;
    const keys: string[] = [];
    const values: (string | null)[] = [];
    this.space();
    if (this.text.charCodeAt(this.i) === CLOSE_BRACE) {
      this.i++;
    } else {
      for (;;) {
        this.space();
        if (this.text.charCodeAt(this.i) !== QUOTE) this.unexpected('a member name in double quotes');
        keys.push(this.string());
        this.space();
        if (this.text.charCodeAt(this.i) !== COLON) this.unexpected('":"');
        this.i++;
        this.space();
        values.push(this.value());
        this.space();
        const c = this.text.charCodeAt(this.i++);
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) this.unexpected('"," or "}"', this.i - 1);
      }
    }
    this.space();
    if (this.i < this.text.length) this.unexpected('the end of the line');
    return { keys, values };
  }

  private value(): string | null {
    const c = this.text.charCodeAt(this.i);
    if (c === QUOTE) return this.string();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.nested();
    if (c === MINUS || isDigit(c)) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return word === 'null' ? null : word;
      }
    }
    return this.unexpected('a value');
  }

  /** A JSON number's text: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
  private number(): string {
    const text = this.text;
    const start = this.i;
    if (text.charCodeAt(this.i) === MINUS) this.i++;
    if (text.charCodeAt(this.i) === DIGIT_0) this.i++;
    else if (isDigit(text.charCodeAt(this.i))) this.digits();
    else this.unexpected('a digit');
    if (text.charCodeAt(this.i) === DOT) {
      this.i++;
      if (!isDigit(text.charCodeAt(this.i))) this.unexpected('a digit');
      this.digits();
    }
    const e = text.charCodeAt(this.i);
    if (e === LOWER_E || e === UPPER_E) {
      this.i++;
      const sign = text.charCodeAt(this.i);
      if (sign === PLUS || sign === MINUS) this.i++;
      if (!isDigit(text.charCodeAt(this.i))) this.unexpected('a digit');
      this.digits();
    }
    return text.slice(start, this.i);
  }

  private digits(): void {
    while (isDigit(this.text.charCodeAt(this.i))) this.i++;
  }

  /** The string starting at the opening quote at `i`, unescaped. */
  private string(): string {
    const text = this.text;
    const start = ++this.i;
    // Most strings have no escape: one slice.
    for (; this.i < text.length; this.i++) {
      const c = text.charCodeAt(this.i);
      if (c === QUOTE) return text.slice(start, this.i++);
      if (c === BACKSLASH) break;
      if (c < FIRST_PRINTABLE) this.unexpected('no control character inside a string');
    }
    let out = text.slice(start, this.i);
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === QUOTE) {
        this.i++;
        return out;
      }
      if (c < FIRST_PRINTABLE) this.unexpected('no control character inside a string');
      if (c !== BACKSLASH) {
        out += text[this.i++];
        continue;
      }
      const escaped = text[this.i + 1] ?? '';
      if (escaped === 'u') {
        const hex = text.slice(this.i + 2, this.i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.unexpected('four hex digits after \\u', this.i + 2);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.i += 6;
      } else {
        const replacement = ESCAPES[escaped];
        if (replacement === undefined) this.unexpected('a valid escape after "\\"', this.i + 1);
        out += replacement;
        this.i += 2;
      }
    }
    throw new Problem('json', 'not valid JSON: a string is not closed');
  }

  /**
   * A nested object or array as its source text. Its extent is found without recursion (strings
   * skipped, brackets counted), so a deep line is refused in linear time; then `JSON.parse`, whose
   * recursion is now bounded, checks it is well formed.
   */
  private nested(): string {
    const text = this.text;
    const start = this.i;
    let depth = 0;
    for (; this.i < text.length; this.i++) {
      const c = text.charCodeAt(this.i);
      if (c === QUOTE) {
        this.string();
        this.i--;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        // The line's own object is depth 1.
        if (++depth + 1 > MAX_JSON_DEPTH) {
          throw new Problem('json_depth', `values nest deeper than ${MAX_JSON_DEPTH} levels`);
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          this.i++;
          const source = text.slice(start, this.i);
          try {
            JSON.parse(source);
          } catch (error) {
            throw new Problem('json', `not valid JSON: ${(error as Error).message}`);
          }
          return source;
        }
      }
    }
    throw new Problem('json', 'not valid JSON: an object or array is not closed');
  }

  private space(): void {
    while (isJsonSpace(this.text.charCodeAt(this.i))) this.i++;
  }

  private unexpected(wanted: string, at = this.i): never {
    const found = at < this.text.length ? JSON.stringify(this.text[at]) : 'the end of the line';
    throw new Problem('json', `not valid JSON: expected ${wanted} at column ${at + 1}, found ${found}`);
  }
}
