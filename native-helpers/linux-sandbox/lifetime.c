/*
 * Lifetime: nothing the command starts may outlive the app that started it,
 * however the app dies, nor outlive the command itself.
 *
 * Three processes:
 *
 *   monitor (the helper as spawned: the pid the app knows)
 *     PR_SET_PDEATHSIG(SIGKILL): dies with its parent, even a SIGKILLed one.
 *     Waits for the supervisor, forwards the signals the app sends it, then
 *     exits with the command's exit code or dies by the command's signal.
 *   supervisor (own process group, so the app's group signals reach it
 *   only through the monitor)
 *     - namespace mode: pid 1 of a new PID namespace, PDEATHSIG(SIGKILL)
 *       bound to the monitor. When it exits the kernel SIGKILLs everything
 *       left in the namespace, setsid/double-forked children included.
 *     - reaper mode: a PR_SET_CHILD_SUBREAPER, so orphans of the command are
 *       re-parented to it; it SIGKILLs every descendant when the command
 *       exits or the monitor dies (a pipe from the monitor reports EOF).
 *   command (own process group, and the terminal's foreground group when
 *   the helper had a terminal), exec'd.
 *
 * Signals reach the command exactly once: the app signals the monitor's
 * group (only the monitor), the monitor forwards to the supervisor, the
 * supervisor forwards to the command's process group. SIGKILL cannot be
 * forwarded: it kills the monitor, and with it everything else.
 */
#define _GNU_SOURCE
#include "lifetime.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "codex-linux-sandbox"

/* Signals the monitor passes on; job-control stops are swallowed so the
 * monitor itself never stops. */
static const int FORWARDED[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};
static const int SWALLOWED[] = {SIGTSTP, SIGTTIN, SIGTTOU};

static sigset_t original_mask;
static void (*at_exit_fn)(void *);
static void *at_exit_arg;

void lifetime_at_exit(void (*fn)(void *arg), void *arg)
{
    at_exit_fn = fn;
    at_exit_arg = arg;
}

static void fatal(const char *what)
{
    fprintf(stderr, PROG ": %s: %s\n", what, strerror(errno));
    _exit(1);
}

static sigset_t watched_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    for (size_t i = 0; i < sizeof(FORWARDED) / sizeof(FORWARDED[0]); i++)
        sigaddset(&set, FORWARDED[i]);
    for (size_t i = 0; i < sizeof(SWALLOWED) / sizeof(SWALLOWED[0]); i++)
        sigaddset(&set, SWALLOWED[i]);
    return set;
}

static int is_forwarded(int sig)
{
    for (size_t i = 0; i < sizeof(FORWARDED) / sizeof(FORWARDED[0]); i++)
        if (FORWARDED[i] == sig)
            return 1;
    return 0;
}

void lifetime_bind_to_parent(void)
{
    /* The parent may die between our exec and the prctl; it is then no
     * longer our parent, so compare before and after. */
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        fatal("cannot set the parent-death signal");
    if (getppid() != parent)
        kill(getpid(), SIGKILL);
}

/* ---------------------------------------------------------------------------
 * Monitor
 * ------------------------------------------------------------------------- */

/* Ends this process the way the command ended. */
static void reproduce(int status) __attribute__((noreturn));
static void reproduce(int status)
{
    if (at_exit_fn)
        at_exit_fn(at_exit_arg);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core); /* the command already dumped, if it did */
        signal(sig, SIG_DFL);
        sigset_t only;
        sigemptyset(&only);
        sigaddset(&only, sig);
        sigprocmask(SIG_UNBLOCK, &only, NULL);
        kill(getpid(), sig);
        _exit(128 + sig);
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

