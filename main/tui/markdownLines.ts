// Agent Markdown as terminal lines. Parsing is the renderer's (pure, built for
// text that is still streaming); this file only decides how blocks look in a
// terminal and wraps them to the width.
import { parseBlocks, parseInline, type Block, type Inline } from '../../renderer/src/markdownParse.js';
import { span, wrapLine, type Line, type Span, type Style } from './styledLine.js';

/**
 * `streaming`: the text is still arriving and is drawn again every frame. Its
 * paragraphs are then drawn line by line from a cache, so a long answer costs
 * only its new lines per frame (a style spanning two lines shows once the
 * answer is complete, when it is drawn whole).
 */
export function markdownLines(source: string, width: number, streaming = false): Line[] {
  const out: Line[] = [];
  for (const block of parseBlocks(source)) {
    if (out.length) out.push([]);
    out.push(...blockLines(block, width, streaming));
  }
  return out;
}

const lineCache = new Map<string, Line[]>();
const LINE_CACHE_MAX = 50_000;

function streamingRows(text: string, width: number): Line[] {
  return text.split('\n').flatMap((line) => {
    const key = `${width}\0${line}`;
    let rows = lineCache.get(key);
    if (!rows) {
      if (lineCache.size >= LINE_CACHE_MAX) lineCache.clear();
      rows = inlineRows(line, width);
      lineCache.set(key, rows);
    }
    return rows;
  });
}

function blockLines(block: Block, width: number, streaming: boolean): Line[] {
  switch (block.kind) {
    case 'paragraph':
      return streaming ? streamingRows(block.text, width) : inlineRows(block.text, width);
    case 'heading':
      return inlineRows(block.text, width, { bold: true, ...(block.level === 1 ? { underline: true } : {}) });
    case 'code':
      // Code keeps its own line breaks; long lines wrap without re-flowing.
      return block.text.split('\n').flatMap((l) => wrapLine([span(l.replace(/\t/g, '    '), { color: 'cyan' })], width));
    case 'quote':
      return inlineRows(block.text, width - 2, { dim: true }).map((row) => [span('▌ ', { color: 'green' }), ...row]);
    case 'rule':
      return [[span('─'.repeat(Math.max(1, Math.min(width, 40))), { dim: true })]];
    case 'list': {
      const rows: Line[] = [];
      block.items.forEach((item, i) => {
        const marker = block.ordered ? `${block.start + i}. ` : '- ';
        const pad = ' '.repeat(marker.length);
        inlineRows(item, width - marker.length).forEach((row, j) =>
          rows.push([span(j === 0 ? marker : pad, block.ordered ? undefined : { dim: true }), ...row]),
        );
      });
      return rows;
    }
  }
}

/** A block's text with inline styles, split at its hard breaks and wrapped. */
function inlineRows(text: string, width: number, base?: Style): Line[] {
  const logical: Line[] = [[]];
  const push = (spans: Inline[], style: Style | undefined) => {
    for (const node of spans) {
      if (node.kind === 'break') logical.push([]);
      else if (node.kind === 'text') logical.at(-1)!.push(span(node.text, style));
      else if (node.kind === 'code') logical.at(-1)!.push(span(node.text, { ...style, color: 'cyan' }));
      else if (node.kind === 'strong') push(node.children, { ...style, bold: true });
      else if (node.kind === 'em') push(node.children, { ...style, italic: true });
      else if (node.kind === 'link') {
        push(node.children, { ...style, color: 'cyan', underline: true });
        const shown = node.children.map((c) => (c.kind === 'text' ? c.text : '')).join('');
        if (shown !== node.href) logical.at(-1)!.push(span(` (${node.href})`, { ...style, dim: true }));
      }
    }
  };
  push(parseInline(text), base);
  return logical.flatMap((l: Span[]) => wrapLine(l, width));
}
