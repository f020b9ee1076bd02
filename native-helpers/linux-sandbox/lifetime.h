/*
 * Lifetime of the command: it and everything it starts die with the helper
 * (and so with the app that started the helper), and everything it leaves
 * behind dies when it exits. See lifetime.c.
 */
#ifndef CODEX_SANDBOX_LIFETIME_H
#define CODEX_SANDBOX_LIFETIME_H

#include <sys/types.h>

/* Called first in main: die (SIGKILL) when the parent dies. */
/* Registers a function the monitor runs after the command ended and before
 * it exits (not when it is SIGKILLed). */
void lifetime_at_exit(void (*fn)(void *arg), void *arg);

void lifetime_bind_to_parent(void);

/* Runs in a fresh child that should apply its confinement and return;
 * `arg` is passed through. */
typedef void (*lifetime_setup_fn)(void *arg);

/*
 * Namespace mode: the caller has unshared CLONE_NEWPID (and a mount
 * namespace). Forks the namespace's init, which runs `setup` (mounts /proc,
 * applies the sandbox), then forks and execs `command` and supervises it.
 * The calling process stays outside as the monitor and never returns: it
 * exits (or dies) the way the command did.
 */
void lifetime_run_in_pid_namespace(char **command, lifetime_setup_fn setup, void *arg) __attribute__((noreturn));

/*
 * Reaper mode, for when no PID namespace may be created (full access, or a
 * kernel/container that allows no namespaces): a subreaper child supervises
 * the command and SIGKILLs every descendant when the command exits or the
 * monitor dies. `setup` runs in the command's own process just before exec.
 */
void lifetime_run_with_reaper(char **command, lifetime_setup_fn setup, void *arg) __attribute__((noreturn));

#endif