static void monitor(pid_t supervisor, int status_fd, int tty) __attribute__((noreturn));
static void monitor(pid_t supervisor, int status_fd, int tty)
{
    sigset_t set = watched_signals();
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig < 0) {
            if (errno == EINTR)
                continue;
            fatal("sigwaitinfo");
        }
        if (sig == SIGCHLD) {
            int status;
            if (waitpid(supervisor, &status, WNOHANG) != supervisor)
                continue;
            /* The supervisor reports the command's wait status; without a
             * report it failed before running the command. */
            int reported;
            if (read(status_fd, &reported, sizeof(reported)) == (ssize_t)sizeof(reported))
                status = reported;
            /* Hand the terminal back to our group (`codex sandbox` in a
             * shell: the CLI is in it). SIGTTOU is blocked, as required. */
            if (tty >= 0)
                tcsetpgrp(tty, getpgrp());
            reproduce(status);
        }
        if (is_forwarded(sig))
            kill(supervisor, sig);
    }
}

/* ---------------------------------------------------------------------------
 * Reaper: find and kill every descendant
 * ------------------------------------------------------------------------- */

struct proc_entry {
    pid_t pid, ppid;
};

/* Snapshot of (pid, ppid) for every process visible in /proc. */
static size_t list_processes(struct proc_entry **out)
{
    size_t len = 0, cap = 256;
    struct proc_entry *v = malloc(cap * sizeof(*v));
    DIR *d = opendir("/proc");
    if (!v || !d) {
        if (d)
            closedir(d);
        *out = v;
        return 0;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end != '\0' || pid <= 0)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        /* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
        char *paren = strrchr(buf, ')');
        int ppid;
        char state;
        if (!paren || sscanf(paren + 1, " %c %d", &state, &ppid) != 2)
            continue;
        if (len == cap) {
            cap *= 2;
            struct proc_entry *grown = realloc(v, cap * sizeof(*v));
            if (!grown)
                break;
            v = grown;
        }
        v[len++] = (struct proc_entry){(pid_t)pid, (pid_t)ppid};
    }
    closedir(d);
    *out = v;
    return len;
}

/* SIGKILLs every descendant of `self`. */
static void kill_descendants(pid_t self)
{
    struct proc_entry *procs;
    size_t n = list_processes(&procs);
    char *mine = calloc(n ? n : 1, 1);
    if (!mine) {
        free(procs);
        return;
    }
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n; i++) {
            if (mine[i])
                continue;
            int parent_is_ours = procs[i].ppid == self;
            for (size_t j = 0; j < n && !parent_is_ours; j++)
                parent_is_ours = mine[j] && procs[j].pid == procs[i].ppid;
            if (parent_is_ours) {
                mine[i] = 1;
                changed = 1;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (mine[i])
            kill(procs[i].pid, SIGKILL);
    free(mine);
    free(procs);
}

/* Kills and reaps until no descendant is left (orphans come to us, as we
 * are a subreaper). Gives up after 5 s on a process stuck in the kernel. */
static void reap_everything(void)
{
    pid_t self = getpid();
    struct timespec pause = {0, 2 * 1000 * 1000};
    for (int round = 0; round < 2500; round++) {
        pid_t r;
        while ((r = waitpid(-1, NULL, WNOHANG)) > 0) {
        }
        /* No child left means no descendant left: orphans come to us. This
         * also spares the /proc walk for a command that left nothing. */
        if (r < 0 && errno == ECHILD)
            return;
        kill_descendants(self);
        nanosleep(&pause, NULL);
    }
}

/* ---------------------------------------------------------------------------
 * Supervisor and command
 * ------------------------------------------------------------------------- */

/* The descriptor of our controlling terminal if the monitor's process group
 * is its foreground group (the command then takes that over), else -1.
 * Asked in the monitor before forking: inside a PID namespace the
 * monitor's group has no number. */
static int foreground_terminal(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (isatty(fd) && tcgetpgrp(fd) == getpgrp())
            return fd;
    return -1;
}

static void exec_command(char **command, int tty, lifetime_setup_fn setup, void *arg) __attribute__((noreturn));
static void exec_command(char **command, int tty, lifetime_setup_fn setup, void *arg)
{
    /* Its own process group, so the supervisor can signal all of it; and
     * the terminal's foreground group if the helper's group had it, so it
     * can read the terminal and gets ^C from it. SIGTTOU is still blocked
     * here, which tcsetpgrp from a background group requires. */
    if (setpgid(0, 0) != 0)
        fatal("setpgid");
    if (tty >= 0)
        tcsetpgrp(tty, getpid());
    if (setup)
        setup(arg);
    sigprocmask(SIG_SETMASK, &original_mask, NULL);
    execvp(command[0], command);
    int err = errno;
    fprintf(stderr, PROG ": %s: %s\n", command[0], strerror(err));
    _exit(err == ENOENT ? 127 : 126);
}

static void supervise(char **command, int reaper, int lifeline, int status_fd, int tty,
                      lifetime_setup_fn child_setup, void *arg) __attribute__((noreturn));
static void supervise(char **command, int reaper, int lifeline, int status_fd, int tty,
                      lifetime_setup_fn child_setup, void *arg)
{
    sigset_t set = watched_signals();
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    if (sfd < 0)
        fatal("signalfd");
    pid_t cmd = fork();
    if (cmd < 0)
        fatal("fork");
    if (cmd == 0)
        exec_command(command, tty, child_setup, arg);
    setpgid(cmd, cmd); /* also here, so a forwarded signal never misses the group */

    for (;;) {
        struct pollfd fds[2] = {{sfd, POLLIN, 0}, {lifeline, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            fatal("poll");
        }
        if (fds[1].revents) {
            /* The monitor is gone (the app died or killed it): end it all. */
            if (reaper)
                reap_everything();
            _exit(1);
        }
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
            continue;
        int sig = (int)si.ssi_signo;
        if (sig == SIGCHLD) {
            int status;
            pid_t pid;
            while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
                if (pid != cmd)
                    continue; /* an orphan we adopted */
                /* The command is done: whatever it left behind dies now
                 * (in namespace mode, by our exit). */
                if (reaper)
                    reap_everything();
                if (write(status_fd, &status, sizeof(status)) != (ssize_t)sizeof(status))
                    _exit(1);
                _exit(0);
            }
            continue;
        }
        if (is_forwarded(sig) && kill(-cmd, sig) != 0)
            kill(cmd, sig);
    }
}

struct pipes {
    int lifeline[2]; /* monitor holds [1]; EOF on [0] means the monitor died */
    int status[2];   /* supervisor writes the command's wait status to [1] */
};

static pid_t start_supervisor(struct pipes *p)
{
    sigset_t set = watched_signals();
    if (sigprocmask(SIG_BLOCK, &set, &original_mask) != 0)
        fatal("sigprocmask");
    if (pipe2(p->lifeline, O_CLOEXEC) != 0 || pipe2(p->status, O_CLOEXEC) != 0)
        fatal("pipe");
    pid_t pid = fork();
    if (pid < 0)
        fatal("fork");
    if (pid == 0) {
        close(p->lifeline[1]);
        close(p->status[0]);
        return 0;
    }
    close(p->lifeline[0]);
    close(p->status[1]);
    /* Also here, so the monitor never forwards a signal to a group of one. */
    setpgid(pid, pid);
    return pid;
}

void lifetime_run_in_pid_namespace(char **command, lifetime_setup_fn setup, void *arg)
{
    struct pipes p;
    int tty = foreground_terminal();
    pid_t init = start_supervisor(&p);
    if (init > 0)
        monitor(init, p.status[0], tty);

    /* pid 1 of the new namespace. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        fatal("cannot set the parent-death signal");
    struct pollfd alive = {p.lifeline[0], POLLIN, 0};
    if (poll(&alive, 1, 0) != 0)
        _exit(1); /* the monitor died before the prctl */
    setpgid(0, 0);
    setup(arg);
    supervise(command, 0, p.lifeline[0], p.status[1], tty, NULL, NULL);
}

void lifetime_run_with_reaper(char **command, lifetime_setup_fn setup, void *arg)
{
    struct pipes p;
    int tty = foreground_terminal();
    pid_t reaper = start_supervisor(&p);
    if (reaper > 0)
        monitor(reaper, p.status[0], tty);

    setpgid(0, 0);
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        fatal("cannot become a child subreaper");
    supervise(command, 1, p.lifeline[0], p.status[1], tty, setup, arg);
}
