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

/// `agopen` with the creation-order id discipline.
static inline Agraph_t *rs_open_graph(char *name, Agdesc_t desc) {
    static Agiddisc_t ids = { rs_id_open, rs_id_map, rs_id_alloc, rs_id_free, rs_id_print, rs_id_close, rs_id_register };
    static Agdisc_t discipline;
    discipline.mem = &AgMemDisc;
    discipline.id = &ids;
    discipline.io = &AgIoDisc;
    return agopen(name, desc, &discipline);
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

/// Forks; the child lays `g` out with `engine`, renders each of `formats` in order and
/// writes one frame per format to `fd`, then `_exit`s. The parent gets the child's pid
/// (or -1) and must read the pipe, and kill and reap the child if it runs over time.
static inline pid_t rs_fork_layout_render(GVC_t *gvc, Agraph_t *g, const char *engine,
                                          const char *const *formats, int formatCount,
                                          int readFd, int writeFd) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    close(readFd);
    signal(SIGPIPE, SIG_IGN);
    // Some plugins print straight to stderr (cairo: "graph is too large for cairo-renderer
    // bitmaps"); what matters comes through agerr into the captured messages.
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) { dup2(devnull, 2); close(devnull); }
    if (gvLayout(gvc, g, engine) != 0) {
        const char *m = rs_captured_messages();
        if (!m || !*m) m = "layout failed";
        rs_write_frame(writeFd, 1, m, (uint32_t)strlen(m));
        _exit(2);
    }
    for (int i = 0; i < formatCount; i++) {
        char *data = NULL;
        unsigned int length = 0;
        if (gvRenderData(gvc, g, formats[i], &data, &length) != 0 || data == NULL) {
            const char *m = rs_captured_messages();
            if (!m || !*m) m = "render failed";
            rs_write_frame(writeFd, 1, m, (uint32_t)strlen(m));
            _exit(3);
        }
        if (rs_write_frame(writeFd, 0, data, length) != 0) _exit(4);
        gvFreeRenderData(data);
    }
    close(writeFd);
    _exit(0);
}

#endif
