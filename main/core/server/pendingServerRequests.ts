// The server's requests (approvals) awaiting the client's answer, shared by the
// transports that carry them (stdio JSON-RPC peer, desktop IPC router). Each is
// answered at most once; a malformed or failed answer, a turn that ends first,
// or a client that goes away all end as a decline.
import { settleServerReply, declineReply, type RawServerReply, type ServerReply } from '../../../shared/protocol/serverReplies.js';
import { serverRequestMessage } from '../../../shared/protocol/messages.js';
import type { ServerRequestMessage, ServerRequestMethod, ServerRequestParams } from '../../../shared/protocol/types.js';

export type PendingServerRequest = ServerRequestMessage;

interface Entry {
  request: PendingServerRequest;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

export class PendingServerRequests {
  private nextId = 1;
  private readonly entries = new Map<string, Entry>();

  /** `warn` hears every answer that was turned into a decline, and why. */
  constructor(private readonly warn: (message: string, threadId: string | null) => void) {}

  /** Registers a request; `send` puts it on the wire. Resolves with a validated reply; rejects only if the client goes away. */
  add<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>, send: (request: PendingServerRequest) => void): Promise<ServerReply<M>> {
    const request = serverRequestMessage(`srv-${this.nextId++}`, method, params);
    return new Promise((resolve, reject) => {
      this.entries.set(request.id, { request, resolve: resolve as (result: unknown) => void, reject });
      send(request);
    });
  }

  has(id: unknown): boolean {
    return typeof id === 'string' && this.entries.has(id);
  }

  /**
   * The client's answer to request `id`. Unknown (or already answered) ids are
   * ignored: undefined. Otherwise the request is settled and returned, with the
   * problem if the answer was turned into a decline.
   */
  answer(id: unknown, reply: RawServerReply): { request: PendingServerRequest; problem: string | null } | undefined {
    if (typeof id !== 'string') return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    const { result, problem } = settleServerReply(entry.request.method, reply);
    if (problem) this.warn(`${problem} (request ${id})`, entry.request.params.threadId);
    entry.resolve(result);
    return { request: entry.request, problem };
  }

  /** A turn ended (completed, failed, interrupted): its unanswered requests decline, as in Codex. */
  endTurn(threadId: string, turnId: string): PendingServerRequest[] {
    return this.declineWhere((r) => r.params.threadId === threadId && r.params.turnId === turnId);
  }

  /** The client is gone: everything outstanding fails (the core declines a request it could not ask). */
  failAll(err: Error): void {
    for (const entry of this.entries.values()) entry.reject(err);
    this.entries.clear();
  }

  list(): PendingServerRequest[] {
    return [...this.entries.values()].map((e) => e.request);
  }

  private declineWhere(pred: (r: PendingServerRequest) => boolean): PendingServerRequest[] {
    const settled: PendingServerRequest[] = [];
    for (const [id, entry] of this.entries) {
      if (!pred(entry.request)) continue;
      this.entries.delete(id);
      entry.resolve(declineReply(entry.request.method));
      settled.push(entry.request);
    }
    return settled;
  }
}
