// MCP tool-call approvals against the real fixture server: which calls ask,
// what the model gets when a call may not run, and the client's answers.
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { McpConnectionManager } from '../../main/core/mcp/connectionManager.js';
import { parseMcpServers } from '../../main/core/mcp/config.js';
import {
  annotationsRequireApproval,
  approvalRequired,
  MCP_APPROVAL_GRANULAR_REFUSED,
  MCP_APPROVAL_POLICY_NEVER,
  toolApprovalMode,
} from '../../main/core/approval/mcpToolApproval.js';
import type { ToolContext } from '../../main/core/tools/context.js';
import type { McpServerElicitationRequestParams, ThreadItem } from '../../shared/protocol/types.js';
import type { ApprovalPolicy } from '../../main/core/config/types.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'mcpTestServer.mjs');

let managers: McpConnectionManager[] = [];
afterEach(async () => {
  await Promise.all(managers.map((m) => m.shutdown()));
  managers = [];
});

async function start(extra: Record<string, unknown> = {}) {
  const m = await McpConnectionManager.start(parseMcpServers({ demo: { command: process.execPath, args: [FIXTURE], startup_timeout_sec: 60, ...extra } }), {
    env: process.env,
  });
  managers.push(m);
  return m;
}

interface Asked {
  params: McpServerElicitationRequestParams[];
}

/** A tool context whose host answers MCP approvals with `answer` (or cannot ask when answer is undefined). */
function ctx(policy: ApprovalPolicy, answer?: (p: McpServerElicitationRequestParams) => unknown) {
  const completed: ThreadItem[] = [];
  const asked: Asked = { params: [] };
  const host = {
    notify() {},
    async request() {
      throw new Error('unexpected');
    },
    ...(answer
      ? {
          async requestMcpElicitation(p: McpServerElicitationRequestParams) {
            asked.params.push(p);
            return answer(p);
          },
        }
      : {}),
  };
  const c = {
    threadId: 'thr',
    turnId: 'turn',
    signal: new AbortController().signal,
    approvalPolicy: policy,
    sandbox: { mode: 'read-only', networkAccess: false },
    approvedForSession: new Set<string>(),
    host,
    emitStarted: () => {},
    emitCompleted: (i: ThreadItem) => completed.push(i),
  } as unknown as ToolContext;
  return { c, completed, asked };
}

const texts = (out: unknown) => (out as { text: string }[]).map((x) => x.text);
const tmpFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'mcp-approval-')), 'touched');

describe('approval rules', () => {
  it('reads annotations as Codex does', () => {
    expect(annotationsRequireApproval(undefined)).toBe(true);
    expect(annotationsRequireApproval({})).toBe(true);
    expect(annotationsRequireApproval({ readOnlyHint: true })).toBe(false);
    expect(annotationsRequireApproval({ readOnlyHint: true, destructiveHint: true })).toBe(true);
    expect(annotationsRequireApproval({ destructiveHint: false, openWorldHint: false })).toBe(false);
    expect(annotationsRequireApproval({ openWorldHint: false })).toBe(true);
    expect(annotationsRequireApproval({ destructiveHint: false })).toBe(true);
    expect(approvalRequired('approve', {})).toBe(false);
    expect(approvalRequired('prompt', { readOnlyHint: true })).toBe(true);
    expect(approvalRequired('writes', { readOnlyHint: true })).toBe(false);
  });

  it('takes the per-tool mode over the server default', () => {
    const [s] = parseMcpServers({ a: { command: 'x', default_tools_approval_mode: 'prompt', tools: { t: { approval_mode: 'approve' } } } });
    expect(toolApprovalMode(s!, 't')).toBe('approve');
    expect(toolApprovalMode(s!, 'other')).toBe('prompt');
    const [d] = parseMcpServers({ a: { command: 'x' } });
    expect(toolApprovalMode(d!, 't')).toBe('auto');
  });

  it('names a bad approval mode and where it is', () => {
    expect(() => parseMcpServers({ a: { command: 'x', default_tools_approval_mode: 'bogus' } })).toThrow(
      'mcp_servers.a.default_tools_approval_mode: unknown value "bogus", expected one of auto, prompt, writes, approve',
    );
    expect(() => parseMcpServers({ a: { command: 'x', tools: { t: { approval_mode: 1 } } } })).toThrow('mcp_servers.a.tools.t.approval_mode: unknown value 1');
    expect(() => parseMcpServers({ a: { command: 'x', tools: { t: 'approve' } } })).toThrow('mcp_servers.a.tools.t: expected a table');
  });
});

