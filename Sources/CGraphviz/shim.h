// Shim for Graphviz's libgvc / libcgraph, imported by the Rendering target only.
//
// Swift 6 rejects C globals such as `Agdirected` (shared mutable state), so they are
// returned by value from `static inline` functions here. The child-process layout helper
// is written in C on purpose: after fork() the child runs only C code (no Swift runtime
// locks), lays the graph out, renders it and writes length-prefixed frames to a pipe.
#ifndef RINGSCOPE_CGRAPHVIZ_SHIM_H
#define RINGSCOPE_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/resource.h>

static inline Agdesc_t rs_directed(void) { return Agdirected; }
static inline Agdesc_t rs_undirected(void) { return Agundirected; }
static inline Agdesc_t rs_strict_directed(void) { return Agstrictdirected; }
static inline Agdesc_t rs_strict_undirected(void) { return Agstrictundirected; }

/// Object ids in creation order.
///
/// cgraph's default id discipline uses the address of the interned name as the id of a
/// named object, and keeps subgraphs ordered by id: the order of clusters in the DOT
/// output and in the layout then depends on the heap, and changes from run to run. This
/// discipline declines every name (cgraph then keeps names in its internal map) and hands
/// out ids from a counter per graph, so subgraphs, nodes and edges are ordered by creation.
typedef struct { IDTYPE next; } rs_id_state;
static inline void *rs_id_open(Agraph_t *g, Agdisc_t *disc) {
    (void)g; (void)disc;
    rs_id_state *state = (rs_id_state *)malloc(sizeof *state);
    if (state) state->next = 1;
    return state;
}
static inline long rs_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
    (void)objtype; (void)createflag;
    if (str) return 0;
    rs_id_state *s = (rs_id_state *)state;
    *id = s->next;
    s->next += 2;  /* odd, like cgraph's anonymous ids */
    return 1;
}
static inline long rs_id_alloc(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; return 0; }
static inline void rs_id_free(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; }
static inline char *rs_id_print(void *state, int objtype, IDTYPE id) { (void)state; (void)objtype; (void)id; return NULL; }
static inline void rs_id_close(void *state) { free(state); }
static inline void rs_id_register(void *state, int objtype, void *obj) { (void)state; (void)objtype; (void)obj; }

/// The discipline with creation-order ids (and cgraph's memory and stdio disciplines).
static inline Agdisc_t *rs_discipline(void) {
    static Agiddisc_t ids = { rs_id_open, rs_id_map, rs_id_alloc, rs_id_free, rs_id_print, rs_id_close, rs_id_register };
    static Agdisc_t discipline;
    discipline.mem = &AgMemDisc;
    discipline.id = &ids;
    discipline.io = &AgIoDisc;
    return &discipline;
}

/// `agopen` with the creation-order id discipline.
static inline Agraph_t *rs_open_graph(char *name, Agdesc_t desc) {
    return agopen(name, desc, rs_discipline());
}

/// `agmemread` with the creation-order id discipline: objects are numbered in the order the
/// text names them, so the graph (and its layout) does not depend on the heap.
static inline Agraph_t *rs_read_dot(const char *text) {
    FILE *stream = fmemopen((void *)text, strlen(text), "r");
    if (!stream) return NULL;
    Agraph_t *g = agread(stream, rs_discipline());
    fclose(stream);
    return g;
}

/// Graphviz reports errors and warnings through `agerr`; with a user function set they come
/// here instead of stderr. The buffer is only touched under the Rendering lock (or in the
/// single-threaded forked child), so one static buffer is enough.
enum { RS_ERROR_CAPACITY = 8192 };
static inline char *rs_error_storage(void) {
    static char buffer[RS_ERROR_CAPACITY];
    return buffer;
}
static inline int rs_error_sink(char *message) {
    char *buffer = rs_error_storage();
    size_t used = strlen(buffer);
    size_t length = message ? strlen(message) : 0;
    if (used + length + 1 > RS_ERROR_CAPACITY) length = RS_ERROR_CAPACITY - used - 1;
    memcpy(buffer + used, message, length);
    buffer[used + length] = 0;
    return (int)length;
}
/// Routes Graphviz's messages into the buffer and empties it.
static inline void rs_begin_capturing_messages(void) {
    rs_error_storage()[0] = 0;
    agseterr(AGWARN);
    agseterrf(rs_error_sink);
}
static inline const char *rs_captured_messages(void) { return rs_error_storage(); }

/// Writes `g` as DOT (no layout needed) into a malloc'ed buffer that the caller `free`s.
static inline int rs_write_dot(Agraph_t *g, char **data, size_t *length) {
    *data = NULL; *length = 0;
    FILE *stream = open_memstream(data, length);
    if (!stream) return -1;
    int status = agwrite(g, stream);
    if (fclose(stream) != 0) status = -1;
    return status;
}

