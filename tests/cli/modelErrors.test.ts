// What `codex exec` says when the model server cannot be reached or answers an
// error: one line per retry (no nested counters), no retry for an address that
// can never work, the status and URL of HTTP errors (Codex 0.169's wording),
// and the config key to fix.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { faults as F } from '../support/scriptedServer.js';
import { execJson, makeSandbox, scriptedSuite } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';

const t = scriptedSuite();
const reference = codexReferenceBin();

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const retryLines = (events: any[]) => events.filter((e) => e.type === 'error' && /^Reconnecting/.test(e.message));
const failure = (events: any[]) => events.find((e) => e.type === 'turn.failed')?.error.message as string;

describe('connection failures', () => {
  it('a refused connection prints one line per retry (request_max_retries = 2), then an error naming the URL and the key', async () => {
    const port = await closedPort();
    const sb = makeSandbox(`http://127.0.0.1:${port}/v1`);
    const run = await execJson(sb, 'hi');
    expect(run.code).toBe(1);
    expect(retryLines(run.events).map((e) => e.message.slice(0, 17))).toEqual(['Reconnecting... 1', 'Reconnecting... 2']);
    const message = failure(run.events);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain(`url: http://127.0.0.1:${port}/v1/responses`);
    expect(message).toContain('model_providers.mock.base_url');
  });

  it.each([
    ['a port fetch refuses', 'http://127.0.0.1:6000/v1', 'bad port'],
    ['a scheme that is not http(s)', 'ftp://127.0.0.1:2121/v1', 'http:// or https://'],
    ['a base_url that is no URL', 'not a url', 'is not a valid URL'],
  ])('%s is not retried and the message names model_providers.mock.base_url', async (_what, baseUrl, why) => {
    const sb = makeSandbox(baseUrl);
    const run = await execJson(sb, 'hi');
    expect(run.code).toBe(1);
    expect(retryLines(run.events)).toEqual([]);
    const message = failure(run.events);
    expect(message).toContain(why);
    expect(message).toContain('model_providers.mock.base_url');
  });
});

describe('HTTP errors', () => {
  it('show the status, the server message and the URL, as Codex 0.169 does', async () => {
    t.server.enqueue(F.status(401, 'Invalid API key provided'));
    const run = await execJson(t.sb, 'hi');
    expect(run.code).toBe(1);
    const expected = `unexpected status 401 Unauthorized: Invalid API key provided, url: ${t.server.baseUrl}/responses`;
    expect(failure(run.events)).toBe(expected);
    if (reference) {
      t.server.reset();
      for (let i = 0; i < 10; i++) t.server.enqueue(F.status(401, 'Invalid API key provided'));
      const ref = await runReferenceCodex(reference, ['exec', '--json', '--skip-git-repo-check', 'hi'], { cwd: t.sb.workspace, env: t.sb.env });
      expect(failure(ref.events)).toBe(expected);
    }
  });
});
