// `codex login` (browser sign-in with ChatGPT, `--device-auth`, `--with-api-key`),
// `codex login status` and `codex logout`, with Codex 0.169's flags and texts.
import { resolveCodexHome, loadConfig } from '../core/config/load.js';
import { API_KEY_SAVED_MESSAGE, READING_API_KEY_MESSAGE, authStatus, loginWithApiKey, logoutMessage } from '../core/config/auth.js';
import { checkApiKey, describeApiKeyCheck, providerForStoredKey } from '../core/auth/apiKeyCheck.js';
import { startBrowserLogin } from '../core/auth/browserLogin.js';
import { completeDeviceCodeLogin, deviceCodePrompt, requestDeviceCode } from '../core/auth/deviceLogin.js';
import { logoutWithRevoke } from '../core/auth/logout.js';
import { API_KEY_LOGIN_DISABLED, CHATGPT_LOGIN_DISABLED, loginRestrictions, type LoginRestrictions } from '../core/auth/loginRestrictions.js';
import { callbackPort, oauthSettings } from '../core/auth/oauthConfig.js';
import { decodeStdin } from './exec/prompt.js';
import { openBrowser } from './openBrowser.js';
import { parseArgs, flag, formatHelp, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { VERSION } from '../core/version.js';
import { CONFIG_FLAG_SPECS } from './configFlags.js';

const LOGIN_SUCCESS = 'Successfully logged in';
/** The originator Codex's CLI sends to the issuer. */
const CLI_ORIGINATOR = 'codex_cli_rs';

// Accepted everywhere under `login`/`logout`, as in Codex.
const CONFIG_FLAGS: OptionSpec[] = CONFIG_FLAG_SPECS.filter((spec) => ['config', 'enable', 'disable'].includes(spec.long));

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return decodeStdin(Buffer.concat(chunks));
}

function list(p: ParsedArgs, name: string): string[] {
  const v = p.options[name];
  return Array.isArray(v) ? v : [];
}

function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === 'string' ? v : undefined;
}

function loadLoginConfig(p: ParsedArgs) {
  const features = [...list(p, 'enable').map((f) => `features.${f}=true`), ...list(p, 'disable').map((f) => `features.${f}=false`)];
  return loadConfig({ overrides: { cliOverrides: [...features, ...list(p, 'config')] } });
}

const wantsHelp = (argv: string[]): boolean => argv.some((a) => a === '-h' || a === '--help');

/** `codex login`'s options (the completion script offers the visible ones). */
export const LOGIN_SPECS: OptionSpec[] = [
  ...CONFIG_FLAGS,
  { long: 'with-api-key', help: 'Read the API key from stdin (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`)' },
  { long: 'with-access-token', hidden: true },
  { long: 'device-auth', help: 'Sign in with ChatGPT using a device code (for remote or headless machines)' },
  // Ours: save the key without asking the provider first.
  { long: 'no-verify', help: 'With --with-api-key: save the key without checking it with the provider first' },
  { long: 'api-key', value: true, hidden: true },
  // Codex's hidden overrides for a non-production issuer.
  { long: 'experimental_issuer', value: true, hidden: true },
  { long: 'experimental_client-id', value: true, hidden: true },
];

const HELP = {
  login: () => formatHelp('codex login [OPTIONS] [COMMAND]\n\nCommands:\n  status  Show login status', LOGIN_SPECS, 'Manage login'),
  status: () => formatHelp('codex login status [OPTIONS]', CONFIG_FLAGS, 'Show login status'),
  logout: () => formatHelp('codex logout [OPTIONS]', CONFIG_FLAGS, 'Remove stored authentication credentials'),
};

