/*
 * The walk keeps, per directory, what its last reading found: its identity
 * (device, inode), its ctime, when it was read, whether it holds a `.git`
 * entry, and its subdirectories. A directory's ctime changes whenever an
 * entry is added to, removed from or renamed in it, and unlike mtime it
 * cannot be set back (utimensat itself moves ctime forward). So a directory
 * with the same identity and ctime as when it was read still has the entries
 * it had: the walk takes its `.git` flag and subdirectory names from the
 * cache and only goes on into the subdirectories (one open + fstat each).
 *
 * ctime has the granularity of the kernel's coarse clock: an entry added just
 * after a reading may leave ctime as it was. A reading is therefore trusted
 * only when the ctime it saw is more than RACY_SECONDS older than the reading
 * itself (the racy-git rule); a directory changed more recently is read again
 * each time until it has been quiet that long.
 *
 * The walk goes down by file descriptor (openat, O_NOFOLLOW) as before, so a
 * directory swapped for a symlink is not followed, and it does not enter
 * .git directories. The cache file sits in CODEX_HOME, which sandboxed
 * commands cannot write; it is replaced atomically and only when a
 * directory was read again. Any doubt about it (bad magic, truncation, a
 * root it does not name) means a full walk.
 */
#define _GNU_SOURCE
#include "gitscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RACY_SECONDS 2
#define CACHE_MAGIC "codex-gitscan-v1\n"
#define MAX_CHILDREN (1u << 24)

struct node {
    char *name; /* a root's full path, else one component */
    uint64_t dev, ino;
    int64_t ctime_sec, ctime_nsec, read_at;
    int has_git;
    uint32_t nchildren;
    struct node **children; /* sorted by name */
};

struct walk {
    void (*found)(void *ctx, const char *path);
    void *ctx;
    int changed; /* some directory was read again: write the cache */
};

static void oom(void)
{
    fputs("codex-linux-sandbox: out of memory while looking for nested repositories\n", stderr);
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        oom();
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        oom();
    return p;
}

static void free_node(struct node *n)
{
    if (!n)
        return;
    for (uint32_t i = 0; i < n->nchildren; i++)
        free_node(n->children[i]);
    free(n->children);
    free(n->name);
    free(n);
}

static int by_node_name(const void *a, const void *b)
{
    return strcmp((*(struct node *const *)a)->name, (*(struct node *const *)b)->name);
}

static int trusted(const struct node *cached, const struct stat *st)
{
    return cached && cached->dev == (uint64_t)st->st_dev && cached->ino == (uint64_t)st->st_ino &&
           cached->ctime_sec == (int64_t)st->st_ctim.tv_sec && cached->ctime_nsec == (int64_t)st->st_ctim.tv_nsec &&
           cached->ctime_sec + RACY_SECONDS < cached->read_at;
}

#define TOO_LONG ((size_t)-1)

/* Appends "/name" to path; returns the old length to cut back to, or TOO_LONG
 * (path unchanged) when the result would not fit: a path no mount can name is
 * skipped, as the walk always did. */
static size_t push(char *path, const char *name)
{
    size_t len = strlen(path);
    if ((size_t)snprintf(path + len, PATH_MAX - len, "%s%s", len == 1 && path[0] == '/' ? "" : "/", name) >=
        PATH_MAX - len) {
        path[len] = '\0';
        return TOO_LONG;
    }
    return len;
}

static void report_git(struct walk *w, const struct node *n, char *path)
{
    if (!n->has_git)
        return;
    size_t len = push(path, ".git");
    if (len == TOO_LONG)
        return;
    w->found(w->ctx, path);
    path[len] = '\0';
}

static int refresh(struct walk *w, int dirfd, const char *name, char *path, struct node *n);

/* Reads the directory again: its `.git` flag and subdirectories, keeping the
 * nodes of subdirectories that are still there (their own readings may still
 * hold). */
