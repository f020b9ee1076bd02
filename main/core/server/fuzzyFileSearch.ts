// `fuzzyFileSearch` over the app-server: one FileSearcher (its per-root
// listing cache) per server, and Codex's cancellation tokens: a search with a
// token cancels the one still running under the same token, which then
// answers an empty list.
import { isAbsolute, resolve } from 'node:path';
import { FileSearchCancelled, FileSearcher } from '../fileSearch/fileSearch.js';
import type { ClientRequestParams, ClientRequestResult } from '../../../shared/protocol/types.js';
import type { ThreadHost } from '../session/threadHost.js';
import { FuzzyFileSearchSessions } from './fuzzyFileSearchSessions.js';

export class FuzzyFileSearchRequests {
  private readonly searcher = new FileSearcher();
  private readonly pending = new Map<string, AbortController>();

  /** Codex's search sessions (fuzzyFileSearch/session*), over the same listings. */
  readonly sessions: FuzzyFileSearchSessions;

  constructor(
    private readonly cwd: () => string,
    notify: ThreadHost['notify'],
  ) {
    this.sessions = new FuzzyFileSearchSessions(this.searcher, cwd, notify);
  }

  async search(p: ClientRequestParams<'fuzzyFileSearch'>): Promise<ClientRequestResult<'fuzzyFileSearch'>> {
    const token = p.cancellationToken ?? undefined;
    const controller = new AbortController();
    if (token !== undefined) {
      this.pending.get(token)?.abort();
      this.pending.set(token, controller);
    }
    try {
      const roots = p.roots.map((r) => (isAbsolute(r) ? r : resolve(this.cwd(), r)));
      return { files: await this.searcher.search(p.query, roots, controller.signal) };
    } catch (err) {
      if (err instanceof FileSearchCancelled) return { files: [] };
      throw err;
    } finally {
      // Only this search's own entry: a later one under the same token keeps its own.
      if (token !== undefined && this.pending.get(token) === controller) this.pending.delete(token);
    }
  }

  close(): void {
    this.sessions.close();
    for (const c of this.pending.values()) c.abort();
    this.pending.clear();
  }
}
