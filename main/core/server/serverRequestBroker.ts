// The one owner of the server's requests to its client (approvals): it gives
// them ids, puts them on every attached host's wire, takes the first answer,
// declines what a finished turn left open, and tells every host when a
// request is settled (`serverRequest/resolved`), so each window and prompt
// showing it drops it. A host that comes back (a reloaded window) gets what is
// still open replayed.
import type { RawServerReply } from '../../../shared/protocol/serverReplies.js';
import type { ServerRequestMethod, ServerRequestParams, ServerRequestResult } from '../../../shared/protocol/types.js';
import { PendingServerRequests, type PendingServerRequest } from './pendingServerRequests.js';

/** A wire the requests travel on (the stdio peer, the desktop IPC). */
export interface ServerRequestHost {
  sendRequest(request: PendingServerRequest): void;
  /** The request was answered or declined: whoever shows it drops it. */
  sendResolved(threadId: string, requestId: string): void;
}

export class ServerRequestBroker {
  private readonly pending: PendingServerRequests;
  private readonly hosts = new Set<ServerRequestHost>();

  /** `warn` hears every answer that was turned into a decline, and why. */
  constructor(warn: (message: string, threadId: string | null) => void) {
    this.pending = new PendingServerRequests(warn);
  }

  /** Adds a host; what is still open is sent to it at once. Returns the detach. */
  attach(host: ServerRequestHost): () => void {
    this.hosts.add(host);
    this.replayTo(host);
    return () => this.hosts.delete(host);
  }

  /** Resolves with a validated reply (or the decline); rejects only when the client is gone (failAll). */
  request<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>> {
    return this.pending.add(method, params, (r) => {
      for (const h of this.hosts) h.sendRequest(r);
    });
  }

  /** Whether request `id` still waits for its answer. */
  has(id: unknown): boolean {
    return this.pending.has(id);
  }

  /**
   * The client's answer to request `id`: settles it and tells every host.
   * Unknown (or already answered) ids: undefined. `problem` says why an
   * answer was taken as a decline.
   */
  answer(id: unknown, reply: RawServerReply): { request: PendingServerRequest; problem: string | null } | undefined {
    const answered = this.pending.answer(id, reply);
    if (answered) this.resolved(answered.request);
    return answered;
  }

  /** A turn ended (completed, failed, interrupted): its open requests decline, as in Codex. */
  turnEnded(threadId: string, turnId: string): void {
    for (const r of this.pending.endTurn(threadId, turnId)) this.resolved(r);
  }

  /** Re-sends what is still open to `host` (a reloaded window). */
  replayTo(host: ServerRequestHost): void {
    for (const r of this.pending.list()) host.sendRequest(r);
  }

  list(): PendingServerRequest[] {
    return this.pending.list();
  }

  /** The client is gone for good: everything open fails (the core declines a request it could not ask). */
  failAll(err: Error): void {
    this.pending.failAll(err);
  }

  private resolved(r: PendingServerRequest): void {
    for (const h of this.hosts) h.sendResolved(r.params.threadId, r.id);
  }
}
