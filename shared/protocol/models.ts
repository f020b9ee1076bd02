// model/list: the models a front end offers in its picker, in Codex 0.169's shape.
import * as z from 'zod/mini';
import { opt } from './values.js';

export const modelListParams = z.object({
  /** List this configured provider's models instead of the default provider's. */
  modelProvider: opt(z.string()),
  cursor: opt(z.string()),
  limit: opt(z.number().check(z.int(), z.positive(), z.maximum(1000))),
  /** Include models hidden from the default picker. */
  includeHidden: opt(z.boolean()),
});

export const reasoningEffortOption = z.object({ reasoningEffort: z.string(), description: z.string() });

export const model = z.object({
  id: z.string(),
  model: z.string(),
  displayName: z.string(),
  description: z.string(),
  hidden: z.boolean(),
  supportedReasoningEfforts: z.array(reasoningEffortOption),
  defaultReasoningEffort: z.string(),
  inputModalities: z.array(z.enum(['text', 'image'])),
  isDefault: z.boolean(),
});

export const modelListResponse = z.object({ data: z.array(model), nextCursor: z.nullable(z.string()) });
