// Another process holding a config file's lock, through the real lock module
// (main/core/config/fileLock.ts bundled by esbuild), for tests that check how
// writers wait for it, time out on it, or recover it when its holder dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { bundleScript } from './bundledScript.js';

const HOLDER_SOURCE = `
import { withFileLock } from './main/core/config/fileLock.ts';
const [file, holdMs] = process.argv.slice(2);
withFileLock(file, () => {
  process.stdout.write('locked\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
});
`;

let script: Promise<string> | undefined;

function holderScript(): Promise<string> {
  script ??= bundleScript(HOLDER_SOURCE, 'lock-holder');
  return script;
}

export interface LockHolder {
  proc: ChildProcess;
  /** Resolves with the exit code once the holder has released the lock and exited. */
  exited: Promise<number | null>;
}

/** Starts a process that takes `<file>.lock` and keeps it `holdMs`; resolves once it holds it. */
export async function holdLock(file: string, holdMs: number): Promise<LockHolder> {
  const proc = spawn(process.execPath, [await holderScript(), file, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => (line === 'locked' ? resolve() : reject(new Error(`lock holder said: ${line}`))));
    proc.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before taking the lock`)));
  });
  return { proc, exited };
}
