declare const __CODEX_VERSION__: string | undefined;

/** Injected by the bundler from package.json; "dev" when run from sources. */
export const VERSION: string = typeof __CODEX_VERSION__ === 'string' ? __CODEX_VERSION__ : '0.0.0-dev';
