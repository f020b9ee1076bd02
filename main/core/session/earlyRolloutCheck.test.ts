import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { rolloutCheckHelperBeside } from './earlyRolloutCheck.js';

describe('rolloutCheckHelperBeside', () => {
  it("finds a packaged app's helper in its resources, and a checkout's in its build output", () => {
    expect(rolloutCheckHelperBeside(pathToFileURL('/opt/Codex Desktop/resources/app.asar.unpacked/dist/cli.js'))).toBe(
      '/opt/Codex Desktop/resources/codex-rollout-check',
    );
    expect(rolloutCheckHelperBeside(pathToFileURL('/home/me/codex-desktop/dist/cli.js'))).toBe(
      '/home/me/codex-desktop/native-helpers/rollout-check/build/codex-rollout-check',
    );
  });

  it('never looks above the package, whatever folder the bundle sits in', () => {
    // A bundle in an unrelated folder named like the resources' neighbour still resolves inside its own package.
    expect(rolloutCheckHelperBeside(pathToFileURL('/srv/app.asar.unpacked.old/dist/cli.js'))).toBe(
      '/srv/app.asar.unpacked.old/native-helpers/rollout-check/build/codex-rollout-check',
    );
  });
});
