// Opens a URL in the user's browser (for `codex mcp login`): the command in
// $BROWSER when set, the convention xdg-open and Codex's browser crate
// follow, else the platform's opener. Failure is only reported: the URL is
// printed as well, so the user can always open it by hand.
import { spawn } from 'node:child_process';

/** The command line that opens `url`: $BROWSER's first entry (with `%s` or the URL appended), or the platform opener. */
export function browserCommand(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): [string, string[]] {
  const configured = env.BROWSER?.split(':')[0]?.trim();
  if (configured) {
    const [cmd, ...args] = configured.split(/\s+/);
    return args.some((a) => a.includes('%s')) ? [cmd!, args.map((a) => a.replaceAll('%s', url))] : [cmd!, [...args, url]];
  }
  if (platform === 'darwin') return ['open', [url]];
  // rundll32 rather than `cmd /c start`: cmd would split the URL at each '&'.
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/**
 * Starts the browser without waiting for it; `onFailure` runs when the opener
 * cannot be started or exits unsuccessfully. The child never keeps us alive.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv, onFailure: () => void): void {
  const [cmd, args] = browserCommand(url, env);
  let failed = false;
  const fail = () => {
    if (failed) return;
    failed = true;
    onFailure();
  };
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, env });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) fail();
    });
    child.unref();
  } catch {
    fail();
  }
}
