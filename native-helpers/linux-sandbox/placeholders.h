/*
 * Placeholders for protected names that do not exist yet (a missing .git,
 * .codex or .agents in a writable root): see placeholders.c.
 */
#ifndef CODEX_SANDBOX_PLACEHOLDERS_H
#define CODEX_SANDBOX_PLACEHOLDERS_H

#include <stddef.h>
#include <sys/stat.h>

struct placeholder {
    const char *path;
    size_t index; /* of `path` in the list given to placeholders_create */
    int fd;       /* held with a shared flock while the sandbox runs */
    dev_t dev;
    ino_t ino;
};

struct placeholders {
    struct placeholder *items;
    size_t len;
};

/* Whether `path` would get a placeholder: it is missing, or already is one
 * (left by another run). */
int placeholder_wanted(const char *path);

/* For each missing path in `paths` (whose directory exists), creates or
 * adopts an empty mode-0500 directory there, so that a read-only mount can
 * cover the name. Paths that exist otherwise are left alone. */
void placeholders_create(char *const *paths, size_t n, struct placeholders *out);

/* Unmounts and removes the placeholders no other sandbox still uses. */
void placeholders_remove(struct placeholders *p);

/* Closes this process's descriptors of the placeholders without removing
 * them (a forked child that must not hold their locks). */
void placeholders_release(struct placeholders *p);

/* Removes the placeholder at `path` on behalf of a run that can no longer
 * do it, if it still is one (an empty directory of mode 0500; with
 * `expected`, that very directory) and no other run uses it. Waits up to
 * `patience_ms` for a lock still held by the dying run's processes. */
void placeholder_remove_stale(const char *path, const struct stat *expected, int patience_ms);

#endif
