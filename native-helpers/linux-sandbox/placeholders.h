/*
 * Placeholders for protected names that do not exist yet (a missing .git,
 * .codex or .agents in a writable root): see placeholders.c.
 */
#ifndef CODEX_SANDBOX_PLACEHOLDERS_H
#define CODEX_SANDBOX_PLACEHOLDERS_H

#include <stddef.h>

struct placeholders {
    char **paths;
    int *fds; /* each held with a shared flock while the sandbox runs */
    size_t len;
};

/* For each missing path in `paths` (whose directory exists), creates or
 * adopts an empty mode-0500 directory there, so that a read-only mount can
 * cover the name. Paths that exist otherwise are left alone. */
void placeholders_create(char *const *paths, size_t n, struct placeholders *out);

/* Unmounts and removes the placeholders no other sandbox still uses. */
void placeholders_remove(struct placeholders *p);

#endif
