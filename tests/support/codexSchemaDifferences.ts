// Every known difference between our app-server protocol and Codex 0.169's own
// schema (`codex app-server generate-json-schema`), in one place. The
// conformance test (tests/protocolConformance.test.ts) fails on any mismatch
// not listed here, and on any listed location that no longer occurs, so this
// list is exactly what remains to fix or what we keep on purpose.

/**
 * Where a difference shows:
 *  - `response` / `notification` / `serverRequest`: what our server sends fails
 *    Codex's schema for that method at `path` (a JSON pointer into result or
 *    params; `*` stands for one segment, e.g. an array index);
 *  - `envelope`: the JSON-RPC message around it fails Codex's JSONRPC* schema;
 *  - `requestRejected`: a request valid per Codex's schema fails our parser
 *    (`parseClientRequest`) at `path`;
 *  - `requestIgnored`: our parser accepts a field Codex's clients send but
 *    drops it, so the server never sees it;
 *  - `replyRejected` / `replyIgnored`: the same for a client's reply to one of
 *    our server requests (`method` is the request's).
 * `message`, when given, must occur in the mismatch's message.
 */
export interface DifferenceLocation {
  where: 'response' | 'notification' | 'serverRequest' | 'envelope' | 'requestRejected' | 'requestIgnored' | 'replyRejected' | 'replyIgnored';
  method: string;
  path: string;
  message?: string;
}

export interface SchemaDifference {
  /** What differs, in one line. */
  what: string;
  /** Why it is so. */
  why: string;
  /**
   * `fix`: a drift in something both sides have, to remove;
   * `unsupported`: a Codex feature we do not have (yet), handled safely;
   * `ours`: a deliberate extension of ours.
   */
  status: 'fix' | 'unsupported' | 'ours';
  where: DifferenceLocation[];
}

