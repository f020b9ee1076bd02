import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineMethods, describeIssues } from './methodTable.js';

const table = defineMethods(
  { 'echo/say': { params: z.object({ text: z.string() }), result: z.object({ said: z.string() }) } },
  { 'echo/heard': z.object({ count: z.number() }) },
);

describe('defineMethods', () => {
  it('knows its methods, and only its own (no prototype keys)', () => {
    expect(table.isRequest('echo/say')).toBe(true);
    expect(table.isRequest('toString')).toBe(false);
    expect(table.isNotification('echo/heard')).toBe(true);
    expect(table.isNotification('echo/say')).toBe(false);
  });

  it('checks params (absent = {}), results and notifications, returning the issues', () => {
    expect(table.parseParams('echo/say', { text: 'hi' })).toEqual({ ok: true, value: { text: 'hi' } });
    const missing = table.parseParams('echo/say', undefined);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues[0]?.path).toEqual(['text']);
    expect(table.parseResult('echo/say', { said: 1 }).ok).toBe(false);
    expect(table.parseNotification('echo/heard', { count: 2 })).toEqual({ ok: true, value: { count: 2 } });
    expect(table.parseNotification('echo/heard', null).ok).toBe(false);
  });
});

describe('describeIssues', () => {
  const issues = [
    { path: ['a', 0, 'b'], message: 'expected string' },
    { path: [], message: 'expected object' },
  ];
  it('words issues the app-server way by default', () => {
    expect(describeIssues(issues, { wholeValue: '(params)' })).toBe('a.0.b: expected string; (params): expected object');
  });
  it('words issues the exec-server way with quoted fields', () => {
    expect(describeIssues(issues, { quoteFields: true })).toBe('"a.0.b" expected string; expected object');
  });
});
