// The exec-server protocol (Codex 0.169's `codex exec-server`): every request
// with the schema of its params and result, and every notification the server
// sends. The server validates each request's params through this table; the
// client validates each result and notification, since the server may be
// Codex's own. Types are derived from the schemas (z.output), so a handler or
// a caller that drifts from the wire does not compile.
//
// Wire: JSON-RPC without the "jsonrpc" field, one message per websocket text
// frame or per line on stdio. Paths are file:// URIs (ours also accepts
// absolute paths; their meaning depends on the host, so they are resolved by
// the server, not here). Contents are base64.
//
// Imports nothing from Node, like the app-server's table (shared/protocol/), so
// it can join it in the shared room.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { defineMethods, describeIssues, type Issue } from '../../../shared/protocol/methodTable.js';

// Messages of fields without their own wording (results, notifications).
z.config(en());

// JSON-RPC's own error codes, as the app-server protocol defines them.
export {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_METHOD_NOT_FOUND,
  JSONRPC_PARSE_ERROR,
} from '../../../shared/protocol/types.js';
/** Codex's error code for a missing path (its client maps it to NotFound). */
export const FS_NOT_FOUND = -32004;

/** The one notification a client sends, after `initialize` succeeds. */
export const INITIALIZED_NOTIFICATION = 'initialized';

// Params carry their own messages: an error reads `invalid params: "argv" must be …`.
const opt = <T extends z.ZodMiniType>(t: T) => z.optional(z.nullable(t));
const nonEmptyString = (what = 'must be a non-empty string') => z.string({ error: what }).check(z.minLength(1, what));
const processId = nonEmptyString();
const count = opt(z.number({ error: 'must be a non-negative number' }).check(z.nonnegative('must be a non-negative number')));
const flag = opt(z.boolean({ error: 'must be a boolean' }));
/** A file:// URI or an absolute path (checked and converted by the server: host path rules). */
const wirePath = nonEmptyString('must be a file:// URI or an absolute path');
const stringMap = (what: string) => z.record(z.string(), z.string({ error: what }));
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64 = z.string({ error: 'must be a base64 string' });
/**
 * `sandbox` of process/start and fs/*: Codex's FileSystemSandboxContext
 * ({permissions, cwd, workspaceRoots, …}) or our SandboxPolicy ({mode, …});
 * absent or null = no sandbox. Which of the two is decided by `permissions`
 * (parseSandboxWire below), so an error names the field of the shape meant;
 * sandboxParam.ts then resolves its paths by the host's rules.
 */
const sandbox = opt(z.unknown());
const empty = z.object({});

export const outputStream = z.enum(['stdout', 'stderr', 'pty']);
/** Codex's names for a sandbox on the wire (its `SandboxType`, camelCase). */
export const wireSandboxType = z.enum(['none', 'macosSeatbelt', 'linuxSeccomp', 'windowsRestrictedToken']);
/** Codex 0.169 knows only `interrupt`; terminate and kill are ours. */
export const processSignal = z.enum(['interrupt', 'terminate', 'kill'], { error: 'must be one of interrupt, terminate, kill' });

export const environmentInfo = z.object({
  shell: z.object({ name: z.string(), path: z.string() }),
  /** file:// URI of the server's working directory. */
  cwd: opt(z.string()),
  platformOs: z.optional(z.string()),
  executorVersion: z.optional(z.string()),
  /** Codex 0.169 advertises its own feature names here; ours: process, tty, fs, http, sandbox. */
  capabilities: z.optional(z.record(z.string(), z.boolean())),
});

/** Codex's `envPolicy` (its [shell_environment_policy] on the wire): the server's own environment, filtered. */
const envPolicy = z.object({
  inherit: z._default(z.enum(['all', 'core', 'none'], { error: 'must be all, core or none' }), 'all'),
  ignoreDefaultExcludes: z._default(z.boolean({ error: 'must be a boolean' }), false),
  exclude: z._default(z.array(z.string({ error: 'must be a string' })), []),
  set: z._default(stringMap('must map names to strings'), {}),
  includeOnly: z._default(z.array(z.string({ error: 'must be a string' })), []),
});

export const outputChunk = z.object({ seq: z.number(), stream: outputStream, chunk: z.string() });