/// A pipe whose ends are not inherited by processes spawned elsewhere in the program.
static inline int rs_pipe_cloexec(int ends[2]) {
    if (pipe(ends) != 0) return -1;
    fcntl(ends[0], F_SETFD, FD_CLOEXEC);
    fcntl(ends[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/// Writes all `length` bytes or returns -1.
static inline int rs_write_all(int fd, const void *bytes, size_t length) {
    const char *p = (const char *)bytes;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        p += n; length -= (size_t)n;
    }
    return 0;
}

/// One frame: int32 status (0 ok, 1 error), uint32 length, then `length` bytes
/// (the rendered document, or an error message).
static inline int rs_write_frame(int fd, int32_t status, const char *bytes, uint32_t length) {
    if (rs_write_all(fd, &status, sizeof status) != 0) return -1;
    if (rs_write_all(fd, &length, sizeof length) != 0) return -1;
    return rs_write_all(fd, bytes, length);
}

/// Limits the CPU time of this (child) process to `seconds`: past it the kernel stops the
/// process (SIGXCPU, then SIGKILL a second later). CPU time, not wall-clock time, so that
/// whether a layout finishes within its budget does not depend on how busy the machine is:
/// with a wall-clock limit, a loaded machine made a big ring fall back to another layout and
/// the same run gave another diagram. No core file is written.
static inline void rs_limit_cpu(int seconds) {
    if (seconds <= 0) return;
    struct rlimit core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &core);
    struct rlimit cpu = { (rlim_t)seconds, (rlim_t)seconds + 1 };
    setrlimit(RLIMIT_CPU, &cpu);
}

/// Lays `g` out with `engine` and renders each of `formats` in order into `out`, one frame
/// each (an error frame ends the list). Returns 0, or the exit code of the failure.
static inline int rs_render_frames(GVC_t *gvc, Agraph_t *g, const char *engine,
                                   const char *const *formats, int formatCount, int outFd) {
    if (gvLayout(gvc, g, engine) != 0) {
        const char *m = rs_captured_messages();
        if (!m || !*m) m = "layout failed";
        rs_write_frame(outFd, 1, m, (uint32_t)strlen(m));
        return 2;
    }
    for (int i = 0; i < formatCount; i++) {
        char *data = NULL;
        unsigned int length = 0;
        // PNG at 72 dpi (one pixel per point; Graphviz's default is 96): a drawing capped at
        // 50 inches is at most 3,600 px wide, and the bitmap costs 44 % fewer pixels to
        // rasterise and compress. The vector formats are unaffected (they do not use dpi).
        double dpi = GD_drawing(g)->dpi;
        if (strcmp(formats[i], "png") == 0 && dpi == 0) GD_drawing(g)->dpi = 72;
        int failed = gvRenderData(gvc, g, formats[i], &data, &length) != 0 || data == NULL;
        GD_drawing(g)->dpi = dpi;
        if (failed) {
            const char *m = rs_captured_messages();
            if (!m || !*m) m = "render failed";
            rs_write_frame(outFd, 1, m, (uint32_t)strlen(m));
            return 3;
        }
        if (rs_write_frame(outFd, 0, data, length) != 0) return 4;
        gvFreeRenderData(data);
    }
    return 0;
}

/// Quiets a child: stderr (some plugins print straight to it: cairo's "graph is too large for
/// cairo-renderer bitmaps"; what matters comes through agerr) and, with `alsoStdio`, stdin and
/// stdout go to /dev/null.
static inline void rs_quiet_child(int alsoStdio) {
    signal(SIGPIPE, SIG_IGN);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull < 0) return;
    dup2(devnull, 2);
    if (alsoStdio) { dup2(devnull, 0); dup2(devnull, 1); }
    if (devnull > 2) close(devnull);
}

/// Forks; the child lays `g` out with `engine`, renders each of `formats` in order and
/// writes one frame per format to `fd`, then `_exit`s. The parent gets the child's pid
/// (or -1) and must read the pipe, and kill and reap the child if it runs over time.
static inline pid_t rs_fork_layout_render(GVC_t *gvc, Agraph_t *g, const char *engine,
                                          const char *const *formats, int formatCount,
                                          int readFd, int writeFd, int cpuSeconds) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    close(readFd);
    // Nothing of the program's stays open here but the pipe: a descriptor kept by this child
    // would keep what it stands for alive, e.g. another run's flock on its --out (a second
    // RunFolder of the same program was refused while a layout of another thread was running).
    for (int fd = 3; fd < 1024; fd++) if (fd != writeFd) close(fd);
    rs_quiet_child(0);
    rs_limit_cpu(cpuSeconds);
    int status = rs_render_frames(gvc, g, engine, formats, formatCount, writeFd);
    close(writeFd);
    _exit(status);
}

