import { describe, expect, it } from 'vitest';
import { sessionSourceToWire } from './sessionSource.js';

describe('sessionSourceToWire', () => {
  it("reports Codex core's rollout values with the v2 protocol's names", () => {
    expect(['cli', 'vscode', 'exec', 'mcp', 'unknown'].map(sessionSourceToWire)).toEqual(['cli', 'vscode', 'exec', 'appServer', 'unknown']);
    expect(sessionSourceToWire({ custom: 'desktop' })).toEqual({ custom: 'desktop' });
  });

  it('keeps reading the names our older rollouts used', () => {
    expect(sessionSourceToWire('app-server')).toBe('vscode');
    expect(sessionSourceToWire('desktop')).toEqual({ custom: 'desktop' });
  });

  it('reports what it cannot render (subagents, missing, malformed) as unknown', () => {
    expect(sessionSourceToWire({ subagent: 'review' })).toBe('unknown');
    expect(sessionSourceToWire(undefined)).toBe('unknown');
    expect(sessionSourceToWire({ custom: 3 })).toBe('unknown');
    expect(sessionSourceToWire('appServer')).toBe('unknown');
  });
});
