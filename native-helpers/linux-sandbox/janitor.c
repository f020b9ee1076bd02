/*
 * A SIGKILLed helper cannot remove its placeholders, and SIGKILL is routine:
 * the app kills the helper's process group at every interrupt, turn end and
 * timeout, and PR_SET_PDEATHSIG kills the helper when the app dies. A left
 * behind `/tmp/.git` makes tools that look for `.git` take /tmp for a
 * repository. So, before creating any placeholder, the helper starts a
 * janitor process:
 *
 *   - outside the namespaces (started before unshare): in the host's mount
 *     namespace the placeholder is not a mount point, so it can be removed
 *     while the sandbox's namespace is still being torn down;
 *   - in its own process group, set by the helper right after the clone
 *     (before anything else can happen): a SIGKILL sent to the helper's
 *     group does not reach it; no parent-death signal (clone clears it);
 *     every other signal blocked (terminal hangup, ^C);
 *   - holding nothing of the app's: stdio on /dev/null, every other
 *     descriptor closed, cwd /, so the app's pipes and terminal close when
 *     the helper's do.
 *
 * It holds one end of a seqpacket socket pair whose other end only the
 * monitor keeps (close-on-exec, and closed by the supervisor first thing),
 * and a pidfd of the helper. The helper reports the placeholders it claimed
 * (path index, device, inode) in one message. When the helper has removed
 * them itself it says so and the janitor exits at once. When the socket
 * reports EOF instead, the helper died: the janitor waits for the pidfd (the
 * helper's descriptors, and so its locks, are released by then), removes
 * each claimed placeholder that is still that very directory, empty, of mode
 * 0500 and not locked by another run (placeholders.c's sharing rule), and
 * exits. If the helper died before reporting, it applies the rule any later
 * run applies when it adopts a placeholder: an empty mode-0500 directory at
 * a protected name that no run holds is removed.
 *
 * Cost: the janitor is a clone(CLONE_VM) of the helper, not a fork. Here
 * (a VM on a loaded 2-core machine) fork blocks the helper ~0.6 ms and the
 * copied address space costs ~2 ms more to tear down; sharing it costs
 * ~0.03 ms (bench/sandbox.mjs). The price is discipline: while the helper
 * lives, the janitor runs on the helper's memory and thread pointer, so it
 * makes only raw system calls (glibc's wrappers would write the helper's
 * errno) on buffers prepared before the clone, and touches nothing else.
 * Once the helper is gone (pidfd, or EOF: the socket closes inside the
 * kernel's exit path, after the helper's last instruction) the memory is the
 * janitor's alone and plain libc calls are safe again, malloc excepted (the
 * helper may have died holding its lock).
 */
#define _GNU_SOURCE
#include "janitor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
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
 * lock held by a concurrent run is not released in time: that run keeps its
 * placeholder, and removes it itself. */
#define LOCK_PATIENCE_MS 200

enum { REPORT_CLAIMED = 1, REPORT_CLAIMS_DONE = 2, REPORT_DISMISSED = 3 };

struct report {
    uint32_t kind;
    uint32_t index;
    uint64_t dev;
    uint64_t ino;
};

/* Everything the janitor uses, prepared by the helper before the clone. */
static struct {
    int sock, pidfd;
    char *const *paths;
    size_t n;
    size_t *wanted; /* indices of the paths that may get a placeholder */
    size_t n_wanted;
    struct report *inbox, *claimed; /* n + 2 each */
    size_t room, n_claimed;
    int claims_done;
} job;

static char janitor_stack[64 * 1024] __attribute__((aligned(16)));

/* A system call that never touches errno (returns -errno). */
static long raw(long nr, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
#else
#error "janitor: raw system calls written for x86_64 and aarch64 only"
#endif
}
#define RAW(nr, ...) raw_n(nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define raw_n(nr, a, b, c, d, e, f, ...) raw(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static void leave(int code) __attribute__((noreturn));
static void leave(int code)
{
    for (;;)
        RAW(__NR_exit, code);
}

/* Only the report socket (fd 3) and the helper's pidfd (fd 4, if any). Moved
 * above 2 first, in case the helper was started with stdio closed. */
