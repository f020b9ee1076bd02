// Highlighting off the streaming path: text shows plain at once and is
// highlighted once it has stopped changing for a moment, so a code block that
// streams in re-renders as plain text at frame rate and is coloured when done.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { tokenize, type Token } from './highlight.js';

const SETTLE_MS = 150;

/** Tokens of each text, or null until they were computed for exactly these texts. */
export function useDeferredTokens(texts: readonly string[], lang: string | null): Token[][] | null {
  const key = `${lang ?? ''}\u0000${texts.join('\n')}`;
  const [done, setDone] = useState<{ key: string; tokens: Token[][] } | null>(null);
  // The effect runs when `key` (texts and lang) changes and reads them from here.
  const latest = useRef({ texts, lang });
  latest.current = { texts, lang };
  useEffect(() => {
    const { texts: now, lang: language } = latest.current;
    if (!language) return;
    const timer = setTimeout(() => setDone({ key, tokens: now.map((t) => tokenize(t, language)) }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return done?.key === key ? done.tokens : null;
}

/** Tokens as spans (`tok-keyword`...); plain text stays a text node. */
export function renderTokens(tokens: readonly Token[] | null | undefined, fallback: string): ReactNode {
  if (!tokens) return fallback;
  return tokens.map((t, i) =>
    t.kind === 'plain' ? (
      t.text
    ) : (
      <span key={i} className={`tok-${t.kind}`}>
        {t.text}
      </span>
    ),
  );
}
