// Codex 0.169's search sessions for the `@` picker: `sessionStart` names a
// session and its roots (their listing starts right away, before the first
// keystroke), each `sessionUpdate` sets the query and answers at once, and
// the matches follow as `fuzzyFileSearch/sessionUpdated`, then
// `fuzzyFileSearch/sessionCompleted`; while the root is still being listed,
// sessionUpdated also brings the matches so far (as Codex's do while its walk
// goes). A newer query cancels the one still matching, so a fast typist never
// waits behind stale keystrokes.
import { isAbsolute, resolve } from 'node:path';
import { FileSearchCancelled, newSearchScope, type FileSearcher, type FileSearchMatch, type SearchScope } from '../fileSearch/fileSearch.js';
import { RpcError } from './rpcError.js';
import { JSONRPC_INVALID_REQUEST, type ClientRequestParams, type ClientRequestResult } from '../../../shared/protocol/types.js';
import type { ThreadHost } from '../session/threadHost.js';

interface Session {
  roots: string[];
  /** The session's listings (taken once, as Codex walks each root once per session) and last matches. */
  scope: SearchScope;
  running?: AbortController;
}

export class FuzzyFileSearchSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly searcher: FileSearcher,
    private readonly cwd: () => string,
    private readonly notify: ThreadHost['notify'],
  ) {}

  start(p: ClientRequestParams<'fuzzyFileSearch/sessionStart'>): ClientRequestResult<'fuzzyFileSearch/sessionStart'> {
    if (!p.sessionId) throw new RpcError(JSONRPC_INVALID_REQUEST, 'sessionId must not be empty');
    const roots = p.roots.map((r) => (isAbsolute(r) ? r : resolve(this.cwd(), r)));
    // Starting a session under a name in use replaces that session (as Codex does).
    this.sessions.get(p.sessionId)?.running?.abort();
    const session = { roots, scope: newSearchScope() };
    this.sessions.set(p.sessionId, session);
    this.searcher.warm(roots, session.scope);
    return {};
  }

  update(p: ClientRequestParams<'fuzzyFileSearch/sessionUpdate'>): ClientRequestResult<'fuzzyFileSearch/sessionUpdate'> {
    const session = this.sessions.get(p.sessionId);
    if (!session) throw new RpcError(JSONRPC_INVALID_REQUEST, `fuzzy file search session not found: ${p.sessionId}`);
    session.running?.abort();
    const running = new AbortController();
    session.running = running;
    // While the listing is still coming in (the picker's first keystrokes on a big tree), the matches so far show first.
    const partial = (files: FileSearchMatch[]) => {
      if (!running.signal.aborted) this.notify('fuzzyFileSearch/sessionUpdated', { sessionId: p.sessionId, query: p.query, files });
    };
    void this.searcher.search(p.query, session.roots, running.signal, session.scope, partial).then(
      (files) => {
        if (running.signal.aborted) return;
        this.notify('fuzzyFileSearch/sessionUpdated', { sessionId: p.sessionId, query: p.query, files });
        this.notify('fuzzyFileSearch/sessionCompleted', { sessionId: p.sessionId });
      },
      (err: unknown) => {
        // Cancelled: a newer query took over. Anything else still ends this query's round.
        if (!(err instanceof FileSearchCancelled)) this.notify('fuzzyFileSearch/sessionCompleted', { sessionId: p.sessionId });
      },
    );
    return {};
  }

  stop(p: ClientRequestParams<'fuzzyFileSearch/sessionStop'>): ClientRequestResult<'fuzzyFileSearch/sessionStop'> {
    this.sessions.get(p.sessionId)?.running?.abort();
    this.sessions.delete(p.sessionId);
    return {};
  }

  close(): void {
    for (const s of this.sessions.values()) s.running?.abort();
    this.sessions.clear();
  }
}
