// A small Markdown reader for agent messages: block structure (paragraphs,
// headings, fenced code, lists, quotes, rules) and inline spans (code, bold,
// italic, links). It produces plain data, never HTML, so nothing the model writes
// can become markup. Built for streaming: text that is still arriving (an open
// code fence, half a bold span) parses to something sensible, and the blocks
// before the last one come out identical as more text arrives, so their rendering
// can be kept.

import { linkTarget } from '../../shared/externalLink.js';

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'rule' };

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^ {0,3}([-*+])\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})([.)])\s+(.*)$/;

/** The blocks of a Markdown text. */
export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      // Until the closing fence, or the end of the text while it still streams.
      while (i < lines.length && !isClosingFence(lines[i]!, marker)) body.push(lines[i++]!);
      i++;
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2] ?? '' });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ kind: 'quote', text: body.join('\n') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = ORDERED.exec(line);
    if (bullet || ordered) {
      i = readList(lines, i, Boolean(ordered), blocks);
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) body.push(lines[i++]!);
    blocks.push({ kind: 'paragraph', text: body.join('\n') });
  }
  return blocks;
}

function isClosingFence(line: string, opener: string): boolean {
  const t = line.trim();
  return t.length >= opener.length && t[0] === opener[0] && /^(`+|~+)$/.test(t);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || BULLET.test(line) || ORDERED.test(line);
}

/** A run of list items of one kind; indented lines continue the current item. */
function readList(lines: string[], start: number, ordered: boolean, out: Block[]): number {
  const items: string[] = [];
  let first = 1;
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = ordered ? ORDERED.exec(line) : BULLET.exec(line);
    if (m) {
      if (items.length === 0 && ordered) first = Number(m[1]);
      items.push(ordered ? m[3]! : m[2]!);
      i++;
      continue;
    }
    if (line.trim() === '') {
      // A blank line ends the list unless the next line carries on with it.
      const next = lines[i + 1];
      if (next !== undefined && (ordered ? ORDERED : BULLET).test(next)) {
        i++;
        continue;
      }
      break;
    }
    if (/^\s{2,}\S/.test(line) && items.length > 0) {
      items[items.length - 1] += `\n${line.trim()}`;
      i++;
      continue;
    }
    break;
  }
  out.push({ kind: 'list', ordered, start: first, items });
  return i;
}

/**
 * Link targets we offer to open: the web and mail, normalized (ASCII, IDN hosts
 * in punycode) exactly as the host's link prompt will show and open them.
 * Anything else stays plain text.
 */
export function safeHref(url: string): string | null {
  const u = url.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(u)) return null;
  const target = linkTarget(u);
  return target.ok ? target.url : null;
}

/**
 * The inline spans of a block's text. Inside a link's text (`inLink`) no further
 * link is read: `[https://a.com](https://b.net)` is one link whose text shows a.com.
 */
export function parseInline(text: string, inLink = false): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()#>!-]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ kind: 'break' });
      i++;
      continue;
    }
    if (c === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > i) {
        flush();
        out.push({ kind: 'code', text: text.slice(i + ticks.length, end).replace(/^ (.*) $/s, '$1') });
        i = end + ticks.length;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = text.indexOf(c + c, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(text.slice(i + 2, end), inLink) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] !== c && text[i + 1] !== ' ' && text[i + 1] !== undefined) {
      // `_` inside a word (snake_case) is not emphasis.
      const wordBefore = c === '_' && /\w/.test(text[i - 1] ?? '');
      const end = findClosing(text, c, i + 1);
      if (!wordBefore && end > i + 1) {
        flush();
        out.push({ kind: 'em', children: parseInline(text.slice(i + 1, end), inLink) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[' && !inLink) {
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(text.slice(i));
      const href = link ? safeHref(link[2]!) : null;
      if (link && href) {
        flush();
        out.push({ kind: 'link', href, children: parseInline(link[1]!, true) });
        i += link[0].length;
        continue;
      }
    }
    if (c === 'h' && !inLink && (i === 0 || /[\s(]/.test(text[i - 1]!))) {
      const auto = /^https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/.exec(text.slice(i));
      const href = auto ? safeHref(auto[0]) : null;
      if (auto && href) {
        flush();
        out.push({ kind: 'link', href, children: [{ kind: 'text', text: auto[0] }] });
        i += auto[0].length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/** A single `*` or `_` closing an emphasis opened before `from`, not followed by a second one. */
function findClosing(text: string, marker: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\n') return -1;
    if (text[j] === marker && text[j - 1] !== ' ' && text[j + 1] !== marker) {
      if (marker === '_' && /\w/.test(text[j + 1] ?? '')) continue;
      return j;
    }
  }
  return -1;
}
