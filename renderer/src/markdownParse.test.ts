import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline, safeHref } from './markdownParse.js';

describe('parseBlocks', () => {
  it('reads paragraphs, headings, fenced code, lists, quotes and rules', () => {
    const text = [
      '# Title',
      'First line',
      'second line',
      '',
      '```ts',
      'const a = 1;',
      '',
      'const b = 2;',
      '```',
      '- one',
      '- two',
      '  continued',
      '',
      '3. three',
      '4. four',
      '> quoted',
      '> more',
      '',
      '---',
      'tail',
    ].join('\n');
    expect(parseBlocks(text)).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'First line\nsecond line' },
      { kind: 'code', lang: 'ts', text: 'const a = 1;\n\nconst b = 2;' },
      { kind: 'list', ordered: false, start: 1, items: ['one', 'two\ncontinued'] },
      { kind: 'list', ordered: true, start: 3, items: ['three', 'four'] },
      { kind: 'quote', text: 'quoted\nmore' },
      { kind: 'rule' },
      { kind: 'paragraph', text: 'tail' },
    ]);
  });

  it('treats a fence still streaming as code to the end, and keeps earlier blocks identical as text arrives', () => {
    const partial = 'Intro.\n\n```sh\nls -la\necho "not closed';
    expect(parseBlocks(partial)).toEqual([
      { kind: 'paragraph', text: 'Intro.' },
      { kind: 'code', lang: 'sh', text: 'ls -la\necho "not closed' },
    ]);
    const more = `${partial}"\n\`\`\`\n\nAfter.`;
    expect(parseBlocks(more).slice(0, 1)).toEqual(parseBlocks(partial).slice(0, 1));
    expect(parseBlocks(more).at(-1)).toEqual({ kind: 'paragraph', text: 'After.' });
  });

  it('keeps markup-looking text as text (no HTML)', () => {
    expect(parseBlocks('<script>alert(1)</script>')).toEqual([{ kind: 'paragraph', text: '<script>alert(1)</script>' }]);
  });
});

describe('parseInline', () => {
  it('reads code, bold, italic, links and line breaks', () => {
    expect(parseInline('Run `npm test` **now**, *please*\nsee [docs](https://x.dev/a) or https://y.dev/b.')).toEqual([
      { kind: 'text', text: 'Run ' },
      { kind: 'code', text: 'npm test' },
      { kind: 'text', text: ' ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'now' }] },
      { kind: 'text', text: ', ' },
      { kind: 'em', children: [{ kind: 'text', text: 'please' }] },
      { kind: 'break' },
      { kind: 'text', text: 'see ' },
      { kind: 'link', href: 'https://x.dev/a', children: [{ kind: 'text', text: 'docs' }] },
      { kind: 'text', text: ' or ' },
      { kind: 'link', href: 'https://y.dev/b', children: [{ kind: 'text', text: 'https://y.dev/b' }] },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves snake_case, unclosed markers, escapes and unsafe links alone', () => {
    expect(parseInline('a_b_c and **open')).toEqual([{ kind: 'text', text: 'a_b_c and **open' }]);
    expect(parseInline('\\*literal\\*')).toEqual([{ kind: 'text', text: '*literal*' }]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([{ kind: 'text', text: '[x](javascript:alert(1))' }]);
    expect(safeHref('file:///etc/passwd')).toBeNull();
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('mailto:nobody')).toBeNull();
  });

  it('links to the normalized URL the link prompt will name (IDN hosts in punycode)', () => {
    expect(parseInline('see https://\u0430pple.com/login')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', href: 'https://xn--pple-43d.com/login', children: [{ kind: 'text', text: 'https://\u0430pple.com/login' }] },
    ]);
  });

  it('reads no link inside a link text: the text is what the user sees, the href where it goes', () => {
    expect(parseInline('[https://apple.com](https://evil.example/x)')).toEqual([
      { kind: 'link', href: 'https://evil.example/x', children: [{ kind: 'text', text: 'https://apple.com' }] },
    ]);
  });
});
