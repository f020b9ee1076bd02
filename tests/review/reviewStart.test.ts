// `review/start` over the real `codex app-server`, on real git repositories:
// the reviewer is a sub-agent with its own conversation (rubric, read-only
// environment, the request naming the git commands to run) and the exec tool
// under a read-only sandbox that never asks; it runs `git diff` itself, its
// JSON answer comes back as findings on the exitedReviewMode item, the review
// lands in the thread's history for the next turn, and bad targets and bad
// answers each get a clear outcome.
import { beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { responses as R, faults as F } from '../support/scriptedServer.js';
import { outputOf, scriptedSuite } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { makeRepo, sh } from '../support/gitRepo.js';
import { processesWithMarker, waitFor } from '../support/processes.js';

const t = scriptedSuite();
let client: AppServerClient;
let repo: string;
beforeEach(async () => {
  repo = makeRepo().repo;
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
  return () => client.close();
});

async function ok(method: string, params: unknown): Promise<any> {
  const res = await client.request(method, params);
  expect(res.error, `${method}: ${JSON.stringify(res.error)}`).toBeUndefined();
  return res.result;
}

async function thread(opts: Record<string, unknown> = { sandbox: 'read-only' }): Promise<string> {
  return (await ok('thread/start', { cwd: repo, ...opts })).thread.id;
}

/** Starts a review, waits for its turn to end; returns the turn's completed items and the reviewer's request. */
async function review(threadId: string, target: unknown): Promise<{ items: any[]; turn: any; request: any; text: string }> {
  const before = t.server.requests.length;
  const started = await ok('review/start', { threadId, target });
  expect(started.reviewThreadId).toBe(threadId);
  const done = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === started.turn.id);
  const items = client.notifications.filter((n) => n.method === 'item/completed' && n.params.turnId === started.turn.id).map((n) => n.params.item);
  const request = t.server.requests[before]!.body;
  const text = request.input.map((i: any) => (i.content ?? []).map((c: any) => c.text ?? '').join('')).join('\n');
  return { items, turn: done.params.turn, request, text };
}

const FINDINGS = {
  findings: [
    {
      title: '[P1] Guard the empty list',
      body: 'Calling `first()` on an empty list throws.',
      confidence_score: 0.8,
      priority: 1,
      code_location: { absolute_file_path: '', line_range: { start: 4, end: 4 } },
    },
    {
      title: '[P3] Name the constant',
      body: 'A magic number.',
      confidence_score: 0.4,
      priority: null,
      code_location: { absolute_file_path: '', line_range: { start: 1, end: 2 } },
    },
  ],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'The new line can throw.',
  overall_confidence_score: 0.7,
};

function findingsFor(file: string): typeof FINDINGS {
  const copy = structuredClone(FINDINGS);
  for (const f of copy.findings) f.code_location.absolute_file_path = file;
  return copy;
}