/** Follows symlinks for everything but isSymlink (as Codex does). */
export const fsMetadata = z.object({
  isDirectory: z.boolean(),
  isFile: z.boolean(),
  isSymlink: z.boolean(),
  size: z.number(),
  createdAtMs: z.number(),
  modifiedAtMs: z.number(),
});
export const fsDirectoryEntry = z.object({ fileName: z.string(), isDirectory: z.boolean(), isFile: z.boolean() });

// ------------------------------------------------------------- sandboxes

const objectOr = (what: string) => ({ error: (iss: { code: string }) => (iss.code === 'invalid_type' ? 'must be an object' : what) });

/** Our own SandboxPolicy, as other clients of ours may send it. */
export const ownSandboxPolicy = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('danger-full-access') }),
    z.object({ mode: z.literal('read-only') }),
    z.object({
      mode: z.literal('workspace-write'),
      /** Absolute paths (checked by the server: host path rules). */
      writableRoots: z._default(z.array(z.string({ error: 'must be absolute paths' }), { error: 'must be absolute paths' }), []),
      networkAccess: flag,
      excludeTmpdirEnvVar: flag,
      excludeSlashTmp: flag,
      /** The workspace the policy is relative to. */
      cwd: z.optional(wirePath),
    }),
  ],
  objectOr('must be read-only, workspace-write or danger-full-access'),
);

/** Codex's FileSystemPath: a concrete path, a glob, or a special token (`root`, `project_roots`, `tmpdir`…). */
const fileSystemPath = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('path'), path: wirePath }),
    z.object({ type: z.literal('glob_pattern'), pattern: z.string() }),
    // Unknown kinds stay representable (Codex keeps newer tokens so older runtimes can ignore them).
    z.object({ type: z.literal('special'), value: z.object({ kind: z.string({ error: 'must be a string' }), subpath: opt(z.string()) }) }),
  ],
  objectOr('must be path, glob_pattern or special'),
);

const fileSystemEntry = z.object({
  path: fileSystemPath,
  // `none` is Codex's legacy alias of deny.
  access: z.enum(['read', 'write', 'deny', 'none'], { error: 'must be read, write or deny' }),
  missing_path_behavior: z.optional(z.string()),
});

/** Codex's PermissionProfile: no sandbox (disabled, external) or a managed one. */
const permissionProfile = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('disabled') }),
    z.object({ type: z.literal('external') }),
    z.object({
      type: z.literal('managed'),
      file_system: z.discriminatedUnion(
        'type',
        [
          z.object({ type: z.literal('unrestricted') }),
          z.object({ type: z.literal('external_sandbox') }),
          z.object({ type: z.literal('restricted'), entries: z._default(z.array(fileSystemEntry), []) }),
        ],
        objectOr('must be restricted, unrestricted or external_sandbox'),
      ),
      /** `enabled` opens the network; anything else keeps it restricted. */
      network: opt(z.string()),
    }),
  ],
  objectOr('must be managed, disabled or external'),
);

/** Codex 0.169's FileSystemSandboxContext (fields we do not read pass unchecked). */
export const codexSandboxContext = z.looseObject({
  permissions: permissionProfile,
  cwd: opt(wirePath),
  workspaceRoots: z._default(z.array(wirePath), []),
  windowsSandboxLevel: z.optional(z.string()),
  useLegacyLandlock: z.optional(z.boolean()),
});

export type OwnSandboxPolicy = z.output<typeof ownSandboxPolicy>;
export type CodexSandboxContext = z.output<typeof codexSandboxContext>;
/** What a client sends as Codex's context (defaults not yet filled in). */
export type CodexSandboxContextInput = z.input<typeof codexSandboxContext>;
export type FileSystemEntry = z.output<typeof fileSystemEntry>;

