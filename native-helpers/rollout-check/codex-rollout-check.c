/*
 * codex-rollout-check INDEX: checks thread/list's index (CODEX_HOME/cache/
 * thread-list.jsonl, format 4: main/core/session/rolloutIndexFile.ts)
 * against the rollouts it describes, for the app-server that starts it as it
 * starts (main/core/session/earlyRolloutCheck.ts): for each file line,
 * whether a stat shows the file as the line records it (inode, size, mtime).
 * Ten thousand stats cost Node several times what they cost here (a Stats
 * object with four Dates each), and this runs beside the loading of the
 * server's modules, on the other core.
 *
 * Each day directory is watched (inotify) before its files are stat'ed. The
 * caller, which cannot put its own watches in place before this runs, learns
 * from these of every change after a stat until its own watches exist.
 *
 * stdout, once everything is checked:
 *   I <ino> <size> <mtimeMs>      the index file as read (fstat), so the caller
 *                                 can tell it read the same file
 *   one line per day directory's block, in file order: the places (0-based,
 *   space-separated) of the lines a stat did not confirm, or "x" when the
 *   block could not be checked (an escaped directory name, lines that do not
 *   number its names, no watch); a malformed block ends the list (the blocks
 *   after it cannot be found)
 *   end
 * then, until stdin ends (the caller's own watches are set) and every change
 * reported before that is written:
 *   E <block> <name>              a change to that file of a block's directory
 *   E <block>                     a change to anything in it
 *   E *                           changes lost (inotify's queue overflowed)
 *   done
 * Numbers are compared as Node computes Stats.ino, .size and .mtimeMs
 * (sec * 1000 + nsec / 1e6 in doubles; built with -ffp-contract=off so no
 * fused multiply-add changes the last bit) with the line's decimal text read
 * by strtod (correctly rounded, as JavaScript's Number() is).
 * Exit 0 with that answer; 1 when the index cannot be read, 2 when it is not
 * format 4 (the caller then checks the files itself).
 *
 * Test hook: with CODEX_TEST_ROLLOUT_CHECK_GATE=PATH it makes PATH.statted
 * once its stats are done and answers only once PATH exists (at most a
 * minute), so a test can change a rollout between the stats and the answer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct text {
    const char *p;
    size_t len;
    int escaped; /* holds a backslash escape: not used as a path */
};

static double node_ms(struct timespec t) { return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6; }

/* An index bigger than this is not read (the server rebuilds it): 10,000 sessions take ~4 MB. */
#define MAX_INDEX_BYTES ((size_t)1 << 30)

/* The index, NUL-terminated (so no number parse can run past it); NULL when it is not a regular file one can read. */
static char *read_file(const char *path, size_t *len, struct stat *st) {
    /* Non-blocking: a FIFO put in the index's place must not hold this process (and it is refused below). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0 || fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || (size_t)st->st_size > MAX_INDEX_BYTES) return NULL;
    size_t cap = (size_t)st->st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > MAX_INDEX_BYTES || !(buf = realloc(buf, cap *= 2))) return NULL;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return NULL;
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* A JSON string at *q (opening quote) before end: its raw bytes; *q moves past the closing quote. 0 when there is none. */
static int json_string(const char **q, const char *end, struct text *out) {
    const char *s = *q;
    if (s >= end || *s != '"') return 0;
    out->p = ++s;
    out->escaped = 0;
    for (; s < end; s++) {
        if (*s == '\\') {
            out->escaped = 1;
            s++;
        } else if (*s == '"') {
            out->len = (size_t)(s - out->p);
            *q = s + 1;
            return 1;
        }
    }
    return 0;
}

static int expect(const char **q, const char *end, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(end - *q) < n || memcmp(*q, lit, n) != 0) return 0;
    *q += n;
    return 1;
}

/* The number at *q up to the next comma, as strtod reads it; 0 when it is not one. */
static int number(const char **q, const char *end, double *v) {
    const char *comma = memchr(*q, ',', (size_t)(end - *q));
    char tmp[64];
    size_t n = comma ? (size_t)(comma - *q) : 0;
    if (!comma || n == 0 || n >= sizeof tmp) return 0;
    memcpy(tmp, *q, n);
    tmp[n] = '\0';
    /* JSON's number characters only: strtod alone would take hex, inf or spaces, which the server's JSON.parse refuses. */
    if (strspn(tmp, "-+.eE0123456789") != n || !(tmp[0] == '-' || (tmp[0] >= '0' && tmp[0] <= '9'))) return 0;
    char *stop;
    *v = strtod(tmp, &stop);
    if (*stop != '\0') return 0;
    *q = comma + 1;
    return 1;
}

