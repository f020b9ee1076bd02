/*
 * gitscan: every `.git` beneath some directories, at any depth, without
 * reading every directory again on every command.
 *
 * A nested repository's `.git` holds config and hooks that git runs outside
 * the sandbox, so each one must be mounted read-only. Walking a large tree
 * (node_modules...) costs about a second per 50,000 directories; with a cache
 * file the walk only stats each known directory and reads again those whose
 * entries may have changed (see gitscan.c for why that is sound).
 */
#ifndef CODEX_GITSCAN_H
#define CODEX_GITSCAN_H

#include <stddef.h>

/* Calls found(ctx, path) for every entry named `.git` beneath each of dirs
 * (canonical absolute paths). cache_file may be NULL (no cache); an unreadable
 * or malformed cache is ignored and replaced. Dies (exit 1) rather than
 * return a partial answer when a directory cannot be opened for lack of file
 * descriptors. */
void gitscan(char *const *dirs, size_t ndirs, const char *cache_file, void (*found)(void *ctx, const char *path),
             void *ctx);

#endif