describe('MCP tool calls under approval', { timeout: 90_000 }, () => {
  it('under `never` refuses calls that need approval and runs the others', async () => {
    const m = await start();
    const reg = m.registry();
    const file = tmpFile();
    const { c, completed } = ctx('never');
    const out = await reg.get('mcp__demo', 'touch')!({ path: file }, c, 'c1');
    expect(texts(out)[1]).toBe(MCP_APPROVAL_POLICY_NEVER);
    expect(texts(out)[0]).toMatch(/^Wall time: [\d.]+ seconds\nOutput:$/);
    expect(existsSync(file)).toBe(false);
    expect(completed[0]).toMatchObject({ type: 'mcpToolCall', tool: 'touch', status: 'failed', result: null, error: { message: MCP_APPROVAL_POLICY_NEVER } });
    expect(texts(await reg.get('mcp__demo', 'destructive')!({}, c, 'c2'))[1]).toBe(MCP_APPROVAL_POLICY_NEVER);
    expect(texts(await reg.get('mcp__demo', 'read_only')!({}, c, 'c3'))).toContain('read');
    expect(texts(await reg.get('mcp__demo', 'closed')!({}, c, 'c4'))).toContain('closed');
  });

  it('under granular with mcp_elicitations = false refuses calls that need approval without asking', async () => {
    const m = await start();
    const file = tmpFile();
    const { c, asked } = ctx(
      { granular: { sandbox_approval: true, rules: true, mcp_elicitations: false, skill_approval: false, request_permissions: false } },
      () => ({ action: 'accept', content: null, _meta: null }),
    );
    expect(texts(await m.registry().get('mcp__demo', 'touch')!({ path: file }, c, 'c1'))[1]).toBe(MCP_APPROVAL_GRANULAR_REFUSED);
    expect(asked.params).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(texts(await m.registry().get('mcp__demo', 'read_only')!({}, c, 'c2'))).toContain('read');
  });

  it('runs `approve` tools unasked and asks for `prompt` ones even when read-only', async () => {
    const m = await start({ default_tools_approval_mode: 'prompt', tools: { touch: { approval_mode: 'approve' } } });
    const file = tmpFile();
    const { c } = ctx('never');
    expect(texts(await m.registry().get('mcp__demo', 'touch')!({ path: file }, c, 'c1'))).toContain(`touched ${file}`);
    expect(existsSync(file)).toBe(true);
    expect(texts(await m.registry().get('mcp__demo', 'read_only')!({}, c, 'c2'))[1]).toBe(MCP_APPROVAL_POLICY_NEVER);
  });

  it('asks the client with Codex elicitation and runs the tool on accept', async () => {
    const m = await start();
    const file = tmpFile();
    const { c, asked, completed } = ctx('on-request', () => ({ action: 'accept', content: null, _meta: null }));
    const out = await m.registry().get('mcp__demo', 'touch')!({ path: file }, c, 'c1');
    expect(texts(out)).toContain(`touched ${file}`);
    expect(existsSync(file)).toBe(true);
    expect(completed[0]).toMatchObject({ status: 'completed' });
    expect(asked.params).toEqual([
      {
        threadId: 'thr',
        turnId: 'turn',
        serverName: 'demo',
        mode: 'form',
        _meta: {
          codex_approval_kind: 'mcp_tool_call',
          persist: ['session', 'always'],
          tool_name: 'touch',
          tool_title: 'Touch a file',
          tool_description: 'Creates a file.',
          tool_params: { path: file },
          tool_params_display: [{ name: 'path', value: file, display_name: 'path' }],
        },
        message: 'Allow the demo MCP server to run tool "touch"?',
        requestedSchema: { type: 'object', properties: {} },
      },
    ]);
    // A plain accept asks again next time.
    await m.registry().get('mcp__demo', 'touch')!({ path: file }, c, 'c2');
    expect(asked.params).toHaveLength(2);
  });

  it('does not run the tool on decline or cancel', async () => {
    const m = await start();
    const file = tmpFile();
    for (const [action, message] of [
      ['decline', 'user rejected MCP tool call'],
      ['cancel', 'user cancelled MCP tool call'],
    ] as const) {
      const { c, completed } = ctx('on-request', () => ({ action, content: null, _meta: null }));
      const out = await m.registry().get('mcp__demo', 'touch')!({ path: file }, c, 'c1');
      expect(texts(out)[1]).toBe(message);
      expect(completed[0]).toMatchObject({ status: 'failed', error: { message } });
    }
    expect(existsSync(file)).toBe(false);
  });

  it('remembers accept-for-session for `auto` tools only', async () => {
    const m = await start({ tools: { destructive: { approval_mode: 'prompt' } } });
    const { c, asked } = ctx('untrusted', () => ({ action: 'accept', content: null, _meta: { persist: 'session' } }));
    const reg = m.registry();
    const file = tmpFile();
    await reg.get('mcp__demo', 'touch')!({ path: file }, c, 'c1');
    await reg.get('mcp__demo', 'touch')!({ path: file }, c, 'c2');
    expect(asked.params).toHaveLength(1);
    await reg.get('mcp__demo', 'destructive')!({}, c, 'c3');
    await reg.get('mcp__demo', 'destructive')!({}, c, 'c4');
    expect(asked.params).toHaveLength(3);
    expect(asked.params[1]!._meta).not.toHaveProperty('persist');
  });

  it('fails clearly when the host cannot ask or answers nonsense', async () => {
    const m = await start();
    const noAsk = ctx('on-request');
    expect(texts(await m.registry().get('mcp__demo', 'destructive')!({}, noAsk.c, 'c1'))[1]).toBe(
      'MCP tool call cancelled: interactive approval is unavailable in exec mode',
    );
    const bad = ctx('on-request', () => ({ action: 'yes' }));
    expect(texts(await m.registry().get('mcp__demo', 'destructive')!({}, bad.c, 'c2'))[1]).toMatch(
      /^user rejected MCP tool call: invalid reply to mcpServer\/elicitation\/request \(\{"action":"yes"\}\): action: /,
    );
    const gone = ctx('on-request', () => Promise.reject(new Error('client disconnected')));
    expect(texts(await m.registry().get('mcp__demo', 'destructive')!({}, gone.c, 'c3'))[1]).toBe('user cancelled MCP tool call');
  });

  it('skips approvals in full access (never + danger-full-access)', async () => {
    const m = await start();
    const { c } = ctx('never');
    (c as { sandbox: unknown }).sandbox = { mode: 'danger-full-access' };
    expect(texts(await m.registry().get('mcp__demo', 'destructive')!({}, c, 'c1'))).toContain('destroyed');
  });
});
