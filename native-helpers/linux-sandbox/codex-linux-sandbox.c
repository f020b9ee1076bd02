/*
 * codex-linux-sandbox: confine one command and everything it starts.
 *
 *   codex-linux-sandbox --mode read-only|workspace-write
 *                       [--writable-root DIR]... [--protected PATH]...
 *                       [--scan-git DIR]... [--scan-cache FILE]
 *                       [--network] [--allow-unprotected]
 *                       -- CMD [ARGS...]
 *   codex-linux-sandbox --mode danger-full-access -- CMD [ARGS...]
 *
 * Lifetime (lifetime.c): this process binds itself to its parent with
 * PR_SET_PDEATHSIG and stays as the monitor; the command runs under the init
 * of a new PID namespace (or, for full access, under a subreaper), so nothing
 * it starts outlives it or the app.
 *
 * Layers, in the order the namespace's init applies them:
 *   1. A private mount namespace (plain unshare as root, else a user
 *      namespace mapping only our own uid/gid) in which every mount is
 *      read-only except the writable roots, every protected path (.git, its
 *      gitdir: target, .codex, .agents, CODEX_HOME, nested .git found by
 *      --scan-git) gets a read-only bind mount of itself (a missing one a
 *      placeholder first, placeholders.c), /dev/shm is a fresh tmpfs and
 *      /proc belongs to the new PID namespace. Landlock grants rights on
 *      whole subtrees and cannot carve a read-only hole out of a writable
 *      root, nor does it govern chmod, chown, utimes or xattrs; read-only
 *      mounts cover both.
 *   2. PR_SET_NO_NEW_PRIVS and all capabilities dropped, so a command started
 *      as root keeps uid 0 but loses what makes root special (mknod, module
 *      loading, mount, DAC override...), and cannot regain it through exec.
 *   3. Landlock: the whole tree readable and executable, writable roots
 *      writable, a few character devices usable; everything else denied;
 *      signals and abstract unix sockets scoped to the sandbox.
 *   4. seccomp (raw BPF): no unix, vsock, packet or (most) netlink sockets
 *      ever, no inet sockets unless --network; always ptrace, io_uring, new
 *      user namespaces, mount APIs, setuid/setgid mode bits, terminal input
 *      injection.
 *
 * Anything that cannot be set up makes the helper exit 1 before running the
 * command: it never degrades to an unsandboxed run. Without namespaces every
 * policy is refused unless --allow-unprotected (then read-only runs get
 * seccomp refusing metadata changes, and the kernel's Landlock must supply
 * what the namespaces would have: ABI 3 and 6).
 *
 * Needs only libc and kernel headers. Constants newer than the build host's
 * headers are defined here, so building on Debian 12 (6.1 headers) still
 * uses Landlock ABI 3-6 features at run time when the kernel has them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#include "janitor.h"
#include "lifetime.h"
#include "gitscan.h"
#include "placeholders.h"

#define PROG "codex-linux-sandbox"

/* ---------------------------------------------------------------------------
 * Constants missing from older headers (values are kernel ABI, never change).
 * ------------------------------------------------------------------------- */

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0) /* ABI 4 */
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

/* The full ruleset attribute as of ABI 6; the kernel is told how much of it
 * it understands through the size argument. */
struct sandbox_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
struct sandbox_mount_attr {
    uint64_t attr_set;
    uint64_t attr_clr;
    uint64_t propagation;
    uint64_t userns_fd;
};

#ifndef __NR_open_tree
#define __NR_open_tree 428
#endif
#ifndef __NR_move_mount
#define __NR_move_mount 429
#endif
#ifndef __NR_fsopen
#define __NR_fsopen 430
#define __NR_fsconfig 431
#define __NR_fsmount 432
#define __NR_fspick 433
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_openat2
#define __NR_openat2 437
#endif
#ifndef __NR_close_range
#define __NR_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif
#ifndef __NR_setxattrat
#define __NR_setxattrat 463
#define __NR_removexattrat 466
#endif
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#define __NR_io_uring_enter 426
#define __NR_io_uring_register 427
#endif

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

/* O_TMPFILE without the O_DIRECTORY bit glibc folds into it: either bit
 * pattern means "this open may create a file with the given mode". */
#define RAW_O_TMPFILE 020000000

#if defined(__x86_64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_X86_64
#define X32_SYSCALL_BIT 0x40000000
#elif defined(__aarch64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "codex-linux-sandbox: seccomp filter written for x86_64 and aarch64 only"
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "codex-linux-sandbox: argument offsets assume a little-endian target"
#endif

/* ---------------------------------------------------------------------------
 * Small utilities
 * ------------------------------------------------------------------------- */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

struct strlist {
    char **items;
    size_t len, cap;
};

static int strlist_has(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i], s) == 0)
            return 1;
    return 0;
}

static void strlist_add(struct strlist *l, const char *s)
{
    if (strlist_has(l, s))
        return;
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = realloc(l->items, l->cap * sizeof(*l->items));
        if (!l->items)
            die("out of memory");
    }
    l->items[l->len] = strdup(s);
    if (!l->items[l->len])
        die("out of memory");
    l->len++;
}

/* Is `path` equal to `dir` or beneath it? Both are canonical absolute paths. */
static int path_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
        return 1;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Canonicalise the directory part of `path` but keep the last component as
 * given: it may be a symlink we must not follow, or may not exist yet. */