static void reread(struct walk *w, int fd, struct node *n)
{
    w->changed = 1;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    n->read_at = now.tv_sec;
    n->has_git = 0;
    struct node **old = n->children;
    uint32_t nold = n->nchildren, cap = 0;
    uint8_t *taken = xcalloc(nold, 1);
    n->children = NULL;
    n->nchildren = 0;
    int dfd = dup(fd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d && dfd >= 0)
        close(dfd);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strcmp(e->d_name, ".git") == 0) {
            n->has_git = 1; /* any type: a file points at a git dir, a symlink at anything */
            continue;
        }
        if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN)
            continue;
        if (n->nchildren == cap) {
            cap = cap ? cap * 2 : 16;
            n->children = realloc(n->children, cap * sizeof(*n->children));
            if (!n->children)
                oom();
        }
        struct node key = {.name = e->d_name}, *k = &key;
        struct node **kept = nold ? bsearch(&k, old, nold, sizeof(*old), by_node_name) : NULL;
        struct node *child;
        if (kept && !taken[kept - old]) {
            child = *kept;
            taken[kept - old] = 1;
        } else {
            child = xcalloc(1, sizeof(*child));
            child->name = xstrdup(e->d_name);
        }
        n->children[n->nchildren++] = child;
    }
    if (d)
        closedir(d);
    for (uint32_t i = 0; i < nold; i++)
        if (!taken[i])
            free_node(old[i]);
    free(taken);
    free(old);
    qsort(n->children, n->nchildren, sizeof(*n->children), by_node_name);
}

/* Brings node `n` (the directory `name` beneath `dirfd`, whose full path is in
 * `path`) up to date and reports the `.git` entries beneath it. Returns -1
 * when it is not a directory we may open, so the caller drops it. */
static int refresh(struct walk *w, int dirfd, const char *name, char *path, struct node *n)
{
    struct stat st;
    /* A known leaf: one fstatat. (A directory swapped for a symlink has another inode, so is not trusted.) */
    if (n->nchildren == 0 && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
        trusted(n, &st)) {
        report_git(w, n, path);
        return 0;
    }
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
        fprintf(stderr,
                "codex-linux-sandbox: cannot look for nested repositories below %s: too deeply nested (%s). "
                "Refusing to run the command\n",
                path, strerror(errno));
        exit(1);
    }
    if (fd < 0)
        return -1; /* not a directory, a symlink, or unreadable */
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    if (!trusted(n, &st)) {
        n->dev = st.st_dev;
        n->ino = st.st_ino;
        n->ctime_sec = st.st_ctim.tv_sec;
        n->ctime_nsec = st.st_ctim.tv_nsec;
        reread(w, fd, n);
    }
    report_git(w, n, path);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n->nchildren; i++) {
        struct node *child = n->children[i];
        size_t len = push(path, child->name);
        if (len == TOO_LONG) {
            n->children[kept++] = child;
            continue;
        }
        int ok = refresh(w, fd, child->name, path, child);
        path[len] = '\0';
        if (ok == 0) {
            n->children[kept++] = child;
        } else {
            free_node(child);
            w->changed = 1;
        }
    }
    n->nchildren = kept;
    close(fd);
    return 0;
}

/* ---- cache file: the nodes in pre-order, children counts giving the shape ---- */

struct reader {
    const unsigned char *p, *end;
};

static int read_bytes(struct reader *r, void *out, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return -1;
    memcpy(out, r->p, n);
    r->p += n;
    return 0;
}

static struct node *read_node(struct reader *r, size_t max_name, int depth)
{
    uint32_t name_len, nchildren;
    uint8_t has_git;
    struct node tmp = {0};
    if (depth > PATH_MAX / 2 || read_bytes(r, &tmp.dev, 8) || read_bytes(r, &tmp.ino, 8) ||
        read_bytes(r, &tmp.ctime_sec, 8) || read_bytes(r, &tmp.ctime_nsec, 8) || read_bytes(r, &tmp.read_at, 8) ||
        read_bytes(r, &has_git, 1) || read_bytes(r, &nchildren, 4) || read_bytes(r, &name_len, 4))
        return NULL;
    if (name_len == 0 || name_len > max_name || (size_t)(r->end - r->p) < name_len || nchildren > MAX_CHILDREN ||
        memchr(r->p, '\0', name_len) || (size_t)(r->end - r->p) / 45 < nchildren)
        return NULL;
    struct node *n = xcalloc(1, sizeof(*n));
    *n = tmp;
    n->has_git = has_git != 0;
    n->name = xcalloc(name_len + 1, 1);
    memcpy(n->name, r->p, name_len);
    r->p += name_len;
    n->children = xcalloc(nchildren, sizeof(*n->children));
    for (uint32_t i = 0; i < nchildren; i++) {
        struct node *c = read_node(r, NAME_MAX, depth + 1);
        if (!c) {
            free_node(n);
            return NULL;
        }
        if (strchr(c->name, '/') || strcmp(c->name, ".") == 0 || strcmp(c->name, "..") == 0 ||
            strcmp(c->name, ".git") == 0 || (i > 0 && strcmp(n->children[i - 1]->name, c->name) >= 0)) {
            free_node(c); /* names must be single components, sorted and unique */
            free_node(n);
            return NULL;
        }
        n->children[n->nchildren++] = c;
    }
    return n;
}