export const execServerRequests = {
  initialize: {
    params: z.object({ clientName: z.string({ error: 'must be a string' }), resumeSessionId: opt(z.string({ error: 'must be a string' })) }),
    // Codex 0.169 sends environmentInfo here; later versions only from environment/info.
    result: z.object({ sessionId: z.string(), environmentInfo: z.optional(environmentInfo) }),
  },
  'environment/info': { params: empty, result: environmentInfo },
  'process/start': {
    params: z.object({
      /** Chosen by the client, unique in its session. */
      processId,
      argv: z
        .array(z.string({ error: 'must be a string' }), { error: 'must be a non-empty array of strings' })
        .check(z.refine((a) => a.length > 0 && a[0] !== '', 'must be a non-empty array of strings')),
      cwd: wirePath,
      /** Laid over the envPolicy's environment; Codex requires it, ours defaults to none. */
      env: z._default(stringMap('must be a string'), {}),
      envPolicy: opt(envPolicy),
      tty: z._default(z.boolean({ error: 'must be a boolean' }), false),
      pipeStdin: z._default(z.boolean({ error: 'must be a boolean' }), false),
      /** Codex's argv[0] override: accepted, not applied. */
      arg0: opt(z.string()),
      sandbox,
    }),
    result: z.object({ processId: z.string(), sandboxType: wireSandboxType }),
  },
  'process/read': {
    params: z.object({ processId, afterSeq: count, maxBytes: count, waitMs: count }),
    result: z.object({
      chunks: z.array(outputChunk),
      nextSeq: z.number(),
      exited: z.boolean(),
      exitCode: z.nullable(z.number()),
      closed: z.boolean(),
      /** Always null from ours (Codex reports spawn failures after start in it). */
      failure: opt(z.string()),
      /** Denial detection is not done by our server yet: always false. */
      sandboxDenied: z.optional(z.boolean()),
    }),
  },
  'process/write': {
    params: z.object({
      processId,
      chunk: base64,
      /** Codex 0.169 requires it; ours accepts and ignores it. */
      writeId: opt(z.string()),
      /** Ours: end stdin after this chunk (pipes: EOF; tty: ^D). */
      closeStdin: flag,
    }),
    result: z.object({ status: z.enum(['accepted', 'unknownProcess', 'stdinClosed', 'starting']) }),
  },
  'process/signal': { params: z.object({ processId, signal: processSignal }), result: empty },
  'process/terminate': { params: z.object({ processId }), result: z.object({ running: z.boolean() }) },
  'fs/readFile': { params: z.object({ path: wirePath, sandbox }), result: z.object({ dataBase64: z.string() }) },
  'fs/writeFile': {
    params: z.object({ path: wirePath, dataBase64: base64.check(z.regex(BASE64, 'is not valid base64')), sandbox }),
    result: empty,
  },
  'fs/createDirectory': {
    /** recursive: default true (as in Codex). */
    params: z.object({ path: wirePath, recursive: flag, sandbox }),
    result: empty,
  },
  'fs/getMetadata': { params: z.object({ path: wirePath, sandbox }), result: fsMetadata },
  'fs/canonicalize': { params: z.object({ path: wirePath, sandbox }), result: z.object({ path: z.string() }) },
  'fs/readDirectory': { params: z.object({ path: wirePath, sandbox }), result: z.object({ entries: z.array(fsDirectoryEntry) }) },
  'fs/remove': {
    /** recursive: default true; force (a missing path is not an error): default true. */
    params: z.object({ path: wirePath, recursive: flag, force: flag, sandbox }),
    result: empty,
  },
  'fs/copy': {
    params: z.object({
      sourcePath: wirePath,
      destinationPath: wirePath,
      /** Required; must be true to copy a directory. */
      recursive: z.boolean({ error: 'must be a boolean (it is required)' }),
      sandbox,
    }),
    result: empty,
  },
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;

/** What the server sends unasked; `seq` orders them with a process's output. */
export const execServerNotifications = {
  'process/output': z.object({ processId: z.string(), seq: z.number(), stream: outputStream, chunk: z.string() }),
  'process/exited': z.object({ processId: z.string(), seq: z.number(), exitCode: z.nullable(z.number()), sandboxDenied: z.optional(z.boolean()) }),
  'process/closed': z.object({ processId: z.string(), seq: z.number() }),
} satisfies Record<string, z.ZodMiniType>;

const notification = z.discriminatedUnion('method', [
  z.object({ method: z.literal('process/output'), params: execServerNotifications['process/output'] }),
  z.object({ method: z.literal('process/exited'), params: execServerNotifications['process/exited'] }),
  z.object({ method: z.literal('process/closed'), params: execServerNotifications['process/closed'] }),
]);

export type ExecServerMethod = keyof typeof execServerRequests;
export type FsMethod = Extract<ExecServerMethod, `fs/${string}`>;
/** What a client sends for `M` (before defaults are filled in). */
export type ExecServerInput<M extends ExecServerMethod> = z.input<(typeof execServerRequests)[M]['params']>;
/** What the server's handler of `M` receives. */
export type ExecServerParams<M extends ExecServerMethod> = z.output<(typeof execServerRequests)[M]['params']>;
/** What `M` answers. */
export type ExecServerResult<M extends ExecServerMethod> = z.output<(typeof execServerRequests)[M]['result']>;
export type ExecServerNotificationMethod = keyof typeof execServerNotifications;
export type ExecServerNotificationParams<M extends ExecServerNotificationMethod> = z.output<(typeof execServerNotifications)[M]>;
/** A notification as the client receives it, narrowed by its method. */
export type ExecServerNotification = z.output<typeof notification>;

export type OutputStreamName = z.output<typeof outputStream>;
export type WireSandboxType = z.output<typeof wireSandboxType>;
export type ProcessSignalName = z.output<typeof processSignal>;
export type ProcessWriteStatus = ExecServerResult<'process/write'>['status'];
export type EnvironmentInfo = z.output<typeof environmentInfo>;
export type FsMetadata = z.output<typeof fsMetadata>;
export type FsDirectoryEntry = z.output<typeof fsDirectoryEntry>;

/** The exec-server's tables with their checks (the engine validates through these). */
export const execServerMethods = defineMethods(execServerRequests, execServerNotifications);

/** A message that does not match the table; `message` names the method and the bad fields. */
export class ExecServerProtocolError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExecServerProtocolError';
  }
}

