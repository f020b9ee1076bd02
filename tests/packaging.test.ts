// The packaged app: the real electron-builder --dir (scripts/package-dir.mjs, as
// `npm run package:dir` runs it) with a stub Electron, then the bundled `codex`
// launcher run end to end through a symlink, as /usr/bin/codex would run it.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStubElectronDist, readFuses } from './support/stubElectron.js';
import { isExecutable } from '../main/core/sandbox/linux.js';
import { readUpdateConfig } from '../main/desktop/update/updateConfig.js';
import { rolloutCheckHelperBeside } from '../main/core/session/earlyRolloutCheck.js';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const builderYml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
const yamlValue = (re: RegExp) => builderYml.match(re)?.[1]?.trim() ?? '';
const PRODUCT_NAME = yamlValue(/^productName: (.+)$/m);
const EXECUTABLE = yamlValue(/^ {2}executableName: (.+)$/m);

// The stub Electron is a Linux-layout shell script; macOS (.app) and Windows (.exe)
// layouts need their real Electron. The sandbox check needs Linux's helper too.
const onLinux = process.platform === 'linux';

/** File names in an asar archive (header: 16-byte pickle prefix, then JSON). */
function listAsar(file: string): string[] {
  const buf = readFileSync(file);
  const jsonLength = buf.readUInt32LE(12);
  const header = JSON.parse(buf.subarray(16, 16 + jsonLength).toString('utf8')) as AsarDir;
  const out: string[] = [];
  const walk = (dir: AsarDir, prefix: string) => {
    for (const [name, entry] of Object.entries(dir.files)) {
      const p = prefix ? `${prefix}/${name}` : name;
      if ('files' in entry) walk(entry, p);
      else out.push(p);
    }
  };
  walk(header, '');
  return out;
}
type AsarDir = { files: Record<string, AsarDir | { size: number; unpacked?: boolean }> };

