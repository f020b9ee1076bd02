// Ours, not Codex's: the desktop review pane's "Draft with agent" for its
// commit box. Listed as a deliberate addition in tests/support/codexSchemaDifferences.ts.
import * as z from 'zod/mini';

export const commitDraftRequests = {
  /** A commit message for the staged diff (or every uncommitted change when nothing is staged), from one model request without tools. */
  'review/draftCommitMessage': {
    params: z.object({ threadId: z.string() }),
    result: z.object({
      message: z.string(),
      /** What the message describes. */
      source: z.enum(['staged', 'uncommitted']),
    }),
  },
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;
