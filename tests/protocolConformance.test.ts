// Conformance with Codex 0.169's app-server protocol, judged by the schema the
// pinned reference generates at test time (`codex app-server
// generate-json-schema`):
//   1. what our `codex app-server` sends in a representative session (responses,
//      notifications, approval requests) validates against Codex's schema;
//   2. requests valid per Codex's schema, built from it field by field, parse in
//      ours (parseClientRequest) without fields silently dropped.
// Every mismatch must be listed in tests/support/codexSchemaDifferences.ts, and
// every listed location must still occur, so a new drift (or a fixed one left
// listed) fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startScriptedServer, responses as R, faults as F, type ScriptedServer } from './support/scriptedServer.js';
import { REPO_ROOT, makeSandbox, type Sandbox } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';
import { CodexProtocolSchema, type MessageKind } from './support/codexSchema.js';
import { schemaVariants } from './support/schemaExamples.js';
import { CODEX_SCHEMA_DIFFERENCES, type DifferenceLocation } from './support/codexSchemaDifferences.js';
import { parseClientRequest, ProtocolValidationError } from '../shared/protocol/schemas.js';
import { clientRequests } from '../shared/protocol/clientRequests.js';
import { serverNotifications } from '../shared/protocol/serverNotifications.js';
import { serverRequests } from '../shared/protocol/serverRequests.js';
import * as z from 'zod/mini';
import { mcpElicitationReply, parseServerReply } from '../shared/protocol/serverReplies.js';

/** One mismatch seen, in the terms of a DifferenceLocation. */
interface Finding {
  where: DifferenceLocation['where'];
  method: string;
  path: string;
  message: string;
}

let codex: CodexProtocolSchema;
beforeAll(() => {
  const bin = codexReferenceBin();
  // The conformance check must run wherever the suite runs: no silent skip.
  if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
  codex = CodexProtocolSchema.generate(bin);
});

