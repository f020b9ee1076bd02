import { describe, expect, it } from 'vitest';
import { effectiveStartupTimeoutMs, effectiveToolTimeoutMs, parseMcpServers, toolAllowed } from './config.js';

describe('parseMcpServers', () => {
  it('parses stdio and HTTP servers with defaults', () => {
    const [a, h] = parseMcpServers({
      a: { command: 'npx', args: ['-y', 'x'], env: { K: 'V' }, env_vars: ['P'], cwd: '/tmp', startup_timeout_ms: 2500 },
      h: {
        url: 'https://x/mcp',
        bearer_token_env_var: 'T',
        http_headers: { A: '1' },
        env_http_headers: { B: 'BV' },
        enabled: false,
        required: true,
        tool_timeout_sec: 5,
      },
    });
    expect(a).toEqual({
      name: 'a',
      transport: { type: 'stdio', command: 'npx', args: ['-y', 'x'], env: { K: 'V' }, envVars: ['P'], cwd: '/tmp' },
      enabled: true,
      required: false,
      startupTimeoutSec: 2.5,
      toolTimeoutSec: null,
      enabledTools: null,
      disabledTools: null,
      defaultToolsApprovalMode: null,
      toolApprovalModes: {},
    });
    expect(effectiveStartupTimeoutMs(a!)).toBe(2500);
    expect(effectiveToolTimeoutMs(a!)).toBe(60_000);
    expect(h).toMatchObject({
      transport: { type: 'streamable_http', url: 'https://x/mcp', bearerTokenEnvVar: 'T', httpHeaders: { A: '1' }, envHttpHeaders: { B: 'BV' } },
      enabled: false,
      required: true,
      toolTimeoutSec: 5,
    });
    expect(effectiveStartupTimeoutMs(h!)).toBe(10_000);
  });

  it('names the offending key', () => {
    expect(() => parseMcpServers({ a: { command: 1 } })).toThrow('mcp_servers.a.command: expected a string');
    expect(() => parseMcpServers({ a: { command: 'x', args: 'y' } })).toThrow('mcp_servers.a.args: expected an array of strings');
    expect(() => parseMcpServers({ a: { command: 'x', env: { K: 1 } } })).toThrow('mcp_servers.a.env.K: expected a string');
    expect(() => parseMcpServers({ a: { command: 'x', startup_timeout_sec: -1 } })).toThrow(
      'mcp_servers.a.startup_timeout_sec: expected a non-negative number',
    );
    expect(() => parseMcpServers({ a: { command: 'x', enabled: 'yes' } })).toThrow('mcp_servers.a.enabled: expected a boolean');
    expect(() => parseMcpServers({ a: {} })).toThrow(/mcp_servers.a: missing `command`/);
    expect(() => parseMcpServers({ a: { command: 'x', url: 'http://h' } })).toThrow(/mcp_servers.a: set either/);
    expect(() => parseMcpServers({ a: { command: 'x', bearer_token_env_var: 'T' } })).toThrow(
      'mcp_servers.a.bearer_token_env_var: not allowed for a stdio server',
    );
    expect(() => parseMcpServers({ a: { url: 'http://h', cwd: '/' } })).toThrow('mcp_servers.a.cwd: not allowed for a streamable HTTP server');
    expect(() => parseMcpServers({ a: { url: 'not a url' } })).toThrow("mcp_servers.a.url: invalid URL 'not a url'");
    expect(() => parseMcpServers({ 'a b': { command: 'x' } })).toThrow(/mcp_servers.a b: invalid server name/);
    expect(() => parseMcpServers({ a: 'x' })).toThrow('mcp_servers.a: expected a table');
  });

  it('applies enabled_tools then disabled_tools', () => {
    const [s] = parseMcpServers({ a: { command: 'x', enabled_tools: ['t1', 't2'], disabled_tools: ['t2'] } });
    expect(['t1', 't2', 't3'].filter((t) => toolAllowed(s!, t))).toEqual(['t1']);
  });
});
