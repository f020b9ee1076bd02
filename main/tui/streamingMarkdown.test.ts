import { describe, expect, it } from 'vitest';
import { markdownLines } from './markdownLines.js';
import { streamingMarkdownLines } from './streamingMarkdown.js';

const MD = '# Title\n\nSome para\nline two\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\n- a\n- b\n\n1. x\n2. y\n\n> quote\n\nend **bold** here\n';

describe('streamingMarkdownLines', () => {
  it('draws each complete-line prefix exactly as parsing the whole prefix would (code fences, blank rows, lists)', () => {
    for (let i = 1; i <= MD.length; i++) {
      if (MD[i - 1] !== '\n') continue;
      expect(streamingMarkdownLines('t1', MD.slice(0, i), 60), JSON.stringify(MD.slice(0, i))).toEqual(markdownLines(MD.slice(0, i), 60, true));
    }
  });

  it('starts over when the width changes or the text is not a continuation', () => {
    streamingMarkdownLines('t2', 'alpha line\nbeta line\n', 60);
    expect(streamingMarkdownLines('t2', 'alpha line\nbeta line\n', 6)).toEqual(markdownLines('alpha line\nbeta line\n', 6, true));
    expect(streamingMarkdownLines('t2', 'other\n', 6)).toEqual(markdownLines('other\n', 6, true));
  });
});
