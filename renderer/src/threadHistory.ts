// Threads beyond the sidebar's first page. People keep thousands of sessions:
// the sidebar lists the newest THREAD_PAGE, brings older ones a page at a time
// ("Show older threads"), and while the user searches it also asks the server,
// whose search covers every session, for matches among those not listed yet.
import { useEffect } from 'react';
import { guarded, THREAD_PAGE, useStore } from './store.js';
import { searchWords } from './search.js';

const api = () => window.codex;

/** Appends the next page of older threads (nothing when all are listed). */
export async function loadOlderThreads(): Promise<void> {
  const cursor = useStore.getState().threadsCursor;
  if (cursor === null) return;
  const r = await guarded(() => api().request('thread/list', { cursor, limit: THREAD_PAGE }));
  if (!r) return;
  useStore.setState((s) => {
    // A refresh may have listed some of them meanwhile.
    const have = new Set(s.threads.map((t) => t.id));
    return { threads: [...s.threads, ...r.data.filter((t) => !have.has(t.id))], threadsCursor: r.nextCursor };
  });
}

/** How long typing must pause before the server is asked. */
const SEARCH_PAUSE_MS = 200;
/** At most this many server matches are shown. */
const SEARCH_LIMIT = 100;

/**
 * While `search` is set and some threads are not listed, asks the server for
 * matches after a pause in typing. The server matches the query as one phrase
 * (thread/list's searchTerm, over names and first messages); the sidebar's own
 * filter, which also looks at folders, still applies to what comes back.
 */
export function useServerSearch(search: string): void {
  const unlisted = useStore((s) => s.threadsCursor !== null);
  useEffect(() => {
    const term = searchWords(search).join(' ');
    if (!unlisted || !term) return;
    let current = true;
    const timer = setTimeout(async () => {
      const r = await guarded(() => api().request('thread/list', { searchTerm: term, limit: SEARCH_LIMIT }));
      // A newer query (or a cleared box) owns the result now.
      if (r && current) useStore.setState({ searchHits: { term: search, threads: r.data } });
    }, SEARCH_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search, unlisted]);
}
