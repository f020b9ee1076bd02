// Middle truncation of tool output by token budget, in the exact shape Codex
// 0.169 shows the model. Everything here was checked against the real binary
// (scripted Responses server; the function_call_output text of the next request):
//
//   * tokens are approximated as ceil(utf8 bytes / 4); "Original token count" is
//     that of the whole output, including bytes the 1 MiB capture dropped;
//   * the text is kept as is while its byte length <= budget * 4 (20 bytes with
//     max_output_tokens 5: untouched; 21 bytes: truncated);
//   * otherwise the first and the last budget*4/2 bytes are kept, each cut back
//     to a UTF-8 character boundary ('a'+'é'*999+'b', budget 10 → 19 + 19 bytes),
//     joined by "…K tokens truncated…" with K = ceil(bytes/4) − budget (490 there,
//     not ceil(removed bytes / 4) = 491);
//   * two header lines and a blank line go first:
//       Warning: truncated output (original token count: N)
//       Total output lines: L            (L as Rust's str::lines() counts)
//     or, when the capture dropped bytes, instead of the second line
//       ... M bytes omitted ...
//   * budget 0 keeps nothing: "…2 tokens truncated…".

export const APPROX_BYTES_PER_TOKEN = 4;

export function approxTokenCount(byteLength: number): number {
  return Math.ceil(byteLength / APPROX_BYTES_PER_TOKEN);
}

export function approxTokensInText(text: string): number {
  return approxTokenCount(Buffer.byteLength(text, 'utf8'));
}

/** Lines as Rust's `str::lines()` counts them: a final "\n" does not open a new line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

function isContinuationByte(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

export interface MiddleTruncation {
  text: string;
  truncated: boolean;
  /** Tokens the marker says were cut (0 when untouched). */
  removedTokens: number;
}

/** Keeps head and tail of `text` within `maxTokens`, marking the cut with "…K tokens truncated…". */
export function truncateMiddle(text: string, maxTokens: number): MiddleTruncation {
  const budgetTokens = Math.max(0, Math.floor(maxTokens));
  const bytes = Buffer.from(text, 'utf8');
  const budget = budgetTokens * APPROX_BYTES_PER_TOKEN;
  if (bytes.length <= budget) return { text, truncated: false, removedTokens: 0 };

  const headMax = Math.floor(budget / 2);
  let headEnd = headMax;
  while (headEnd > 0 && isContinuationByte(bytes[headEnd])) headEnd--;
  let tailStart = bytes.length - (budget - headMax);
  while (tailStart < bytes.length && isContinuationByte(bytes[tailStart])) tailStart++;

  const removedTokens = approxTokenCount(bytes.length) - budgetTokens;
  const head = bytes.subarray(0, headEnd).toString('utf8');
  const tail = bytes.subarray(tailStart).toString('utf8');
  return { text: `${head}…${removedTokens} tokens truncated…${tail}`, truncated: true, removedTokens };
}

export interface FormatOptions {
  /** Token count of the full output when `text` is already a capped rendering of it. */
  originalTokenCount?: number;
  /** Bytes the capture dropped: replaces the "Total output lines" header. */
  omittedBytes?: number;
}

/** The output body the model sees: `text` itself, or the warning headers plus the middle-truncated text. */
export function formatTruncatedOutput(text: string, maxTokens: number, opts: FormatOptions = {}): string {
  const cut = truncateMiddle(text, maxTokens);
  if (!cut.truncated) return text;
  const original = opts.originalTokenCount ?? approxTokensInText(text);
  const second = opts.omittedBytes && opts.omittedBytes > 0 ? `... ${opts.omittedBytes} bytes omitted ...` : `Total output lines: ${countLines(text)}`;
  return `Warning: truncated output (original token count: ${original})\n${second}\n\n${cut.text}`;
}
