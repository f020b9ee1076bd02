import { describe, expect, it } from 'vitest';
import { parseExecCommandArgs, parseWriteStdinArgs, ToolArgsError } from './toolArgs.js';

describe('parseExecCommandArgs', () => {
  it('returns the known fields and ignores unknown ones', () => {
    expect(parseExecCommandArgs('{"cmd":"ls","tty":true,"yield_time_ms":500,"workdir":null,"extra":1}')).toEqual({ cmd: 'ls', tty: true, yield_time_ms: 500 });
    expect(parseExecCommandArgs('{"cmd":"x","sandbox_permissions":"require_escalated","justification":"j","prefix_rule":["git","pull"]}')).toEqual({
      cmd: 'x',
      sandbox_permissions: 'require_escalated',
      justification: 'j',
      prefix_rule: ['git', 'pull'],
    });
  });

  // Messages observed from Codex 0.169.
  it('reports a missing cmd like serde, with the position of the closing brace', () => {
    expect(() => parseExecCommandArgs('{"yield_time_ms":500}')).toThrow(new ToolArgsError('missing field `cmd` at line 1 column 21'));
    expect(() => parseExecCommandArgs('{"yield_time_ms":500}')).toThrow('failed to parse function arguments: missing field `cmd` at line 1 column 21');
  });

  it('reports a float where an integer is expected', () => {
    expect(() => parseExecCommandArgs('{"cmd":"echo hi","yield_time_ms":250.5}')).toThrow(
      'failed to parse function arguments: invalid type: floating point `250.5`, expected u64 at line 1 column 38',
    );
    expect(() => parseExecCommandArgs('{"cmd":"x","yield_time_ms":1e3}')).toThrow('invalid type: floating point `1000.0`, expected u64');
  });

  it('reports other type errors', () => {
    expect(() => parseExecCommandArgs('{"cmd":5}')).toThrow('invalid type: integer `5`, expected a string at line 1 column 8');
    expect(() => parseExecCommandArgs('{"cmd":"x","tty":"yes"}')).toThrow('invalid type: string "yes", expected a boolean at line 1 column 22');
    expect(() => parseExecCommandArgs('{"cmd":"x","max_output_tokens":-1}')).toThrow('invalid value: integer `-1`, expected usize');
    expect(() => parseExecCommandArgs('{"cmd":null}')).toThrow('invalid type: null, expected a string');
    expect(() => parseExecCommandArgs('{"cmd":"x","sandbox_permissions":"sudo"}')).toThrow('unknown variant `sudo`');
    expect(() => parseExecCommandArgs('{"cmd":"x","prefix_rule":["a",1]}')).toThrow('invalid type: integer `1`, expected a string');
    expect(() => parseExecCommandArgs('{"cmd":"x","cmd":"y"}')).toThrow('duplicate field `cmd`');
    expect(() => parseExecCommandArgs('[1]')).toThrow('expected a map');
    expect(() => parseExecCommandArgs('{"cmd":')).toThrow(/^failed to parse function arguments: /);
  });

  it('counts lines and columns across newlines', () => {
    expect(() => parseExecCommandArgs('{\n  "yield_time_ms": 5\n}')).toThrow('missing field `cmd` at line 3 column 1');
    expect(() => parseExecCommandArgs('{\n  "cmd": true\n}')).toThrow('invalid type: boolean `true`, expected a string at line 2 column 13');
  });
});

describe('parseWriteStdinArgs', () => {
  it('parses a poll and a write', () => {
    expect(parseWriteStdinArgs('{"session_id":17775,"chars":""}')).toEqual({ session_id: 17775, chars: '' });
    expect(parseWriteStdinArgs('{"session_id":1,"chars":"echo hi\\n","yield_time_ms":1000}')).toEqual({
      session_id: 1,
      chars: 'echo hi\n',
      yield_time_ms: 1000,
    });
  });

  it('matches Codex for a string session id', () => {
    expect(() => parseWriteStdinArgs('{"session_id":"abc","chars":""}')).toThrow(
      'failed to parse function arguments: invalid type: string "abc", expected i32 at line 1 column 19',
    );
  });

  it('requires session_id and bounds it to i32', () => {
    expect(() => parseWriteStdinArgs('{"chars":"x"}')).toThrow('missing field `session_id` at line 1 column 13');
    expect(() => parseWriteStdinArgs('{"session_id":3000000000}')).toThrow('invalid value: integer `3000000000`, expected i32');
  });
});