static int canonical_parent(const char *path, char out[PATH_MAX])
{
    char buf[PATH_MAX], parent[PATH_MAX];
    if (path[0] != '/' || strlen(path) >= sizeof(buf))
        return -1;
    strcpy(buf, path);
    size_t len = strlen(buf);
    while (len > 1 && buf[len - 1] == '/')
        buf[--len] = '\0';
    char *slash = strrchr(buf, '/');
    const char *base = slash + 1;
    if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return -1;
    *slash = '\0';
    if (!realpath(buf[0] ? buf : "/", parent))
        return -1;
    if (snprintf(out, PATH_MAX, "%s/%s", strcmp(parent, "/") == 0 ? "" : parent, base) >= PATH_MAX)
        return -1;
    return 0;
}

/* ---------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------- */

enum mode { MODE_READ_ONLY, MODE_WORKSPACE_WRITE, MODE_FULL_ACCESS };

struct options {
    enum mode mode;
    int mode_set;
    int network;
    int allow_unprotected;
    int probe;
    struct strlist writable_roots;   /* canonical */
    struct strlist protected_paths;  /* canonical parent + literal last component */
    struct strlist scan_dirs;        /* canonical */
    const char *scan_cache;          /* file remembering the last --scan-git walk, or NULL */
    char **command;
};

static void usage(FILE *out)
{
    fputs("usage: " PROG " --mode read-only|workspace-write [options] -- CMD [ARGS...]\n"
          "  --writable-root DIR      grant full write access beneath DIR (workspace-write)\n"
          "  --protected PATH         keep PATH read-only inside a writable root; if missing, uncreatable\n"
          "  --protected-create PATH  the same as --protected (kept for compatibility)\n"
          "  --scan-git DIR           also protect every .git found beneath DIR, at any depth\n"
          "  --scan-cache FILE        remember the --scan-git walk in FILE (keep FILE out of the writable roots)\n"
          "  --network                allow network access (default: denied)\n"
          "  --allow-unprotected      run even if protected paths cannot be made read-only\n"
          "  --probe                  report what this kernel supports and exit\n",
          out);
}

static const char *need_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, PROG ": %s needs a value\n", argv[*i]);
        exit(2);
    }
    return argv[++*i];
}

/* A cache the command could write could hide a repository from the next
 * walk: it is used only outside every writable root, or under a protected
 * path (CODEX_HOME inside a root is one). */
static int scan_cache_out_of_reach(const struct options *o)
{
    char canon[PATH_MAX];
    if (canonical_parent(o->scan_cache, canon) != 0)
        return 0;
    for (size_t i = 0; i < o->protected_paths.len; i++)
        if (path_within(canon, o->protected_paths.items[i]))
            return 1;
    for (size_t i = 0; i < o->writable_roots.len; i++)
        if (path_within(canon, o->writable_roots.items[i]))
            return 0;
    return 1;
}

static void parse_args(int argc, char **argv, struct options *o)
{
    char canon[PATH_MAX];
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--mode") == 0) {
            const char *v = need_value(argc, argv, &i);
            if (strcmp(v, "read-only") == 0)
                o->mode = MODE_READ_ONLY;
            else if (strcmp(v, "workspace-write") == 0)
                o->mode = MODE_WORKSPACE_WRITE;
            else if (strcmp(v, "danger-full-access") == 0)
                o->mode = MODE_FULL_ACCESS;
            else {
                fprintf(stderr, PROG ": unknown mode '%s'\n", v);
                exit(2);
            }
            o->mode_set = 1;
        } else if (strcmp(a, "--writable-root") == 0) {
            const char *v = need_value(argc, argv, &i);
            struct stat st;
            if (!realpath(v, canon) || stat(canon, &st) != 0 || !S_ISDIR(st.st_mode))
                die("writable root %s is not an existing directory", v);
            strlist_add(&o->writable_roots, canon);
        } else if (strcmp(a, "--protected") == 0 || strcmp(a, "--protected-create") == 0) {
            const char *v = need_value(argc, argv, &i);
            if (canonical_parent(v, canon) != 0)
                die("protected path %s must be absolute and its parent directory must exist", v);
            strlist_add(&o->protected_paths, canon);
        } else if (strcmp(a, "--scan-git") == 0) {
            const char *v = need_value(argc, argv, &i);
            if (realpath(v, canon))
                strlist_add(&o->scan_dirs, canon);
        } else if (strcmp(a, "--scan-cache") == 0) {
            o->scan_cache = need_value(argc, argv, &i);
        } else if (strcmp(a, "--network") == 0) {
            o->network = 1;
        } else if (strcmp(a, "--allow-unprotected") == 0) {
            o->allow_unprotected = 1;
        } else if (strcmp(a, "--probe") == 0) {
            o->probe = 1;
            return;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else {
            fprintf(stderr, PROG ": unknown option '%s'\n", a);
            usage(stderr);
            exit(2);
        }
    }
    if (!o->mode_set) {
        fputs(PROG ": --mode is required\n", stderr);
        usage(stderr);
        exit(2);
    }
    if (i >= argc) {
        fputs(PROG ": no command given after --\n", stderr);
        usage(stderr);
        exit(2);
    }
    if (o->mode != MODE_WORKSPACE_WRITE && o->writable_roots.len > 0)
        die("--writable-root is only allowed with --mode workspace-write");
    if (o->scan_cache && !scan_cache_out_of_reach(o))
        o->scan_cache = NULL;
    o->command = &argv[i];
}

/* ---------------------------------------------------------------------------
 * Protected paths
 * ------------------------------------------------------------------------- */

/* A `.git` file (worktree, submodule) names the real git dir; that directory
 * holds the hooks and config git will run later, outside the sandbox, so it
 * needs the same protection as a `.git` directory. */
