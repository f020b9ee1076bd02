// The Responses API's hosted `web_search` tool, as Codex 0.169 offers it: the
// mode comes from `web_search = "live" | "cached" | "disabled"` (the deprecated
// `[features] web_search_request` / `web_search_cached` switches still work,
// with Codex's deprecation notice; `codex --search` is `web_search="live"`),
// default "cached". OSS providers and Chat Completions have no hosted search,
// so it is off for them unless asked for. The model's `web_search_call` output
// items become Codex's `webSearch` thread items.
import type { ThreadItem } from '../../../shared/protocol/types.js';
import type { HostedToolSpec } from '../model/types.js';

export type WebSearchMode = 'live' | 'cached' | 'disabled';
export const WEB_SEARCH_MODES: readonly WebSearchMode[] = ['live', 'cached', 'disabled'];

/** Providers that serve no hosted tools (local models). */
const OSS_PROVIDERS = new Set(['ollama', 'lmstudio']);

export function resolveWebSearchMode(opts: {
  configured: WebSearchMode | undefined;
  features: Record<string, boolean>;
  providerId: string;
  wireApi: string;
  warnings: string[];
  /** Where a feature switch was set (the file or `-c` flag), to name it in the notice. */
  originOf: (feature: string) => string;
}): WebSearchMode {
  const { features, warnings } = opts;
  for (const name of ['web_search_request', 'web_search_cached'] as const) {
    if (name in features) warnings.push(`${opts.originOf(name)}: \`[features].${name}\` is deprecated because web search is enabled by default.`);
  }
  if (opts.configured) return opts.configured;
  if (features.web_search_request) return 'live';
  if (features.web_search_cached) return 'cached';
  if (opts.wireApi === 'chat' || OSS_PROVIDERS.has(opts.providerId)) return 'disabled';
  return 'cached';
}

/** The tool entry Codex sends (none when disabled): live reaches the web, cached answers from OpenAI's index only. */
export function webSearchTools(mode: WebSearchMode): HostedToolSpec[] {
  if (mode === 'disabled') return [];
  return [{ type: 'web_search', external_web_access: mode === 'live', search_content_types: ['text', 'image'] }];
}

type WebSearchItem = Extract<ThreadItem, { type: 'webSearch' }>;
type Action = NonNullable<WebSearchItem['action']>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A `web_search_call` output item as the thread item clients show (Codex's mapping: query = the action's detail). */
export function webSearchItem(raw: { id?: unknown; action?: unknown }, fallbackId: string): WebSearchItem {
  const action = webSearchAction(raw.action);
  return { type: 'webSearch', id: str(raw.id) ?? fallbackId, query: action ? actionDetail(action) : '', action };
}

function webSearchAction(v: unknown): Action | null {
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  switch (a.type) {
    case 'search':
      return { type: 'search', query: str(a.query), queries: Array.isArray(a.queries) ? a.queries.filter((q): q is string => typeof q === 'string') : null };
    case 'open_page':
      return { type: 'openPage', url: str(a.url) };
    case 'find_in_page':
      return { type: 'findInPage', url: str(a.url), pattern: str(a.pattern) };
    default:
      return { type: 'other' };
  }
}

/** What was searched, in Codex's words: the query (first of several + " ..."), the page opened, or "'pattern' in url". */
export function actionDetail(a: Action): string {
  switch (a.type) {
    case 'search': {
      if (a.query) return a.query;
      const first = a.queries?.[0] ?? '';
      return (a.queries?.length ?? 0) > 1 && first ? `${first} ...` : first;
    }
    case 'openPage':
      return a.url ?? '';
    case 'findInPage':
      return a.pattern && a.url ? `'${a.pattern}' in ${a.url}` : a.pattern ? `'${a.pattern}'` : (a.url ?? '');
    default:
      return '';
  }
}

/** An output item of type `web_search_call` (passed through by the SSE reader, outside ResponseItem's union). */
export function isWebSearchCall(item: { type: string }): item is { type: string; id?: string; action?: unknown } {
  return item.type === 'web_search_call';
}
