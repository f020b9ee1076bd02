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
 * in the same root at once: each holds a shared flock on the placeholder,
 * and the one that can upgrade to an exclusive lock (nobody else uses it)
 * removes it while holding that lock; a sandbox that locks a placeholder
 * after it was removed (link count 0) makes a new one. A helper killed with
 * SIGKILL cannot clean up: its placeholder stays until the next sandboxed
 * command in that root adopts and removes it.
 */
#define _GNU_SOURCE
#include "placeholders.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define PLACEHOLDER_MODE 0500

/* rmdir() only ever removes an empty directory, so even a user's directory
 * mistaken for a placeholder loses nothing. */
static int is_placeholder(const struct stat *st)
{
    return S_ISDIR(st->st_mode) && (st->st_mode & 07777) == PLACEHOLDER_MODE;
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
    out->paths = calloc(n ? n : 1, sizeof(*out->paths));
    out->fds = calloc(n ? n : 1, sizeof(*out->fds));
    out->len = 0;
    if (!out->paths || !out->fds)
        return;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (lstat(paths[i], &st) == 0 && !is_placeholder(&st))
            continue; /* exists for real */
        int fd = claim(paths[i]);
        if (fd < 0)
            continue;
        out->paths[out->len] = paths[i];
        out->fds[out->len] = fd;
        out->len++;
    }
}

void placeholders_remove(struct placeholders *p)
{
    for (size_t i = 0; i < p->len; i++) {
        /* In this mount namespace the name is still covered by the
         * sandbox's read-only mount; lift it (everything inside is dead). */
        umount2(p->paths[i], MNT_DETACH);
        struct stat held, now;
        if (flock(p->fds[i], LOCK_EX | LOCK_NB) == 0 && fstat(p->fds[i], &held) == 0 && is_placeholder(&held) &&
            held.st_nlink > 0 && lstat(p->paths[i], &now) == 0 && now.st_dev == held.st_dev &&
            now.st_ino == held.st_ino)
            rmdir(p->paths[i]);
        close(p->fds[i]);
    }
    p->len = 0;
}
