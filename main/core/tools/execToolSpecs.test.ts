import { describe, expect, it } from 'vitest';
import { EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL } from './execToolSpecs.js';

// The byte-for-byte comparison with Codex 0.169's own request runs the pinned
// reference CLI, so it lives in tests/exec/toolSpecsReference.test.ts.
describe('tool specs', () => {
  it('have the names, required fields and defaults the model expects', () => {
    expect(EXEC_COMMAND_TOOL).toMatchObject({ type: 'function', name: 'exec_command', strict: false });
    expect(WRITE_STDIN_TOOL).toMatchObject({ type: 'function', name: 'write_stdin', strict: false });
    const exec = EXEC_COMMAND_TOOL as unknown as { parameters: { required: string[]; properties: Record<string, unknown> } };
    expect(exec.parameters.required).toEqual(['cmd']);
    expect(Object.keys(exec.parameters.properties)).toEqual([
      'cmd',
      'justification',
      'login',
      'max_output_tokens',
      'prefix_rule',
      'sandbox_permissions',
      'shell',
      'tty',
      'workdir',
      'yield_time_ms',
    ]);
    const write = WRITE_STDIN_TOOL as unknown as { parameters: { required: string[]; properties: Record<string, unknown> } };
    expect(write.parameters.required).toEqual(['session_id']);
    expect(Object.keys(write.parameters.properties)).toEqual(['chars', 'max_output_tokens', 'session_id', 'yield_time_ms']);
  });
});
