// How each transcript cell looks: answers as Markdown, reasoning collapsed to
// its title, commands with their live output tail and exit code, patches as
// colored diffs, the plan as a checklist.
import type { ThreadItem } from '../../shared/protocol/types.js';
import { parseUnifiedDiff, diffStats } from '../../renderer/src/diff.js';
import type { Cell } from './transcript.js';
import { markdownLines } from './markdownLines.js';
import { forgetStreaming, streamingMarkdownLines } from './streamingMarkdown.js';
import { span, wrapLine, type Line, type Style } from './styledLine.js';

/** Output rows a command cell shows; the rest is summarized. */
const OUTPUT_TAIL = 5;
/** Diff rows a patch cell shows per file. */
const DIFF_ROWS = 40;

const cache = new WeakMap<Cell, { width: number; lines: Line[] }>();

/** A cell's rows at `width` columns (cached: cells are immutable and replaced on change). */
export function cellLines(cell: Cell, width: number): Line[] {
  const hit = cache.get(cell);
  if (hit && hit.width === width) return hit.lines;
  const lines = compute(cell, Math.max(10, width));
  cache.set(cell, { width, lines });
  return lines;
}

function compute(cell: Cell, width: number): Line[] {
  if (cell.kind === 'notice') {
    const style: Style = cell.tone === 'error' ? { color: 'red' } : cell.tone === 'warning' ? { color: 'yellow' } : {};
    return cell.lines.flatMap((l) => wrapLine([span(l, style)], width));
  }
  if (cell.kind === 'diff') return [[span('• ', { dim: true }), span(cell.title, { bold: true })], ...unifiedDiffLines(cell.diff, width)];
  if (cell.kind === 'plan') {
    const rows: Line[] = [[span('• ', { dim: true }), span('Updated Plan', { bold: true })]];
    if (cell.explanation) rows.push(...wrapLine([span('  └ '), span(cell.explanation, { italic: true, dim: true })], width, [span('    ')]));
    for (const s of cell.steps) {
      const [box, style]: [string, Style | undefined] =
        s.status === 'completed' ? ['✔', { dim: true }] : s.status === 'inProgress' ? ['□', { color: 'cyan', bold: true }] : ['□', undefined];
      rows.push(...wrapLine([span('    '), span(`${box} ${s.step}`, style)], width, [span('      ')]));
    }
    return rows;
  }
  return itemLines(cell.item, cell.done, width);
}

