/*
 * The placeholder janitor: a small process outside the sandbox's namespaces
 * that removes a run's placeholders when the helper dies without doing it
 * itself (SIGKILL of its process group, death of its parent). See janitor.c.
 */
#ifndef CODEX_SANDBOX_JANITOR_H
#define CODEX_SANDBOX_JANITOR_H

#include <stddef.h>

#include "placeholders.h"

/* Starts the janitor for those of `paths` that may get a placeholder (the
 * strings must stay allocated). Call before entering any namespace, once.
 * Returns the descriptor to report to, or -1 when no janitor is needed or
 * none could be started (the placeholders are then removed only by the
 * helper, or by a later run). */
int janitor_start(char *const *paths, size_t n);

/* Tells the janitor which placeholders this run claimed (after
 * placeholders_create). */
void janitor_report_claims(int janitor, const struct placeholders *p);

/* Tells the janitor there is nothing left for it to do, and lets it go. */
void janitor_dismiss(int janitor);

#endif