export async function runLogin(cmd: 'login' | 'logout', argv: string[]): Promise<number> {
  const which = cmd === 'logout' ? 'logout' : argv[0] === 'status' ? 'status' : 'login';
  if (wantsHelp(argv) || (which === 'login' && argv[0] === 'help')) {
    process.stdout.write((which === 'login' && argv[0] === 'help' && argv[1] === 'status' ? HELP.status : HELP[which])());
    return 0;
  }
  const home = resolveCodexHome(process.env);
  if (cmd === 'logout') {
    parseArgs(argv, CONFIG_FLAGS);
    try {
      process.stderr.write(logoutMessage(await logoutWithRevoke(home, process.env)) + '\n');
    } catch (err) {
      process.stderr.write(`Error logging out: ${(err as Error).message}\n`);
      return 1;
    }
    return 0;
  }
  if (argv[0] === 'status') {
    parseArgs(argv.slice(1), CONFIG_FLAGS);
    const s = authStatus(home, process.env);
    process.stderr.write(s.message + '\n');
    return s.exitCode;
  }
  const p = parseArgs(argv, LOGIN_SPECS);
  if (typeof p.options['api-key'] === 'string') {
    throw new UsageError('--api-key is not supported; pipe the key instead: printenv OPENAI_API_KEY | codex login --with-api-key');
  }
  if (flag(p, 'with-access-token')) {
    process.stderr.write('Access token login is not supported by Codex Desktop yet. Use `codex login` or `codex login --with-api-key`.\n');
    return 1;
  }
  let config;
  let restrictions: LoginRestrictions;
  try {
    config = loadLoginConfig(p);
    restrictions = loginRestrictions(config.raw);
  } catch (err) {
    process.stderr.write(`Error loading configuration: ${(err as Error).message}\n`);
    return 1;
  }
  if (flag(p, 'with-api-key')) {
    if (restrictions.forcedLoginMethod === 'chatgpt') {
      process.stderr.write(API_KEY_LOGIN_DISABLED + '\n');
      return 1;
    }
    return apiKeyLogin(home, p, config);
  }
  if (restrictions.forcedLoginMethod === 'api') {
    process.stderr.write(CHATGPT_LOGIN_DISABLED + '\n');
    return 1;
  }
  const forcedWorkspaceIds = restrictions.forcedWorkspaceIds;

  let settings;
  try {
    settings = oauthSettings(process.env, { issuer: str(p, 'experimental_issuer'), clientId: str(p, 'experimental_client-id') });
  } catch (err) {
    process.stderr.write(`Error logging in: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    if (flag(p, 'device-auth')) {
      const code = await requestDeviceCode(settings);
      process.stdout.write(deviceCodePrompt(code, VERSION, true));
      await completeDeviceCodeLogin(home, settings, code, { forcedWorkspaceIds });
    } else {
      const ports = callbackPort(process.env);
      const login = await startBrowserLogin({
        codexHome: home,
        settings,
        port: ports.port,
        fallbackPort: ports.fallback,
        originator: CLI_ORIGINATOR,
        forcedWorkspaceIds,
      });
      openBrowser(login.authUrl, process.env, () => {});
      process.stderr.write(
        `Starting local login server on http://localhost:${login.port}.\nIf your browser did not open, navigate to this URL to authenticate:\n\n${login.authUrl}\n\nOn a remote or headless machine? Use \`codex login --device-auth\` instead.\n`,
      );
      await login.done;
    }
  } catch (err) {
    process.stderr.write(`Error logging in: ${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(LOGIN_SUCCESS + '\n');
  return 0;
}

async function apiKeyLogin(home: string, p: ParsedArgs, config: ReturnType<typeof loadConfig>): Promise<number> {
  if (process.stdin.isTTY) {
    process.stderr.write('--with-api-key expects the API key on stdin. Try piping it, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`.\n');
    return 1;
  }
  process.stderr.write(READING_API_KEY_MESSAGE + '\n');
  const key = (await readStdin()).trim();
  if (key === '') {
    process.stderr.write('No API key provided via stdin.\n');
    return 1;
  }
  if (!flag(p, 'no-verify')) {
    const provider = providerForStoredKey(config.modelProvider, config.modelProviders.openai);
    const check = await checkApiKey(provider, key);
    if (check.outcome === 'rejected' || check.outcome === 'unreachable') {
      process.stderr.write(
        `${describeApiKeyCheck(check, provider.name)}\nThe key was not saved.${check.outcome === 'unreachable' ? ' To save it without checking, run again with --no-verify.' : ''}\n`,
      );
      return 1;
    }
    if (check.outcome === 'unknown') process.stderr.write(`${describeApiKeyCheck(check, provider.name)}\n`);
  }
  try {
    loginWithApiKey(home, key);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(API_KEY_SAVED_MESSAGE + '\n');
  return 0;
}
