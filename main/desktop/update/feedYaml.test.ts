import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeedYaml } from './feedYaml.js';
import { parseUpdateFeed } from './updateFeed.js';
import { readUpdateConfig } from './updateConfig.js';

const SHA = 'A'.repeat(86) + '==';

describe('feed files', () => {
  it("reads electron-builder's latest.yml shape, resolving file URLs against the feed", () => {
    const text = `version: 1.3.0
files:
  - url: Codex Desktop-1.3.0.AppImage
    sha512: ${SHA}
    size: 123456
    blockMapSize: 99
  - url: https://cdn.example.com/x.exe
    sha512: ${SHA}
    size: 5
path: Codex Desktop-1.3.0.AppImage
sha512: ${SHA}
releaseDate: '2026-12-01T10:00:00.000Z'
`;
    const feed = parseUpdateFeed(text, new URL('https://dl.example.com/desktop/latest-linux.yml'));
    expect(feed.version).toBe('1.3.0');
    expect(feed.releaseDate).toBe('2026-12-01T10:00:00.000Z');
    expect(feed.files).toEqual([
      { url: 'https://dl.example.com/desktop/Codex%20Desktop-1.3.0.AppImage', sha512: SHA, size: 123456 },
      { url: 'https://cdn.example.com/x.exe', sha512: SHA, size: 5 },
    ]);
  });

  it('names the file, line and field of what is wrong', () => {
    expect(() => parseFeedYaml('version: 1\n  - url: x\n', 'latest.yml')).toThrow('latest.yml:2: indented line outside a list');
    expect(() => parseFeedYaml('version: 1\nversion: 2\n', 'latest.yml')).toThrow('latest.yml:2: duplicate key version');
    expect(() => parseFeedYaml('files: [a, b]\n', 'f.yml')).toThrow('f.yml:1: unsupported YAML value');
    const url = new URL('https://dl.example.com/latest.yml');
    expect(() => parseUpdateFeed(`version: 1.3.0\nfiles:\n  - url: a.exe\n    sha512: abc\n    size: 5\n`, url)).toThrow(
      /files\.0\.sha512: must be the base64 of a SHA-512/,
    );
    expect(() => parseUpdateFeed(`version: one\nfiles:\n  - url: a.exe\n    sha512: ${SHA}\n    size: 5\n`, url)).toThrow(
      /version "one" is not a semantic version/,
    );
    expect(() => parseUpdateFeed(`version: 1.3.0\nfiles:\n  - url: http://evil.example/a.exe\n    sha512: ${SHA}\n    size: 5\n`, url)).toThrow(
      /must be an https URL/,
    );
  });

  it('reads the generic publish config electron-builder writes as app-update.yml', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'app-update-'));
    const file = path.join(dir, 'app-update.yml');
    expect(readUpdateConfig(file)).toBeNull();
    writeFileSync(file, 'provider: generic\nurl: https://dl.example.com/desktop\nupdaterCacheDirName: codex-desktop-updater\n');
    expect(readUpdateConfig(file)).toEqual({ feedUrl: 'https://dl.example.com/desktop', channel: 'latest' });
    writeFileSync(file, 'provider: github\nowner: x\n');
    expect(() => readUpdateConfig(file)).toThrow(`${file}: provider must be "generic", got "github"`);
  });
});
