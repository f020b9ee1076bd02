import { describe, expect, it } from 'vitest';
import { HeadTailBuffer } from './headTailBuffer.js';
import { approxTokenCount, approxTokensInText, countLines, formatTruncatedOutput, truncateMiddle } from './truncate.js';

const seq = (from: number, to: number) => {
  let s = '';
  for (let i = from; i <= to; i++) s += `${i}\n`;
  return s;
};

describe('token approximation', () => {
  it('is ceil(bytes / 4) over UTF-8 bytes', () => {
    expect(approxTokenCount(0)).toBe(0);
    expect(approxTokenCount(1)).toBe(1);
    expect(approxTokenCount(4)).toBe(1);
    expect(approxTokenCount(5)).toBe(2);
    expect(approxTokensInText('hi\n1\n2\n3\n')).toBe(3); // Codex: "Original token count: 3"
    expect(approxTokensInText('é'.repeat(4))).toBe(2);
  });
});

describe('countLines (Rust str::lines)', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['x\n\n\n', 3],
    ['ab\r\ncd\r\nef\n\nxyz', 5],
    ['\n', 1],
  ])('%j has %i lines', (text, n) => {
    expect(countLines(text)).toBe(n);
  });
});

describe('truncateMiddle', () => {
  it('leaves text within budget untouched (boundary: bytes == budget * 4)', () => {
    expect(truncateMiddle('0'.repeat(20), 5)).toEqual({ text: '0'.repeat(20), truncated: false, removedTokens: 0 });
  });

  it('keeps budget*2 bytes at each end and reports ceil(bytes/4) - budget tokens', () => {
    const r = truncateMiddle('0'.repeat(21), 5);
    expect(r).toEqual({ text: '0000000000…1 tokens truncated…0000000000', truncated: true, removedTokens: 1 });
  });

  it('cuts back to UTF-8 character boundaries on both sides', () => {
    const r = truncateMiddle('a' + 'é'.repeat(999) + 'b', 10);
    expect(r.text).toBe('a' + 'é'.repeat(9) + '…490 tokens truncated…' + 'é'.repeat(9) + 'b');
  });

  it('never splits a 4-byte character', () => {
    const r = truncateMiddle('😀'.repeat(50), 3); // 12 bytes budget, 6 per side
    expect(r.text).toBe('😀…47 tokens truncated…😀');
  });

  it('budget 0 keeps nothing', () => {
    expect(truncateMiddle('abcdef', 0).text).toBe('…2 tokens truncated…');
  });

  it('treats a negative or fractional budget sanely', () => {
    expect(truncateMiddle('abcdef', -3).text).toBe('…2 tokens truncated…');
    expect(truncateMiddle('abcdefgh', 1.7).text).toBe('ab…1 tokens truncated…gh');
  });
});

// Bodies below are verbatim from Codex 0.169's function_call_output.
describe('formatTruncatedOutput matches Codex 0.169', () => {
  it('seq 1 1000, max_output_tokens 50', () => {
    expect(formatTruncatedOutput(seq(1, 1000), 50)).toBe(
      'Warning: truncated output (original token count: 974)\nTotal output lines: 1000\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n31\n32\n33\n34\n35\n36\n3\u2026924 tokens truncated\u202676\n977\n978\n979\n980\n981\n982\n983\n984\n985\n986\n987\n988\n989\n990\n991\n992\n993\n994\n995\n996\n997\n998\n999\n1000\n',
    );
  });

  it("python print('a'+'é'*1000), max_output_tokens 10", () => {
    expect(formatTruncatedOutput('a' + 'é'.repeat(1000) + '\n', 10)).toBe(
      'Warning: truncated output (original token count: 501)\nTotal output lines: 1\n\na\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u2026491 tokens truncated\u2026\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n',
    );
  });

  it('100 x then three newlines, max_output_tokens 5', () => {
    expect(formatTruncatedOutput('x'.repeat(100) + '\n\n\n', 5)).toBe(
      'Warning: truncated output (original token count: 26)\nTotal output lines: 3\n\nxxxxxxxxxx\u202621 tokens truncated\u2026xxxxxxx\n\n\n',
    );
  });

  it("printf '%021d' 0 with max_output_tokens 5, and '%020d' untouched", () => {
    expect(formatTruncatedOutput('0'.repeat(21), 5)).toBe(
      'Warning: truncated output (original token count: 6)\nTotal output lines: 1\n\n0000000000\u20261 tokens truncated\u20260000000000',
    );
    expect(formatTruncatedOutput('0'.repeat(20), 5)).toBe('0'.repeat(20));
  });

  it('max_output_tokens 0 and CRLF lines', () => {
    expect(formatTruncatedOutput('abcdef', 0)).toBe(
      'Warning: truncated output (original token count: 2)\nTotal output lines: 1\n\n\u20262 tokens truncated\u2026',
    );
    expect(formatTruncatedOutput('ab\r\ncd\r\nef\n\nxyz', 1)).toBe(
      'Warning: truncated output (original token count: 4)\nTotal output lines: 5\n\nab\u20263 tokens truncated\u2026yz',
    );
  });

  it('seq 1 200000 through the 1 MiB capture: omitted-bytes header, 252152 tokens cut', () => {
    const full = seq(1, 200000);
    const buf = new HeadTailBuffer();
    for (let i = 0; i < full.length; i += 4096) buf.push(full.slice(i, i + 4096));
    expect(buf.totalBytes).toBe(1288895);
    expect(buf.omittedBytes).toBe(240319);
    const text = buf.toText();
    expect(Buffer.byteLength(text)).toBe(1048606); // Codex's aggregated_output length
    const body = formatTruncatedOutput(text, 10000, { originalTokenCount: approxTokenCount(buf.totalBytes), omittedBytes: buf.omittedBytes });
    expect(body.startsWith('Warning: truncated output (original token count: 322224)\n... 240319 bytes omitted ...\n\n1\n2\n3\n')).toBe(true);
    const m = /…(\d+) tokens truncated…/.exec(body)!;
    expect(m[1]).toBe('252152');
    const rest = body.slice(body.indexOf('\n\n') + 2);
    const head = rest.slice(0, rest.indexOf('…'));
    const tail = rest.slice(rest.indexOf('…', rest.indexOf('…') + 1) + 1);
    expect(Buffer.byteLength(head)).toBe(20000);
    expect(Buffer.byteLength(tail)).toBe(20000);
    expect(full.startsWith(head) && full.endsWith(tail)).toBe(true);
    expect(Buffer.byteLength(body)).toBe(40116); // same as Codex
  });

  it('yes | head -c 5000000: 3951424 bytes omitted, 252152 tokens cut', () => {
    const buf = new HeadTailBuffer();
    const chunk = Buffer.from('y\n'.repeat(32768));
    let left = 5_000_000;
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      buf.push(chunk.subarray(0, n));
      left -= n;
    }
    const body = formatTruncatedOutput(buf.toText(), 10000, { originalTokenCount: approxTokenCount(buf.totalBytes), omittedBytes: buf.omittedBytes });
    expect(body.startsWith('Warning: truncated output (original token count: 1250000)\n... 3951424 bytes omitted ...\n\ny\ny\n')).toBe(true);
    expect(body).toContain('…252152 tokens truncated…');
  });
});