static void add_gitdir_target(struct strlist *prot, const char *dotgit)
{
    char line[PATH_MAX + 16], target[PATH_MAX * 2], canon[PATH_MAX];
    FILE *f = fopen(dotgit, "re");
    if (!f)
        return;
    char *ok = fgets(line, sizeof(line), f);
    fclose(f);
    if (!ok || strncmp(line, "gitdir:", 7) != 0)
        return;
    char *p = line + 7;
    while (*p == ' ' || *p == '\t')
        p++;
    p[strcspn(p, "\r\n")] = '\0';
    if (*p == '\0')
        return;
    if (p[0] == '/') {
        if (snprintf(target, sizeof(target), "%s", p) >= (int)sizeof(target))
            return;
    } else {
        char dir[PATH_MAX];
        snprintf(dir, sizeof(dir), "%s", dotgit);
        char *slash = strrchr(dir, '/');
        if (!slash)
            return;
        *slash = '\0';
        if (snprintf(target, sizeof(target), "%.*s/%.*s", PATH_MAX - 1, dir, PATH_MAX - 1, p) >=
            (int)sizeof(target))
            return;
    }
    if (realpath(target, canon))
        strlist_add(prot, canon);
}

static void add_found_git(void *list, const char *path)
{
    strlist_add(list, path);
}

/* Final list of paths to mount read-only: explicit ones, scanned ones and
 * gitdir targets, minus those that do not matter (outside every writable
 * root, hence read-only through Landlock already) or that would cover a
 * writable root the caller asked for explicitly. */
static void resolve_protected(struct options *o, struct strlist *out)
{
    struct strlist all = {0};
    for (size_t i = 0; i < o->protected_paths.len; i++)
        strlist_add(&all, o->protected_paths.items[i]);
    /* The walk holds one descriptor per level: allow as many as the hard
     * limit for the walk, and give the command back the limit it had. */
    struct rlimit files, saved_files;
    int raised = getrlimit(RLIMIT_NOFILE, &saved_files) == 0;
    if (raised) {
        files = saved_files;
        files.rlim_cur = files.rlim_max;
        raised = setrlimit(RLIMIT_NOFILE, &files) == 0;
    }
    /* Every nested repository, at any depth: a `.git` anywhere in a writable
     * root holds config and hooks that git runs outside the sandbox the next
     * time the user works in that directory (gitscan.c). */
    gitscan(o->scan_dirs.items, o->scan_dirs.len, o->scan_cache, add_found_git, &all);
    if (raised)
        setrlimit(RLIMIT_NOFILE, &saved_files);
    /* Symlink and gitdir targets append to `all`; the loop picks them up. */
    for (size_t i = 0; i < all.len; i++) {
        const char *p = all.items[i];
        const char *base = strrchr(p, '/');
        struct stat st;
        char target[PATH_MAX];
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISLNK(st.st_mode) && realpath(p, target))
            strlist_add(&all, target);
        else if (S_ISREG(st.st_mode) && base && strcmp(base + 1, ".git") == 0)
            add_gitdir_target(&all, p);
    }
    for (size_t i = 0; i < all.len; i++) {
        const char *p = all.items[i];
        int inside = 0, covers_root = 0;
        for (size_t r = 0; r < o->writable_roots.len; r++) {
            if (path_within(p, o->writable_roots.items[r]))
                inside = 1;
            if (path_within(o->writable_roots.items[r], p))
                covers_root = 1;
        }
        if (inside && !covers_root)
            strlist_add(out, p);
    }
}

/* ---------------------------------------------------------------------------
 * Mount namespace
 * ------------------------------------------------------------------------- */

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Returns 0 when we are in a fresh mount namespace where we may mount, and
 * our next child will be pid 1 of a fresh PID namespace. */
static int enter_namespaces(char *why, size_t why_len)
{
    if (unshare(CLONE_NEWNS | CLONE_NEWPID) == 0)
        goto propagation;
    int first = errno;

    /* Not privileged: a user namespace gives us CAP_SYS_ADMIN over new
     * mount and PID namespaces. Map only our own ids so file ownership and
     * the uid the command sees stay unchanged. */
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0) {
        snprintf(why, why_len,
                 "unshare(CLONE_NEWNS|CLONE_NEWPID) failed (%s) and unshare(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID) failed (%s)",
                 strerror(first), strerror(errno));
        return -1;
    }
    char map[64];
    if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT) {
        snprintf(why, why_len, "writing /proc/self/setgroups failed: %s", strerror(errno));
        return -1;
    }
    snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0) {
        snprintf(why, why_len, "writing /proc/self/uid_map failed: %s", strerror(errno));
        return -1;
    }
    snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    if (write_file("/proc/self/gid_map", map) != 0) {
        snprintf(why, why_len, "writing /proc/self/gid_map failed: %s", strerror(errno));
        return -1;
    }

