import { Fragment, memo, useMemo, type ReactNode } from 'react';
import { parseUnifiedDiff, toSplitRows, type DiffLine } from './diff.js';
import type { DiffMode } from './store.js';
import { languageOf } from './highlight.js';
import { renderTokens, useDeferredTokens } from './Highlighted.js';

const SIGN: Record<DiffLine['kind'], string> = { add: '+', del: '-', ctx: ' ', hunk: '', meta: '' };

export interface DiffViewProps {
  diff: string;
  mode: DiffMode;
  /** The file's path, for the language its lines are highlighted as. */
  path?: string;
  /** Unified view: a line's number becomes a button (the review pane's "comment on this line"). */
  onLine?: (line: DiffLine) => void;
  /** Unified view: what to show under a line (comments, findings). */
  below?: (line: DiffLine) => ReactNode;
}

/** One file's unified diff, shown unified (one column) or split (old | new). */
export const DiffView = memo(function DiffView({ diff, mode, path, onLine, below }: DiffViewProps) {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  // Code lines highlighted by the file's language, each on its own; headers and hunks stay plain.
  const texts = useMemo(() => lines.map((l) => (l.kind === 'add' || l.kind === 'del' || l.kind === 'ctx' ? l.text : '')), [lines]);
  const tokens = useDeferredTokens(texts, path ? languageOf(path) : null);
  const indexOf = useMemo(() => new Map(lines.map((l, i) => [l, i])), [lines]);
  const code = (l: DiffLine) => renderTokens(tokens?.[indexOf.get(l) ?? -1], l.text);
  if (mode === 'unified') {
    return (
      <table className="diff unified" data-testid="diff-unified" data-highlighted={tokens ? 'true' : undefined}>
        <tbody>
          {lines.map((l, i) => {
            const extra = below?.(l);
            // A removed line is commented by its old number, any other by its new one.
            const button = (n: number | null, label: string) =>
              onLine && n !== null ? (
                <button type="button" className="line-button" aria-label={label} onClick={() => onLine(l)}>
                  {n}
                </button>
              ) : (
                (n ?? '')
              );
            return (
              <Fragment key={i}>
                <tr className={l.kind}>
                  <td className="ln">{l.kind === 'del' ? button(l.oldNo, `Comment on removed line ${l.oldNo}`) : (l.oldNo ?? '')}</td>
                  <td className="ln">{l.kind === 'del' ? '' : button(l.newNo, `Comment on line ${l.newNo}`)}</td>
                  <td className="code">
                    {SIGN[l.kind]}
                    {tokens ? renderTokens(tokens[i], l.text) : l.text}
                  </td>
                </tr>
                {extra && (
                  <tr className="annotation">
                    <td colSpan={3}>{extra}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    );
  }
  const rows = toSplitRows(lines);
  return (
    <table className="diff split" data-testid="diff-split" data-highlighted={tokens ? 'true' : undefined}>
      <tbody>
        {rows.map((r, i) =>
          r.full ? (
            <tr key={i} className={r.full.kind}>
              <td colSpan={4} className="code">
                {r.full.text}
              </td>
            </tr>
          ) : (
            <tr key={i}>
              <td className="ln">{r.left?.oldNo ?? ''}</td>
              <td className={`code side ${r.left ? r.left.kind : 'empty'}`} data-side="old">
                {r.left ? code(r.left) : ''}
              </td>
              <td className="ln">{r.right?.newNo ?? ''}</td>
              <td className={`code side ${r.right ? r.right.kind : 'empty'}`} data-side="new">
                {r.right ? code(r.right) : ''}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
});