describe('app-server protocol conformance with Codex 0.169', () => {
  it('what our server sends validates against Codex schema', async () => {
    const sent = await representativeSession();
    // The session must really cover what it claims to, or the check proves little.
    const seen = new Set(sent.map((s) => `${s.kind} ${s.method}`));
    for (const expected of [
      'response initialize',
      'response thread/start',
      'response turn/start',
      'response turn/interrupt',
      'response turn/steer',
      'response thread/shellCommand',
      'response thread/list',
      'response thread/resume',
      'response thread/unsubscribe',
      'response config/read',
      'response config/value/write',
      'response config/batchWrite',
      'response mcpServerStatus/list',
      'response thread/name/set',
      'response thread/read',
      'response thread/fork',
      'response thread/compact/start',
      'response thread/revert',
      'response thread/archive',
      'response thread/unarchive',
      'response thread/delete',
      'response model/list',
      'response review/start',
      'response account/read',
      'response account/login/start',
      'response command/exec',
      'response command/exec/write',
      'response command/exec/resize',
      'response command/exec/terminate',
      'response fuzzyFileSearch',
      'notification command/exec/outputDelta',
      'notification account/updated',
      'notification thread/name/updated',
      'notification thread/reverted',
      'notification thread/archived',
      'notification thread/unarchived',
      'notification thread/deleted',
      'notification thread/started',
      'notification turn/started',
      'notification turn/completed',
      'notification item/started',
      'notification item/completed',
      'notification item/agentMessage/delta',
      'notification item/reasoning/summaryTextDelta',
      'notification item/commandExecution/outputDelta',
      'notification turn/plan/updated',
      'notification thread/tokenUsage/updated',
      'notification error',
      'notification serverRequest/resolved',
      'notification mcpServer/startupStatus/updated',
      'serverRequest item/commandExecution/requestApproval',
      'serverRequest item/fileChange/requestApproval',
      'serverRequest mcpServer/elicitation/request',
    ]) {
      expect(seen, `the session never produced ${expected}`).toContain(expected);
    }
    const itemTypes = new Set(sent.filter((s) => s.method === 'item/completed').map((s) => s.message.params.item.type));
    expect([...itemTypes].sort()).toEqual([
      'agentMessage',
      'commandExecution',
      'contextCompaction',
      'enteredReviewMode',
      'exitedReviewMode',
      'fileChange',
      'mcpToolCall',
      'reasoning',
      'userMessage',
    ]);

    const findings: Finding[] = [];
    for (const { kind, method, message } of sent) {
      for (const issue of codex.checkEnvelope(message)) findings.push({ where: 'envelope', method, ...issue });
      if ('error' in message) continue; // a JSON-RPC error has no result to check
      const payload = kind === 'response' ? message.result : message.params;
      const issues = codex.check(kind, method, payload);
      if (issues === undefined) findings.push({ where: kind, method, path: '', message: `not a Codex 0.169 ${kind} method` });
      else for (const issue of issues) findings.push({ where: kind, method, ...issue });
    }
    expectOnlyListed(findings, ['response', 'notification', 'serverRequest', 'envelope']);
  }, 90_000);

  it('what our server sends matches our own schemas (every protocol type is derived from them)', async () => {
    const sent = await representativeSession();
    const problems: string[] = [];
    for (const { kind, method, message } of sent) {
      if ('error' in message) continue;
      const schema = ownSchema(kind, method);
      if (!schema) {
        problems.push(`${kind} ${method}: not in our method tables`);
        continue;
      }
      const payload = kind === 'response' ? message.result : message.params;
      const parsed = z.safeParse(schema, payload);
      if (!parsed.success) for (const i of parsed.error.issues) problems.push(`${kind} ${method} /${i.path.join('/')}: ${i.message}`);
      else for (const path of droppedPaths(payload, parsed.data)) problems.push(`${kind} ${method} ${path}: sent but not in our schema`);
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it('requests valid per Codex schema parse in ours', () => {
    const findings: Finding[] = [];
    const methods = Object.keys(clientRequests) as (keyof typeof clientRequests)[];
    for (const method of methods) {
      const params = codex.payloadSchema('clientRequest', method);
      if (!params) {
        findings.push({ where: 'requestRejected', method, path: '', message: 'not a Codex 0.169 client request method' });
        continue;
      }
      const examples = [...schemaVariants(params.schema, params.resolve), ...(REALISTIC_REQUESTS[method] ?? [])];
      for (const example of examples) {
        // Only Codex-valid examples prove anything about Codex's clients.
        expect(codex.check('clientRequest', method, example), `example for ${method} is not valid per Codex: ${JSON.stringify(example)}`).toEqual([]);
        findings.push(...parseFindings(method, example));
      }
    }
    expectOnlyListed(findings, ['requestRejected', 'requestIgnored']);
  });

  it('replies of Codex clients to our MCP approval requests parse in ours', () => {
    // Command and file-change decisions have no parser to check (see the note at the end of codexSchemaDifferences.ts).
    const method = 'mcpServer/elicitation/request';
    const reply = codex.payloadSchema('serverRequestResponse', method)!;
    const findings: Finding[] = [];
    for (const example of schemaVariants(reply.schema, reply.resolve)) {
      expect(codex.check('serverRequestResponse', method, example), JSON.stringify(example)).toEqual([]);
      const parsed = parseServerReply(method, example);
      if (!parsed.ok) {
        // The same issues, in the "path: message; …" form rejectedFields reads.
        const issues = mcpElicitationReply.safeParse(example).error?.issues ?? [];
        const message = `invalid response to ${method}: ${issues.map((i) => `${i.path.length ? i.path.join('.') : '(result)'}: ${i.message}`).join('; ')}`;
        findings.push(...rejectedFields(message, `invalid response to ${method}: `).map((r) => ({ where: 'replyRejected' as const, method, ...r })));
        continue;
      }
      findings.push(...droppedPaths(example, parsed.result).map((path) => ({ where: 'replyIgnored' as const, method, path, message: 'accepted but dropped' })));
    }
    expectOnlyListed(findings, ['replyRejected', 'replyIgnored']);
  });

  it('the differences list is well formed', () => {
    for (const d of CODEX_SCHEMA_DIFFERENCES) {
      expect(d.what.length, JSON.stringify(d)).toBeGreaterThan(10);
      expect(d.why.length, JSON.stringify(d)).toBeGreaterThan(10);
      expect(d.where.length, d.what).toBeGreaterThan(0);
      for (const w of d.where) expect(w.path === '' || w.path.startsWith('/'), `${d.what}: ${w.path}`).toBe(true);
    }
  });
});

/** Our schema of what was sent: a response's result, a notification's or server request's params. */
function ownSchema(kind: SentMessage['kind'], method: string): z.ZodMiniType | undefined {
  const entry = <T>(table: Record<string, T>) => Object.entries(table).find(([m]) => m === method)?.[1];
  if (kind === 'response') return entry(clientRequests)?.result;
  if (kind === 'notification') return entry(serverNotifications);
  return entry(serverRequests)?.params;
}

// ---------- direction 2: Codex's requests in our parser ----------

// What Codex's own clients typically send, beside the field-by-field examples.
const REALISTIC_REQUESTS: Partial<Record<string, unknown[]>> = {
  initialize: [{ clientInfo: { name: 'codex_vscode', title: 'Codex VS Code Extension', version: '0.169.0' }, capabilities: { experimentalApi: true } }],
  'thread/start': [
    {
      cwd: '/home/user/project',
      approvalPolicy: 'on-request',
      sandbox: 'workspace-write',
      model: 'gpt-5.5',
      config: { model_reasoning_effort: 'high' },
      personality: 'pragmatic',
    },
  ],
  'turn/start': [
    {
      threadId: '019a0000-0000-7000-8000-000000000000',
      clientUserMessageId: 'client-msg-1',
      input: [
        { type: 'text', text: 'fix @main.ts', text_elements: [{ byteRange: { start: 4, end: 12 }, placeholder: '@main.ts' }] },
        { type: 'localImage', path: '/tmp/screenshot.png' },
      ],
      effort: 'high',
      summary: 'auto',
      approvalPolicy: { granular: { mcp_elicitations: true, rules: true, sandbox_approval: true } },
      sandboxPolicy: {
        type: 'workspaceWrite',
        writableRoots: ['/home/user/project'],
        networkAccess: false,
        excludeTmpdirEnvVar: false,
        excludeSlashTmp: false,
      },
    },
  ],
  'thread/list': [{ limit: 50, sortKey: 'updated_at', archived: false, sourceKinds: ['cli', 'vscode', 'exec', 'appServer'] }],
  'config/batchWrite': [
    {
      edits: [
        { keyPath: 'model', value: 'gpt-5.5', mergeStrategy: 'replace' },
        { keyPath: 'mcp_servers.docs', value: { url: 'https://example.com/mcp' }, mergeStrategy: 'upsert' },
      ],
      reloadUserConfig: true,
    },
  ],
};

/** Our parser's verdict on a Codex-valid request: rejected fields, or fields it accepted but dropped. */
function parseFindings(method: keyof typeof clientRequests, example: unknown): Finding[] {
  let parsed: unknown;
  try {
    parsed = parseClientRequest(method, example);
  } catch (err) {
    if (!(err instanceof ProtocolValidationError)) throw err;
    return rejectedFields(err.message, `invalid params for ${method}: `).map((r) => ({ where: 'requestRejected', method, ...r }));
  }
  return droppedPaths(example, parsed).map((path) => ({ where: 'requestIgnored', method, path, message: 'accepted but dropped' }));
}

/** `<prefix>a.0.b: msg; c: msg` (a ProtocolValidationError's message) → JSON pointers and messages. */
function rejectedFields(message: string, prefix: string): { path: string; message: string }[] {
  expect(message.startsWith(prefix), message).toBe(true);
  return message
    .slice(prefix.length)
    .split('; ')
    .map((part) => {
      const colon = part.indexOf(': ');
      const path = part.slice(0, colon);
      return { path: path === '(params)' || path === '(result)' ? '' : `/${path.split('.').join('/')}`, message: part.slice(colon + 2) };
    });
}

/** Keys present in `input` (not undefined) that the parsed value lacks, as JSON pointers. */
function droppedPaths(input: unknown, output: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((v, i) => droppedPaths(v, output[i], `${path}/${i}`));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.entries(input).flatMap(([k, v]) => {
    if (v === undefined) return [];
    return k in output ? droppedPaths(v, output[k], `${path}/${k}`) : [`${path}/${k}`];
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------- matching findings against the list ----------

function matches(loc: DifferenceLocation, f: Finding): boolean {
  if (loc.where !== f.where || loc.method !== f.method) return false;
  if (loc.message !== undefined && !f.message.includes(loc.message)) return false;
  const want = loc.path.split('/');
  const got = f.path.split('/');
  return want.length === got.length && want.every((seg, i) => seg === '*' || seg === got[i]);
}

/** Fails with every unlisted finding (method, JSON path, message) and every listed location that did not occur. */
function expectOnlyListed(findings: Finding[], wheres: DifferenceLocation['where'][]): void {
  const locations = CODEX_SCHEMA_DIFFERENCES.flatMap((d) => d.where.map((loc) => ({ loc, what: d.what }))).filter(({ loc }) => wheres.includes(loc.where));
  const unlisted = new Set<string>();
  for (const f of findings) {
    if (!locations.some(({ loc }) => matches(loc, f))) unlisted.add(`${f.where} ${f.method} ${f.path || '(root)'}: ${f.message}`);
  }
  const stale = locations
    .filter(({ loc }) => !findings.some((f) => matches(loc, f)))
    .map(({ loc, what }) => `${loc.where} ${loc.method} ${loc.path} (${what})`);
  expect([...unlisted].sort(), 'differences from Codex 0.169 not listed in tests/support/codexSchemaDifferences.ts').toEqual([]);
  expect(stale, 'listed differences that no longer occur: remove them from tests/support/codexSchemaDifferences.ts').toEqual([]);
}

// ---------- direction 1: a representative session ----------

interface SentMessage {
  kind: Exclude<MessageKind, 'clientRequest' | 'serverRequestResponse'>;
  method: string;
  message: any;
}

// A stdio MCP server whose `touch` tool asks for approval (an elicitation) under on-request.
const MCP_FIXTURE = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');
const MCP_CONFIG = `[mcp_servers.demo]
command = "${process.execPath}"
args = ["${MCP_FIXTURE}"]
startup_timeout_sec = 60
`;

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

let recorded: Promise<SentMessage[]> | undefined;
/** The representative session, recorded once for the checks that read it. */
function representativeSession(): Promise<SentMessage[]> {
  recorded ??= recordRepresentativeSession();
  return recorded;
}

/**
 * Drives our real `codex app-server` through a session touching every method
 * we implement and every item kind: reasoning, a plan, an escalated command
 * approved by the client, a patch needing approval, an MCP tool call approved
 * through an elicitation, a stream retry, an interrupted and a failed turn,
 * then lists, reads and writes config, and resumes the thread in a second
 * server. Returns every message the servers sent, in order.
 */
async function recordRepresentativeSession(): Promise<SentMessage[]> {
  const sb: Sandbox = makeSandbox(server.baseUrl, { extraConfig: MCP_CONFIG });
  sb.env.OPENAI_BASE_URL = server.baseUrl;
  const sent: SentMessage[] = [];
  const first = AppServerClient.spawn(sb, { initialize: false });
  const clients = [first];
  const call = async (client: AppServerClient, method: string, params: unknown, expectError = false) => {
    const res = await client.request(method, params);
    sent.push({ kind: 'response', method, message: res });
    // A result is what gets checked; an unplanned error would skip that silently.
    expect('error' in res, `${method}: ${JSON.stringify(res)}`).toBe(expectError);
    return res;
  };
  try {
    first.onRequest = (msg) => (msg.method === 'mcpServer/elicitation/request' ? { action: 'accept', content: null, _meta: null } : { decision: 'accept' });
    await call(first, 'initialize', { clientInfo: { name: 'conformance', title: 'Conformance test', version: '1.0.0' } });

    const marker = join(sb.workspace, 'approved.txt');
    const touched = join(sb.workspace, 'touched.txt');
    const patch = '*** Begin Patch\n*** Add File: notes.txt\n+written by apply_patch\n*** End Patch\n';
    server.enqueue(
      R.reply(
        R.reasoning('Planning the work'),
        R.functionCall({
          name: 'update_plan',
          arguments: {
            explanation: 'Two steps',
            plan: [
              { step: 'write', status: 'in_progress' },
              { step: 'patch', status: 'pending' },
            ],
          },
          callId: 'plan1',
        }),
        { usage: { input: 120, output: 30 } },
      ),
      // Cut mid-stream: the turn retries and reports it with an `error` notification (willRetry).
      F.cut(R.text('lost'), 1),
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `echo approved | tee ${marker}`, sandbox_permissions: 'require_escalated', justification: 'needs to write' },
        callId: 'exec1',
      }),
      R.customToolCall({ name: 'apply_patch', input: patch, callId: 'patch1' }),
      R.functionCall({ name: 'touch', namespace: 'mcp__demo', arguments: { path: touched }, callId: 'mcp1' }),
      R.reply(R.reasoning('Wrapping up'), R.message('All done.'), { usage: { input: 400, output: 50 } }),
    );
    const started = await call(first, 'thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-request' });
    const threadId: string = started.result.thread.id;
    await call(first, 'turn/start', { threadId, input: [{ type: 'text', text: 'do the work' }] });
    const done = await first.waitFor((n) => n.method === 'turn/completed', 60_000);
    expect(done.params.turn.status).toBe('completed');
    expect(existsSync(marker) && existsSync(touched) && existsSync(join(sb.workspace, 'notes.txt'))).toBe(true);

    // An interrupted turn.
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const second = await call(first, 'turn/start', { threadId, input: [{ type: 'text', text: 'wait' }] });
    await first.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution' && n.params.turnId === second.result.turn.id);
    await call(first, 'turn/steer', { threadId, expectedTurnId: second.result.turn.id, input: [{ type: 'text', text: 'and this' }] });
    await call(first, 'turn/interrupt', { threadId, turnId: second.result.turn.id });
    await first.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === second.result.turn.id);

    // A failed turn (the model endpoint refuses the request).
    server.enqueue(F.status(400, 'unsupported parameter'));
    const third = await call(first, 'turn/start', { threadId, input: [{ type: 'text', text: 'fail' }] });
    const failed = await first.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === third.result.turn.id);
    expect(failed.params.turn.status).toBe('failed');

    // A command the user runs (`!cmd`): a turn of its own with a userShell command item.
    await call(first, 'thread/shellCommand', { threadId, command: 'echo from the user' });
    await first.waitFor((n) => n.method === 'item/completed' && n.params.item.source === 'userShell');
    await first.waitFor((n) => n.method === 'turn/completed' && n.params.turn.items.some((i: any) => i.source === 'userShell'));

    await call(first, 'thread/list', {});
    await call(first, 'config/read', { includeLayers: true, cwd: sb.workspace });
    await call(first, 'config/value/write', { keyPath: 'model_reasoning_effort', value: 'high', mergeStrategy: 'replace' });
    await call(first, 'config/batchWrite', { edits: [{ keyPath: 'tui.notifications', value: true, mergeStrategy: 'replace' }], reloadUserConfig: true });
    await call(first, 'mcpServerStatus/list', { threadId });
    // Thread control: rename, read, fork through the first turn, compact and revert the fork, archive, unarchive and delete it.
    await call(first, 'thread/name/set', { threadId, name: 'Conformance thread' });
    const read = await call(first, 'thread/read', { threadId, includeTurns: true });
    const forked = await call(first, 'thread/fork', { threadId, lastTurnId: read.result.thread.turns[0].id });
    const forkId: string = forked.result.thread.id;
    server.enqueue(R.message('Summary of the fork.'));
    await call(first, 'thread/compact/start', { threadId: forkId });
    await first.waitFor((n) => n.method === 'turn/completed' && n.params.threadId === forkId);
    await call(first, 'thread/revert', { threadId: forkId, beforeTurnId: read.result.thread.turns[0].id });
    await call(first, 'thread/archive', { threadId: forkId });
    await call(first, 'thread/unarchive', { threadId: forkId });
    await call(first, 'thread/delete', { threadId: forkId });
    await call(first, 'model/list', { includeHidden: true });
    // A code review of a real repository's uncommitted change: the review-mode items and their findings.
    const reviewRepo = join(sb.home, '..', 'review-repo');
    mkdirSync(reviewRepo);
    execFileSync('git', ['init', '-q'], { cwd: reviewRepo });
    writeFileSync(join(reviewRepo, 'new.txt'), 'new\n');
    const reviewThread = await call(first, 'thread/start', { cwd: reviewRepo, sandbox: 'read-only' });
    const finding = {
      title: '[P2] Check',
      body: 'Why.',
      confidence_score: 0.5,
      priority: 2,
      code_location: { absolute_file_path: join(reviewRepo, 'new.txt'), line_range: { start: 1, end: 1 } },
    };
    server.enqueue(
      R.message(JSON.stringify({ findings: [finding], overall_correctness: 'patch is correct', overall_explanation: 'Small.', overall_confidence_score: 0.6 })),
    );
    const reviewed = await call(first, 'review/start', { threadId: reviewThread.result.thread.id, target: { type: 'uncommittedChanges' }, delivery: 'inline' });
    await first.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === reviewed.result.turn.id);
    // Sign-in: nobody yet, then an API key the provider (OPENAI_BASE_URL, here the scripted server) accepts.
    server.route('GET', '/v1/models', F.http(200, { data: [] }));
    await call(first, 'account/read', {});
    await call(first, 'account/login/start', { type: 'apiKey', apiKey: 'sk-conformance-key' });
    await first.waitFor((n) => n.method === 'account/updated');
    await call(first, 'account/read', { refreshToken: false });
    // The user's own commands (a PTY with its output deltas, a buffered one) and the @ file search.
    const pty = call(first, 'command/exec', {
      command: ['sh', '-c', 'read x; echo "got $x"'],
      processId: 'conf-pty',
      tty: true,
      size: { rows: 24, cols: 80 },
      sandboxPolicy: { type: 'dangerFullAccess' },
    });
    await call(first, 'command/exec/resize', { processId: 'conf-pty', size: { rows: 30, cols: 100 } });
    await call(first, 'command/exec/write', { processId: 'conf-pty', deltaBase64: Buffer.from('hi\n').toString('base64') });
    await pty;
    const sleeper = call(first, 'command/exec', {
      command: ['sleep', '30'],
      processId: 'conf-sleep',
      streamStdoutStderr: true,
      sandboxPolicy: { type: 'dangerFullAccess' },
    });
    await call(first, 'command/exec/terminate', { processId: 'conf-sleep' });
    await sleeper;
    await call(first, 'command/exec', { command: ['sh', '-c', 'echo out; echo err >&2'], sandboxPolicy: { type: 'readOnly' } });
    await call(first, 'fuzzyFileSearch', { query: 'conf', roots: [sb.home], cancellationToken: 'conf' });
    // Our server also accepts `on-failure`, which Codex 0.169 no longer has; it answers on-request, as Codex reads it from config.
    await call(first, 'thread/start', { cwd: sb.workspace, approvalPolicy: 'on-failure', ephemeral: true });
    // Errors are JSON-RPC errors in Codex's shape.
    await call(first, 'thread/teleport', {}, true);
    await call(first, 'turn/start', { threadId: 42, input: [] }, true);
    await call(first, 'thread/unsubscribe', { threadId });
    first.close();

    // A second server resumes the thread from its rollout.
    const resumer = AppServerClient.spawn(sb, { initialize: false });
    clients.push(resumer);
    await call(resumer, 'initialize', { clientInfo: { name: 'conformance', version: '1.0.0' } });
    const resumed = await call(resumer, 'thread/resume', { threadId });
    expect(resumed.result.thread.turns.length).toBe(4); // done, interrupted, failed, the user shell command
    await call(resumer, 'mcpServerStatus/list', {});
    resumer.close();
  } finally {
    for (const c of clients) if (c.proc.exitCode === null) c.proc.kill();
  }
  for (const c of clients) {
    for (const msg of c.notifications) sent.push({ kind: msg.id !== undefined ? 'serverRequest' : 'notification', method: msg.method, message: msg });
  }
  return sent;
}
