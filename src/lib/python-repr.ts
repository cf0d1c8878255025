/**
 * Python's repr()/str() of JSON values. Nova's validation messages embed the offending value the
 * way Python prints it ("Value: {'a': 1}. 'x' is not of type 'array'"), and clients compare text.
 *
 * The values come from request bodies, so the rendering is bounded: containers nested deeper than
 * REPR_MAX_DEPTH print as `[...]` / `{...}` (as Python's reprlib does) and the text stops at
 * REPR_MAX_CHARS with `...`. Both bounds sit far above anything a schema accepts (the longest
 * field, user_data, is 65535 characters), so real messages are unchanged.
 */
export const REPR_MAX_DEPTH = 32;
export const REPR_MAX_CHARS = 128 * 1024;

export function pyRepr(value: unknown): string {
  const out: ReprBuffer = { parts: [], length: 0 };
  writeRepr(out, value, 0);
  const text = out.parts.join('');
  return text.length > REPR_MAX_CHARS ? `${text.slice(0, REPR_MAX_CHARS)}...` : text;
}

interface ReprBuffer {
  parts: string[];
  length: number;
}

const full = (out: ReprBuffer): boolean => out.length > REPR_MAX_CHARS;

function push(out: ReprBuffer, s: string): void {
  out.parts.push(s);
  out.length += s.length;
}

/** Appends the repr of value; recursion is bounded by REPR_MAX_DEPTH, the work by REPR_MAX_CHARS. */
function writeRepr(out: ReprBuffer, value: unknown, depth: number): void {
  if (value === null || value === undefined) return push(out, 'None');
  if (value === true) return push(out, 'True');
  if (value === false) return push(out, 'False');
  if (typeof value === 'number') return push(out, Number.isInteger(value) ? String(value) : pyFloat(value));
  if (typeof value === 'string') return push(out, pyStrRepr(value));
  if (Array.isArray(value)) {
    if (depth >= REPR_MAX_DEPTH) return push(out, '[...]');
    push(out, '[');
    for (let i = 0; i < value.length && !full(out); i++) {
      if (i > 0) push(out, ', ');
      writeRepr(out, value[i], depth + 1);
    }
    return push(out, ']');
  }
  if (typeof value === 'object') {
    if (depth >= REPR_MAX_DEPTH) return push(out, '{...}');
    push(out, '{');
    let first = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (full(out)) break;
      if (!first) push(out, ', ');
      first = false;
      push(out, `${pyStrRepr(k)}: `);
      writeRepr(out, v, depth + 1);
    }
    return push(out, '}');
  }
  // bigint, function or symbol: none comes out of JSON; print the JavaScript text
  return push(out, typeof value === 'bigint' ? value.toString() : typeof value);
}

/** str(): like repr but strings are printed bare. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function pyFloat(n: number): string {
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}
