// Items of `item_completed` rollout records as front ends get them. Ours are
// stored in the wire shape already (camelCase `type`); Codex 0.169 stores its
// core's own shape (`UserMessage`, `AgentMessage`, `ContextCompaction`…), which
// is mapped here for the kinds whose shape is known, so threads Codex wrote
// show their messages. Unknown kinds are left out rather than guessed.
import type { ThreadItem } from '../../../shared/protocol/types.js';

type Raw = { type?: unknown; id?: unknown; content?: unknown };

function texts(content: unknown, partType: string): string[] {
  if (!Array.isArray(content)) return [];
  return content.filter((c) => c && typeof c === 'object' && c.type === partType && typeof c.text === 'string').map((c) => c.text as string);
}

export function threadItemFromRollout(item: unknown): ThreadItem | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const raw = item as Raw;
  if (typeof raw.type !== 'string') return undefined;
  if (/^[a-z]/.test(raw.type)) return item as ThreadItem; // written by us, in the wire shape
  const id = typeof raw.id === 'string' ? raw.id : '';
  switch (raw.type) {
    case 'UserMessage':
      return { type: 'userMessage', id, content: texts(raw.content, 'text').map((text) => ({ type: 'text' as const, text })) };
    case 'AgentMessage':
      return { type: 'agentMessage', id, text: texts(raw.content, 'Text').join('') };
    case 'ContextCompaction':
      return { type: 'contextCompaction', id };
    default:
      return undefined;
  }
}