/// Reads exactly `length` bytes: 0, or -1 at end of file or on an error.
static inline int rs_read_all(int fd, void *bytes, size_t length) {
    char *p = (char *)bytes;
    while (length > 0) {
        ssize_t n = read(fd, p, length);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        if (n == 0) return -1;
        p += n; length -= (size_t)n;
    }
    return 0;
}

/// Marks a reply of the layout server that carries no documents: the worker died.
enum { RS_NO_RESULT = 0xFFFFFFFFu };

/// The layout server: forked while the program is still small, it forks one small worker per
/// job, so that no layout needs a fork of the (by then large) program.
///
/// A job on `socket`: uint32 length, then the engine, each format and an empty string, all
/// NUL-terminated, then the CPU seconds the worker may use (decimal, NUL-terminated), then
/// the DOT text. The worker parses the DOT, lays it out, renders the
/// formats as frames into a pipe and exits; the server reads that pipe to its end, reaps the
/// worker, and replies uint32 length + the frames, or RS_NO_RESULT + the wait status if the
/// worker died before finishing. A job that runs too long is stopped by the program killing
/// the server's process group (server and worker). The server exits when the socket closes.
static inline void rs_layout_server(int socket) {
    setpgid(0, 0);
    rs_quiet_child(1);
    if (socket != 3) { dup2(socket, 3); close(socket); socket = 3; }
    fcntl(socket, F_SETFD, FD_CLOEXEC);
    for (int fd = 4; fd < 1024; fd++) close(fd); // nothing of the program's stays open here
    for (;;) {
        uint32_t length;
        if (rs_read_all(socket, &length, sizeof length) != 0) _exit(0);
        char *job = (char *)malloc((size_t)length + 1);
        if (!job || rs_read_all(socket, job, length) != 0) _exit(0);
        job[length] = 0;
        const char *engine = job;
        const char *formats[16];
        int count = 0;
        const char *p = engine + strlen(engine) + 1;
        while (p < job + length && *p && count < 16) { formats[count++] = p; p += strlen(p) + 1; }
        // After the formats' empty string: the CPU seconds of the job, then the DOT text.
        const char *limit = p < job + length ? p + 1 : "";
        int cpuSeconds = atoi(limit);
        const char *dot = limit + strlen(limit) + 1 <= job + length ? limit + strlen(limit) + 1 : "";

        int ends[2];
        char *reply = NULL;
        size_t replyLength = 0;
        int status = -1;
        if (rs_pipe_cloexec(ends) == 0) {
            pid_t worker = fork();
            if (worker == 0) {
                close(ends[0]);
                rs_limit_cpu(cpuSeconds);
                rs_begin_capturing_messages();
                GVC_t *gvc = gvContext();
                Agraph_t *g = rs_read_dot(dot);
                if (!g) {
                    const char *m = "DOT does not parse";
                    rs_write_frame(ends[1], 1, m, (uint32_t)strlen(m));
                    _exit(5);
                }
                _exit(rs_render_frames(gvc, g, engine, formats, count, ends[1]));
            }
            close(ends[1]);
            if (worker > 0) {
                FILE *stream = open_memstream(&reply, &replyLength);
                char chunk[65536];
                for (;;) {
                    ssize_t n = read(ends[0], chunk, sizeof chunk);
                    if (n < 0 && errno == EINTR) continue;
                    if (n <= 0) break;
                    if (stream) fwrite(chunk, 1, (size_t)n, stream);
                }
                if (stream) fclose(stream);
                while (waitpid(worker, &status, 0) < 0 && errno == EINTR) {}
            }
            close(ends[0]);
        }
        int finished = status >= 0 && WIFEXITED(status) && reply != NULL;
        if (finished) {
            uint32_t replySize = (uint32_t)replyLength;
            if (rs_write_all(socket, &replySize, sizeof replySize) != 0 || rs_write_all(socket, reply, replyLength) != 0) _exit(0);
        } else {
            uint32_t marker[2] = { RS_NO_RESULT, (uint32_t)status };
            if (rs_write_all(socket, marker, sizeof marker) != 0) _exit(0);
        }
        free(reply);
        free(job);
    }
}

/// Forks a layout server on one end of a new socket pair; returns its pid (or -1) and the
/// program's end of the socket in `programEnd`.
static inline pid_t rs_start_layout_server(int *programEnd) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(ends[0]);
        rs_layout_server(ends[1]);
        _exit(0);
    }
    close(ends[1]);
    if (pid < 0) { close(ends[0]); return -1; }
    *programEnd = ends[0];
    return pid;
}

#endif