describe('review/start', () => {
  it('reviews the uncommitted changes: the request names them, findings come back, the thread remembers them', async () => {
    fs.appendFileSync(path.join(repo, 'a.txt'), 'four: unstaged\n');
    fs.writeFileSync(path.join(repo, 'src', 'b.txt'), 'bee staged\n');
    sh(repo, ['add', 'src/b.txt']);
    fs.writeFileSync(path.join(repo, 'fresh.txt'), 'untracked body\n');
    const id = await thread();
    const file = path.join(repo, 'a.txt');
    t.server.enqueue(R.message(JSON.stringify(findingsFor(file))));

    const r = await review(id, { type: 'uncommittedChanges' });

    expect(r.turn.status).toBe('completed');
    // The request: the rubric with Codex's output format, the reviewer's own environment, then what to review and how to see it.
    expect(r.request.tools.map((tool: any) => tool.name)).toEqual(['exec_command', 'write_stdin', 'apply_patch', 'view_image']);
    expect(r.text).toContain('"overall_correctness": "patch is correct" | "patch is incorrect"');
    expect(r.text).toContain('<sandbox_mode>read-only</sandbox_mode>');
    expect(r.text).toContain('<approval_policy>never</approval_policy>');
    expect(r.text).toContain('Review the current code changes (staged, unstaged and untracked files)');
    expect(r.text).toContain('`git diff HEAD`');
    // Not the coding agent's context: its base prompt is not there.
    expect(r.text).not.toContain('You are Codex, a coding agent');

    expect(r.items.map((i) => i.type)).toEqual(['enteredReviewMode', 'userMessage', 'exitedReviewMode', 'agentMessage']);
    expect(r.items[0].review).toBe('current changes');
    expect(r.items[1].content[0].text).toContain('Review the current code changes');
    const exited = r.items[2];
    expect(exited.outputProblem).toBeNull();
    expect(exited.reviewOutput.findings).toHaveLength(2);
    expect(exited.reviewOutput.findings[0]).toMatchObject({
      title: '[P1] Guard the empty list',
      priority: 1,
      confidence_score: 0.8,
      code_location: { absolute_file_path: file, line_range: { start: 4, end: 4 } },
    });
    expect(exited.reviewOutput.findings[1].priority).toBeNull();
    expect(exited.reviewOutput.overall_correctness).toBe('patch is incorrect');
    expect(exited.review).toBe(
      [
        'The new line can throw.',
        '',
        'Full review comments:',
        '',
        `- [P1] Guard the empty list — ${file}:4-4`,
        '  Calling `first()` on an empty list throws.',
        '',
        `- [P3] Name the constant — ${file}:1-2`,
        '  A magic number.',
      ].join('\n'),
    );
    expect(r.items[3].text).toBe(exited.review);

    // The next turn's request carries the review, so "fix the first finding" has something to act on.
    t.server.enqueue(R.message('fixing'));
    const next = await ok('turn/start', { threadId: id, input: [{ type: 'text', text: 'fix the first one' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === next.turn.id);
    const followUp = JSON.stringify(t.server.requests.at(-1)!.body.input);
    expect(followUp).toContain('[P1] Guard the empty list');
    expect(followUp).toContain('<action>review</action>');

    // The review is in the rollout: thread/read rebuilds the items.
    const read = await ok('thread/read', { threadId: id, includeTurns: true });
    const reviewTurn = read.thread.turns.find((tn: any) => tn.id === r.turn.id);
    expect(reviewTurn.items.map((i: any) => i.type)).toEqual(['enteredReviewMode', 'userMessage', 'exitedReviewMode', 'agentMessage']);
  });

  it('reviews a commit (hint with short sha and title) and a branch against its base', async () => {
    sh(repo, ['checkout', '-q', '-b', 'feature']);
    fs.writeFileSync(path.join(repo, 'feature.txt'), 'feature line\n');
    sh(repo, ['add', '-A']);
    sh(repo, ['commit', '-q', '-m', 'add feature']);
    const sha = sh(repo, ['rev-parse', 'HEAD']);
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\nTWO\nthree\n');
    const id = await thread();

    t.server.enqueue(
      R.message(JSON.stringify({ findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Fine.', overall_confidence_score: 0.9 })),
    );
    const c = await review(id, { type: 'commit', sha, title: 'add feature' });
    expect(c.items[0].review).toBe(`commit ${sha.slice(0, 7)}: add feature`);
    expect(c.text).toContain(`Review the code changes introduced by commit ${sha} ("add feature")`);
    expect(c.text).toContain(`Run \`git show ${sha}\``);
    expect(c.items[2].review).toBe('Fine.');

    t.server.enqueue(
      R.message(JSON.stringify({ findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Fine.', overall_confidence_score: 0.9 })),
    );
    const b = await review(id, { type: 'baseBranch', branch: 'main' });
    expect(b.items[0].review).toBe("changes against 'main'");
    const mergeBase = sh(repo, ['merge-base', 'HEAD', 'main']);
    expect(b.text).toContain(`Review the code changes against the base branch 'main'. The merge base commit for this comparison is ${mergeBase}`);
    expect(b.text).toContain(`Run \`git diff ${mergeBase}\``);
  });

  it('refuses bad targets with invalid params naming the problem, before any turn', async () => {
    const id = await thread();
    const bad = async (target: unknown) => (await client.request('review/start', { threadId: id, target })).error;
    expect(await bad({ type: 'baseBranch', branch: 'nope' })).toMatchObject({ code: -32602, message: `target: base branch 'nope' names no commit in ${repo}` });
    expect(await bad({ type: 'commit', sha: 'deadbeef' })).toMatchObject({ code: -32602, message: `target: commit 'deadbeef' not found in ${repo}` });
    expect(await bad({ type: 'custom', instructions: '  ' })).toMatchObject({ code: -32602, message: 'target: Review prompt cannot be empty' });
    expect((await client.request('review/start', { threadId: id, target: { type: 'uncommittedChanges' }, delivery: 'detached' })).error.code).toBe(-32602);
    expect(
      (await client.request('review/start', { threadId: '019a0000-0000-7000-8000-000000000000', target: { type: 'uncommittedChanges' } })).error.message,
    ).toBe('thread not found: 019a0000-0000-7000-8000-000000000000');
    expect(t.server.requests).toHaveLength(0);
    expect(client.notifications.some((n) => n.method === 'turn/started')).toBe(false);

    const outside = fs.mkdtempSync(path.join(path.dirname(repo), 'plain-'));
    const plain = (await ok('thread/start', { cwd: outside, sandbox: 'read-only' })).thread.id;
    const e = (await client.request('review/start', { threadId: plain, target: { type: 'uncommittedChanges' } })).error;
    expect(e.code).toBe(-32602);
    expect(e.message).toContain(`cannot review in ${outside}: not inside a git repository`);
  });

  it('an answer that is not the JSON format is kept whole and says why; JSON inside prose is still read', async () => {
    fs.appendFileSync(path.join(repo, 'a.txt'), 'x\n');
    const id = await thread();
    t.server.enqueue(R.message('I looked and it seems fine.'));
    const bad = await review(id, { type: 'custom', instructions: 'look at a.txt' });
    expect(bad.turn.status).toBe('completed');
    expect(bad.items[0].review).toBe('look at a.txt');
    expect(bad.text).toContain('look at a.txt');
    const exited = bad.items[2];
    expect(exited.review).toBe('I looked and it seems fine.');
    expect(exited.reviewOutput).toMatchObject({ findings: [], overall_explanation: 'I looked and it seems fine.' });
    expect(exited.outputProblem).toMatch(/^the reviewer's answer is not the review JSON format \(not JSON: .+\); it is kept as the explanation$/);

    t.server.enqueue(R.message(`Here you go:\n${JSON.stringify(findingsFor('a.txt'))}\nThanks`));
    const prose = await review(id, { type: 'uncommittedChanges' });
    expect(prose.items[2].outputProblem).toBeNull();
    expect(prose.items[2].reviewOutput.findings).toHaveLength(2);

    t.server.enqueue(R.message(JSON.stringify({ findings: [{ title: 'no location', body: 'b', confidence_score: 1 }] })));
    const shape = await review(id, { type: 'uncommittedChanges' });
    expect(shape.items[2].outputProblem).toContain('findings.0.code_location');
    expect(shape.items[2].reviewOutput.findings).toEqual([]);
  });

  it('a reviewer request that fails ends review mode and fails the turn with the error', async () => {
    const id = await thread();
    t.server.enqueue(F.status(400, 'bad request from test'));
    const r = await review(id, { type: 'uncommittedChanges' });
    expect(r.turn.status).toBe('failed');
    expect(r.turn.error.message).toContain('bad request from test');
    expect(r.items.map((i) => i.type)).toEqual(['enteredReviewMode', 'userMessage', 'exitedReviewMode', 'agentMessage']);
    expect(r.items[2].review).toBe('Review was interrupted. Please re-run /review and wait for it to complete.');
    expect(r.items[2].reviewOutput).toBeNull();
    expect(r.items[3].text).toBe(r.items[2].review);
  });

  it('the reviewer runs `git diff` with its tool and reads the output; its writes fail in the read-only sandbox and nothing asks for approval', async () => {
    fs.appendFileSync(path.join(repo, 'a.txt'), 'four: unstaged\n');
    // A thread that may write its workspace and would ask the user: the reviewer still gets neither.
    const id = await thread({ sandbox: 'workspace-write', approvalPolicy: 'on-request' });
    const asked: any[] = [];
    client.onRequest = (m) => {
      asked.push(m);
      return { decision: 'accept' };
    };
    const file = path.join(repo, 'a.txt');
    t.server.enqueue(
      R.reply(R.message('Reading the diff first.'), R.functionCall({ name: 'exec_command', arguments: { cmd: 'git diff' }, callId: 'call_diff' })),
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'touch written-by-reviewer.txt' }, callId: 'call_touch' }),
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: 'touch escalated-by-reviewer.txt', sandbox_permissions: 'require_escalated', justification: 'please' },
        callId: 'call_escalate',
      }),
      R.customToolCall({ name: 'apply_patch', input: '*** Begin Patch\n*** Add File: patched-by-reviewer.txt\n+x\n*** End Patch\n', callId: 'call_patch' }),
      R.message(JSON.stringify(findingsFor(file))),
    );

    const r = await review(id, { type: 'uncommittedChanges' });

    expect(r.turn.status).toBe('completed');
    const requests = t.server.requests.slice(-5).map((q) => q.body);
    expect(requests).toHaveLength(5);
    // The reviewer got git's real output back.
    expect(outputOf({ body: requests[1] }, 'call_diff')).toContain('+four: unstaged');
    expect(outputOf({ body: requests[1] }, 'call_diff')).toContain('Process exited with code 0');
    // The write failed inside the sandbox, and the escalation was refused without asking anyone.
    expect(outputOf({ body: requests[2] }, 'call_touch')).not.toContain('Process exited with code 0');
    expect(outputOf({ body: requests[2] }, 'call_touch')).toContain('Read-only file system');
    expect(outputOf({ body: requests[3] }, 'call_escalate')).toContain('approval policy is never');
    expect(outputOf({ body: requests[4] }, 'call_patch')).toContain('outside what the read-only sandbox allows and approval policy is never');
    expect(asked).toEqual([]);
    expect(fs.existsSync(path.join(repo, 'patched-by-reviewer.txt'))).toBe(false);
    expect(fs.existsSync(path.join(repo, 'written-by-reviewer.txt'))).toBe(false);
    expect(fs.existsSync(path.join(repo, 'escalated-by-reviewer.txt'))).toBe(false);

    // The turn shows the request, the reviewer's commands and the findings; not its messages.
    const commands = r.items.filter((i) => i.type === 'commandExecution');
    expect(commands.map((c) => c.id).slice(0, 2)).toEqual(['call_diff', 'call_touch']);
    expect(commands[0]).toMatchObject({ status: 'completed', exitCode: 0, commandActions: [{ type: 'unknown', command: 'git diff' }] });
    expect(commands[0].aggregatedOutput).toContain('+four: unstaged');
    expect(r.items.some((i) => i.type === 'agentMessage' && i.text === 'Reading the diff first.')).toBe(false);
    const exited = r.items.find((i) => i.type === 'exitedReviewMode');
    expect(exited.reviewOutput.findings).toHaveLength(2);
    expect(exited.reviewOutput.findings[0].code_location.absolute_file_path).toBe(file);

    // The reviewer's conversation is its own: the thread's next request has the findings, not its tool calls.
    t.server.enqueue(R.message('ok'));
    const next = await ok('turn/start', { threadId: id, input: [{ type: 'text', text: 'fix it' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === next.turn.id);
    const followUp = JSON.stringify(t.server.requests.at(-1)!.body.input);
    expect(followUp).toContain('[P1] Guard the empty list');
    expect(followUp).not.toContain('call_diff');
    expect(followUp).toContain('<sandbox_mode>workspace-write</sandbox_mode>');
  });

  it("review_model (config.toml or -c) is the model the reviewer request names; unset, the thread's model reviews", async () => {
    fs.appendFileSync(path.join(repo, 'a.txt'), 'x\n');
    const answer = () =>
      R.message(JSON.stringify({ findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Fine.', overall_confidence_score: 0.9 }));
    const id = await thread();
    t.server.enqueue(answer());
    expect((await review(id, { type: 'uncommittedChanges' })).request.model).toBe('gpt-5.5');

    // A top-level key: before the file's tables.
    const configFile = path.join(t.sb.home, 'config.toml');
    fs.writeFileSync(configFile, `review_model = "gpt-review-from-file"\n${fs.readFileSync(configFile, 'utf8')}`);
    const fromFile = await thread();
    t.server.enqueue(answer());
    expect((await review(fromFile, { type: 'uncommittedChanges' })).request.model).toBe('gpt-review-from-file');

    client.close();
    client = AppServerClient.spawn(t.sb, { args: ['-c', 'review_model="gpt-review-from-flag"'] });
    await client.initialized;
    const fromFlag = await thread();
    t.server.enqueue(answer());
    const r = await review(fromFlag, { type: 'uncommittedChanges' });
    expect(r.request.model).toBe('gpt-review-from-flag');
    // The thread itself keeps its model.
    t.server.enqueue(R.message('ok'));
    const next = await ok('turn/start', { threadId: fromFlag, input: [{ type: 'text', text: 'hi' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === next.turn.id);
    expect(t.server.requests.at(-1)!.body.model).toBe('gpt-5.5');
    // The reviewer reasons as the thread's turns do (its config is the thread's).
    expect(r.request.reasoning).toBeDefined();
    expect(r.request.reasoning).toEqual(t.server.requests.at(-1)!.body.reasoning);
  });

  it('a command the reviewer leaves running ends with the review (nothing it starts outlives it)', async () => {
    fs.appendFileSync(path.join(repo, 'a.txt'), 'x\n');
    const marker = `review-leftover-${process.pid}-${Date.now()}`;
    client.close();
    client = AppServerClient.spawn({ ...t.sb, env: { ...t.sb.env, CODEX_EXEC_TEST_MARKER: marker } });
    await client.initialized;
    const sleepers = () =>
      processesWithMarker(marker).filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('sleep 987');
        } catch {
          return false;
        }
      });
    const id = await thread();
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 987', yield_time_ms: 300 }, callId: 'call_sleep' }),
      R.message(JSON.stringify({ findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Fine.', overall_confidence_score: 0.9 })),
    );
    let runningWhileReviewing = 0;
    const started = await ok('review/start', { threadId: id, target: { type: 'uncommittedChanges' } });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.id === 'call_sleep');
    await waitFor(() => (runningWhileReviewing = sleepers().length) > 0, 5000);
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === started.turn.id);
    // It was running while the reviewer worked, its session still open when the reviewer answered…
    expect(runningWhileReviewing).toBeGreaterThan(0);
    expect(outputOf(t.server.requests.at(-1)!, 'call_sleep')).toContain('Process running with session ID');
    // …and is gone once the review is over, while the app-server lives on.
    expect(await waitFor(() => sleepers().length === 0, 5000)).toBe(true);
  });
});
