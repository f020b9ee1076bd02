// An MCP server that dies in the middle of a tool call: the error the model
// and the user get carries the server's exit code and its last stderr lines.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { responses as R } from '../support/scriptedServer.js';
import { REPO_ROOT, execJson, outputOf, scriptedSuite } from '../support/cli.js';

const t = scriptedSuite();
const FIXTURE = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');

describe('an MCP server that dies mid-call', () => {
  it('the tool error names the exit code and the stderr tail', async () => {
    appendFileSync(join(t.sb.home, 'config.toml'), `\n[mcp_servers.demo]\ncommand = "${process.execPath}"\nargs = ["${FIXTURE}"]\nstartup_timeout_sec = 60\n`);
    t.server.enqueue(R.functionCall({ name: 'crash', namespace: 'mcp__demo', arguments: {}, callId: 'c1' }), R.text('done'));
    const run = await execJson(t.sb, 'crash it', [], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const item = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'mcp_tool_call').item;
    expect(item.status).toBe('failed');
    expect(item.error.message).toContain("MCP server 'demo' closed the connection (exit code 3)");
    expect(item.error.message).toContain('stderr: fixture: crashing on purpose');
    const output = JSON.stringify(outputOf(t.server.requests[1]!, 'c1'));
    expect(output).toContain('exit code 3');
    expect(output).toContain('fixture: crashing on purpose');
  }, 150_000);
});
