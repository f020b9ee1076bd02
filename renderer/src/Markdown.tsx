// Renders an agent message's Markdown as React elements (never as HTML). Each
// block is memoised on its source, so while a message streams only its last
// block re-renders and the browser re-lays out only that block.
import { memo, useMemo, type ReactNode } from 'react';
import { parseBlocks, parseInline, type Block, type Inline } from './markdown.js';

export function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => parseBlocks(text), [text]);
  return (
    <>
      {blocks.map((b, i) => (
        <MarkdownBlock key={i} block={b} />
      ))}
    </>
  );
}

const MarkdownBlock = memo(
  function MarkdownBlock({ block }: { block: Block }) {
    switch (block.kind) {
      case 'paragraph':
        return <p>{inline(block.text)}</p>;
      case 'heading': {
        const H = `h${Math.min(6, block.level + 2)}` as 'h3';
        return <H>{inline(block.text)}</H>;
      }
      case 'code':
        return (
          <pre className="md-code" data-lang={block.lang || undefined}>
            <code>{block.text}</code>
          </pre>
        );
      case 'list': {
        const items = block.items.map((it, i) => <li key={i}>{inline(it)}</li>);
        return block.ordered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
      }
      case 'quote':
        return <blockquote>{inline(block.text)}</blockquote>;
      case 'rule':
        return <hr />;
    }
  },
  (a, b) => sameBlock(a.block, b.block),
);

function sameBlock(a: Block, b: Block): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list': {
      const l = b as typeof a;
      return a.ordered === l.ordered && a.start === l.start && a.items.length === l.items.length && a.items.every((it, i) => it === l.items[i]);
    }
    case 'heading':
      return a.level === (b as typeof a).level && a.text === (b as typeof a).text;
    case 'code':
      return a.lang === (b as typeof a).lang && a.text === (b as typeof a).text;
    case 'rule':
      return true;
    default:
      return a.text === (b as typeof a).text;
  }
}

function inline(text: string): ReactNode[] {
  return parseInline(text).map(renderInline);
}

function renderInline(node: Inline, key: number): ReactNode {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'break':
      return <br key={key} />;
    case 'code':
      return <code key={key}>{node.text}</code>;
    case 'strong':
      return <strong key={key}>{node.children.map(renderInline)}</strong>;
    case 'em':
      return <em key={key}>{node.children.map(renderInline)}</em>;
    case 'link':
      // Opened outside the app: Electron's window-open handler hands https links to the OS browser.
      return (
        <a key={key} href={node.href} target="_blank" rel="noreferrer noopener">
          {node.children.map(renderInline)}
        </a>
      );
  }
}
