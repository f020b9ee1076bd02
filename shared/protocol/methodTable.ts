// A method table (`'thread/start': { params, result }`) and the checks every
// JSON-RPC speaker runs through it: params of a request, result of a reply,
// params of a notification. Shared by the app-server and the exec-server;
// imports nothing from Node. Each protocol keeps its own error type and
// wording: a check returns the issues, the caller words the failure.
import * as z from 'zod/mini';

export type RequestTable = Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;
export type NotificationTable = Record<string, z.ZodMiniType>;

/** What one zod issue carries that a message needs. */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: readonly Issue[] };

/**
 * How a protocol names a bad field: app-server and MCP say `cwd: expected string`
 * (the whole value named `wholeValue`), the exec-server says `"cwd" must be …`.
 */
export interface IssueWording {
  quoteFields?: boolean;
  /** The name of the whole value when the issue has no path, e.g. `(params)`. */
  wholeValue?: string;
}

/** The issues as one line: `a.b: message; c: message`. */
export function describeIssues(issues: readonly Issue[], wording: IssueWording = {}): string {
  return issues
    .map((i) => {
      const where = i.path.map(String).join('.');
      if (wording.quoteFields) return where ? `"${where}" ${i.message}` : i.message;
      return `${where || (wording.wholeValue ?? '(value)')}: ${i.message}`;
    })
    .join('; ');
}

function checked<T>(r: z.core.util.SafeParseResult<T>): Checked<T> {
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: r.error.issues };
}

export interface MethodTable<R extends RequestTable, N extends NotificationTable> {
  readonly requests: R;
  readonly notifications: N;
  isRequest(method: string): method is Extract<keyof R, string>;
  isNotification(method: string): method is Extract<keyof N, string>;
  /** Params of a request (absent or null count as `{}`, as both protocols read them). */
  parseParams<M extends keyof R>(method: M, raw: unknown): Checked<z.output<R[M]['params']>>;
  parseResult<M extends keyof R>(method: M, raw: unknown): Checked<z.output<R[M]['result']>>;
  parseNotification<M extends Extract<keyof N, string>>(method: M, raw: unknown): Checked<z.output<N[M]>>;
}

/** The checks of one protocol's tables (pass `{}` for a protocol without notifications). */
export function defineMethods<R extends RequestTable, N extends NotificationTable>(requests: R, notifications: N): MethodTable<R, N> {
  return {
    requests,
    notifications,
    isRequest: (method): method is Extract<keyof R, string> => Object.hasOwn(requests, method),
    isNotification: (method): method is Extract<keyof N, string> => Object.hasOwn(notifications, method),
    parseParams: <M extends keyof R>(method: M, raw: unknown) => checked(z.safeParse<R[M]['params']>(requests[method].params, raw ?? {})),
    parseResult: <M extends keyof R>(method: M, raw: unknown) => checked(z.safeParse<R[M]['result']>(requests[method].result, raw)),
    parseNotification: <M extends Extract<keyof N, string>>(method: M, raw: unknown) => checked(z.safeParse<N[M]>(notifications[method], raw ?? {})),
  };
}
