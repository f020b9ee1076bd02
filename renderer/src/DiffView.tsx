import { memo, useMemo } from 'react';
import { parseUnifiedDiff, toSplitRows, type DiffLine } from './diff.js';
import type { DiffMode } from './store.js';

const SIGN: Record<DiffLine['kind'], string> = { add: '+', del: '-', ctx: ' ', hunk: '', meta: '' };

/** One file's unified diff, shown unified (one column) or split (old | new). */
export const DiffView = memo(function DiffView({ diff, mode }: { diff: string; mode: DiffMode }) {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  if (mode === 'unified') {
    return (
      <table className="diff unified" data-testid="diff-unified">
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} className={l.kind}>
              <td className="ln">{l.oldNo ?? ''}</td>
              <td className="ln">{l.newNo ?? ''}</td>
              <td className="code">
                {SIGN[l.kind]}
                {l.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const rows = toSplitRows(lines);
  return (
    <table className="diff split" data-testid="diff-split">
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
                {r.left?.text ?? ''}
              </td>
              <td className="ln">{r.right?.newNo ?? ''}</td>
              <td className={`code side ${r.right ? r.right.kind : 'empty'}`} data-side="new">
                {r.right?.text ?? ''}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
});
