/* hearth-agent-wire: the protocol's bytes as pure functions; see hearth-agent-wire.h. */
#include "hearth-agent-wire.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------- memory ---------- */

void *wire_alloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) _exit(4);
  return p;
}

void *wire_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) _exit(4);
  return q;
}

char *wire_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(wire_alloc(n), s, n);
}

/* ---------- frames ---------- */

void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char) (v >> 24);
  p[1] = (unsigned char) (v >> 16);
  p[2] = (unsigned char) (v >> 8);
  p[3] = (unsigned char) v;
}

uint32_t get32(const unsigned char *p) {
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

frame_status frame_at(const unsigned char *in, size_t have, frame *f) {
  if (have < HEADER) return FRAME_PARTIAL;
  f->len = get32(in);
  f->type = in[4];
  f->id = get32(in + 5);
  f->payload = in + HEADER;
  if (f->len > MAX_PAYLOAD) return FRAME_TOO_LARGE;
  return have - HEADER < f->len ? FRAME_PARTIAL : FRAME_READY;
}

/* ---------- payloads the agent builds ---------- */

void buf_add(buf *b, const void *d, size_t n) {
  if (n == 0) return;
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 64;
    b->p = wire_realloc(b->p, b->cap);
  }
  memcpy(b->p + b->n, d, n);
  b->n += n;
}

void buf_u32(buf *b, uint32_t v) {
  unsigned char t[4];
  put32(t, v);
  buf_add(b, t, 4);
}

void buf_str(buf *b, const char *s) {
  size_t n = strlen(s);
  buf_u32(b, (uint32_t) n);
  buf_add(b, s, n);
}

void buf_free(buf *b) {
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}

void encode_header(unsigned char h[HEADER], int type, uint32_t id, size_t len) {
  put32(h, (uint32_t) len);
  h[4] = (unsigned char) type;
  put32(h + 5, id);
}

void encode_exit(unsigned char p[EXIT_PAYLOAD], int code, int timed_out, int oom, int disk_full) {
  put32(p, (uint32_t) code);
  p[4] = (unsigned char) timed_out;
  p[5] = (unsigned char) oom;
  p[6] = (unsigned char) disk_full;
}

void encode_entry(buf *b, int kind, mode_t mode, const char *rel, const char *target) {
  unsigned char k = (unsigned char) kind;
  buf_add(b, &k, 1);
  buf_u32(b, (uint32_t) (mode & 07777));
  buf_str(b, rel);
  buf_str(b, target);
}

/* ---------- payloads the agent reads ---------- */

uint32_t rd_u32(rd *r) {
  if (r->n < 4) { r->bad = 1; return 0; }
  uint32_t v = get32(r->p);
  r->p += 4;
  r->n -= 4;
  return v;
}

uint64_t rd_u64(rd *r) {
  uint64_t hi = rd_u32(r);
  return hi << 32 | rd_u32(r);
}

int rd_u8(rd *r) {
  if (r->n < 1) { r->bad = 1; return 0; }
  int v = r->p[0];
  r->p++;
  r->n--;
  return v;
}

char *rd_str(rd *r) {
  uint32_t len = rd_u32(r);
  if (r->bad || len > r->n || memchr(r->p, 0, len)) { r->bad = 1; return NULL; }
  char *s = wire_alloc((size_t) len + 1);
  memcpy(s, r->p, len);
  s[len] = 0;
  r->p += len;
  r->n -= len;
  return s;
}

/* The strings of one request, each copied with its NUL into one block. */
typedef struct { char *p; size_t used, cap; } arena;

/* the next string into a; NULL (and r->bad) when the payload is short or the string holds a NUL */
static char *rd_str_in(rd *r, arena *a) {
  uint32_t len = rd_u32(r);
  if (r->bad || len > r->n || memchr(r->p, 0, len) || len >= a->cap - a->used) { r->bad = 1; return NULL; }
  char *s = a->p + a->used;
  memcpy(s, r->p, len);
  s[len] = 0;
  a->used += (size_t) len + 1;
  r->p += len;
  r->n -= len;
  return s;
}

/* count strings into a new NULL-terminated array; NULL (and r->bad) when one is missing */
static char **rd_strings(rd *r, arena *a, uint32_t count) {
  char **v = wire_alloc(((size_t) count + 1) * sizeof *v);
  for (uint32_t i = 0; i < count; i++) {
    if (!(v[i] = rd_str_in(r, a))) { free(v); return NULL; }
  }
  v[count] = NULL;
  return v;
}

