// Desktop Settings in a project (issue 16): the form edits the user's
// config.toml, and under each field names the value that applies in the open
// thread's folder when its trusted .codex/config.toml sets another one. Runs
// the renderer's model over a real `config/read` from the built app-server.
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { effectiveOverrides, settingsFromConfig } from '../../renderer/src/settingsModel.js';

let client: AppServerClient | undefined;
afterEach(() => client?.close());

/** A user config with effort high, and a project whose .codex/config.toml sets effort low and sandbox read-only. */
function projectSandbox(trusted: boolean): Sandbox {
  const sb = makeSandbox('http://127.0.0.1:9', { extraConfig: 'model_reasoning_effort = "high"\nsandbox_mode = "workspace-write"' });
  mkdirSync(join(sb.workspace, '.codex'));
  writeFileSync(join(sb.workspace, '.codex', 'config.toml'), 'model_reasoning_effort = "low"\nsandbox_mode = "read-only"\n');
  if (trusted) appendFileSync(join(sb.home, 'config.toml'), `\n[projects."${sb.workspace}"]\ntrust_level = "trusted"\n`);
  return sb;
}

async function configRead(sb: Sandbox, cwd: string) {
  client = AppServerClient.spawn(sb);
  await client.initialized;
  const res = await client.request('config/read', { includeLayers: true, cwd });
  expect(res.error).toBeUndefined();
  return res.result;
}

describe('Settings: effective values in a project', () => {
  it('a trusted project that sets effort and sandbox: those fields name the project value and its file; the user-level ones are untouched', async () => {
    const sb = projectSandbox(true);
    const read = await configRead(sb, sb.workspace);
    const projectFile = join(sb.workspace, '.codex', 'config.toml');
    expect(effectiveOverrides(read)).toEqual({
      effort: { value: 'low', origin: projectFile },
      sandboxMode: { value: 'read-only', origin: projectFile },
    });
    // Outside the project only the user's own values apply: nothing to name.
    client!.close();
    const userRead = await configRead(sb, sb.home);
    expect(settingsFromConfig(userRead)).toMatchObject({ effort: 'high', sandboxMode: 'workspace-write' });
    expect(effectiveOverrides(userRead)).toEqual({});
  });

  it('an untrusted project overrides nothing: its file is ignored', async () => {
    const sb = projectSandbox(false);
    expect(effectiveOverrides(await configRead(sb, sb.workspace))).toEqual({});
  });
});
