// POSIX shell quoting, for showing argv as one command line (Codex shows
// commands as e.g. `/bin/bash -lc 'echo hi'`).
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

export function shellQuoteJoin(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}