describe.skipIf(!onLinux)('packaged app (electron-builder --dir, stub Electron)', () => {
  let tmp: string;
  let appDir: string;
  let resources: string;
  let pathDir: string;

  beforeAll(() => {
    // dist/cli.js comes from `npm run build` (npm test and npm ci run it); rebuilding it
    // here would pull it from under other test files running in parallel.
    expect(isExecutable(join(ROOT, 'native-helpers', 'linux-sandbox', 'build', 'codex-linux-sandbox')), 'run npm run build first').toBe(true);
    readFileSync(join(ROOT, 'dist', 'cli.js'));
    // The rest of what `npm run package:dir` builds: only this test and the e2e read these.
    for (const script of ['build:renderer', 'build:electron']) execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'pipe' });

    tmp = mkdtempSync(join(tmpdir(), 'codex-packaging-'));
    const stub = makeStubElectronDist(join(tmp, 'electron-dist'), '45.4.1');
    const started = Date.now();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'package-dir.mjs'), `-c.electronDist=${stub}`, `-c.directories.output=${join(tmp, 'release')}`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    // Reported, not asserted: speed belongs in `npm run bench`, not in a test a busy machine can fail.
    console.log(`electron-builder --dir took ${Date.now() - started} ms`);
    if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    appDir = join(tmp, 'release', 'linux-unpacked');
    resources = join(appDir, 'resources');
    // Users get `codex` through a symlink on PATH (/usr/bin/codex from the deb).
    pathDir = join(tmp, 'path-bin');
    mkdirSync(pathDir);
    symlinkSync(join(resources, 'bin', 'codex'), join(pathDir, 'codex'));
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** `codex …` found on PATH through the symlink, from a scratch cwd and CODEX_HOME. */
  function codex(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
    const home = mkdtempSync(join(tmp, 'home-'));
    return spawnSync('codex', args, {
      cwd: home,
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: `${pathDir}:${process.env.PATH}`, HOME: home, CODEX_HOME: home, ...env },
    });
  }

  it('lays out the bundle: app.asar, the CLI unpacked, the helper and launcher in resources', () => {
    expect(isExecutable(join(appDir, EXECUTABLE))).toBe(true);
    for (const p of ['app.asar', 'app.asar.unpacked/bin/codex.js', 'app.asar.unpacked/dist/cli.js', 'app.asar.unpacked/package.json'])
      expect(existsSync(join(resources, p)), p).toBe(true);
    // The CLI bundle's only runtime package (scripts/build.mjs keeps it external) must be readable without asar support.
    expect(JSON.parse(readFileSync(join(resources, 'app.asar.unpacked/node_modules/@lydell/node-pty/package.json'), 'utf8')).name).toBe('@lydell/node-pty');
    const unpackedPkg = JSON.parse(readFileSync(join(resources, 'app.asar.unpacked/package.json'), 'utf8'));
    expect(unpackedPkg).toMatchObject({ type: 'module', main: 'dist/electron/main.mjs', version: pkg.version });

    expect(isExecutable(join(resources, 'codex-linux-sandbox'))).toBe(true);
    expect(
      readFileSync(join(resources, 'codex-linux-sandbox')).equals(readFileSync(join(ROOT, 'native-helpers/linux-sandbox/build/codex-linux-sandbox'))),
    ).toBe(true);
    // Where the CLI bundle looks for thread/list's index check (rolloutCheckHelperBeside).
    expect(rolloutCheckHelperBeside(pathToFileURL(join(resources, 'app.asar.unpacked/dist/cli.js')))).toBe(join(resources, 'codex-rollout-check'));
    expect(
      readFileSync(join(resources, 'codex-rollout-check')).equals(readFileSync(join(ROOT, 'native-helpers/rollout-check/build/codex-rollout-check'))),
    ).toBe(true);
    expect(isExecutable(join(resources, 'codex-rollout-check'))).toBe(true);
    expect(isExecutable(join(resources, 'bin', 'codex'))).toBe(true);
    expect(readFileSync(join(resources, 'bin', 'codex'), 'utf8')).toBe(readFileSync(join(ROOT, 'packaging/bin/codex'), 'utf8'));

    const files = listAsar(join(resources, 'app.asar'));
    for (const f of ['package.json', 'dist/electron/main.mjs', 'dist/electron/preload.cjs', 'renderer/dist/index.html', 'dist/cli.js', 'bin/codex.js'])
      expect(files, f).toContain(f);
    expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.map'))).toEqual([]);
  });

  it("writes app-update.yml from electron-builder.yml's publish, which the updater reads", () => {
    expect(readUpdateConfig(join(resources, 'app-update.yml'))).toEqual({ feedUrl: 'https://updates.codex-desktop.invalid/desktop', channel: 'latest' });
  });

  it('flips the fuses electron-builder.yml asks for; runAsNode stays on for the launcher', () => {
    expect(readFuses(join(appDir, EXECUTABLE))).toEqual({
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('runs `codex --version` through a symlinked launcher', () => {
    const r = codex(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`codex-cli ${pkg.version}`);
    expect(r.status).toBe(0);
  });

  it('runs `codex sandbox` under the bundled helper, which enforces the policy', () => {
    const script = 'echo "hi $CODEX_SANDBOX ${ELECTRON_RUN_AS_NODE-unset} $CODEX_LINUX_SANDBOX_EXE"; { echo x > written; } 2>/dev/null || echo write-denied';
    const r = codex(['sandbox', '--', 'sh', '-c', script]);
    expect(r.stderr).toBe('');
    // read-only (no config.toml): the cwd is not writable; Electron's run-as-Node flag does not leak to commands.
    expect(r.stdout.trim().split('\n')).toEqual([`hi linux-landlock unset ${join(resources, 'codex-linux-sandbox')}`, 'write-denied']);
    expect(r.status).toBe(0);
  });

  it('refuses to run a command when the bundled helper is missing, rather than run it unsandboxed', () => {
    const helper = join(resources, 'codex-linux-sandbox');
    renameSync(helper, `${helper}.away`);
    try {
      const r = codex(['sandbox', '--', 'sh', '-c', 'echo ran']);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`CODEX_LINUX_SANDBOX_EXE=${helper} is not an executable file`);
      expect(r.status).not.toBe(0);
    } finally {
      renameSync(`${helper}.away`, helper);
    }
  });

  it('loads node-pty from the unpacked node_modules, as the CLI resolves it', () => {
    const probe = `const { createRequire } = require('node:module');
const req = createRequire(process.argv[1]);
const pty = req('@lydell/node-pty');
let out = '';
const p = pty.spawn('/bin/sh', ['-c', 'echo pty-ok'], {});
p.onData((d) => (out += d));
p.onExit(() => console.log(req.resolve('@lydell/node-pty') + ' ' + out.trim()));`;
    const r = spawnSync(join(appDir, EXECUTABLE), ['-e', probe, join(resources, 'app.asar.unpacked', 'dist', 'cli.js')], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`${join(resources, 'app.asar.unpacked/node_modules/@lydell/node-pty/index.js')} pty-ok`);
  });

  it('the launcher follows relative symlink chains and finds the macOS executable in a .app layout', () => {
    // Contents/MacOS/<productName> + Contents/Resources, built from the Linux output.
    const contents = join(tmp, 'mac', `${PRODUCT_NAME}.app`, 'Contents');
    mkdirSync(join(contents, 'MacOS'), { recursive: true });
    mkdirSync(join(contents, 'Resources', 'bin'), { recursive: true });
    copyFileSync(join(appDir, EXECUTABLE), join(contents, 'MacOS', PRODUCT_NAME));
    execFileSync('chmod', ['+x', join(contents, 'MacOS', PRODUCT_NAME)]);
    copyFileSync(join(resources, 'bin', 'codex'), join(contents, 'Resources', 'bin', 'codex'));
    execFileSync('chmod', ['+x', join(contents, 'Resources', 'bin', 'codex')]);
    symlinkSync(join(resources, 'app.asar.unpacked'), join(contents, 'Resources', 'app.asar.unpacked'));
    // /usr/local/bin/codex -> ../lib/codex-link -> the launcher (relative, then absolute).
    const local = join(tmp, 'mac', 'usr', 'local');
    mkdirSync(join(local, 'bin'), { recursive: true });
    mkdirSync(join(local, 'lib'));
    symlinkSync(join(contents, 'Resources', 'bin', 'codex'), join(local, 'lib', 'codex-link'));
    symlinkSync('../lib/codex-link', join(local, 'bin', 'codex'));
    const r = spawnSync(join(local, 'bin', 'codex'), ['--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`codex-cli ${pkg.version}`);
  });

  it('the Windows launcher names the same executable and paths', () => {
    const cmd = readFileSync(join(ROOT, 'packaging/bin/codex.cmd'), 'utf8');
    expect(cmd).toContain(`"%~dp0..\\..\\${PRODUCT_NAME}.exe" "%~dp0..\\app.asar.unpacked\\bin\\codex.js" %*`);
    expect(cmd).toContain('CODEX_WINDOWS_SANDBOX_EXE=%~dp0..\\codex-windows-sandbox.exe');
    expect(cmd.split('\n').every((line) => line === '' || line.endsWith('\r'))).toBe(true); // cmd.exe wants CRLF
  });
});

describe('deb maintainer scripts: /usr/bin/codex', () => {
  const TEMPLATES = join(ROOT, 'node_modules', 'app-builder-lib', 'templates', 'linux');
  const vars = { executable: EXECUTABLE, sanitizedProductName: PRODUCT_NAME, productFilename: PRODUCT_NAME };
  /** What electron-builder's FpmTarget does to afterInstall/afterRemove (unknown macros fail the build). */
  const render = (text: string) =>
    text.replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
      if (!(name in vars)) throw new Error(`Macro ${name} is not defined`);
      return vars[name as keyof typeof vars];
    });
  const block = (text: string) => {
    const m = text.match(/# >>> codex-on-path.*\n([\s\S]*?)# <<< codex-on-path/);
    if (!m) throw new Error('no codex-on-path block');
    return m[1]!;
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'codex-deb-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [ours, theirs] of [
    ['after-install.sh', 'after-install.tpl'],
    ['after-remove.sh', 'after-remove.tpl'],
  ] as const) {
    it(`${ours} keeps electron-builder's default ${theirs} and renders`, () => {
      const text = readFileSync(join(ROOT, 'packaging', 'linux', ours), 'utf8');
      // A custom script replaces the default one: when electron-builder changes it, copy it again.
      expect(text.startsWith(readFileSync(join(TEMPLATES, theirs), 'utf8'))).toBe(true);
      const rendered = render(text);
      expect(rendered).toContain(`codex_launcher='/opt/${PRODUCT_NAME}/resources/bin/codex'`);
      writeFileSync(join(dir, ours), rendered);
      execFileSync('bash', ['-n', join(dir, ours)]);
    });
  }

  it('links /usr/bin/codex when free, leaves a foreign one alone, and removes only its own', () => {
    const install = block(readFileSync(join(ROOT, 'packaging/linux/after-install.sh'), 'utf8'));
    const remove = block(readFileSync(join(ROOT, 'packaging/linux/after-remove.sh'), 'utf8'));
    const launcher = join(dir, 'opt', PRODUCT_NAME, 'resources', 'bin', 'codex');
    const link = join(dir, 'usr-bin', 'codex');
    mkdirSync(join(dir, 'usr-bin'));
    const run = (body: string) => spawnSync('bash', ['-c', `codex_launcher='${launcher}'\ncodex_link='${link}'\n${body}`], { encoding: 'utf8' });
    const readlink = () => spawnSync('readlink', [link], { encoding: 'utf8' }).stdout.trim();

    expect(run(install).status).toBe(0);
    expect(readlink()).toBe(launcher);
    expect(run(install)).toMatchObject({ status: 0, stderr: '' }); // reinstall: unchanged
    expect(readlink()).toBe(launcher);
    expect(run(remove).status).toBe(0);
    expect(spawnSync('test', ['-L', link]).status).toBe(1);

    writeFileSync(join(dir, 'usr-bin', 'codex'), '#!/bin/sh\necho other codex\n');
    const r = run(install);
    expect(r.status).toBe(0); // a postinst that fails would leave the package half-configured
    expect(r.stderr).toContain('is not Codex Desktop');
    expect(readFileSync(link, 'utf8')).toContain('other codex');
    expect(run(remove).status).toBe(0);
    expect(readFileSync(link, 'utf8')).toContain('other codex');
  });
});

// Debian's makensis (.ci/run installs it): compiles the include the way electron-builder's
// installer and uninstaller insert it. PowerShell is not available here, so user-path.ps1
// itself only runs on Windows.
const makensis = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' });
describe.skipIf(makensis.status !== 0)('NSIS include: resources\\bin on the user PATH', () => {
  it('compiles with warnings as errors, in the installer and the uninstaller', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-nsis-'));
    try {
      const nsi = [
        'Unicode true',
        '!include LogicLib.nsh',
        `OutFile "${join(dir, 'codex-path-check.exe')}"`,
        `!include "${join(ROOT, 'packaging', 'windows', 'installer.nsh')}"`,
        'Section',
        '  !insertmacro customInstall',
        `  WriteUninstaller "$INSTDIR\\uninstall.exe"`,
        'SectionEnd',
        'Section "un.Uninstall"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
      ].join('\n');
      writeFileSync(join(dir, 'setup.nsi'), nsi);
      const r = spawnSync('makensis', ['-V2', '-WX', join(dir, 'setup.nsi')], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(existsSync(join(dir, 'codex-path-check.exe'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
