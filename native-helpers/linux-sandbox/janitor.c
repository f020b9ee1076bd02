/*
 * A SIGKILLed helper cannot remove its placeholders, and SIGKILL is routine:
 * the app kills the helper's process group at every interrupt, turn end and
 * timeout, and PR_SET_PDEATHSIG kills the helper when the app dies. A left
 * behind `/tmp/.git` makes tools that look for `.git` take /tmp for a
 * repository. So, before creating any placeholder, the helper forks a
 * janitor:
 *
 *   - outside the namespaces (forked before unshare): in the host's mount
 *     namespace the placeholder is not a mount point, so it can be removed
 *     while the sandbox's namespace is still being torn down;
 *   - in its own session (setsid): a SIGKILL sent to the helper's process
 *     group does not reach it; no parent-death signal (fork clears it);
 *   - holding nothing of the app's: stdio on /dev/null, every other
 *     descriptor closed, cwd /, so the app's pipes and terminal close when
 *     the helper's do.
 *
 * It holds one end of a seqpacket socket pair whose other end only the
 * monitor keeps (close-on-exec, and closed by the supervisor right after
 * fork), and a pidfd of the helper. The helper reports the placeholders it
 * claimed (path index, device, inode). When the helper is done it says so
 * and the janitor exits without touching anything. When the socket reports
 * EOF without that, the helper died: the janitor waits for the pidfd (the
 * helper's descriptors, and so its locks, are released by then), then
 * removes each claimed placeholder that is still that very directory,
 * empty, of mode 0500 and not locked by another run (placeholders.c's
 * sharing rule), and exits. If the helper died before reporting, it applies
 * the rule every run applies when it adopts a placeholder: an empty mode-0500
 * directory at a protected name nobody holds is removed.
 *
 * Cost per command: one fork (about 0.1 ms for this static binary) and a few
 * syscalls; the janitor sleeps in recv() meanwhile.
 */
#define _GNU_SOURCE
#include "janitor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_close_range
#define __NR_close_range 436
#endif

/* How long a janitor waits for a placeholder lock still held by a dying
 * process of its own run (the supervisor, if killed before it let go). A
 * lock held by a concurrent run is never released in time: it keeps its
 * placeholder, and removes it itself. */
#define LOCK_PATIENCE_MS 200

enum { REPORT_CLAIMED = 1, REPORT_CLAIMS_DONE = 2, REPORT_DISMISSED = 3 };

struct report {
    uint32_t kind;
    uint32_t index;
    uint64_t dev;
    uint64_t ino;
};

/* What `ps` and /proc/PID/cmdline show: no longer the helper's argv (which
 * names the command), but what this process is and whose. */
static void retitle(char **argv, int argc, pid_t helper)
{
    if (argc < 1)
        return;
    char *start = argv[0];
    char *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    size_t room = (size_t)(end - start);
    memset(start, 0, room);
    snprintf(start, room, "codex-linux-sandbox: placeholder janitor of %d", (int)helper);
    prctl(PR_SET_NAME, "sandbox-janitor", 0, 0, 0);
}

/* Only the report socket (fd 3) and the helper's pidfd (fd 4, or none). */
static int detach_descriptors(int sock, int pidfd)
{
    int null = open("/dev/null", O_RDWR);
    if (null < 0)
        return -1;
    for (int fd = 0; fd <= 2; fd++)
        if (null != fd && dup2(null, fd) != fd)
            return -1;
    if (sock != 3 && dup3(sock, 3, O_CLOEXEC) != 3)
        return -1;
    if (pidfd >= 0 && pidfd != 4 && dup3(pidfd, 4, O_CLOEXEC) != 4)
        return -1;
    syscall(__NR_close_range, pidfd >= 0 ? 5 : 4, ~0U, 0);
    return 0;
}

/* `paths` are the run's protected paths (n of them), `wanted` the indices of
 * those that may get a placeholder. */
static void janitor_main(int sock, int pidfd, char *const *paths, size_t n, const size_t *wanted, size_t n_wanted,
                         char **argv, int argc, pid_t helper) __attribute__((noreturn));