propagation:
    /* Without this, mounts made below would propagate back to the host
     * when / is a shared mount (the systemd default). */
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0) {
        snprintf(why, why_len, "making / a slave mount failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Clone the tree at `source`, make the clone read-only, attach it over
 * `target` without following a symlink there. The new mount API is used
 * because (unlike MS_BIND|MS_REMOUNT) it can mount over a symlink and sets
 * only the read-only bit, leaving flags locked by a user namespace alone. */
static int mount_readonly_over(const char *source, const char *target)
{
    int fd = (int)syscall(__NR_open_tree, AT_FDCWD, source,
                          OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
    if (fd < 0)
        return -1;
    struct sandbox_mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
    if (syscall(__NR_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) != 0 ||
        syscall(__NR_move_mount, fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    close(fd);
    return 0;
}

/* Mounts every protected path read-only. On failure returns -1 with the
 * reason in `why`; paths already handled stay protected. */
static int protect_paths(const struct strlist *prot, char *why, size_t why_len)
{
    for (size_t i = 0; i < prot->len; i++) {
        const char *p = prot->items[i];
        struct stat st;
        if (lstat(p, &st) != 0) {
            /* Still missing: its placeholder could not be made because the
             * directory it would be in is not writable here either. */
            if (errno == ENOENT)
                continue;
            snprintf(why, why_len, "cannot inspect %s: %s", p, strerror(errno));
            return -1;
        }
        /* A symlink cannot be covered by a directory mount. Mask the link
         * itself with a read-only /dev/null so it cannot be replaced; its
         * target, if inside a writable root, was queued separately. */
        const char *source = S_ISLNK(st.st_mode) ? "/dev/null" : p;
        if (mount_readonly_over(source, p) != 0) {
            snprintf(why, why_len, "cannot mount %s read-only: %s", p, strerror(errno));
            return -1;
        }
        struct statvfs sv;
        if (!S_ISLNK(st.st_mode) && (statvfs(p, &sv) != 0 || !(sv.f_flag & ST_RDONLY))) {
            snprintf(why, why_len, "%s is still writable after mounting it read-only", p);
            return -1;
        }
    }
    return 0;
}

static int by_length(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? -1 : la > lb;
}

/* Landlock does not govern metadata: chmod, chown, utimes, xattrs and POSIX
 * ACLs on a file outside the roots pass it (as root, chmod o+w /etc/passwd
 * would). So, as bubblewrap's `--ro-bind / /` does for Codex, every mount
 * becomes read-only (EROFS) except rw clones of the writable roots, taken
 * before and attached after, shortest path first so nested roots sit on top.
 * Returns -1 with `why` set if nothing was changed yet; dies if it fails
 * half-way, since the roots would then be unusable. */
static int readonly_outside_roots(const struct options *o, char *why, size_t why_len)
{
    size_t n = o->writable_roots.len;
    char **roots = calloc(n + 1, sizeof(*roots));
    int *fds = calloc(n + 1, sizeof(*fds));
    if (!roots || !fds)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        roots[i] = o->writable_roots.items[i];
        if (strcmp(roots[i], "/") == 0) {
            free(roots);
            free(fds);
            return 0; /* everything is writable anyway */
        }
    }
    qsort(roots, n, sizeof(*roots), by_length);
    for (size_t i = 0; i < n; i++) {
        fds[i] = (int)syscall(__NR_open_tree, AT_FDCWD, roots[i], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
        if (fds[i] < 0) {
            snprintf(why, why_len, "cannot clone the mount of writable root %s: %s", roots[i], strerror(errno));
            while (i-- > 0)
                close(fds[i]);
            free(roots);
            free(fds);
            return -1;
        }
    }
    struct sandbox_mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
    if (syscall(__NR_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &attr, sizeof(attr)) != 0) {
        snprintf(why, why_len, "cannot make the mounts read-only: %s", strerror(errno));
        for (size_t i = 0; i < n; i++)
            close(fds[i]);
        free(roots);
        free(fds);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (syscall(__NR_move_mount, fds[i], "", AT_FDCWD, roots[i], MOVE_MOUNT_F_EMPTY_PATH) != 0)
            die("cannot mount writable root %s back after making / read-only: %s", roots[i], strerror(errno));
        close(fds[i]);
    }
    free(roots);
    free(fds);
    return 0;
}

/* POSIX semaphores and shared memory (Python multiprocessing, for one) live
 * in /dev/shm. A private tmpfs makes them work without letting the command
 * touch other processes' segments on the host. */
static int private_dev_shm(void)
{
    struct stat st;
    if (stat("/dev/shm", &st) != 0 || !S_ISDIR(st.st_mode))
        return -1;
    return mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}

/* ---------------------------------------------------------------------------
 * Capabilities
 * ------------------------------------------------------------------------- */

static void drop_capabilities(void)
{
    int last = 63;
    FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
    if (f) {
        if (fscanf(f, "%d", &last) != 1)
            last = 63;
        fclose(f);
    }
    /* Bounding set: only matters for exec of file-capability or setuid
     * binaries, which no_new_privs already neutralises; dropping it needs
     * CAP_SETPCAP, which an unprivileged caller does not have. */
    for (int cap = 0; cap <= last; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL && errno != EPERM)
            die("cannot drop capability %d from the bounding set: %s", cap, strerror(errno));
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        die("cannot clear ambient capabilities: %s", strerror(errno));

    struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capset, &hdr, data) != 0)
        die("cannot drop capabilities: %s", strerror(errno));
    if (syscall(SYS_capget, &hdr, data) != 0)
        die("cannot read capabilities back: %s", strerror(errno));
    for (int i = 0; i < 2; i++)
        if (data[i].effective || data[i].permitted || data[i].inheritable)
            die("capabilities are still present after dropping them");
}

/* ---------------------------------------------------------------------------
 * Landlock
 * ------------------------------------------------------------------------- */

#define FS_FILE_RIGHTS                                                                            \
    (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |  \
     LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)
#define FS_READ_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_DEVICE_RIGHTS                                                                          \
    (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |  \
     LANDLOCK_ACCESS_FS_IOCTL_DEV)
/* Device nodes are never needed in a workspace, and one for a disk would
 * let root write the raw device from inside a writable root. */
#define FS_NODEV_MASK (~(LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_BLOCK))

/* Tests only: pretend the kernel has an older Landlock ABI, to exercise the
 * refusals below on a new kernel. It can only lower the ABI, never raise it. */
#define TEST_ABI_ENV "CODEX_LINUX_SANDBOX_TEST_MAX_LANDLOCK_ABI"

static int landlock_abi(void)
{
    int abi = (int)syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    const char *cap = getenv(TEST_ABI_ENV);
    if (abi > 0 && cap && *cap) {
        char *end;
        long v = strtol(cap, &end, 10);
        if (*end != '\0' || v < 1)
            die("%s=%s: expected a Landlock ABI number >= 1", TEST_ABI_ENV, cap);
        if (v < abi)
            abi = (int)v;
    }
    return abi;
}

/* What Landlock must supply because no other layer does, when the command
 * runs without namespaces (with them, the read-only mounts stop truncation
 * outside the roots and the PID namespace hides every other process).
 * Writes a list such as "signal scoping (ABI 6, Linux 6.12)" to `out`;
 * returns how many are missing. */
static int missing_without_namespaces(int abi, char *out, size_t len)
{
    static const struct {
        int abi;
        const char *what;
    } needs[] = {
        {3, "control of truncation (ABI 3, Linux 6.2): open(O_RDONLY|O_TRUNC) could empty files outside the writable roots"},
        {6, "signal scoping (ABI 6, Linux 6.12): the command could signal any other process of the same user"},
    };
    int missing = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
        if (abi >= needs[i].abi)
            continue;
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", missing ? "; " : "", needs[i].what);
        missing++;
    }
    return missing;
}

static uint64_t handled_fs_for_abi(int abi)
{
    uint64_t fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1; /* ABI 1: bits 0..12 */
    if (abi >= 2)
        fs |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return fs;
}

struct ruleset {
    int fd;
    uint64_t handled_fs;
};

/* Adds a rule for `path` if it exists. Rights that only make sense on
 * directories are stripped for other file types, as the kernel demands. */
static void allow_path(const struct ruleset *rs, const char *path, uint64_t rights, int required)
{
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        if (required)
            die("cannot open %s for a Landlock rule: %s", path, strerror(errno));
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0)
        die("cannot stat %s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        rights &= FS_FILE_RIGHTS;
    struct landlock_path_beneath_attr attr = {
        .allowed_access = rights & rs->handled_fs,
        .parent_fd = fd,
    };
    if (syscall(__NR_landlock_add_rule, rs->fd, LANDLOCK_RULE_PATH_BENEATH, &attr, 0) != 0)
        die("cannot add Landlock rule for %s: %s", path, strerror(errno));
    close(fd);
}

static struct ruleset build_ruleset(int abi, const struct options *o, int have_private_shm)
{
    struct ruleset rs = {.fd = -1, .handled_fs = handled_fs_for_abi(abi)};
    struct sandbox_ruleset_attr attr = {.handled_access_fs = rs.handled_fs};
    size_t size = offsetof(struct sandbox_ruleset_attr, handled_access_net);
    if (abi >= 4) {
        /* Handled with no rule = denied: a second lock on TCP besides seccomp. */
        if (!o->network)
            attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
        size = offsetof(struct sandbox_ruleset_attr, scoped);
    }
    if (abi >= 6) {
        /* Keep the command from signalling processes outside the sandbox
         * (the app that launched it, say) and from reaching host services
         * on abstract unix sockets, network or not (seccomp already refuses
         * creating unix sockets; this is the second lock). */
        attr.scoped = LANDLOCK_SCOPE_SIGNAL | LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET;
        size = sizeof(attr);
    }
    rs.fd = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (rs.fd < 0)
        die("cannot create a Landlock ruleset: %s", strerror(errno));

    allow_path(&rs, "/", FS_READ_RIGHTS, 1);
    static const char *const devices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/ptmx", NULL};
    for (const char *const *d = devices; *d; d++)
        allow_path(&rs, *d, FS_DEVICE_RIGHTS, 0);
    allow_path(&rs, "/dev/pts", FS_DEVICE_RIGHTS | LANDLOCK_ACCESS_FS_READ_DIR, 0);
    if (have_private_shm)
        allow_path(&rs, "/dev/shm", rs.handled_fs & FS_NODEV_MASK, 1);
    for (size_t i = 0; i < o->writable_roots.len; i++)
        allow_path(&rs, o->writable_roots.items[i], rs.handled_fs & FS_NODEV_MASK, 1);
    return rs;
}

/* ---------------------------------------------------------------------------
 * seccomp
 * ------------------------------------------------------------------------- */

#define MAX_FILTER 512
struct filter {
    struct sock_filter insns[MAX_FILTER];
    unsigned short len;
};

static void emit(struct filter *f, struct sock_filter insn)
{
    if (f->len >= MAX_FILTER)
        die("internal error: seccomp filter too long");
    f->insns[f->len++] = insn;
}

#define LOAD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LOAD_ARG_LOW(i) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[i]))
#define LOAD_ARG_HIGH(i) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[i]) + 4)
#define RET_ERRNO(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

/* Each block starts and ends with the syscall number in the accumulator.
 * Arguments are compared on their low 32 bits, which is what the kernel
 * uses for int, unsigned int and mode_t parameters. */

static void deny(struct filter *f, long nr, int err)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1));
    emit(f, (struct sock_filter)RET_ERRNO(err));
}

