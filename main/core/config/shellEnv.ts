// The environment handed to model-run commands, per [shell_environment_policy].
// Steps run in Codex's order: inherit, default excludes, `exclude`, `set`,
// `include_only` (so include_only can drop even variables from `set`).
import type { ShellEnvironmentPolicy } from './types.js';

/** What `inherit = "core"` keeps: enough for a shell to find programs and home. */
export const CORE_ENV_VARS: readonly string[] = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'USER', 'USERNAME', 'TMPDIR', 'TEMP', 'TMP'];

/** Names containing these (any case) look like credentials and are dropped unless ignore_default_excludes. */
export const DEFAULT_EXCLUDE_PATTERNS: readonly string[] = ['*KEY*', '*SECRET*', '*TOKEN*'];

export const DEFAULT_SHELL_ENVIRONMENT_POLICY: ShellEnvironmentPolicy = {
  inherit: 'all',
  ignoreDefaultExcludes: false,
  exclude: [],
  set: {},
  includeOnly: [],
};

/** Case-insensitive glob with `*` (any run) and `?` (one character), matching the whole name. */
export function envPatternMatcher(pattern: string): (name: string) => boolean {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 'is');
  return (name) => re.test(name);
}

function matchesAny(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(envPatternMatcher);
  return (name) => matchers.some((m) => m(name));
}

export function createShellEnv(policy: ShellEnvironmentPolicy, base: NodeJS.ProcessEnv): Record<string, string> {
  let env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (policy.inherit === 'all' || (policy.inherit === 'core' && CORE_ENV_VARS.includes(name))) env[name] = value;
  }
  const drop = (isMatch: (name: string) => boolean): void => {
    env = Object.fromEntries(Object.entries(env).filter(([name]) => !isMatch(name)));
  };
  if (!policy.ignoreDefaultExcludes) drop(matchesAny(DEFAULT_EXCLUDE_PATTERNS));
  if (policy.exclude.length > 0) drop(matchesAny(policy.exclude));
  Object.assign(env, policy.set);
  if (policy.includeOnly.length > 0) {
    const keep = matchesAny(policy.includeOnly);
    drop((name) => !keep(name));
  }
  return env;
}
