// How many approval requests of a thread await the client's answer, so its
// status can say `waitingOnApproval` as Codex's does.
import type { ServerRequestMethod, ServerRequestParams } from '../../../shared/protocol/types.js';
import type { ThreadHost } from '../session/threadHost.js';

export class PendingApprovals {
  private count = 0;

  get waiting(): boolean {
    return this.count > 0;
  }

  /** `host`, with every request it makes counted until answered (or failed). */
  counting(host: ThreadHost): ThreadHost {
    const during = <T>(answer: Promise<T>): Promise<T> => {
      this.count++;
      return answer.finally(() => this.count--);
    };
    const elicit = host.requestMcpElicitation?.bind(host);
    return {
      notify: (method, params) => host.notify(method, params),
      request: <M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>) => during(host.request(method, params)),
      ...(elicit ? { requestMcpElicitation: (params) => during(elicit(params)) } : {}),
    };
  }
}