static void deny_if_arg_has_bits(struct filter *f, long nr, int arg, uint32_t bits, int err)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 4));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(arg));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, bits, 0, 1));
    emit(f, (struct sock_filter)RET_ERRNO(err));
    emit(f, (struct sock_filter)LOAD_NR);
}

static void deny_if_arg_equals(struct filter *f, long nr, int arg, uint32_t value, int err)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 4));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(arg));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, value, 0, 1));
    emit(f, (struct sock_filter)RET_ERRNO(err));
    emit(f, (struct sock_filter)LOAD_NR);
}

static void deny_unless_arg_null(struct filter *f, long nr, int arg, int err)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 6));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(arg));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2));
    emit(f, (struct sock_filter)LOAD_ARG_HIGH(arg));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0));
    emit(f, (struct sock_filter)RET_ERRNO(err));
    emit(f, (struct sock_filter)LOAD_NR);
}

/* open-like calls: only a call that may create a file has a meaningful
 * mode, so check the flags before the mode. */
static void deny_setid_create(struct filter *f, long nr, int flags_arg, int mode_arg)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 6));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(flags_arg));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_CREAT | RAW_O_TMPFILE, 0, 3));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(mode_arg));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, S_ISUID | S_ISGID, 0, 1));
    emit(f, (struct sock_filter)RET_ERRNO(EPERM));
    emit(f, (struct sock_filter)LOAD_NR);
}

