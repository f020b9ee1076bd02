import { describe, expect, it } from 'vitest';
import { HeadTailBuffer, OUTPUT_CAPTURE_MAX_BYTES } from './headTailBuffer.js';

describe('HeadTailBuffer', () => {
  it('keeps everything under the cap', () => {
    const b = new HeadTailBuffer(10);
    b.push('abc');
    b.push(Buffer.from('def'));
    expect(b.toText()).toBe('abcdef');
    expect(b.omittedBytes).toBe(0);
    expect(b.totalBytes).toBe(6);
  });

  it('keeps head and tail and marks the gap', () => {
    const b = new HeadTailBuffer(10);
    b.push('0123456789');
    b.push('ab');
    expect(b.toText()).toBe('01234\n... 2 bytes omitted ...\n789ab');
    expect(b.omittedBytes).toBe(2);
    expect(b.totalBytes).toBe(12);
  });

  it('splits a chunk across head and tail, dropping whole and partial tail chunks', () => {
    const b = new HeadTailBuffer(6);
    b.push('abcdefgh'); // head abc, tail defgh → fgh
    b.push('i');
    b.push('jk');
    expect(b.toText()).toBe('abc\n... 5 bytes omitted ...\nijk');
    expect(b.totalBytes).toBe(11);
  });

  it('decodes invalid UTF-8 lossily, one U+FFFD per bad byte', () => {
    const b = new HeadTailBuffer();
    b.push(Buffer.from([0xff, 0xfe, 0x20, 0x6f, 0x6b, 0x0a]));
    expect(b.toText()).toBe('\ufffd\ufffd ok\n'); // Codex: "�� ok\n"
  });

  it('clear resets counters', () => {
    const b = new HeadTailBuffer(4);
    b.push('abcdefgh');
    b.clear();
    expect(b.isEmpty).toBe(true);
    expect(b.toText()).toBe('');
    b.push('xy');
    expect(b.toText()).toBe('xy');
  });

  it('defaults to 1 MiB', () => {
    expect(OUTPUT_CAPTURE_MAX_BYTES).toBe(1048576);
    const b = new HeadTailBuffer();
    b.push(Buffer.alloc(OUTPUT_CAPTURE_MAX_BYTES, 0x61));
    expect(b.omittedBytes).toBe(0);
    b.push('b');
    expect(b.omittedBytes).toBe(1);
  });
});
