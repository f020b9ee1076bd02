// How many terminal columns text takes: wide (CJK, emoji) graphemes take two,
// combining marks and zero-width joiners none. The screen is laid out from
// these widths, so a line never wraps behind the renderer's back.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// East Asian Wide/Fullwidth blocks and emoji presentation.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]|\p{Extended_Pictographic}\ufe0f/u;
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}\u200b]+$/u;

/** Columns taken by one grapheme. */
export function graphemeWidth(g: string): number {
  if (g === '\t') return 4;
  const code = g.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code < 0x7f && g.length === 1) return 1;
  if (ZERO.test(g)) return 0;
  return WIDE.test(g) ? 2 : 1;
}

export function graphemes(text: string): string[] {
  // Fast path: plain ASCII needs no segmentation.
  if (/^[\x20-\x7e]*$/.test(text)) return text.split('');
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Columns taken by `text` (no newlines expected). */
export function textWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let w = 0;
  for (const g of graphemes(text)) w += graphemeWidth(g);
  return w;
}
