// Small string helpers that reproduce Rust's notion of whitespace, so that
// trimming behaves exactly like the reference implementation (JavaScript's
// String#trim also strips U+FEFF and keeps U+0085, Rust's does the opposite).

const WS = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const LEADING_WS = new RegExp(`^[${WS}]+`);
const TRAILING_WS = new RegExp(`[${WS}]+$`);

export function trimStart(s: string): string {
  return s.replace(LEADING_WS, '');
}

export function trimEnd(s: string): string {
  return s.replace(TRAILING_WS, '');
}

export function trim(s: string): string {
  return trimEnd(trimStart(s));
}

/**
 * Splits text into lines the way Rust's `str::lines` does: on `\n`, dropping
 * one trailing `\r` from each line, and without a final empty line when the
 * text ends with a newline.
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 strictly, keeping a byte order mark as U+FEFF like Rust's
 * `read_to_string`. On invalid input returns Rust's error text, e.g.
 * "invalid utf-8 sequence of 1 bytes from index 0".
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: string } {
  try {
    return { text: DECODER.decode(bytes) };
  } catch {
    const { validUpTo, errorLen } = findUtf8Error(bytes);
    return {
      error:
        errorLen === null ? `incomplete utf-8 byte sequence from index ${validUpTo}` : `invalid utf-8 sequence of ${errorLen} bytes from index ${validUpTo}`,
    };
  }
}

function findUtf8Error(b: Uint8Array): { validUpTo: number; errorLen: number | null } {
  const cont = (i: number) => i < b.length && b[i]! >= 0x80 && b[i]! <= 0xbf;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let width: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) width = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      width = 3;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      width = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return { validUpTo: i, errorLen: 1 };
    // second byte has a restricted range, the others are plain continuation bytes
    if (i + 1 >= b.length) return { validUpTo: i, errorLen: null };
    if (b[i + 1]! < lo || b[i + 1]! > hi) return { validUpTo: i, errorLen: 1 };
    for (let k = 2; k < width; k++) {
      if (i + k >= b.length) return { validUpTo: i, errorLen: null };
      if (!cont(i + k)) return { validUpTo: i, errorLen: k };
    }
    i += width;
  }
  return { validUpTo: b.length, errorLen: null };
}
