// `codex login --with-api-key` (key on stdin), `codex login status`, `codex logout`,
// with Codex's messages. Only API-key login exists here: ChatGPT sign-in needs
// OpenAI's OAuth service.
import { resolveCodexHome } from '../core/config/load.js';
import { API_KEY_SAVED_MESSAGE, READING_API_KEY_MESSAGE, authStatus, loginWithApiKey, logout, logoutMessage } from '../core/config/auth.js';
import { decodeStdin } from './exec/prompt.js';
import { parseArgs, flag, UsageError, type OptionSpec } from './args.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return decodeStdin(Buffer.concat(chunks));
}

export const LOGIN_SPECS: OptionSpec[] = [
  { long: 'with-api-key', help: 'Read the API key from stdin (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`)' },
  { long: 'api-key', value: true, hidden: true },
];

export async function runLogin(cmd: 'login' | 'logout', argv: string[]): Promise<number> {
  const home = resolveCodexHome(process.env);
  if (cmd === 'logout') {
    parseArgs(argv, [], { usage: 'codex logout [OPTIONS]', about: 'Remove stored authentication credentials' });
    process.stderr.write(logoutMessage(logout(home)) + '\n');
    return 0;
  }
  if (argv[0] === 'status') {
    parseArgs(argv.slice(1), [], { usage: 'codex login status [OPTIONS]', about: 'Show login status' });
    const s = authStatus(home, process.env);
    process.stderr.write(s.message + '\n');
    return s.exitCode;
  }
  const p = parseArgs(argv, LOGIN_SPECS, {
    usage: 'codex login [OPTIONS] [COMMAND]\n\nCommands:\n  status  Show login status',
    about: 'Manage login',
  });
  if (typeof p.options['api-key'] === 'string') {
    throw new UsageError("--api-key is not supported; pipe the key instead: printenv OPENAI_API_KEY | codex login --with-api-key");
  }
  if (!flag(p, 'with-api-key')) {
    process.stderr.write('Browser sign-in with ChatGPT is not available in Codex Desktop yet.\nUse an API key: printenv OPENAI_API_KEY | codex login --with-api-key\n');
    return 1;
  }
  if (process.stdin.isTTY) {
    process.stderr.write('--with-api-key expects the API key on stdin. Try piping it, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`.\n');
    return 1;
  }
  process.stderr.write(READING_API_KEY_MESSAGE + '\n');
  try {
    loginWithApiKey(home, await readStdin());
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(API_KEY_SAVED_MESSAGE + '\n');
  return 0;
}
