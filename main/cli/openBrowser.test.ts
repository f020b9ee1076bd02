import { describe, expect, it } from 'vitest';
import { browserCommand } from './openBrowser.js';

describe('browserCommand', () => {
  const url = 'http://h/a?b=1&c=2';
  it('uses $BROWSER (first entry; %s or the URL appended)', () => {
    expect(browserCommand(url, { BROWSER: 'firefox --new-window' })).toEqual(['firefox', ['--new-window', url]]);
    expect(browserCommand(url, { BROWSER: 'w3m %s -dump:lynx' })).toEqual(['w3m', [url, '-dump']]);
  });
  it('falls back to the platform opener', () => {
    expect(browserCommand(url, {}, 'linux')).toEqual(['xdg-open', [url]]);
    expect(browserCommand(url, {}, 'darwin')).toEqual(['open', [url]]);
    expect(browserCommand(url, {}, 'win32')).toEqual(['rundll32', ['url.dll,FileProtocolHandler', url]]);
  });
});