function itemLines(item: ThreadItem, done: boolean, width: number): Line[] {
  const bullet = (style?: Style) => span('• ', style ?? { dim: true });
  switch (item.type) {
    case 'userMessage': {
      const text = item.content.map((c) => (c.type === 'text' ? c.text : c.type === 'localImage' ? `[image ${c.path}]` : `[image]`)).join('\n');
      return text.split('\n').flatMap((l, i) => wrapLine([span(i === 0 ? '› ' : '  ', { bold: true, dim: true }), span(l)], width, [span('  ')]));
    }
    case 'agentMessage':
      if (!done) return indent(streamingMarkdownLines(item.id, item.text, width - 2), '• ', '  ');
      forgetStreaming(item.id);
      return indent(markdownLines(item.text, width - 2), '• ', '  ');
    case 'reasoning': {
      // Collapsed: the summary's title (its first line, bold markers removed).
      const first = (item.summary.find((s) => s.trim()) ?? '').trim().split('\n')[0]!.replace(/\*\*/g, '');
      return wrapLine([bullet(), span(first ? `Thinking: ${first}` : 'Thinking', { dim: true, italic: true })], width, [span('  ')]);
    }
    case 'commandExecution':
      return commandLines(item, done, width);
    case 'fileChange':
      return patchLines(item, width);
    case 'mcpToolCall': {
      const ok = item.status === 'completed';
      const head = [
        bullet(item.status === 'inProgress' ? { dim: true } : { color: ok ? 'green' : 'red', bold: true }),
        span(item.status === 'inProgress' ? 'Calling ' : 'Called ', { bold: true }),
        span(`${item.server}.${item.tool}`, { color: 'cyan' }),
        span(`(${JSON.stringify(item.arguments ?? {})})`, { dim: true }),
      ];
      const rows = wrapLine(head, width, [span('  ')]);
      if (item.error) rows.push(...wrapLine([span('  └ '), span(item.error.message, { color: 'red' })], width, [span('    ')]));
      return rows;
    }
    case 'plan':
      if (!done) return indent(streamingMarkdownLines(item.id, item.text, width - 2), '• ', '  ');
      forgetStreaming(item.id);
      return indent(markdownLines(item.text, width - 2), '• ', '  ');
    case 'imageView':
      return [[bullet(), span('Viewed image ', { bold: true }), span(item.path, { dim: true })]];
    case 'contextCompaction':
      return [[bullet(), span('Context compacted', { dim: true })]];
    case 'enteredReviewMode':
      return wrapLine([span('>> Code review started: ', { bold: true }), span(item.review), span(' <<', { bold: true })], width, [span('  ')]);
    // As Codex's TUI: the review (explanation, then "Full review comments:" and each finding) as an answer, then the banner.
    case 'exitedReviewMode': {
      const banner: Line = [span('<< Code review finished >>', { bold: true, dim: true })];
      if (!item.review.trim()) return [[span('■ Reviewer failed to output a response.', { color: 'red' })], [], banner];
      return [...indent(markdownLines(item.review, width - 2), '• ', '  '), [], banner];
    }
    case 'webSearch': {
      // As Codex's TUI: "Searching the web" while it runs, then "Searched <what>".
      const searching = !done && item.query === '';
      const head = searching ? 'Searching the web' : item.query ? 'Searched ' : 'Searched the web';
      return wrapLine([bullet(), span(head, { bold: true }), span(searching ? '' : item.query)], width, [span('  ')]);
    }
  }
}

function commandLines(item: Extract<ThreadItem, { type: 'commandExecution' }>, done: boolean, width: number): Line[] {
  const running = item.status === 'inProgress' && !done;
  const failed = item.status === 'failed' || item.status === 'declined' || (item.exitCode !== null && item.exitCode !== 0);
  const dot: Style = running ? { dim: true } : failed ? { color: 'red', bold: true } : { color: 'green', bold: true };
  const verb = running ? 'Running ' : item.status === 'declined' ? 'Declined ' : 'Ran ';
  const rows = wrapLine([span('• ', dot), span(verb, { bold: true }), span(displayCommand(item.command))], width, [span('  │ ', { dim: true })]);
  const output = (item.aggregatedOutput ?? '').replace(/\r\n/g, '\n').replace(/\n$/, '');
  const outLines = output ? output.split('\n') : [];
  const shown = outLines.slice(-OUTPUT_TAIL);
  const hidden = outLines.length - shown.length;
  const body: Line[] = [];
  if (hidden > 0) body.push([span(`… +${hidden} lines`, { dim: true })]);
  for (const l of shown) body.push([span(l.replace(/\t/g, '    '), { dim: true })]);
  if (item.reason) body.push([span(item.reason, { color: 'red' })]);
  if (!running) {
    const status = item.status === 'declined' ? 'declined' : item.exitCode === null ? item.status : `exit ${item.exitCode}`;
    const time = item.durationMs !== null ? ` · ${formatDuration(item.durationMs)}` : '';
    body.push([span(`${status}${time}`, failed ? { color: 'red' } : { dim: true })]);
  }
  body.forEach((l, i) => rows.push(...wrapLine([span(i === 0 ? '  └ ' : '    ', { dim: true }), ...l], width, [span('    ')])));
  return rows;
}

