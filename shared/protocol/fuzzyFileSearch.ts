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