/* The cached trees of the roots (NULL for a root the cache does not hold). */
static void load_cache(const char *file, char *const *dirs, size_t ndirs, struct node **roots)
{
    int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    unsigned char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < (1LL << 31)) {
        buf = malloc((size_t)st.st_size);
        size_t got = 0;
        while (buf && got < (size_t)st.st_size) {
            ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (buf && got != (size_t)st.st_size) {
            free(buf);
            buf = NULL;
        }
    }
    close(fd);
    if (!buf)
        return;
    struct reader r = {buf, buf + st.st_size};
    uint32_t count;
    char magic[sizeof(CACHE_MAGIC) - 1];
    if (read_bytes(&r, magic, sizeof(magic)) == 0 && memcmp(magic, CACHE_MAGIC, sizeof(magic)) == 0 &&
        read_bytes(&r, &count, 4) == 0) {
        for (uint32_t i = 0; i < count; i++) {
            struct node *root = read_node(&r, PATH_MAX, 0);
            if (!root)
                break;
            for (size_t d = 0; d < ndirs; d++) {
                if (!roots[d] && strcmp(root->name, dirs[d]) == 0) {
                    roots[d] = root;
                    root = NULL;
                    break;
                }
            }
            free_node(root);
        }
    }
    free(buf);
}

static void write_node(FILE *f, const struct node *n)
{
    uint8_t has_git = n->has_git ? 1 : 0;
    uint32_t name_len = (uint32_t)strlen(n->name);
    fwrite(&n->dev, 8, 1, f);
    fwrite(&n->ino, 8, 1, f);
    fwrite(&n->ctime_sec, 8, 1, f);
    fwrite(&n->ctime_nsec, 8, 1, f);
    fwrite(&n->read_at, 8, 1, f);
    fwrite(&has_git, 1, 1, f);
    fwrite(&n->nchildren, 4, 1, f);
    fwrite(&name_len, 4, 1, f);
    fwrite(n->name, 1, name_len, f);
    for (uint32_t i = 0; i < n->nchildren; i++)
        write_node(f, n->children[i]);
}

/* Best effort: a cache that cannot be written only costs the next command a full walk. */
static void save_cache(const char *file, struct node **roots, size_t ndirs)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", file, (long)getpid()) >= (int)sizeof(tmp))
        return;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(tmp);
        return;
    }
    uint32_t count = 0;
    for (size_t d = 0; d < ndirs; d++)
        count += roots[d] != NULL;
    fwrite(CACHE_MAGIC, 1, sizeof(CACHE_MAGIC) - 1, f);
    fwrite(&count, 4, 1, f);
    for (size_t d = 0; d < ndirs; d++)
        if (roots[d])
            write_node(f, roots[d]);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, file) != 0)
        unlink(tmp);
}

void gitscan(char *const *dirs, size_t ndirs, const char *cache_file, void (*found)(void *ctx, const char *path),
             void *ctx)
{
    struct node **roots = xcalloc(ndirs, sizeof(*roots));
    if (cache_file)
        load_cache(cache_file, dirs, ndirs, roots);
    struct walk w = {.found = found, .ctx = ctx, .changed = 0};
    char path[PATH_MAX];
    for (size_t d = 0; d < ndirs; d++) {
        if (!roots[d]) {
            roots[d] = xcalloc(1, sizeof(*roots[d]));
            roots[d]->name = xstrdup(dirs[d]);
        }
        snprintf(path, sizeof(path), "%s", dirs[d]);
        if (refresh(&w, AT_FDCWD, dirs[d], path, roots[d]) != 0) {
            free_node(roots[d]);
            roots[d] = NULL;
        }
    }
    if (cache_file && w.changed)
        save_cache(cache_file, roots, ndirs);
    for (size_t d = 0; d < ndirs; d++)
        free_node(roots[d]);
    free(roots);
}
