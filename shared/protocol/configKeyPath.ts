// How a config/value/write `keyPath` spells a path of TOML keys. Shared by the
// core's config editor and front ends that build edits (the renderer).

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** `['projects', '/a/b', 'trust_level']` -> `projects."/a/b".trust_level`, as TOML would spell it. */
export function formatKeyPath(path: readonly string[]): string {
  return path.map((seg) => (BARE_KEY.test(seg) ? seg : JSON.stringify(seg))).join('.');
}
