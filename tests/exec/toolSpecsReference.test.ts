// The tools array is a protocol fact: models are trained on Codex's exact tool
// descriptions, so ours must serialise byte for byte like the pinned reference's.
// Captured live rather than from a stored file: the reference `codex exec` (its
// default sandbox and approval policy, model gpt-5.5) and ours each make one
// request to a scripted model server, which records the bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL } from '../../main/core/tools/execToolSpecs.js';
import { makeSandbox, runCodex } from '../support/cli.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';
import { responses as R, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';

const REFERENCE = codexReferenceBin();

interface NamedTool {
  name?: string;
  type: string;
}

/** The tools array of the first model request each CLI makes for one prompt. */
async function capturedTools(
  server: ScriptedServer,
  run: (cwd: string, env: NodeJS.ProcessEnv) => Promise<{ code: number | null; stderr: string }>,
): Promise<NamedTool[]> {
  const before = server.requests.length;
  server.enqueue(R.message('ok'));
  const sb = makeSandbox(server.baseUrl);
  const result = await run(sb.workspace, sb.env);
  expect(result.code, result.stderr).toBe(0);
  const request = server.requests[before];
  expect(request?.wire, 'one Responses request').toBe('responses');
  // The body is parsed JSON (any): check the shape before trusting it.
  const tools: NamedTool[] = request!.body.tools;
  expect(Array.isArray(tools), 'request has a tools array').toBe(true);
  return tools;
}

// The prompt and flags both CLIs understand; no -s: each runs with its default sandbox.
const EXEC_ARGS = ['exec', '--json', '--skip-git-repo-check', 'say ok'];

describe.skipIf(!REFERENCE)(`tool specs against Codex 0.169's request (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  let server: ScriptedServer;
  let theirs: NamedTool[];
  let ours: NamedTool[];

  beforeAll(async () => {
    server = await startScriptedServer();
    theirs = await capturedTools(server, (cwd, env) => runReferenceCodex(REFERENCE!, EXEC_ARGS, { cwd, env }));
    ours = await capturedTools(server, (cwd, env) => runCodex(EXEC_ARGS, { cwd, env }));
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('exec_command and write_stdin serialise byte for byte like Codex’s', () => {
    for (const spec of [EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL]) {
      const captured = theirs.find((t) => t.name === spec.name);
      expect(captured, `Codex offers ${spec.name}`).toBeDefined();
      // Key order included: JSON.parse keeps it, so stringify compares the wire text.
      expect(JSON.stringify(spec)).toBe(JSON.stringify(captured));
    }
  });

  it('every tool our CLI offers that Codex also offers is offered identically', () => {
    // Hosted tools (web_search) have no name: their type names them.
    const key = (t: NamedTool) => t.name ?? t.type;
    const shared = ours.filter((t) => theirs.some((c) => key(c) === key(t)));
    // exec_command, write_stdin, apply_patch, view_image today: the comparison must cover at least the exec pair.
    expect(shared.map(key)).toEqual(expect.arrayContaining(['exec_command', 'write_stdin', 'web_search']));
    for (const tool of shared) {
      expect(JSON.stringify(tool), key(tool)).toBe(JSON.stringify(theirs.find((c) => key(c) === key(tool))));
    }
  });
});
