// The `@` pickers' file search (TUI and renderer), on Codex 0.169's search
// sessions: the session starts when the picker opens (the server lists the
// roots before the first letter is typed), each keystroke is a
// `fuzzyFileSearch/sessionUpdate`, the matches come back as
// `fuzzyFileSearch/sessionUpdated`, and closing the picker stops it. A server
// that refuses sessions (-32601: no such method; Codex answers -32600 to a
// client that did not opt into its experimental API) gets one-shot
// `fuzzyFileSearch` calls instead, one cancellation token per picker.
import {
  JSONRPC_INVALID_REQUEST,
  JSONRPC_METHOD_NOT_FOUND,
  type ClientRequestParams,
  type ClientRequestResult,
  type ServerNotification,
} from './protocol/types.js';

export type FileMatch = ClientRequestResult<'fuzzyFileSearch'>['files'][number];

type SearchMethod = 'fuzzyFileSearch' | 'fuzzyFileSearch/sessionStart' | 'fuzzyFileSearch/sessionUpdate' | 'fuzzyFileSearch/sessionStop';
/** How the picker reaches the server: resolves with the result, rejects with an error carrying the JSON-RPC `code`. */
export type SearchRequest = <M extends SearchMethod>(method: M, params: ClientRequestParams<M>) => Promise<unknown>;

function rpcCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}
const isMethodNotFound = (err: unknown): boolean => rpcCode(err) === JSONRPC_METHOD_NOT_FOUND;
/** The server answered that it has no search sessions for this client. */
const isSessionsRefused = (err: unknown): boolean => isMethodNotFound(err) || rpcCode(err) === JSONRPC_INVALID_REQUEST;

function isSearchResult(r: unknown): r is ClientRequestResult<'fuzzyFileSearch'> {
  return typeof r === 'object' && r !== null && 'files' in r && Array.isArray(r.files);
}

export class PickerFileSearch {
  /** Resolves true once the session is started, false when the server has no sessions (one-shot from then on). */
  private started: Promise<boolean> | null = null;
  private latest: string | null = null;
  private closed = false;

  constructor(
    private readonly request: SearchRequest,
    private readonly sessionId: string,
    private readonly roots: string[],
    /** The matches of the latest query (never of one typed over since). */
    private readonly onFiles: (query: string, files: FileMatch[]) => void,
  ) {}

  /** The picker opened (`@` typed): start the session so the listing is ready for the first letter. */
  open(): Promise<boolean> {
    this.started ??= this.request('fuzzyFileSearch/sessionStart', { sessionId: this.sessionId, roots: this.roots }).then(
      () => true,
      (err: unknown) => {
        if (isSessionsRefused(err)) return false;
        this.started = null; // e.g. not connected yet: the next keystroke tries again
        throw err;
      },
    );
    return this.started;
  }

  /** A keystroke: the matches of `query` follow through onFiles (none for an empty query). */
  search(query: string): void {
    if (this.closed) return;
    this.latest = query;
    const started = this.open();
    if (!query) return this.onFiles(query, []);
    started
      .then(async (session) => {
        if (!session) return this.oneShot(query);
        if (this.latest !== query || this.closed) return;
        await this.request('fuzzyFileSearch/sessionUpdate', { sessionId: this.sessionId, query }).catch((err: unknown) => {
          if (!isMethodNotFound(err)) throw err;
          this.started = Promise.resolve(false);
          return this.oneShot(query);
        });
      })
      .catch(() => this.answer(query, []));
  }

  /** Every server notification: this session's matches are picked out. */
  notified(n: ServerNotification): void {
    if (n.method === 'fuzzyFileSearch/sessionUpdated' && n.params.sessionId === this.sessionId) this.answer(n.params.query, n.params.files);
  }

  /** The picker closed: the session is stopped (its running search cancelled). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.started
      ?.then((session) => (session ? this.request('fuzzyFileSearch/sessionStop', { sessionId: this.sessionId }) : undefined))
      .catch(() => undefined);
  }

  private async oneShot(query: string): Promise<void> {
    if (this.latest !== query || this.closed) return;
    const r = await this.request('fuzzyFileSearch', { query, roots: this.roots, cancellationToken: this.sessionId });
    this.answer(query, isSearchResult(r) ? r.files : []);
  }

  private answer(query: string, files: FileMatch[]): void {
    if (!this.closed && query === this.latest) this.onFiles(query, files);
  }
}
