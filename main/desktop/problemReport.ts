// "Report a problem": a folder the user can attach to a bug report, written where
// they chose: the user's config.toml and profile files and CODEX_HOME/log/*,
// all with secrets redacted (redactSecrets.ts), the app's recent log, and what
// the app runs on. auth.json, sessions and history are never copied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactConfigToml, redactText } from './redactSecrets.js';

/** Log files larger than this keep only their end (the part near the problem). */
const MAX_LOG_BYTES = 2 * 1024 * 1024;

export interface ProblemReportInput {
  codexHome: string;
  /** The folder the user picked; the report is a new folder inside it. */
  destDir: string;
  version: string;
  /** The app's own recent log lines. */
  appLog?: readonly string[];
  now?: Date;
}

export interface ProblemReport {
  dir: string;
  /** Paths written, relative to dir. */
  files: string[];
}

export function exportProblemReport(input: ProblemReportInput): ProblemReport {
  const now = input.now ?? new Date();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const dir = uniqueDir(path.join(input.destDir, `codex-problem-report-${stamp}`));
  const files: string[] = [];
  const write = (rel: string, text: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, text, { mode: 0o600 });
    files.push(rel);
  };

  for (const name of safeList(input.codexHome)) {
    if (name === 'config.toml' || name.endsWith('.config.toml')) write(name, redactConfigToml(readText(path.join(input.codexHome, name))));
  }
  const logDir = path.join(input.codexHome, 'log');
  for (const name of safeList(logDir)) {
    const file = path.join(logDir, name);
    if (fs.statSync(file).isFile()) write(path.join('log', name), redactText(tail(file)));
  }
  if (input.appLog?.length) write('app.log', redactText(input.appLog.join('\n') + '\n'));
  write(
    'about.json',
    JSON.stringify(
      {
        version: input.version,
        platform: process.platform,
        arch: process.arch,
        release: os.release(),
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        createdAt: now.toISOString(),
      },
      null,
      2,
    ) + '\n',
  );
  return { dir, files };
}

function uniqueDir(base: string): string {
  for (let i = 0; ; i++) {
    const dir = i === 0 ? base : `${base}-${i}`;
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function tail(file: string): string {
  const size = fs.statSync(file).size;
  if (size <= MAX_LOG_BYTES) return readText(file);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_LOG_BYTES);
    fs.readSync(fd, buf, 0, MAX_LOG_BYTES, size - MAX_LOG_BYTES);
    return `[… first ${size - MAX_LOG_BYTES} bytes left out]\n${buf.toString('utf8')}`;
  } finally {
    fs.closeSync(fd);
  }
}
