// The user's `notify` program (config.toml): run after each completed turn with
// Codex's agent-turn-complete JSON as its last argument. Fire and forget.
import { spawn } from 'node:child_process';

export interface TurnCompletePayload {
  type: 'agent-turn-complete';
  'thread-id': string;
  'turn-id': string;
  cwd: string;
  client: string;
  'input-messages': string[];
  'last-assistant-message': string | null;
}

export function runNotifyProgram(argv: string[], payload: TurnCompletePayload, onError?: (err: Error) => void): void {
  const [program, ...args] = argv;
  if (!program) return;
  try {
    const child = spawn(program, [...args, JSON.stringify(payload)], { stdio: 'ignore', detached: true });
    child.on('error', (err) => onError?.(err));
    child.unref();
  } catch (err) {
    onError?.(err as Error);
  }
}