/** `"argv" must be …; "env.HOME" must be a string` (a bad whole value has no name). */
export function describeExecServerIssues(issues: readonly Issue[]): string {
  return describeIssues(issues, { quoteFields: true });
}

export function isExecServerMethod(method: string): method is ExecServerMethod {
  return execServerMethods.isRequest(method);
}

/** The params of a request to `method` (absent or null = {}); throws ExecServerProtocolError (`invalid params: …`). */
export function parseExecServerParams<M extends ExecServerMethod>(method: M, raw: unknown): ExecServerParams<M> {
  const checked = execServerMethods.parseParams(method, raw);
  if (!checked.ok) throw new ExecServerProtocolError(method, `invalid params: ${describeExecServerIssues(checked.issues)}`);
  return checked.value;
}

/** The result of `method` as a server answered it; throws ExecServerProtocolError naming the bad fields. */
export function parseExecServerResult<M extends ExecServerMethod>(method: M, raw: unknown): ExecServerResult<M> {
  const checked = execServerMethods.parseResult(method, raw);
  if (!checked.ok) throw new ExecServerProtocolError(method, `exec-server sent an invalid ${method} result: ${describeExecServerIssues(checked.issues)}`);
  return checked.value;
}

/**
 * A request's `sandbox`: Codex's context when it has `permissions`, else our
 * policy; undefined when absent or null (no sandbox). Throws
 * ExecServerProtocolError (`invalid params: "sandbox.mode" must be …`).
 */
export function parseSandboxWire(
  method: string,
  raw: unknown,
): { kind: 'codex'; context: CodexSandboxContext } | { kind: 'own'; policy: OwnSandboxPolicy } | undefined {
  if (raw === undefined || raw === null) return undefined;
  const isCodex = typeof raw === 'object' && 'permissions' in raw;
  const result = isCodex ? z.safeParse(codexSandboxContext, raw) : z.safeParse(ownSandboxPolicy, raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ ...i, path: ['sandbox', ...i.path] }));
    throw new ExecServerProtocolError(method, `invalid params: ${describeExecServerIssues(issues)}`);
  }
  return 'permissions' in result.data ? { kind: 'codex', context: result.data } : { kind: 'own', policy: result.data };
}

/** A notification from the server, or undefined when its method is unknown or its params do not match. */
export function parseExecServerNotification(method: string, raw: unknown): ExecServerNotification | undefined {
  const result = z.safeParse(notification, { method, params: raw });
  return result.success ? result.data : undefined;
}
