// Where each turn sits in a rollout's records, so a fork can copy the history
// through one turn and a revert can cut it before one. A turn is the records
// carrying its turn_id (turn_context, task_started, item_completed…) and ends
// with task_complete, turn_aborted or turn_failed; response items carry no turn
// id, so boundaries are drawn at those markers.
import type { RolloutEntry } from './rolloutSchema.js';

export interface TurnSpan {
  id: string;
  /** Index of the turn's first record that names it. */
  first: number;
  /** Index of its task_complete / turn_aborted / turn_failed, if it has one. */
  endMarker: number | undefined;
}

type Record = Pick<RolloutEntry, 'record'>;

const END_MARKERS = new Set(['task_complete', 'turn_aborted', 'turn_failed']);

/** Read from the record as written: event kinds our readers do not check (Codex's others) carry turn ids too. */
function turnIdOf({ record }: Record): string | undefined {
  if (record.type !== 'turn_context' && record.type !== 'event_msg') return undefined;
  return stringField(record.payload, 'turn_id');
}

function stringField(payload: unknown, key: string): string | undefined {
  const value = typeof payload === 'object' && payload !== null ? Reflect.get(payload, key) : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function turnSpans(records: Record[]): TurnSpan[] {
  const spans = new Map<string, TurnSpan>();
  records.forEach((rec, i) => {
    const id = turnIdOf(rec);
    if (!id) return;
    let span = spans.get(id);
    if (!span) {
      span = { id, first: i, endMarker: undefined };
      spans.set(id, span);
    }
    if (rec.record.type === 'event_msg' && END_MARKERS.has(stringField(rec.record.payload, 'type') ?? '')) span.endMarker = i;
  });
  return [...spans.values()];
}

/** Index just past the turn: after its end marker, else where the next turn begins, else the end. */
export function endOfTurn(records: Record[], spans: TurnSpan[], id: string): number {
  const i = spans.findIndex((s) => s.id === id);
  const span = spans[i]!;
  if (span.endMarker !== undefined) return span.endMarker + 1;
  return spans[i + 1]?.first ?? records.length;
}

/** Index where the turn's records begin: just past the previous turn, or past the leading session_meta. */
export function startOfTurn(records: Record[], spans: TurnSpan[], id: string): number {
  const i = spans.findIndex((s) => s.id === id);
  if (i > 0) return endOfTurn(records, spans, spans[i - 1]!.id);
  let start = 0;
  while (start < records.length && records[start]!.record.type === 'session_meta') start++;
  return Math.min(start, spans[i]!.first);
}
