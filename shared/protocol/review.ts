// Code review on the wire: Codex 0.169's `review/start` (targets, delivery,
// response) and its reviewer's output format (ReviewOutputEvent, the JSON the
// model is told to answer with), carried on the exitedReviewMode item.
import * as z from 'zod/mini';
import { opt } from './values.js';

/** What to review, as Codex's ReviewTarget. */
export const reviewTarget = z.discriminatedUnion('type', [
  /** Staged, unstaged and untracked changes of the thread's cwd. */
  z.object({ type: z.literal('uncommittedChanges') }),
  /** The current branch against `branch` (from their merge-base). */
  z.object({ type: z.literal('baseBranch'), branch: z.string().check(z.minLength(1)) }),
  /** The changes one commit introduced; `title` only labels it. */
  z.object({ type: z.literal('commit'), sha: z.string().check(z.minLength(1)), title: opt(z.string()) }),
  /** Free-form review instructions. */
  z.object({ type: z.literal('custom'), instructions: z.string() }),
]);

/**
 * Codex 0.169 reviews inline on the given thread only ("to review on a separate
 * thread, start a thread first and use its id").
 */
export const reviewDelivery = z.enum(['inline']);

/** One finding, in the reviewer's output format (snake_case, as the model writes it). */
export const reviewFinding = z.object({
  title: z.string(),
  body: z.string(),
  confidence_score: z.number(),
  /** 0 (P0, blocking) … 3 (P3, nice to have); absent or null when the reviewer could not tell. */
  priority: opt(z.number()),
  code_location: z.object({
    absolute_file_path: z.string(),
    line_range: z.object({ start: z.number(), end: z.number() }),
  }),
});

/** The reviewer's whole answer (Codex's ReviewOutputEvent). */
export const reviewOutputEvent = z.object({
  findings: z._default(z.array(reviewFinding), []),
  overall_correctness: z._default(z.string(), ''),
  overall_explanation: z._default(z.string(), ''),
  overall_confidence_score: z._default(z.number(), 0),
});
