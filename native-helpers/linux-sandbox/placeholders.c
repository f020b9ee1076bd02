/*
 * A read-only mount can only cover a name that exists, and Landlock cannot
 * refuse creating one particular name in a writable directory. So a missing
 * protected name (.git, .codex, .agents in a writable root; CODEX_HOME) gets
 * an empty directory of mode 0500 on the host before the mounts are made;
 * the sandbox then mounts it read-only over itself, and the command cannot
 * create, replace, rename over, link to or remove that name, nor put
 * anything in it (EEXIST, EISDIR, EBUSY, EROFS). An empty directory, unlike
 * an empty file, is ignored by git's repository discovery, so git inside and
 * outside the sandbox keeps finding an enclosing repository. (Codex mounts
 * /dev/null over an empty file it creates, to the same end.)
 *
 * Placeholders are removed when the command ends. Several sandboxes may run
 * in the same root at once: each monitor holds a shared flock on the
 * placeholder, and the one that can take an exclusive lock (nobody else
 * uses it) removes it while holding that lock; a sandbox that locks a
 * placeholder after it was removed (link count 0) makes a new one. When the
 * monitor cannot clean up (SIGKILLed), the janitor (janitor.c) removes them
 * by the same rule, from outside the namespaces.
 */
#define _GNU_SOURCE
#include "placeholders.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#define PLACEHOLDER_MODE 0500

/* rmdir() only ever removes an empty directory, so even a user's directory
 * mistaken for a placeholder loses nothing. */
static int is_placeholder(const struct stat *st)
{
    return S_ISDIR(st->st_mode) && (st->st_mode & 07777) == PLACEHOLDER_MODE;
}

int placeholder_wanted(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    return is_placeholder(&st);
}

/* Returns a locked fd of the placeholder at `path`, or -1 when the name is
 * taken by something else (protected as it is) or cannot be made. */
static int claim(const char *path)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        if (mkdir(path, PLACEHOLDER_MODE) != 0 && errno != EEXIST)
            return -1; /* a directory we may not write: the command may not either */
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT)
                continue; /* removed by another sandbox in between */
            return -1;    /* a symlink or a file: something real, protected as is */
        }
        struct stat st;
        if (flock(fd, LOCK_SH) != 0 || fstat(fd, &st) != 0 || !is_placeholder(&st)) {
            close(fd);
            return -1;
        }
        if (st.st_nlink > 0) /* 0: removed by another sandbox just before we locked it */
            return fd;
        close(fd);
    }
    return -1;
}

void placeholders_create(char *const *paths, size_t n, struct placeholders *out)
{
    out->items = calloc(n ? n : 1, sizeof(*out->items));
    out->len = 0;
    if (!out->items)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!placeholder_wanted(paths[i]))
            continue; /* exists for real */
        int fd = claim(paths[i]);
        struct stat st;
        if (fd < 0)
            continue;
        if (fstat(fd, &st) != 0) {
            close(fd);
            continue;
        }
        out->items[out->len++] = (struct placeholder){paths[i], i, fd, st.st_dev, st.st_ino};
    }
}

/* The directory holding `path`, opened O_PATH, and the last component: the
 * checks and the rmdir below then all act on that one directory, whatever
 * happens to the names above it meanwhile. */
static int open_parent(const char *path, const char **name)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;
    if (!slash || slash[1] == '\0' || len >= sizeof(dir))
        return -1;
    memcpy(dir, path, len);
    dir[len] = '\0';
    *name = slash + 1;
    return open(dir[0] ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* Removes parent/name, the placeholder `fd` is open on, if it still is a
 * placeholder, the name still refers to it and no other run holds a lock on
 * it (trying for up to `patience_ms`). */
static void remove_if_unused(int parent, const char *name, int fd, int patience_ms)
{
    struct timespec ms = {0, 1000 * 1000};
    for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited++) {
        if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= patience_ms)
            return;
        nanosleep(&ms, NULL);
    }
    struct stat held, now;
    if (fstat(fd, &held) != 0 || !is_placeholder(&held) || held.st_nlink == 0)
        return;
    if (fstatat(parent, name, &now, AT_SYMLINK_NOFOLLOW) != 0 || now.st_dev != held.st_dev ||
        now.st_ino != held.st_ino)
        return;
    unlinkat(parent, name, AT_REMOVEDIR); /* fails, harmlessly, unless empty */
}

void placeholders_remove(struct placeholders *p)
{
    for (size_t i = 0; i < p->len; i++) {
        struct placeholder *ph = &p->items[i];
        /* In this mount namespace the name is still covered by the
         * sandbox's read-only mount; lift it (everything inside is dead). */
        umount2(ph->path, MNT_DETACH);
        const char *name;
        int parent = open_parent(ph->path, &name);
        if (parent >= 0) {
            remove_if_unused(parent, name, ph->fd, 0);
            close(parent);
        }
        close(ph->fd);
    }
    p->len = 0;
}

void placeholders_release(struct placeholders *p)
{
    for (size_t i = 0; i < p->len; i++)
        close(p->items[i].fd);
    p->len = 0;
}

void placeholder_remove_stale(const char *path, const struct stat *expected, int patience_ms)
{
    const char *name;
    int parent = open_parent(path, &name);
    if (parent < 0)
        return;
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 &&
        (!expected || (st.st_dev == expected->st_dev && st.st_ino == expected->st_ino)))
        remove_if_unused(parent, name, fd, patience_ms);
    if (fd >= 0)
        close(fd);
    close(parent);
}
