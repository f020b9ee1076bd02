// Parses a UUID the way Codex does (Rust's `uuid` crate, `Uuid::parse_str`):
// simple (32 hex), hyphenated, `{braced}` and `urn:uuid:` forms are accepted
// and answered in canonical lowercase hyphenated form; anything else gets the
// crate's exact words, which Codex passes on in "invalid thread id: …".

export type UuidParse = { ok: true; uuid: string } | { ok: false; error: string };

const GROUP_STARTS = [0, 9, 14, 19, 24];
const GROUP_LENGTHS = [8, 4, 4, 4, 12];
const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIMPLE = /^[0-9a-fA-F]{32}$/;

export function parseUuid(input: string): UuidParse {
  const hex = acceptedHex(input);
  if (hex) {
    const h = hex.toLowerCase();
    return { ok: true, uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
  }
  return { ok: false, error: parseError(input) };
}

/** The 32 hex digits of an accepted form, by byte length as the crate dispatches. */
function acceptedHex(input: string): string | undefined {
  const bytes = Buffer.byteLength(input);
  if (bytes === 32) return SIMPLE.test(input) ? input : undefined;
  let body: string | undefined;
  if (bytes === 36) body = input;
  else if (bytes === 38 && input.startsWith('{') && input.endsWith('}')) body = input.slice(1, -1);
  else if (bytes === 45 && input.startsWith('urn:uuid:')) body = input.slice('urn:uuid:'.length);
  return body !== undefined && HYPHENATED.test(body) ? body.replaceAll('-', '') : undefined;
}

/** The crate's diagnosis of a refused input; positions and lengths count UTF-8 bytes, positions from 1. */
function parseError(input: string): string {
  const whole = Buffer.from(input, 'utf8');
  let offset = 0;
  let simple = true;
  let body = input;
  if (input.length >= 2 && input.startsWith('{') && input.endsWith('}')) {
    [body, offset, simple] = [input.slice(1, -1), 1, false];
  } else if (input.startsWith('urn:uuid:')) {
    [body, offset, simple] = [input.slice('urn:uuid:'.length), 'urn:uuid:'.length, false];
  }
  let hyphens = 0;
  const bounds: number[] = [];
  let byteIndex = 0;
  for (const ch of body) {
    if (ch === '-') {
      if (hyphens < 4) bounds.push(byteIndex);
      hyphens++;
    } else if (!/^[0-9a-fA-F]$/.test(ch)) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${ch}\` at ${byteIndex + offset + 1}`;
    }
    byteIndex += Buffer.byteLength(ch);
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${whole.length}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  for (let group = 0; group < 4; group++) {
    if (bounds[group] !== GROUP_STARTS[group + 1]! - 1) {
      return groupLengthError(group, bounds[group]! - GROUP_STARTS[group]!);
    }
  }
  // As the crate: the last group's length is counted from the whole input, prefix included.
  return groupLengthError(4, whole.length - GROUP_STARTS[4]!);
}

function groupLengthError(group: number, found: number): string {
  return `invalid group length in group ${group}: expected ${GROUP_LENGTHS[group]}, found ${found}`;
}
