// A desktop session rollout with `count` finished items (alternating questions
// and two-line answers), for the long-thread e2e and the renderer benchmark.
import { utimesSync } from 'node:fs';
import { RolloutRecorder } from '../../main/core/session/rollout.js';

/** Writes the rollout and returns its path; `at` dates it (file name and mtime), default now. */
export function writeLongSession(home: string, cwd: string, opts: { id: string; title: string; count: number; at?: Date }): string {
  const at = opts.at ?? new Date();
  const rec = RolloutRecorder.create(home, {
    id: opts.id,
    timestamp: at.toISOString(),
    cwd,
    originator: 'codex_desktop',
    cli_version: '0.0.0-test',
    source: 'desktop',
    model_provider: 'mock',
    model: 'gpt-5.5',
  } as any);
  rec.append({ type: 'event_msg', payload: { type: 'user_message', message: opts.title } });
  rec.append({ type: 'event_msg', payload: { type: 'task_started', turn_id: 'long-turn' } });
  for (let i = 0; i < opts.count; i++) {
    const item =
      i % 2 === 0
        ? { type: 'userMessage', id: `u${i}`, content: [{ type: 'text', text: `question ${i}` }] }
        : { type: 'agentMessage', id: `a${i}`, text: `answer ${i}\nwith a second line` };
    rec.append({ type: 'event_msg', payload: { type: 'item_completed', thread_id: opts.id, turn_id: 'long-turn', item } });
  }
  rec.append({ type: 'event_msg', payload: { type: 'task_complete', turn_id: 'long-turn' } });
  rec.close();
  utimesSync(rec.path, at, at);
  return rec.path;
}
