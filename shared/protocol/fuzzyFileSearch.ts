// Codex 0.169's `fuzzyFileSearch` (the `@` file picker): matches over the
// files of the given roots, in Codex's snake_case result fields.
import * as z from 'zod/mini';
import { opt } from './values.js';

export const fuzzyFileSearchParams = z.object({
  query: z.string(),
  /** Folders searched (absolute); paths in the answer are relative to their root. */
  roots: z.array(z.string()),
  /** A later search with the same token cancels this one, which then answers no files. */
  cancellationToken: opt(z.string()),
});

export const fuzzyFileSearchResult = z.object({
  root: z.string(),
  path: z.string(),
  match_type: z.enum(['file', 'directory']),
  file_name: z.string(),
  score: z.number(),
  /** Matched character positions in `path`, ascending. */
  indices: z.nullable(z.array(z.number())),
});

export const fuzzyFileSearchResponse = z.object({ files: z.array(fuzzyFileSearchResult) });

// Search sessions (Codex 0.169's experimental API, as a picker uses it): start
// one per picker with its roots, send each keystroke's query as an update,
// and get the matches as `fuzzyFileSearch/sessionUpdated` notifications; a
// newer query supersedes a running one.
export const fuzzyFileSearchSessionStartParams = z.object({ sessionId: z.string(), roots: z.array(z.string()) });
export const fuzzyFileSearchSessionUpdateParams = z.object({ sessionId: z.string(), query: z.string() });
export const fuzzyFileSearchSessionStopParams = z.object({ sessionId: z.string() });
export const fuzzyFileSearchSessionUpdatedNotification = z.object({ sessionId: z.string(), query: z.string(), files: z.array(fuzzyFileSearchResult) });
/** Sent once the matches of the session's latest query are all in. */
export const fuzzyFileSearchSessionCompletedNotification = z.object({ sessionId: z.string() });