/* Whether the file line [q, end) records `name` in directory dirfd as a stat shows it now. */
static int line_confirmed(const char *q, const char *end, int dirfd, const struct text *name) {
    struct text skip;
    double ino, size, mtime;
    if (!expect(&q, end, "[") || !(expect(&q, end, "0,") || expect(&q, end, "1,"))) return 0;
    if (!expect(&q, end, "null,") && !(json_string(&q, end, &skip) && expect(&q, end, ","))) return 0;
    if (!json_string(&q, end, &skip) || !expect(&q, end, ",")) return 0;
    if (skip.len != name->len || memcmp(skip.p, name->p, name->len) != 0) return 0; /* not this file's line */
    if (!number(&q, end, &ino) || !number(&q, end, &size) || !number(&q, end, &mtime)) return 0;
    char file[4096];
    if (dirfd < 0 || name->escaped || name->len >= sizeof file) return 0;
    memcpy(file, name->p, name->len);
    file[name->len] = '\0';
    struct stat st;
    if (fstatat(dirfd, file, &st, 0) != 0) return 0;
    return (double)st.st_ino == ino && (double)st.st_size == size && node_ms(st.st_mtim) == mtime;
}

static void wait_at_gate(void) {
    const char *gate = getenv("CODEX_TEST_ROLLOUT_CHECK_GATE");
    if (!gate || !*gate) return;
    char marker[4096];
    snprintf(marker, sizeof marker, "%s.statted", gate);
    int fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    struct timespec nap = {0, 20 * 1000 * 1000};
    for (int waited = 0; waited < 60000 && access(gate, F_OK) != 0; waited += 20) nanosleep(&nap, NULL);
}

/* The same events Node's fs.watch asks inotify for. */
#define WATCH_MASK (IN_ATTRIB | IN_CREATE | IN_MODIFY | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_MOVED_FROM | IN_MOVED_TO)

