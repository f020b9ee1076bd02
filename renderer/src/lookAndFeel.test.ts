// The look-and-feel helpers: repository-relative paths, the model picker fed by
// model/list, the welcome screen's recent projects.
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../shared/protocol/types.js';
import { relativePath, threadTitle } from './format.js';
import { effortChoices, modelChoices, type ListedModel } from './modelPicker.js';
import { projectFolders } from './projects.js';
import { KNOWN_MODELS, REASONING_EFFORTS } from './turnOptions.js';

const listed = (model: string, efforts: string[]): ListedModel => ({
  id: model,
  model,
  displayName: model.toUpperCase(),
  description: '',
  hidden: false,
  supportedReasoningEfforts: efforts.map((reasoningEffort) => ({ reasoningEffort, description: '' })),
  defaultReasoningEffort: efforts[0] ?? 'medium',
  inputModalities: ['text'],
  isDefault: false,
});

describe('relativePath', () => {
  it('names files under the thread folder relative to it, and leaves others whole', () => {
    expect(relativePath('/tmp/x/ws/src/a.ts', '/tmp/x/ws')).toBe('src/a.ts');
    expect(relativePath('/tmp/x/ws/src/a.ts', '/tmp/x/ws/')).toBe('src/a.ts');
    expect(relativePath('/tmp/x/wsother/a.ts', '/tmp/x/ws')).toBe('/tmp/x/wsother/a.ts');
    expect(relativePath('/tmp/x/ws', '/tmp/x/ws')).toBe('/tmp/x/ws');
    expect(relativePath('C:\\r\\app\\a.ts', 'C:\\r\\app')).toBe('a.ts');
    expect(relativePath('/a/b', null)).toBe('/a/b');
  });
});

describe('model picker', () => {
  it("offers model/list's models by display name and keeps a model the list does not know", () => {
    const models = [listed('gpt-a', ['low', 'high']), listed('gpt-b', ['medium'])];
    expect(modelChoices(models, 'gpt-b')).toEqual([
      { value: 'gpt-a', label: 'GPT-A' },
      { value: 'gpt-b', label: 'GPT-B' },
    ]);
    expect(modelChoices(models, 'my-proxy-model').map((c) => c.value)).toEqual(['my-proxy-model', 'gpt-a', 'gpt-b']);
    // Before model/list answers: the built-in names.
    expect(modelChoices(null, KNOWN_MODELS[0]!).map((c) => c.value)).toEqual([...KNOWN_MODELS]);
  });

  it('offers only the efforts the model supports', () => {
    const models = [listed('gpt-a', ['low', 'high', 'none'])];
    expect(effortChoices(models, 'gpt-a')).toEqual(['low', 'high']);
    expect(effortChoices(models, 'unknown')).toEqual(REASONING_EFFORTS);
  });
});

describe('welcome screen', () => {
  it('lists the folders of the latest threads, newest first, each once', () => {
    const t = (cwd: string, updatedAt: number) => ({ cwd, updatedAt }) as Thread;
    expect(projectFolders([t('/a', 1), t('/b', 3), t('/a', 5), t('/c', 2)], [])).toEqual(['/a', '/b', '/c']);
    expect(projectFolders([t('/a', 1), t('/b', 3), t('/c', 2)], [], 2)).toEqual(['/b', '/c']);
  });

  it('titles a thread by its name, else its first message', () => {
    expect(threadTitle({ name: 'Release', preview: 'fix it' })).toBe('Release');
    expect(threadTitle({ name: '  ', preview: 'fix it' })).toBe('fix it');
    expect(threadTitle({ preview: '' })).toBe('(new thread)');
  });
});