/* Metadata changes Landlock cannot see (see readonly_outside_roots), for a
 * read-only run that got no mount namespace: nothing may be written there,
 * so refusing them everywhere costs nothing legitimate. */
static void deny_metadata_changes(struct filter *f)
{
    static const long calls[] = {
        __NR_fchmod, __NR_fchmodat, __NR_fchmodat2, __NR_fchown, __NR_fchownat, __NR_utimensat,
        __NR_setxattr, __NR_lsetxattr, __NR_fsetxattr, __NR_removexattr, __NR_lremovexattr,
        __NR_fremovexattr, __NR_setxattrat, __NR_removexattrat,
#ifdef __NR_chmod
        __NR_chmod, __NR_chown, __NR_lchown, __NR_utime, __NR_utimes, __NR_futimesat,
#endif
    };
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
        deny(f, calls[i], EPERM);
}

/* socket(): with network, only AF_INET, AF_INET6 and NETLINK_ROUTE (what
 * getifaddrs and `ip` need, read-only without CAP_NET_ADMIN); without, no
 * family at all. Never AF_UNIX: an unconnected unix socket can connect or
 * send to any daemon on the host (docker.sock, ssh-agent, the session bus,
 * /dev/log) whatever the filesystem rules say, since Landlock does not
 * govern connect() and a read-only mount does not stop it on a socket file.
 * Never AF_VSOCK (the hypervisor), AF_PACKET, other netlink families. */
static void restrict_socket_families(struct filter *f, int network)
{
    if (!network) {
        deny(f, __NR_socket, EPERM);
        return;
    }
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 7));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(0));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 5, 0));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 4, 0));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 0, 2));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(2));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NETLINK_ROUTE, 1, 0));
    emit(f, (struct sock_filter)RET_ERRNO(EPERM));
    emit(f, (struct sock_filter)LOAD_NR);
}

/* socketpair(): AF_UNIX stream and seqpacket only. Such a pair is connected
 * to itself and cannot address anyone else (sendto with an address fails
 * with EISCONN); a datagram pair could sendmsg() to any host socket by
 * path, and the address in a msghdr is out of BPF's reach. */
static void restrict_socketpair(struct filter *f)
{
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socketpair, 0, 7));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(0));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 4));
    emit(f, (struct sock_filter)LOAD_ARG_LOW(1));
    emit(f, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf)); /* SOCK_TYPE_MASK: drop NONBLOCK/CLOEXEC */
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOCK_STREAM, 2, 0));
    emit(f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOCK_SEQPACKET, 1, 0));
    emit(f, (struct sock_filter)RET_ERRNO(EPERM));
    emit(f, (struct sock_filter)LOAD_NR);
}

static void restrict_sockets(struct filter *f, int network)
{
    restrict_socket_families(f, network);
    restrict_socketpair(f);
    if (network)
        return;
    /* Without network nothing may reach a peer by address, even through a
     * socket inherited from outside.
     *
     * Codex also refuses shutdown, getsockname, getpeername, getsockopt
     * and setsockopt. They act only on sockets the process already has,
     * and libuv needs them on the socketpairs Node uses for child stdio
     * (stream end() shuts down; handle type probing asks getsockname):
     * without them a sandboxed `node` reading stdin or writing stdout
     * through a pipe silently loses the data. They stay allowed here. */
    static const long net_calls[] = {
        __NR_connect, __NR_accept4, __NR_bind, __NR_listen, __NR_sendmmsg, __NR_recvmmsg,
#ifdef __NR_accept
        __NR_accept,
#endif
    };
    for (size_t i = 0; i < sizeof(net_calls) / sizeof(net_calls[0]); i++)
        deny(f, net_calls[i], EPERM);
    /* send() is sendto() with no address in libc; only an explicit
     * destination address could reach a socket not already connected. */
    deny_unless_arg_null(f, __NR_sendto, 4, EPERM);
}