static int write_all(const char *p, size_t len) {
    while (len > 0) {
        ssize_t n = write(1, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A name the caller reads back as it is: no newline, nothing outside ASCII (it decodes the output as Latin-1). */
static int plain_name(const char *name) {
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        if (*c == '\n' || *c >= 0x80) return 0;
    return 1;
}

/* Writes the events pending on the inotify fd (non-blocking); the block of each watch is blocks[wd]. */
static int report_events(int ifd, const long *blocks, size_t nblocks) {
    char ev[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(ifd, ev, sizeof ev);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0; /* EAGAIN: nothing more */
        for (char *p = ev; p < ev + n;) {
            const struct inotify_event *e = (const struct inotify_event *)p;
            char line[4200];
            int len = 0;
            if (e->mask & IN_Q_OVERFLOW)
                len = snprintf(line, sizeof line, "E *\n");
            else if (e->wd >= 0 && (size_t)e->wd < nblocks && blocks[e->wd] >= 0) {
                if (e->len == 0 || !plain_name(e->name))
                    len = snprintf(line, sizeof line, "E %ld\n", blocks[e->wd]);
                else
                    len = snprintf(line, sizeof line, "E %ld %s\n", blocks[e->wd], e->name);
                if (len >= (int)sizeof line) len = snprintf(line, sizeof line, "E %ld\n", blocks[e->wd]);
            }
            if (len > 0 && write_all(line, (size_t)len) != 0) return -1;
            p += sizeof *e + e->len;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: codex-rollout-check INDEX\n");
        return 2;
    }
    /* Never outlives the server: killed when it dies (even by SIGKILL), and gone at once if it already has. */
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) return 1;
    /* Below the server that started it, whose own start-up (loading its modules) must not wait for this on a
     * busy machine: it only has to be done before the first folder filter arrives. */
    if (setpriority(PRIO_PROCESS, 0, 19) != 0) {
        /* Not allowed: run at the server's priority. */
    }
    size_t len;
    struct stat ist;
    char *buf = read_file(argv[1], &len, &ist);
    if (!buf) return 1;
    const char *q = buf, *end = buf + len;
    if (!expect(&q, end, "{\"format\":4}\n")) return 2;

    size_t out_cap = 1 << 16, out_len = 0;
    char *out = malloc(out_cap);
    struct text *names = NULL;
    size_t names_cap = 0;
    int ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    long *blocks = NULL; /* watch descriptor -> block */
    size_t nblocks = 0;
    long block = 0;
    if (!out) return 1;
#define EMIT(...)                                                                                                      \
    do {                                                                                                               \
        char tmp_[64];                                                                                                 \
        int n_ = snprintf(tmp_, sizeof tmp_, __VA_ARGS__);                                                             \
        if (out_len + (size_t)n_ >= out_cap && !(out = realloc(out, out_cap *= 2))) return 1;                          \
        memcpy(out + out_len, tmp_, (size_t)n_);                                                                       \
        out_len += (size_t)n_;                                                                                         \
    } while (0)

    EMIT("I %.17g %.17g %.17g\n", (double)ist.st_ino, (double)ist.st_size, node_ms(ist.st_mtim));
    while (q < end && !expect(&q, end, "{\"end\":")) {
        /* {"dir":"…","ino":…,"mtimeMs":…,"readAt":…,"names":[…],"bytes":N}\n */
        const char *eol = memchr(q, '\n', (size_t)(end - q));
        struct text dir;
        if (!eol || !expect(&q, eol, "{\"dir\":") || !json_string(&q, eol, &dir)) break;
        const char *at = memmem(q, (size_t)(eol - q), ",\"names\":[", 10);
        if (!at) break;
        q = at + 10;
        size_t count = 0;
        int ok = 1;
        while (ok && q < eol && *q != ']') {
            if (count == names_cap && !(names = realloc(names, (names_cap = names_cap ? names_cap * 2 : 256) * sizeof *names)))
                return 1;
            ok = json_string(&q, eol, &names[count++]) && (expect(&q, eol, ",") || (q < eol && *q == ']'));
        }
        char *stop;
        if (!ok || !expect(&q, eol, "],\"bytes\":")) break;
        if (q >= eol || *q < '0' || *q > '9') break; /* strtoull would skip a newline and read the next line's digits */
        unsigned long long bytes = strtoull(q, &stop, 10);
        if (stop == q || (const char *)stop + 2 > end || stop > eol || stop[0] != '}' || stop[1] != '\n') break;
        const char *body = stop + 2;
        if (bytes > (unsigned long long)(end - body)) break;
        const char *body_end = body + bytes;

        /* The block's lines, one per name. */
        const char *line = body;
        size_t lines = 0;
        while (line < body_end) {
            const char *nl = memchr(line, '\n', (size_t)(body_end - line));
            if (!nl) break;
            lines++;
            line = nl + 1;
        }
        char dirpath[4096];
        int wd = -1;
        if (!dir.escaped && dir.len < sizeof dirpath) {
            memcpy(dirpath, dir.p, dir.len);
            dirpath[dir.len] = '\0';
            /* Watched before its files are stat'ed: a change after a stat is reported. */
            wd = ifd < 0 ? -1 : inotify_add_watch(ifd, dirpath, WATCH_MASK);
            if (wd >= 0) {
                if ((size_t)wd >= nblocks) {
                    size_t grown = (size_t)wd * 2 + 16;
                    if (!(blocks = realloc(blocks, grown * sizeof *blocks))) return 1;
                    for (size_t i = nblocks; i < grown; i++) blocks[i] = -1;
                    nblocks = grown;
                }
                /* Two blocks of one directory (never written): its changes go to the first. */
                if (blocks[wd] < 0) blocks[wd] = block;
            }
        }
        block++;
        if (wd < 0 || lines != count || line != body_end) {
            EMIT("x\n");
        } else {
            int dirfd = open(dirpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            line = body;
            int first = 1;
            for (size_t k = 0; k < count; k++) {
                const char *nl = memchr(line, '\n', (size_t)(body_end - line));
                if (!line_confirmed(line, nl, dirfd, &names[k])) {
                    EMIT(first ? "%zu" : " %zu", k);
                    first = 0;
                }
                line = nl + 1;
            }
            EMIT("\n");
            if (dirfd >= 0) close(dirfd);
        }
        q = body_end;
    }
    EMIT("end\n");
    wait_at_gate();
    if (write_all(out, out_len) != 0) return 1;
    /* Changes until the caller's watches exist: it ends stdin then; what inotify queued before is written first. */
    struct pollfd fds[2] = {{.fd = 0, .events = POLLIN, .revents = 0}, {.fd = ifd, .events = POLLIN, .revents = 0}};
    for (;;) {
        if (poll(fds, ifd < 0 ? 1 : 2, -1) < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (ifd >= 0 && report_events(ifd, blocks, nblocks) != 0) return 1;
        if (fds[0].revents) {
            char drain[256];
            ssize_t n = read(0, drain, sizeof drain);
            if (n > 0 || (n < 0 && errno == EINTR)) continue;
            if (ifd >= 0 && report_events(ifd, blocks, nblocks) != 0) return 1;
            return write_all("done\n", 5) == 0 ? 0 : 1;
        }
    }
}
