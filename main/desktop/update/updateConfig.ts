// Where this build looks for updates: the app-update.yml electron-builder writes
// into the app's resources from `publish` in electron-builder.yml. Only the
// generic provider is used (a folder of feed files on a web server).
import { existsSync, readFileSync } from 'node:fs';
import { parseFeedYaml } from './feedYaml.js';
import type { UpdateChannel } from './updateFeed.js';

export interface UpdateConfig {
  feedUrl: string;
  channel: UpdateChannel;
}

/** The config, null when the file is absent (a dev run, or a build without `publish`); throws naming the file when it is wrong. */
export function readUpdateConfig(file: string): UpdateConfig | null {
  if (!existsSync(file)) return null;
  const raw = parseFeedYaml(readFileSync(file, 'utf8'), file);
  if (raw.provider !== 'generic') throw new Error(`${file}: provider must be "generic", got ${JSON.stringify(raw.provider ?? null)}`);
  if (typeof raw.url !== 'string' || !raw.url) throw new Error(`${file}: url is missing`);
  const channel = raw.channel ?? 'latest';
  if (channel !== 'latest' && channel !== 'beta' && channel !== 'alpha')
    throw new Error(`${file}: channel must be latest, beta or alpha, got ${JSON.stringify(channel)}`);
  return { feedUrl: raw.url, channel };
}