int decode_exec(const unsigned char *p, size_t n, exec_request *out, char *err, size_t cap) {
  rd r = {p, n, 0};
  memset(out, 0, sizeof *out);
  uint32_t argc = rd_u32(&r);
  if (r.bad || argc == 0 || argc > MAX_STRINGS) {
    snprintf(err, cap, "malformed EXEC: argv count %u", argc);
    return -1;
  }
  /* every string takes at least its 4-byte length from the payload and adds a NUL */
  arena a = {wire_alloc(n + n / 4 + 1), 0, n + n / 4 + 1};
  char **argv = rd_strings(&r, &a, argc);
  uint32_t envc = argv ? rd_u32(&r) : 0;
  char **envp = argv && !r.bad && envc <= MAX_STRINGS ? rd_strings(&r, &a, envc) : NULL;
  char *cwd = envp ? rd_str_in(&r, &a) : NULL;
  uint64_t timeout = rd_u64(&r);
  int has_stdin = rd_u8(&r);
  if (!cwd || r.bad) {
    free(argv);
    free(envp);
    free(a.p);
    snprintf(err, cap, "malformed EXEC payload");
    return -1;
  }
  *out = (exec_request){argc, envc, argv, envp, cwd, timeout, has_stdin, a.p};
  return 0;
}

void exec_request_free(exec_request *x) {
  free(x->argv);
  free(x->envp);
  free(x->strings);
  memset(x, 0, sizeof *x);
}

int decode_entry(const unsigned char *p, size_t n, entry_request *out, char *err, size_t cap) {
  rd r = {p, n, 0};
  memset(out, 0, sizeof *out);
  int kind = rd_u8(&r);
  mode_t mode = rd_u32(&r) & 07777;
  char *rel = rd_str(&r);
  char *target = rd_str(&r);
  if (r.bad || (kind != 'd' && kind != 'f' && kind != 'l')) {
    snprintf(err, cap, r.bad ? "malformed PUT_ENTRY" : "malformed PUT_ENTRY: unknown kind");
    free(rel);
    free(target);
    return -1;
  }
  *out = (entry_request){kind, mode, rel, target};
  return 0;
}

void entry_request_free(entry_request *e) {
  free(e->rel);
  free(e->target);
  memset(e, 0, sizeof *e);
}

int decode_resume(const unsigned char *p, size_t n, resume_request *out, char *err, size_t cap) {
  rd r = {p, n, 0};
  memset(out, 0, sizeof *out);
  uint64_t ns = rd_u64(&r);
  if (r.bad || r.n < RESUME_SEED_MIN) {
    snprintf(err, cap, "malformed RESUME");
    return -1;
  }
  *out = (resume_request){ns, r.p, r.n > RESUME_SEED_MAX ? RESUME_SEED_MAX : r.n};
  return 0;
}

char *decode_path(const unsigned char *p, size_t n) {
  rd r = {p, n, 0};
  return rd_str(&r);
}

int decode_signal(const unsigned char *p, size_t n) {
  return n ? p[0] : SIGKILL;
}

/* ---------- what the requests mean ---------- */

long long exec_deadline(long long now_ms, uint64_t timeout_ms) {
  if (timeout_ms == 0 || now_ms < 0 || timeout_ms > (uint64_t) (LLONG_MAX - now_ms)) return 0;
  return now_ms + (long long) timeout_ms;
}

int path_join(char *out, size_t cap, const char *a, const char *sep, const char *b) {
  int n = snprintf(out, cap, "%s%s%s", a, sep, b);
  if (n < 0 || (size_t) n >= cap) {
    if (cap) out[0] = 0;
    return -1;
  }
  return 0;
}

size_t path_append(char *buf, size_t len, size_t cap, const char *name) {
  size_t n = strlen(name);
  if (len >= cap || n >= cap - len - 1) return 0;
  buf[len] = '/';
  memcpy(buf + len + 1, name, n + 1);
  return len + 1 + n;
}

int for_each_parent(const char *path, int (*visit)(const char *dir, void *ctx), void *ctx) {
  char tmp[PATH_MAX];
  if (path_join(tmp, sizeof tmp, path, "", "") != 0) return -1;
  if (!tmp[0]) return 0;
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    int v = visit(tmp, ctx);
    *p = '/';
    if (v) return v;
  }
  return 0;
}

const char *env_path(char *const *envp) {
  for (char *const *e = envp; *e; e++) if (!strncmp(*e, "PATH=", 5)) return *e + 5;
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

int path_next(const char **cursor, const char *file, char *full, size_t cap) {
  while (*cursor) {
    const char *p = *cursor;
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t) (end - p) : strlen(p);
    *cursor = end ? end + 1 : NULL;
    int n = len == 0 ? snprintf(full, cap, "%s", file)
        : len > INT_MAX ? -1 : snprintf(full, cap, "%.*s/%s", (int) len, p, file);
    if (n > 0 && (size_t) n < cap) return 1;
  }
  return 0;
}

void script_argv(const char *file, char *const *argv, char **sh) {
  size_t argc = 0;
  while (argv[argc]) argc++;
  sh[0] = "/bin/sh";
  sh[1] = (char *) file;
  for (size_t i = 1; i <= argc; i++) sh[i + 1] = argv[i];
}

unsigned long vmstat_oom_kills(const char *text) {
  const char *at = strstr(text, "\noom_kill ");
  return at ? strtoul(at + 10, NULL, 10) : 0;
}