function patchLines(item: Extract<ThreadItem, { type: 'fileChange' }>, width: number): Line[] {
  const rows: Line[] = [];
  const ok = item.status === 'completed';
  const verb =
    item.status === 'inProgress' ? 'Editing' : item.status === 'declined' ? 'Declined edit of' : item.status === 'failed' ? 'Failed to edit' : 'Edited';
  for (const change of item.changes) {
    const lines = parseUnifiedDiff(change.diff);
    const { added, removed } = diffStats(lines);
    const name = change.kind.type === 'update' && change.kind.move_path ? `${change.path} → ${change.kind.move_path}` : change.path;
    const kindVerb = ok && change.kind.type === 'add' ? 'Added' : ok && change.kind.type === 'delete' ? 'Deleted' : verb;
    rows.push(
      ...wrapLine(
        [
          span('• ', { color: ok ? 'green' : item.status === 'inProgress' ? undefined : 'red', bold: true, dim: item.status === 'inProgress' }),
          span(`${kindVerb} `, { bold: true }),
          span(name),
          span(' ('),
          span(`+${added}`, { color: 'green' }),
          span(' '),
          span(`-${removed}`, { color: 'red' }),
          span(')'),
        ],
        width,
        [span('  ')],
      ),
    );
    const body = lines.filter((l) => l.kind !== 'meta');
    for (const l of body.slice(0, DIFF_ROWS)) {
      const [sign, style]: [string, Style | undefined] =
        l.kind === 'add'
          ? ['+', { color: 'green' }]
          : l.kind === 'del'
            ? ['-', { color: 'red' }]
            : l.kind === 'hunk'
              ? ['', { color: 'cyan', dim: true }]
              : [' ', { dim: true }];
      const no = l.kind === 'add' ? l.newNo : l.kind === 'del' ? l.oldNo : l.kind === 'ctx' ? l.newNo : null;
      rows.push(
        ...wrapLine([span('    '), span(no === null ? '     ' : String(no).padStart(4) + ' ', { dim: true }), span(sign + l.text, style)], width, [
          span('          '),
        ]),
      );
    }
    if (body.length > DIFF_ROWS) rows.push([span(`    … +${body.length - DIFF_ROWS} lines`, { dim: true })]);
  }
  if (item.error) rows.push(...wrapLine([span('  └ '), span(item.error, { color: 'red' })], width, [span('    ')]));
  return rows;
}

function indent(lines: Line[], first: string, rest: string): Line[] {
  return lines.map((l, i) => [span(i === 0 ? first : rest, i === 0 ? { dim: true } : undefined), ...l]);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
}

/** The rows of the newest cells that fill `height` rows, `scroll` rows up from the bottom. */
export function viewportLines(cells: readonly Cell[], width: number, height: number, scroll: number): { lines: Line[]; maxScroll: number; atTop: boolean } {
  const need = height + scroll;
  const collected: Line[][] = [];
  let count = 0;
  let i = cells.length - 1;
  // From the newest cell back, only as far as the screen (plus the scroll) needs.
  for (; i >= 0 && count < need + 1; i--) {
    const rows = cellLines(cells[i]!, width);
    const block = i > 0 ? [[], ...rows] : rows;
    collected.push(block);
    count += block.length;
  }
  const all = collected.reverse().flat();
  const end = Math.max(0, all.length - scroll);
  const start = Math.max(0, end - height);
  const reachedTop = i < 0 && start === 0;
  return { lines: all.slice(start, end), maxScroll: reachedTop ? Math.max(0, all.length - height) : scroll + height, atTop: reachedTop };
}

/** A whole unified diff, colored by line kind (file headers bold, hunks cyan). */
function unifiedDiffLines(diff: string, width: number): Line[] {
  const rows: Line[] = [];
  for (const l of diff.replace(/\n$/, '').split('\n')) {
    const style: Style | undefined = /^(diff --git|index |--- |\+\+\+ |new file mode|deleted file mode)/.test(l)
      ? { bold: true }
      : l.startsWith('@@')
        ? { color: 'cyan' }
        : l.startsWith('+')
          ? { color: 'green' }
          : l.startsWith('-')
            ? { color: 'red' }
            : undefined;
    rows.push(...wrapLine([span('  '), span(l, style)], width, [span('  ')]));
  }
  return rows;
}

/** The command as the model wrote it: the `bash -lc '…'` wrapper the core adds is not shown. */
export function displayCommand(command: string): string {
  const m = /^(?:\S*\/)?(?:bash|zsh|sh) -l?c '((?:[^']|'\\'')*)'$/s.exec(command);
  return m ? m[1]!.replace(/'\\''/g, "'") : command;
}
