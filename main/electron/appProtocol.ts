// The app:// protocol: serves renderer/dist (and nothing else) with the strict CSP.
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { rendererCsp, resolveStaticPath } from '../desktop/staticFiles.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'codex';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false } },
  ]);
}

/** After 'ready': answers app://codex/<path> from `rendererDir`; everything else is 404. */
export function handleAppProtocol(rendererDir: string, log: (line: string) => void): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST && request.method === 'GET' ? resolveStaticPath(rendererDir, url.pathname) : null;
    if (!file) {
      log(`app protocol: refused ${request.method} ${request.url}`);
      return new Response('not found', { status: 404 });
    }
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', rendererCsp());
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
