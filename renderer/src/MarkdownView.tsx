// Renders an agent message's Markdown as React elements (never as HTML). Each
// block is memoised on its source, so while a message streams only its last
// block re-renders and the browser re-lays out only that block.
import { memo, useMemo, type ReactNode } from 'react';
import { parseBlocks, parseInline, type Block, type Inline } from './markdownParse.js';
import { hostNamedBy, linkTarget } from '../../shared/externalLink.js';
import { openModelLink } from './store.js';
import { languageOf } from './highlight.js';
import { renderTokens, useDeferredTokens } from './Highlighted.js';

export function MarkdownView({ text }: { text: string }) {
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
        return <CodeBlock text={block.text} lang={block.lang} />;
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

/** A fenced code block, highlighted once its text settles (Highlighted.tsx). */
function CodeBlock({ text, lang }: { text: string; lang: string }) {
  const tokens = useDeferredTokens([text], lang ? languageOf(lang) : null);
  return (
    <pre className="md-code" data-lang={lang || undefined} data-highlighted={tokens ? 'true' : undefined}>
      <code>{renderTokens(tokens?.[0], text)}</code>
    </pre>
  );
}

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
      return <ModelLink key={key} href={node.href} label={node.children} />;
  }
}

/**
 * A link the model wrote. The renderer never opens it: a click asks the host,
 * which names the real host and asks the user first. When the visible text does
 * not itself show that host (prose, or a lookalike), the host follows the link.
 */
function ModelLink({ href, label }: { href: string; label: Inline[] }) {
  const target = linkTarget(href);
  const host = target.ok ? target.hosts.join(', ') : '';
  const text = plainText(label);
  // The port is no disguise: "http://localhost" text for localhost:3000 needs no badge.
  const textShowsHost = target.ok && target.hosts.length === 1 && hostNamedBy(text) === target.hosts[0]!.replace(/:\d+$/, '');
  return (
    <>
      <a
        href={href}
        title={`${href}\nOpens ${host} after you confirm`}
        rel="noreferrer noopener"
        onClick={(e) => {
          e.preventDefault();
          void openModelLink(href, text);
        }}
        onAuxClick={(e) => e.preventDefault()}
      >
        {label.map(renderInline)}
      </a>
      {textShowsHost ? null : <span className="md-link-host"> ({host})</span>}
    </>
  );
}

function plainText(nodes: Inline[]): string {
  return nodes.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : n.kind === 'break' ? ' ' : plainText(n.children))).join('');
}