static void install_seccomp(const struct options *o, int abi, int metadata_unprotected)
{
    struct filter f = {.len = 0};

    /* A syscall made through another ABI (32-bit int 0x80, x32) has other
     * numbers and would slip past every rule: kill instead. */
    emit(&f, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    emit(&f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_AUDIT_ARCH, 1, 0));
    emit(&f, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    emit(&f, (struct sock_filter)LOAD_NR);
#ifdef X32_SYSCALL_BIT
    emit(&f, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1));
    emit(&f, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
#endif

    /* Reading or steering other processes, and io_uring (which performs
     * socket and file operations without the syscalls filtered here). */
    deny(&f, __NR_ptrace, EPERM);
    deny(&f, __NR_process_vm_readv, EPERM);
    deny(&f, __NR_process_vm_writev, EPERM);
    deny(&f, __NR_io_uring_setup, EPERM);
    deny(&f, __NR_io_uring_enter, EPERM);
    deny(&f, __NR_io_uring_register, EPERM);

    /* A nested user namespace hands back every capability inside it, and
     * with it mount(); refuse it. clone3 passes its flags in memory BPF
     * cannot read, so it reports ENOSYS and libc falls back to clone. */
    deny_if_arg_has_bits(&f, __NR_unshare, 0, CLONE_NEWUSER, EPERM);
    deny_if_arg_has_bits(&f, __NR_clone, 0, CLONE_NEWUSER, EPERM);
    deny(&f, __NR_clone3, ENOSYS);

    /* The read-only mounts must stay; Landlock and the dropped capabilities
     * already prevent this, the filter makes it explicit. */
    deny(&f, __NR_mount, EPERM);
    deny(&f, __NR_umount2, EPERM);
    deny(&f, __NR_pivot_root, EPERM);
    deny(&f, __NR_open_tree, EPERM);
    deny(&f, __NR_move_mount, EPERM);
    deny(&f, __NR_fsopen, EPERM);
    deny(&f, __NR_fsconfig, EPERM);
    deny(&f, __NR_fsmount, EPERM);
    deny(&f, __NR_fspick, EPERM);
    deny(&f, __NR_mount_setattr, EPERM);

    /* A setuid/setgid file written by a command running as root would hand
     * root to whoever runs it after the sandbox is gone. */
#ifdef __NR_chmod
    deny_if_arg_has_bits(&f, __NR_chmod, 1, S_ISUID | S_ISGID, EPERM);
#endif
    deny_if_arg_has_bits(&f, __NR_fchmod, 1, S_ISUID | S_ISGID, EPERM);
    deny_if_arg_has_bits(&f, __NR_fchmodat, 2, S_ISUID | S_ISGID, EPERM);
    deny_if_arg_has_bits(&f, __NR_fchmodat2, 2, S_ISUID | S_ISGID, EPERM);
#ifdef __NR_open
    deny_setid_create(&f, __NR_open, 1, 2);
#endif
#ifdef __NR_creat
    deny_if_arg_has_bits(&f, __NR_creat, 1, S_ISUID | S_ISGID, EPERM);
#endif
    deny_setid_create(&f, __NR_openat, 2, 3);
#ifdef __NR_mknod
    deny_if_arg_has_bits(&f, __NR_mknod, 1, S_ISUID | S_ISGID, EPERM);
#endif
    deny_if_arg_has_bits(&f, __NR_mknodat, 2, S_ISUID | S_ISGID, EPERM);
    /* openat2 keeps its mode in a struct; ENOSYS makes callers fall back. */
    deny(&f, __NR_openat2, ENOSYS);

    /* Pushing characters into the controlling terminal's input queue runs
     * them in the (unsandboxed) shell that owns it. */
    deny_if_arg_equals(&f, __NR_ioctl, 1, TIOCSTI, EPERM);
    deny_if_arg_equals(&f, __NR_ioctl, 1, TIOCLINUX, EPERM);

    /* Kernel keyrings are shared with the user's other processes. */
    deny(&f, __NR_keyctl, EPERM);
    deny(&f, __NR_add_key, EPERM);
    deny(&f, __NR_request_key, EPERM);

    /* Before Landlock ABI 3, truncate(2) is not a controlled right and could
     * empty any file outside the writable roots. ftruncate needs an fd
     * already opened for writing, which Landlock did check. */
    if (abi < 3)
        deny(&f, __NR_truncate, EPERM);

    if (metadata_unprotected)
        deny_metadata_changes(&f);

    restrict_sockets(&f, o->network);

    emit(&f, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));

    struct sock_fprog prog = {.len = f.len, .filter = f.insns};
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        die("cannot install the seccomp filter: %s. The kernel needs CONFIG_SECCOMP_FILTER, and a "
            "container runtime must not forbid seccomp(2) for its processes",
            strerror(errno));
}

/* ---------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------- */

/* `--probe`: what a run would get here, for diagnostics and tests. The
 * namespace check runs in a child so this process stays untouched. */
static int probe(void)
{
    int abi = landlock_abi();
    printf("landlock_abi=%d\n", abi < 0 ? 0 : abi);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char why[512];
        _exit(enter_namespaces(why, sizeof(why)) == 0 ? 0 : 1);
    }
    int status = 0;
    int ns = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("mount_namespace=%s\n", ns ? "yes" : "no");
    return abi >= 1 ? 0 : 1;
}

/* Everything the namespace's init (or, without a namespace, the command's
 * own process) needs to confine itself. */
struct sandbox_run {
    const struct options *o;
    struct strlist prot;
    int abi;
    struct placeholders placeholders; /* claimed in the monitor */
    int janitor;                      /* report descriptor, or -1 */
};

/* no_new_privs, capabilities, Landlock, seccomp: the last steps before the
 * command runs, in this order (Landlock and seccomp need no_new_privs). */