static void janitor_main(int sock, int pidfd, char *const *paths, size_t n, const size_t *wanted, size_t n_wanted,
                         char **argv, int argc, pid_t helper)
{
    setsid();
    retitle(argv, argc, helper);
    if (chdir("/") != 0 || detach_descriptors(sock, pidfd) != 0)
        _exit(1);
    sock = 3;
    pidfd = pidfd >= 0 ? 4 : -1;

    /* Room for every report the helper can send in one message. */
    size_t room = n + 2;
    struct report *batch = calloc(room, sizeof(*batch));
    struct report *claimed = calloc(room, sizeof(*claimed));
    if (!batch || !claimed)
        _exit(1);
    size_t n_claimed = 0;
    int claims_done = 0;
    for (;;) {
        ssize_t got = recv(sock, batch, room * sizeof(*batch), 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; /* EOF (or a broken socket): the helper is gone */
        for (size_t i = 0; i < (size_t)got / sizeof(*batch); i++) {
            if (batch[i].kind == REPORT_DISMISSED)
                _exit(0);
            if (batch[i].kind == REPORT_CLAIMS_DONE)
                claims_done = 1;
            else if (batch[i].kind == REPORT_CLAIMED && batch[i].index < n && n_claimed < room)
                claimed[n_claimed++] = batch[i];
        }
    }

    /* The socket closes while the helper exits; its placeholder locks go
     * with its other descriptors, before the pidfd reports the exit. */
    if (pidfd >= 0) {
        struct pollfd exited = {pidfd, POLLIN, 0};
        while (poll(&exited, 1, -1) < 0 && errno == EINTR) {
        }
    }
    for (size_t i = 0; i < n_claimed; i++) {
        struct stat expected = {.st_dev = (dev_t)claimed[i].dev, .st_ino = (ino_t)claimed[i].ino};
        placeholder_remove_stale(paths[claimed[i].index], &expected, LOCK_PATIENCE_MS);
    }
    if (!claims_done) {
        /* It died while creating them, before reporting any. */
        for (size_t i = 0; i < n_wanted; i++)
            placeholder_remove_stale(paths[wanted[i]], NULL, LOCK_PATIENCE_MS);
    }
    _exit(0);
}

int janitor_start(char *const *paths, size_t n, char **argv, int argc)
{
    size_t *wanted = calloc(n ? n : 1, sizeof(*wanted));
    size_t n_wanted = 0;
    if (!wanted)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (placeholder_wanted(paths[i]))
            wanted[n_wanted++] = i;
    int pair[2];
    if (n_wanted == 0 || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        free(wanted);
        return -1;
    }
    pid_t helper = getpid();
    /* Taken here so it cannot name another process (the helper is alive);
     * without pidfds (old kernel, seccomp) the janitor relies on EOF and
     * its lock patience alone. */
    int pidfd = (int)syscall(__NR_pidfd_open, helper, 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pair[0]);
        janitor_main(pair[1], pidfd, paths, n, wanted, n_wanted, argv, argc, helper);
    }
    close(pair[1]);
    if (pidfd >= 0)
        close(pidfd);
    free(wanted);
    if (pid < 0) {
        close(pair[0]);
        return -1;
    }
    return pair[0];
}

void janitor_report_claims(int janitor, const struct placeholders *p)
{
    if (janitor < 0)
        return;
    /* One message: the janitor sees all of it or, if we die first, none. */
    size_t n = p->len + 1;
    struct report *r = calloc(n, sizeof(*r));
    if (!r)
        return;
    for (size_t i = 0; i < p->len; i++)
        r[i] = (struct report){REPORT_CLAIMED, (uint32_t)p->items[i].index, (uint64_t)p->items[i].dev,
                               (uint64_t)p->items[i].ino};
    r[p->len] = (struct report){.kind = REPORT_CLAIMS_DONE};
    send(janitor, r, n * sizeof(*r), MSG_NOSIGNAL);
    free(r);
}

void janitor_dismiss(int janitor)
{
    if (janitor < 0)
        return;
    struct report r = {.kind = REPORT_DISMISSED};
    send(janitor, &r, sizeof(r), MSG_NOSIGNAL);
    close(janitor);
}
