import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL } from './toolSpecs.js';

// The captured tools array of a real Codex 0.169 request, when this machine has it.
const CAPTURED = '/opt/codexref/tools-gpt-5.5.json';

describe('tool specs', () => {
  it('have the names, required fields and defaults the model expects', () => {
    expect(EXEC_COMMAND_TOOL).toMatchObject({ type: 'function', name: 'exec_command', strict: false });
    expect(WRITE_STDIN_TOOL).toMatchObject({ type: 'function', name: 'write_stdin', strict: false });
    const exec = EXEC_COMMAND_TOOL as unknown as { parameters: { required: string[]; properties: Record<string, unknown> } };
    expect(exec.parameters.required).toEqual(['cmd']);
    expect(Object.keys(exec.parameters.properties)).toEqual([
      'cmd', 'justification', 'login', 'max_output_tokens', 'prefix_rule', 'sandbox_permissions', 'shell', 'tty', 'workdir', 'yield_time_ms',
    ]);
    const write = WRITE_STDIN_TOOL as unknown as { parameters: { required: string[]; properties: Record<string, unknown> } };
    expect(write.parameters.required).toEqual(['session_id']);
    expect(Object.keys(write.parameters.properties)).toEqual(['chars', 'max_output_tokens', 'session_id', 'yield_time_ms']);
  });

  it.skipIf(!existsSync(CAPTURED))('serialise byte-for-byte like the captured Codex request', () => {
    const tools = JSON.parse(readFileSync(CAPTURED, 'utf8')) as { name?: string }[];
    for (const spec of [EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL]) {
      const captured = tools.find((t) => t.name === spec.name);
      expect(JSON.stringify(spec)).toBe(JSON.stringify(captured));
    }
  });
});