static int detach_descriptors(void)
{
    long sock = RAW(__NR_fcntl, job.sock, F_DUPFD_CLOEXEC, 10);
    long pidfd = job.pidfd >= 0 ? RAW(__NR_fcntl, job.pidfd, F_DUPFD_CLOEXEC, 10) : -1;
    long null = RAW(__NR_openat, AT_FDCWD, "/dev/null", O_RDWR | O_CLOEXEC);
    if (sock < 0 || null < 0 || (job.pidfd >= 0 && pidfd < 0))
        return -1;
    for (int fd = 0; fd <= 2; fd++)
        if (RAW(__NR_dup3, null, fd, 0) != fd)
            return -1;
    if (RAW(__NR_dup3, sock, 3, O_CLOEXEC) != 3 || (pidfd >= 0 && RAW(__NR_dup3, pidfd, 4, O_CLOEXEC) != 4))
        return -1;
    RAW(__NR_close_range, pidfd >= 0 ? 5 : 4, ~0U, 0);
    job.sock = 3;
    job.pidfd = pidfd >= 0 ? 4 : -1;
    return 0;
}

/* Reads the helper's reports until it dismisses us (exit) or goes away. */
static void await_helper(void)
{
    for (;;) {
        long got = RAW(__NR_recvfrom, job.sock, job.inbox, job.room * sizeof(*job.inbox), 0, NULL, NULL);
        if (got == -EINTR)
            continue;
        if (got <= 0)
            return; /* EOF (or a broken socket): the helper is gone */
        for (size_t i = 0; i < (size_t)got / sizeof(*job.inbox); i++) {
            const struct report *r = &job.inbox[i];
            if (r->kind == REPORT_DISMISSED)
                leave(0);
            if (r->kind == REPORT_CLAIMS_DONE)
                job.claims_done = 1;
            else if (r->kind == REPORT_CLAIMED && r->index < job.n && job.n_claimed < job.room)
                job.claimed[job.n_claimed++] = *r;
        }
    }
}

static int janitor_main(void *unused)
{
    (void)unused;
    /* No handler of the helper's may run here. */
    sigset_t all;
    memset(&all, 0xff, sizeof(all));
    RAW(__NR_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
    RAW(__NR_setpgid, 0, 0); /* also done by the helper, whichever comes first */
    RAW(__NR_prctl, PR_SET_NAME, "sandbox-janitor");
    if (RAW(__NR_chdir, "/") != 0 || detach_descriptors() != 0)
        leave(1);
    await_helper();

    /* The helper's placeholder locks go with its descriptors, before the
     * pidfd reports the exit. From here on the memory is ours alone. */
    if (job.pidfd >= 0) {
        struct pollfd exited = {job.pidfd, POLLIN, 0};
        while (RAW(__NR_ppoll, &exited, 1, NULL, NULL, 8) == -EINTR) {
        }
    }
    for (size_t i = 0; i < job.n_claimed; i++) {
        struct stat expected = {.st_dev = (dev_t)job.claimed[i].dev, .st_ino = (ino_t)job.claimed[i].ino};
        placeholder_remove_stale(job.paths[job.claimed[i].index], &expected, LOCK_PATIENCE_MS);
    }
    if (!job.claims_done) {
        /* It died while creating them, before reporting any. */
        for (size_t i = 0; i < job.n_wanted; i++)
            placeholder_remove_stale(job.paths[job.wanted[i]], NULL, LOCK_PATIENCE_MS);
    }
    leave(0);
}

int janitor_start(char *const *paths, size_t n)
{
    job.paths = paths;
    job.n = n;
    job.room = n + 2;
    job.wanted = calloc(n ? n : 1, sizeof(*job.wanted));
    job.inbox = calloc(job.room, sizeof(*job.inbox));
    job.claimed = calloc(job.room, sizeof(*job.claimed));
    if (!job.wanted || !job.inbox || !job.claimed)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (placeholder_wanted(paths[i]))
            job.wanted[job.n_wanted++] = i;
    int pair[2];
    if (job.n_wanted == 0 || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        return -1;
    job.sock = pair[1];
    /* Taken here, while the helper is certainly alive; without pidfds (old
     * kernel, seccomp) the janitor relies on EOF and its lock patience. */
    job.pidfd = (int)syscall(__NR_pidfd_open, getpid(), 0);
    pid_t pid = clone(janitor_main, janitor_stack + sizeof(janitor_stack), CLONE_VM | SIGCHLD, NULL);
    if (pid > 0)
        setpgid(pid, pid); /* out of our group before we go on: a group kill now spares it */
    close(pair[1]);
    if (job.pidfd >= 0)
        close(job.pidfd);
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
    /* One message: the janitor gets all of it or, if we die first, none. */
    struct report *r = calloc(p->len + 1, sizeof(*r));
    if (!r)
        return;
    for (size_t i = 0; i < p->len; i++)
        r[i] = (struct report){REPORT_CLAIMED, (uint32_t)p->items[i].index, (uint64_t)p->items[i].dev,
                               (uint64_t)p->items[i].ino};
    r[p->len] = (struct report){.kind = REPORT_CLAIMS_DONE};
    send(janitor, r, (p->len + 1) * sizeof(*r), MSG_NOSIGNAL);
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