export const CODEX_SCHEMA_DIFFERENCES: SchemaDifference[] = [
  // ---------- what our server sends ----------

  // ---------- requests Codex clients send ----------
  {
    what: 'turn/start and turn/steer: input kinds audio, localAudio, skill and mention, and images by fileId, are rejected; image detail is dropped',
    why: 'Not implemented: no audio, skills, mentions or uploaded files; images are sent with the default detail. Rejected with a clear error rather than half-done.',
    status: 'unsupported',
    where: [
      { where: 'requestRejected', method: 'turn/start', path: '/input/*/type' },
      { where: 'requestRejected', method: 'turn/start', path: '/input/*/url' },
      { where: 'requestIgnored', method: 'turn/start', path: '/input/*/detail' },
      { where: 'requestRejected', method: 'turn/steer', path: '/input/*/type' },
      { where: 'requestRejected', method: 'turn/steer', path: '/input/*/url' },
      { where: 'requestIgnored', method: 'turn/steer', path: '/input/*/detail' },
    ],
  },
  {
    what: 'account/login/start: the chatgptAuthTokens, amazonBedrock and amazonBedrockAccessKeys login types are rejected',
    why: 'Not implemented: Codex marks them internal or experimental (host-supplied ChatGPT tokens, Bedrock credentials); an invalid-params error says which types we take.',
    status: 'unsupported',
    where: [{ where: 'requestRejected', method: 'account/login/start', path: '/type' }],
  },
  {
    what: 'turn/start: sandboxPolicy externalSandbox is rejected',
    why: 'Not implemented: "the process is already sandboxed outside Codex" has no equivalent in ours; refusing is safer than running unsandboxed.',
    status: 'unsupported',
    where: [{ where: 'requestRejected', method: 'turn/start', path: '/sandboxPolicy/type' }],
  },
  {
    what: 'Request fields for Codex features we do not have are accepted and ignored',
    why: 'Not implemented: client capabilities, auto-review (approvalsReviewer), personalities, service tiers, plugins, subagent turn trees, dynamic tool output, thread sections, sorting and source filters in thread/list, and resume- and fork-time overrides of provider and instructions. Ignoring them keeps Codex clients working.',
    status: 'unsupported',
    where: [
      { where: 'requestIgnored', method: 'initialize', path: '/capabilities' },
      ...['approvalsReviewer', 'personality', 'serviceName', 'serviceTier', 'sessionStartSource', 'threadSource'].map((f): DifferenceLocation => ({
        where: 'requestIgnored',
        method: 'thread/start',
        path: `/${f}`,
      })),
      ...['approvalsReviewer', 'baseInstructions', 'developerInstructions', 'excludeTurns', 'modelProvider', 'personality', 'serviceTier'].map(
        (f): DifferenceLocation => ({ where: 'requestIgnored', method: 'thread/resume', path: `/${f}` }),
      ),
      ...[
        'approvalsReviewer',
        'disabledPluginIds',
        'parentTurnId',
        'personality',
        'rootTurnId',
        'serviceTier',
        'serviceTierForTurn',
        'toolOutput',
        'turnTrigger',
      ].map((f): DifferenceLocation => ({ where: 'requestIgnored', method: 'turn/start', path: `/${f}` })),
      ...['approvalsReviewer', 'baseInstructions', 'developerInstructions', 'modelProvider', 'serviceTier', 'threadSource'].map((f): DifferenceLocation => ({
        where: 'requestIgnored',
        method: 'thread/fork',
        path: `/${f}`,
      })),
      ...['currentAccountOnly', 'excludedThreadIds', 'originators', 'sectionId', 'sortDirection', 'sortKey', 'sourceKinds', 'useStateDbOnly'].map(
        (f): DifferenceLocation => ({ where: 'requestIgnored', method: 'thread/list', path: `/${f}` }),
      ),
    ],
  },
  {
    what: 'Worktree threads and local environments: worktree/list, worktree/cleanupCandidates, worktree/branches, worktree/remove, worktree/handoff, environment/read, environment/action/run and environment/action/terminate are our methods (and thread/start takes our `worktree` field)',
    why: "Deliberate additions: Codex 0.169's app-server has no worktree methods (the Codex app makes worktrees itself and starts threads in them by cwd). Ours serve the desktop and any client: one thread per worktree across processes, removal that names what it would lose, Handoff that refuses instead of losing work (main/core/server/worktreeThreads.ts).",
    status: 'ours',
    where: [
      'worktree/list',
      'worktree/cleanupCandidates',
      'worktree/branches',
      'worktree/remove',
      'worktree/handoff',
      'environment/read',
      'environment/action/run',
      'environment/action/terminate',
    ].map((method): DifferenceLocation => ({ where: 'requestRejected', method, path: '', message: 'not a Codex 0.169 client request method' })),
  },

  {
    what: 'review/diff, review/fileDiff, review/stage, review/unstage, review/revert, review/undoRevert, review/comments, review/commit, review/push and review/pullRequest are our methods',
    why: 'Deliberate: the desktop review pane (diff of uncommitted / branch / last turn, listed lazily with hunks loaded per file as they come on screen, per-file and per-hunk stage / unstage / revert with undo, line comments as a follow-up turn, commit of what is staged, push of the branch and a pull request through gh); Codex 0.169 has no protocol for its Review pane.',
    status: 'ours',
    where: [
      'review/diff',
      'review/fileDiff',
      'review/stage',
      'review/unstage',
      'review/revert',
      'review/undoRevert',
      'review/comments',
      'review/commit',
      'review/push',
      'review/pullRequest',
    ].map((method): DifferenceLocation => ({ where: 'requestRejected', method, path: '', message: 'not a Codex 0.169 client request method' })),
  },

  {
    what: 'review/draftCommitMessage is our method',
    why: 'Deliberate: the review pane\'s "Draft with agent" (a commit message for the staged or uncommitted diff from one model request); Codex 0.169 has no protocol for its Review pane.',
    status: 'ours',
    where: [{ where: 'requestRejected', method: 'review/draftCommitMessage', path: '', message: 'not a Codex 0.169 client request method' }],
  },

  {
    what: "fuzzyFileSearch/sessionStart, sessionUpdate and sessionStop (the @ picker's search sessions) are not in the stable schema",
    why: "Codex 0.169 has them, with these names and shapes, in its experimental API only (`generate-json-schema --experimental`); ours serve them to every client so a picker's keystrokes on a big tree never wait behind stale ones (main/core/server/fuzzyFileSearchSessions.ts).",
    status: 'ours',
    where: ['fuzzyFileSearch/sessionStart', 'fuzzyFileSearch/sessionUpdate', 'fuzzyFileSearch/sessionStop'].map((method): DifferenceLocation => ({
      where: 'requestRejected',
      method,
      path: '',
      message: 'not a Codex 0.169 client request method',
    })),
  },

  // ---------- replies of Codex clients to our server requests ----------
  {
    what: 'mcpServer/elicitation/request replies: _meta must be an object (or null) in ours; Codex takes any JSON value',
    why: 'Deliberate: only an object can carry `persist`, and a reply we cannot read counts as no approval.',
    status: 'ours',
    where: [{ where: 'replyRejected', method: 'mcpServer/elicitation/request', path: '/_meta' }],
  },
];

// Not checked by the test, for lack of a parser to call: replies to
// item/commandExecution/requestApproval are read by the core as they come
// (main/core/tools/execTool.ts), and only "accept" / "acceptForSession" run the
// command. Codex's object decisions {acceptWithExecpolicyAmendment} and
// {applyNetworkPolicyAmendment} therefore count as a decline: safe, but a
// Codex client approving with an amendment is refused (status: fix).
//
// Codex's `command` in CommandExecutionRequestApprovalParams is `string | null`
// (null for non-command reviews such as network access); ours always sends the
// command string, which Codex's schema accepts, so it shows in neither
// direction.
