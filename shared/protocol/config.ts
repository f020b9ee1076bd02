// Schemas of Codex's config/read, config/value/write and config/batchWrite.
import * as z from 'zod/mini';
import { jsonValue, mergeStrategy, opt } from './values.js';

/** replace: the key holds exactly `value` (null removes it); upsert: a table value is merged into the table. */
export const configEdit = z.object({
  /** Dotted TOML key path, e.g. `model` or `sandbox_workspace_write.network_access`. */
  keyPath: z.string().check(z.minLength(1), z.maxLength(500)),
  value: jsonValue,
  mergeStrategy,
});

export const configLayerSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), file: z.string(), profile: z.nullable(z.string()) }),
  /** A project's `.codex/` folder (its config.toml), between the project root and cwd. */
  z.object({ type: z.literal('project'), dotCodexFolder: z.string() }),
  z.object({ type: z.literal('sessionFlags') }),
]);
export const configLayerMetadata = z.object({ name: configLayerSource, version: z.string() });
export const configLayer = z.object({
  name: configLayerSource,
  version: z.string(),
  config: jsonValue,
  disabledReason: z.nullable(z.string()),
});

export const configReadParams = z.object({ includeLayers: z.optional(z.boolean()), cwd: opt(z.string()) });
export const configReadResponse = z.object({
  /** Effective settings (snake_case keys as in config.toml). */
  config: z.record(z.string(), jsonValue),
  /** Dotted key → the layer that set it. */
  origins: z.record(z.string(), configLayerMetadata),
  layers: z.nullable(z.array(configLayer)),
});

export const configValueWriteParams = z.object({
  ...configEdit.shape,
  /** Only the user's config.toml may be written; null or omitted means that file. */
  filePath: opt(z.string()),
  /** The version from config/read; the write fails when the file changed since. */
  expectedVersion: opt(z.string()),
});
export const configBatchWriteParams = z.object({
  edits: z.array(configEdit).check(z.minLength(1), z.maxLength(100)),
  filePath: opt(z.string()),
  expectedVersion: opt(z.string()),
  reloadUserConfig: z.optional(z.boolean()),
});
export const configWriteResponse = z.object({
  status: z.enum(['ok', 'okOverridden']),
  version: z.string(),
  filePath: z.string(),
  overriddenMetadata: z.nullable(z.object({ message: z.string(), overridingLayer: configLayerMetadata, effectiveValue: jsonValue })),
});
