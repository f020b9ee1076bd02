import { describe, expect, it } from 'vitest';
import { createShellEnv, DEFAULT_SHELL_ENVIRONMENT_POLICY, envPatternMatcher } from './shellEnv.js';
import type { ShellEnvironmentPolicy } from './types.js';

const base: NodeJS.ProcessEnv = {
  HOME: '/home/u',
  PATH: '/usr/bin',
  SHELL: '/bin/bash',
  USER: 'u',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  OPENAI_API_KEY: 'sk-secret',
  github_token: 'ghp',
  MY_SECRET_THING: 'x',
  KEYBOARD: 'us',
  AWS_REGION: 'eu',
  AWS_PROFILE: 'dev',
  UNSET: undefined,
};

function policy(p: Partial<ShellEnvironmentPolicy>): ShellEnvironmentPolicy {
  return { ...DEFAULT_SHELL_ENVIRONMENT_POLICY, ...p };
}

describe('createShellEnv', () => {
  it('default: everything except names containing KEY/SECRET/TOKEN (any case)', () => {
    expect(createShellEnv(DEFAULT_SHELL_ENVIRONMENT_POLICY, base)).toEqual({
      HOME: '/home/u',
      PATH: '/usr/bin',
      SHELL: '/bin/bash',
      USER: 'u',
      TMPDIR: '/tmp',
      LANG: 'C.UTF-8',
      AWS_REGION: 'eu',
      AWS_PROFILE: 'dev',
    });
  });

  it('ignore_default_excludes keeps credentials', () => {
    const env = createShellEnv(policy({ ignoreDefaultExcludes: true }), base);
    expect(env.OPENAI_API_KEY).toBe('sk-secret');
    expect(env.github_token).toBe('ghp');
    expect(env.KEYBOARD).toBe('us');
  });

  it('inherit core keeps only the core variables; none keeps nothing', () => {
    expect(createShellEnv(policy({ inherit: 'core' }), base)).toEqual({
      HOME: '/home/u',
      PATH: '/usr/bin',
      SHELL: '/bin/bash',
      USER: 'u',
      TMPDIR: '/tmp',
    });
    expect(createShellEnv(policy({ inherit: 'none' }), base)).toEqual({});
  });

  it('exclude patterns are case-insensitive globs', () => {
    const env = createShellEnv(policy({ exclude: ['aws_*', 'LAN?'] }), base);
    expect(env).not.toHaveProperty('AWS_REGION');
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).not.toHaveProperty('LANG');
    expect(env.PATH).toBe('/usr/bin');
  });

  it('set is applied after the excludes (so it can add a *KEY* variable)', () => {
    const env = createShellEnv(policy({ inherit: 'none', exclude: ['*'], set: { CI: '1', MY_KEY: 'v' } }), base);
    expect(env).toEqual({ CI: '1', MY_KEY: 'v' });
  });

  it('include_only runs last and can drop even set variables', () => {
    const env = createShellEnv(policy({ set: { CI: '1', PATH: '/custom' }, includeOnly: ['path', 'HOME'] }), base);
    expect(env).toEqual({ PATH: '/custom', HOME: '/home/u' });
  });

  it('does not modify the base environment', () => {
    const copy = { ...base };
    createShellEnv(policy({ set: { HOME: '/x' }, exclude: ['*'] }), base);
    expect(base).toEqual(copy);
  });
});

describe('envPatternMatcher', () => {
  it('matches whole names with * and ?, treating other characters literally', () => {
    expect(envPatternMatcher('A.B')('A.B')).toBe(true);
    expect(envPatternMatcher('A.B')('AxB')).toBe(false);
    expect(envPatternMatcher('*_ID')('SESSION_ID')).toBe(true);
    expect(envPatternMatcher('*_ID')('SESSION_ID_X')).toBe(false);
    expect(envPatternMatcher('X?')('x1')).toBe(true);
    expect(envPatternMatcher('[A]')('[a]')).toBe(true);
  });
});