static void confine(const struct sandbox_run *r, int have_private_shm, int metadata_unprotected)
{
    struct ruleset rs = build_ruleset(r->abi, r->o, have_private_shm);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die("cannot set no_new_privs: %s", strerror(errno));
    drop_capabilities();
    if (syscall(__NR_landlock_restrict_self, rs.fd, 0) != 0)
        die("cannot enforce the Landlock ruleset: %s", strerror(errno));
    close(rs.fd);
    install_seccomp(r->o, r->abi, metadata_unprotected);
    /* Only stdin, stdout and stderr reach the command: a socket the app
     * leaked without O_CLOEXEC could otherwise still talk to the host. */
    if (syscall(__NR_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
        die("cannot mark inherited file descriptors close-on-exec: %s", strerror(errno));
}

/* A /proc of the new PID namespace: the command sees only its own
 * processes, not the command lines of everything else on the host. */
static int private_proc(void)
{
    return mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

/* Runs as pid 1 of the new PID namespace, inside the new mount namespace. */
static void setup_in_namespace(void *arg)
{
    struct sandbox_run *r = arg;
    const struct options *o = r->o;
    char why[512] = "", why_outside[512] = "";
    /* Only the monitor holds the placeholder locks and the janitor's
     * socket: when it is gone, the janitor may clean up. */
    placeholders_release(&r->placeholders);
    if (r->janitor >= 0)
        close(r->janitor);
    /* The working directory still points into the mount it was entered on
     * (now read-only); enter it again through the new mounts. */
    char cwd[PATH_MAX];
    int have_cwd = getcwd(cwd, sizeof(cwd)) != NULL;
    int outside_ro = readonly_outside_roots(o, why_outside, sizeof(why_outside)) == 0;
    int have_private_shm = private_dev_shm() == 0;
    int protected_ok = protect_paths(&r->prot, why, sizeof(why)) == 0;
    if (private_proc() != 0)
        warn("cannot mount a private /proc (%s): the command can see the host's processes", strerror(errno));
    if (have_cwd && chdir(cwd) != 0)
        die("cannot re-enter the working directory %s: %s", cwd, strerror(errno));
    if (o->mode == MODE_WORKSPACE_WRITE && (!protected_ok || !outside_ro)) {
        const char *what = !protected_ok ? r->prot.items[0] : "everything outside the writable roots";
        const char *reason = !protected_ok ? why : why_outside;
        if (!o->allow_unprotected)
            die("cannot make protected paths read-only (such as %s): %s. Refusing to run the command", what, reason);
        warn("cannot make protected paths read-only (%s); protected paths such as %s may stay WRITABLE", reason, what);
    }
    confine(r, have_private_shm, o->mode == MODE_READ_ONLY && !outside_ro);
}

/* Runs in the command's process, just before exec, when no namespace could
 * be made (and --allow-unprotected accepted that). */
static void setup_without_namespace(void *arg)
{
    const struct sandbox_run *r = arg;
    confine(r, 0, r->o->mode == MODE_READ_ONLY);
}

/* The monitor, once the command is done. */
static void remove_placeholders(void *arg)
{
    struct sandbox_run *r = arg;
    placeholders_remove(&r->placeholders);
    janitor_dismiss(r->janitor);
}

int main(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof(o));
    parse_args(argc, argv, &o);
    if (o.probe)
        return probe();

    lifetime_bind_to_parent();
    if (o.mode == MODE_FULL_ACCESS)
        lifetime_run_with_reaper(o.command, NULL, NULL);

    struct sandbox_run run = {.o = &o, .abi = landlock_abi(), .janitor = -1};
    if (run.abi < 1) {
        if (errno == EOPNOTSUPP)
            die("Landlock is built into this kernel but disabled: add 'landlock' to the lsm= kernel "
                "boot parameter (e.g. lsm=landlock,lockdown,yama,integrity,apparmor,bpf) and reboot. "
                "Refusing to run the command unsandboxed");
        die("this kernel has no Landlock support (needs Linux 5.13+ with CONFIG_SECURITY_LANDLOCK=y): %s. "
            "Refusing to run the command unsandboxed",
            strerror(errno));
    }
    if (o.mode == MODE_WORKSPACE_WRITE)
        resolve_protected(&o, &run.prot);

    /* The mount namespace carries the read-only mounts Landlock cannot
     * express (everything outside the roots, for metadata; the protected
     * paths inside them); the PID namespace ties every process the command
     * starts to its init and hides the host's processes. Missing protected
     * names get a placeholder to mount over; the monitor removes them when
     * the command is done, the janitor (started outside the namespaces, so
     * first) when the monitor dies instead. */
    run.janitor = janitor_start(run.prot.items, run.prot.len);
    char why[512] = "";
    if (enter_namespaces(why, sizeof(why)) == 0) {
        placeholders_create(run.prot.items, run.prot.len, &run.placeholders);
        janitor_report_claims(run.janitor, &run.placeholders);
        lifetime_at_exit(remove_placeholders, &run);
        lifetime_run_in_pid_namespace(o.command, setup_in_namespace, &run);
    }
    janitor_dismiss(run.janitor); /* no namespace, no placeholders */

    if (!o.allow_unprotected)
        die("cannot create the sandbox's namespaces: %s. Without them protected paths (.git, .codex, ...) "
            "and metadata outside the writable roots cannot be made read-only, and the command could see "
            "the host's processes. This needs a private mount and PID namespace: run as root, or allow "
            "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, "
            "user.max_user_namespaces > 0, and on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0); "
            "in a container, allow unshare/mount syscalls. Refusing to run the command",
            why);
    char missing[512];
    if (missing_without_namespaces(run.abi, missing, sizeof(missing)) > 0)
        die("cannot create the sandbox's namespaces (%s), and this kernel's Landlock (ABI %d) lacks %s. "
            "Refusing to run the command",
            why, run.abi, missing);
    warn("cannot create the sandbox's namespaces (%s); %sthe command can see the host's processes, and "
         "what it starts is ended by a reaper process instead of a PID namespace",
         why,
         o.mode == MODE_WORKSPACE_WRITE ? "protected paths may stay WRITABLE, chmod/utimes/xattrs outside the "
                                          "writable roots are not prevented, "
                                        : "");
    lifetime_run_with_reaper(o.command, setup_without_namespace, &run);
}
