// skills/list in Codex 0.169's shape: the skills each working directory sees.
import * as z from 'zod/mini';

export const skillsListParams = z.object({
  /** When empty, the server's working directory. */
  cwds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(4096))).check(z.maxLength(64))),
  /** Skills are read from disk at every call; accepted for Codex clients. */
  forceReload: z.optional(z.boolean()),
});

export const skillScope = z.enum(['user', 'repo', 'system', 'admin']);

export const skillMetadata = z.object({
  name: z.string(),
  description: z.string(),
  shortDescription: z.optional(z.nullable(z.string())),
  path: z.string(),
  scope: skillScope,
  enabled: z.boolean(),
});

export const skillsListResponse = z.object({
  data: z.array(z.object({ cwd: z.string(), skills: z.array(skillMetadata), errors: z.array(z.object({ path: z.string(), message: z.string() })) })),
});

/**
 * skills/config/write: enable or disable one skill, chosen by its SKILL.md path
 * or by name (exactly one; the server checks which, as Codex does).
 */
export const skillsConfigWriteParams = z.object({
  enabled: z.boolean(),
  name: z.optional(z.nullable(z.string().check(z.maxLength(1024)))),
  path: z.optional(z.nullable(z.string().check(z.maxLength(4096)))),
});

export const skillsConfigWriteResponse = z.object({ effectiveEnabled: z.boolean() });
