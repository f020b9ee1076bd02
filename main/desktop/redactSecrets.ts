// Secrets out of what "Report a problem" exports: config.toml (API keys, tokens,
// passwords, HTTP headers, the env values of MCP servers and of
// shell_environment_policy.set) and log text (sk-… keys, Bearer/Authorization
// values, JWTs, token fields in JSON). Names of environment variables
// (`env_key`, `*_env_var`, `env_http_headers`) stay: they are not secrets and
// they help to see what is configured.
import { parse, stringify } from 'smol-toml';

export const REDACTED = '[REDACTED]';

const SECRET_KEY = /(api[_-]?key|token|secret|password|passwd|authorization|credential|cookie|private[_-]?key|session[_-]?id)/i;
/** Keys that name an environment variable (or map headers to variables), never hold the secret itself. */
const NAMES_A_VARIABLE = /(^env_key$|_env_var$|^env_http_headers$)/;

/** Tables whose every value is redacted: values handed to processes or servers as they are. */
function wholeTableIsSecret(path: readonly string[]): boolean {
  const last = path.at(-1);
  if (last === 'http_headers') return true;
  if (path[0] === 'mcp_servers' && path.length === 3 && last === 'env') return true;
  if (path[0] === 'shell_environment_policy' && last === 'set') return true;
  return false;
}

/** Known secret shapes anywhere in free text. */
const TEXT_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\b(authorization|x-api-key|api-key|cookie)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1$2${REDACTED}`],
  [/\b(sk|rk|pk)-(?:proj-|live-|test-)?[A-Za-z0-9_-]{10,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/("(?:access_token|refresh_token|id_token|api_key|apiKey|OPENAI_API_KEY|client_secret|password|token)"\s*:\s*)"[^"]*"/g, `$1"${REDACTED}"`],
  [/\b([A-Z][A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD)[A-Z0-9_]*=)\S+/g, `$1${REDACTED}`],
];

export function redactText(text: string): string {
  return TEXT_PATTERNS.reduce((t, [re, to]) => t.replace(re, to), text);
}

function redactValue(value: unknown, path: string[], inSecretTable: boolean): unknown {
  const key = path.at(-1) ?? '';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, path, inSecretTable));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const secretTable = inSecretTable || wholeTableIsSecret(path);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, [...path, k], secretTable)]));
  }
  if (typeof value !== 'string') return value;
  if (NAMES_A_VARIABLE.test(key) || path.includes('env_http_headers')) return value;
  if (inSecretTable || SECRET_KEY.test(key)) return REDACTED;
  return redactText(value);
}

/**
 * config.toml with every secret replaced by "[REDACTED]". A file that is not valid
 * TOML is redacted as text, line by line (any `key = value` whose key looks secret).
 */
export function redactConfigToml(text: string): string {
  let table: Record<string, unknown>;
  try {
    table = parse(text) as Record<string, unknown>;
  } catch {
    return redactText(
      text.replace(/^(\s*["']?([A-Za-z0-9_.-]+)["']?\s*=\s*).+$/gm, (line, lead: string, key: string) =>
        SECRET_KEY.test(key) && !NAMES_A_VARIABLE.test(key) ? `${lead}"${REDACTED}"` : line,
      ),
    );
  }
  const header = '# Redacted copy for a problem report: secrets are replaced by "[REDACTED]"; comments and layout are not kept.\n';
  return header + stringify(redactValue(table, [], false) as Record<string, unknown>);
}
