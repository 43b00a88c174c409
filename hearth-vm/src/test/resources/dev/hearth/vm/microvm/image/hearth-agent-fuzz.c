/*
 * hearth-agent-fuzz: runs the guest agent's protocol code (hearth-agent-wire.c, linked alone: no
 * command runs, no file is touched, nothing reboots) over byte streams, under AddressSanitizer and
 * UndefinedBehaviorSanitizer. AgentFuzzTest builds it with
 *   gcc -fsanitize=address,undefined -fno-sanitize-recover=all -g hearth-agent-fuzz.c hearth-agent-wire.c
 * and runs it over a corpus of frame streams the host's Java encoder wrote, then over seeded
 * mutations of them. With clang, -DHEARTH_LIBFUZZER -fsanitize=fuzzer makes it a libFuzzer target.
 *
 * Each input is what the host could write on the channel: frames are split as the agent splits them,
 * and each payload (copied into a buffer of exactly its size, so a read past it is caught) goes
 * through the decoder the agent uses for its type and through what the agent then computes from it
 * (deadlines, joined paths, the PATH search, the script fallback's argv). Decoded requests are
 * encoded again and must decode to the same values. A property that does not hold aborts with a
 * message, like a sanitizer report.
 *
 * usage: hearth-agent-fuzz [--valid] [--seed N]... [--mutations M] [--crash-file PATH] CORPUS-FILE...
 *   --valid       every frame of the corpus files must decode (the Java encoder and the agent agree)
 *   --seed N      run M mutations from seed N (repeatable); the seed and iteration of a failure are
 *                 printed, and the same arguments repeat it
 *   --crash-file  where the input that failed is written
 */
#define _GNU_SOURCE
#include "hearth-agent-wire.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every sanitizer report aborts (so the driver's SIGABRT handler can say where it was); leaks count. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "abort_on_error=1:detect_leaks=1"; }
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "abort_on_error=1:halt_on_error=1:print_stacktrace=1"; }

/* ---------- checks ---------- */

static const char *now_doing = "starting";
static unsigned long long now_seed;
static long now_iteration = -1;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "hearth-agent-fuzz: property failed: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  abort();
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* ---------- what the agent does with each frame, minus the effects ---------- */

typedef struct {
  long frames, rejected;
  char *root; /* the last PUT_BEGIN's root, as the agent keeps it per copy */
} session;

/* a copy of the payload in a buffer of exactly its size */
static unsigned char *exact_copy(const frame *f) {
  unsigned char *p = malloc(f->len ? f->len : 1);
  CHECK(p, "out of memory");
  if (f->len) memcpy(p, f->payload, f->len);
  return p;
}

static void encode_exec(buf *b, const exec_request *x) {
  buf_u32(b, x->argc);
  for (uint32_t i = 0; i < x->argc; i++) buf_str(b, x->argv[i]);
  buf_u32(b, x->envc);
  for (uint32_t i = 0; i < x->envc; i++) buf_str(b, x->envp[i]);
  buf_str(b, x->cwd);
  buf_u32(b, (uint32_t) (x->timeout_ms >> 32));
  buf_u32(b, (uint32_t) x->timeout_ms);
  unsigned char s = (unsigned char) x->has_stdin;
  buf_add(b, &s, 1);
}

static void check_exec(const unsigned char *p, size_t n, session *s) {
  exec_request x;
  char why[128];
  if (decode_exec(p, n, &x, why, sizeof why) != 0) {
    CHECK(!strncmp(why, "malformed EXEC", 14), "EXEC rejected with '%s'", why);
    s->rejected++;
    return;
  }
  CHECK(x.argc >= 1 && x.argc <= MAX_STRINGS && x.envc <= MAX_STRINGS, "EXEC counts %u, %u", x.argc, x.envc);
  CHECK(x.argv[x.argc] == NULL && x.envp[x.envc] == NULL, "EXEC arrays not NULL-terminated");
  size_t total = 0;
  for (uint32_t i = 0; i < x.argc; i++) total += strlen(x.argv[i]);
  for (uint32_t i = 0; i < x.envc; i++) total += strlen(x.envp[i]);
  CHECK(total + strlen(x.cwd) <= n, "EXEC strings longer than their payload");

  /* what start_exec computes */
  static const long long clocks[] = {0, 1, 1000, 123456789012LL, LLONG_MAX / 2, LLONG_MAX - 1, LLONG_MAX};
  for (size_t i = 0; i < sizeof clocks / sizeof *clocks; i++) {
    long long d = exec_deadline(clocks[i], x.timeout_ms);
    CHECK(d == 0 ? x.timeout_ms == 0 || x.timeout_ms > (uint64_t) (LLONG_MAX - clocks[i])
                 : d > clocks[i] && (uint64_t) (d - clocks[i]) == x.timeout_ms,
          "deadline %lld for timeout %llu at %lld", d, (unsigned long long) x.timeout_ms, clocks[i]);
  }
  /* what the command's side of the vfork computes */
  if (!strchr(x.argv[0], '/')) {
    const char *path = env_path(x.envp);
    char full[PATH_MAX];
    size_t file = strlen(x.argv[0]);
    int tries = 0;
    while (path_next(&path, x.argv[0], full, sizeof full)) {
      size_t len = strlen(full);
      CHECK(len < sizeof full && len >= file && !strcmp(full + len - file, x.argv[0]),
            "PATH candidate '%s' for '%s'", full, x.argv[0]);
      CHECK(++tries <= (int) n + 8, "PATH search does not end");
    }
  }
  char **sh = malloc((x.argc + 2) * sizeof *sh);
  CHECK(sh, "out of memory");
  script_argv(x.argv[0], x.argv, sh);
  CHECK(!strcmp(sh[0], "/bin/sh") && sh[1] == x.argv[0] && sh[x.argc + 1] == NULL, "script argv");
  free(sh);

  /* encoded again, it decodes to the same request */
  buf b = {0};
  encode_exec(&b, &x);
  exec_request y;
  CHECK(decode_exec(b.p, b.n, &y, why, sizeof why) == 0, "a re-encoded EXEC is rejected: %s", why);
  CHECK(y.argc == x.argc && y.envc == x.envc && y.timeout_ms == x.timeout_ms && y.has_stdin == x.has_stdin
        && !strcmp(y.cwd, x.cwd), "a re-encoded EXEC differs");
  for (uint32_t i = 0; i < x.argc; i++) CHECK(!strcmp(x.argv[i], y.argv[i]), "argv[%u] differs", i);
  for (uint32_t i = 0; i < x.envc; i++) CHECK(!strcmp(x.envp[i], y.envp[i]), "envp[%u] differs", i);
  exec_request_free(&y);
  buf_free(&b);
  exec_request_free(&x);
}

static int check_parent(const char *dir, void *ctx) {
  const char *path = ctx;
  size_t n = strlen(dir);
  CHECK(n > 0 && n < strlen(path) && !strncmp(dir, path, n) && path[n] == '/', "parent '%s' of '%s'", dir, path);
  return 0;
}

static void check_put_begin(const unsigned char *p, size_t n, session *s) {
  char *root = decode_path(p, n);
  if (!root) { s->rejected++; return; }
  int r = for_each_parent(root, check_parent, root);
  CHECK(r == 0 || strlen(root) >= PATH_MAX, "parents of a root of %zu bytes: %d", strlen(root), r);
  free(s->root);
  s->root = root;
}

static void check_entry(const unsigned char *p, size_t n, session *s) {
  entry_request e;
  char why[128];
  if (decode_entry(p, n, &e, why, sizeof why) != 0) {
    CHECK(!strncmp(why, "malformed PUT_ENTRY", 19), "PUT_ENTRY rejected with '%s'", why);
    s->rejected++;
    return;
  }
  CHECK((e.kind == 'd' || e.kind == 'f' || e.kind == 'l') && (e.mode & ~07777u) == 0, "entry kind %d mode %o", e.kind, e.mode);
  const char *root = s->root ? s->root : "/home/runner/work";
  char path[PATH_MAX];
  if (path_join(path, sizeof path, root, *e.rel ? "/" : "", e.rel) == 0) {
    CHECK(strlen(path) == strlen(root) + (*e.rel ? 1 + strlen(e.rel) : 0), "joined '%s'", path);
  } else {
    CHECK(strlen(root) + 1 + strlen(e.rel) >= sizeof path && path[0] == 0, "a path that fits was refused");
  }
  buf b = {0};
  encode_entry(&b, e.kind, e.mode, e.rel, e.target);
  entry_request g;
  CHECK(decode_entry(b.p, b.n, &g, why, sizeof why) == 0, "a re-encoded ENTRY is rejected: %s", why);
  CHECK(g.kind == e.kind && g.mode == e.mode && !strcmp(g.rel, e.rel) && !strcmp(g.target, e.target), "a re-encoded ENTRY differs");
  entry_request_free(&g);
  buf_free(&b);
  entry_request_free(&e);
}

/* the GET walk's path arithmetic: the root, then each of the path's own parts appended in turn */
static void check_get(const unsigned char *p, size_t n, session *s) {
  char *root = decode_path(p, n);
  if (!root) { s->rejected++; return; }
  char *path = malloc(PATH_MAX);
  CHECK(path, "out of memory");
  if (path_join(path, PATH_MAX, root, "", "") == 0) {
    size_t len = strlen(path);
    char *copy = strdup(root), *save = NULL;
    CHECK(copy, "out of memory");
    for (char *name = strtok_r(copy, "/", &save); name; name = strtok_r(NULL, "/", &save)) {
      size_t next = path_append(path, len, PATH_MAX, name);
      if (!next) {
        CHECK(len + 1 + strlen(name) >= PATH_MAX && strlen(path) == len, "path_append refused a name that fits");
        break;
      }
      CHECK(next == len + 1 + strlen(name) && strlen(path) == next && path[len] == '/', "path_append to %zu bytes", len);
      len = next;
    }
    free(copy);
  } else {
    CHECK(strlen(root) >= PATH_MAX, "a root that fits was refused");
  }
  free(path);
  free(root);
}

static void check_resume(const unsigned char *p, size_t n, session *s) {
  resume_request r;
  char why[128];
  if (decode_resume(p, n, &r, why, sizeof why) != 0) { s->rejected++; return; }
  CHECK(r.seed_len >= RESUME_SEED_MIN && r.seed_len <= RESUME_SEED_MAX && r.seed == p + 8 && n >= 8 + r.seed_len,
        "RESUME seed of %zu bytes", r.seed_len);
  unsigned char pool[RESUME_SEED_MAX];
  memcpy(pool, r.seed, r.seed_len); /* as resume() copies it */
}

static void check_frame(const frame *f, session *s) {
  unsigned char *p = exact_copy(f);
  size_t n = f->len;
  s->frames++;
  switch (f->type) {
    case T_PING: {
      unsigned char h[HEADER];
      encode_header(h, T_PONG, f->id, n);
      frame back;
      CHECK(frame_at(h, HEADER, &back) == (n ? FRAME_PARTIAL : FRAME_READY) && back.len == n && back.id == f->id
            && back.type == T_PONG, "PONG header");
      break;
    }
    case T_EXEC: check_exec(p, n, s); break;
    case T_STDIN: case T_PUT_DATA: {
      buf q = {0};
      buf_add(&q, p, n);
      buf_add(&q, p, n / 2);
      CHECK(q.n == n + n / 2 && (n == 0 || !memcmp(q.p, p, n)), "queued bytes");
      buf_free(&q);
      break;
    }
    case T_SIGNAL: {
      int sig = decode_signal(p, n);
      CHECK(n ? sig == p[0] : sig == SIGKILL, "signal %d", sig);
      break;
    }
    case T_PUT_BEGIN: check_put_begin(p, n, s); break;
    case T_PUT_ENTRY: check_entry(p, n, s); break;
    case T_GET: check_get(p, n, s); break;
    case T_RESUME: check_resume(p, n, s); break;
    case T_STDIN_END: case T_PUT_END: case T_SHUTDOWN: break;
    default: s->rejected++; /* answered "unknown frame type" */
  }
  /* the agent also reads /proc/vmstat text; any bytes will do as text */
  char *text = malloc(n + 1);
  CHECK(text, "out of memory");
  if (n) memcpy(text, p, n);
  text[n] = 0;
  (void) vmstat_oom_kills(text);
  free(text);
  unsigned char exit[EXIT_PAYLOAD];
  encode_exit(exit, (int) (n ? p[0] : 0), 1, 0, 1);
  CHECK(get32(exit) == (n ? p[0] : 0u) && exit[4] == 1 && exit[6] == 1, "EXIT payload");
  free(p);
}

/* One input: frames split as the agent's read loop splits them; 0, or -1 after an oversize header. */
static int run_stream(const unsigned char *data, size_t size, session *s) {
  size_t off = 0;
  frame f;
  for (;;) {
    frame_status st = frame_at(data + off, size - off, &f);
    if (st == FRAME_PARTIAL) return 0;
    if (st == FRAME_TOO_LARGE) { CHECK(f.len > MAX_PAYLOAD, "refused a frame of %u bytes", f.len); return -1; }
    CHECK(f.len <= size - off - HEADER, "a frame runs past its input");
    check_frame(&f, s);
    off += HEADER + f.len;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long total_frames, total_rejected;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *copy = malloc(size ? size : 1);
  CHECK(copy, "out of memory");
  if (size) memcpy(copy, data, size);
  session s = {0};
  run_stream(copy, size, &s);
  total_frames += s.frames;
  total_rejected += s.rejected;
  free(s.root);
  free(copy);
  return 0;
}

#ifndef HEARTH_LIBFUZZER

/* ---------- the driver: corpus, then seeded mutations ---------- */

typedef struct { unsigned char *p; size_t n; const char *name; } input;

static input *corpus;
static size_t ncorpus;
static const char *crash_file;
static const unsigned char *current;
static size_t current_n;

/* SIGABRT: a sanitizer report, a failed property or a hang; says where the driver was, then dies */
static void on_abort(int sig) {
  fprintf(stderr, "hearth-agent-fuzz: failed while %s (seed %llu, iteration %ld, input of %zu bytes)\n", now_doing, now_seed,
          now_iteration, current_n);
  if (crash_file && current) {
    int fd = open(crash_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      if (write(fd, current, current_n) != (ssize_t) current_n) {}
      close(fd);
      fprintf(stderr, "hearth-agent-fuzz: the input is in %s\n", crash_file);
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void on_alarm(int sig) {
  (void) sig;
  static const char msg[] = "hearth-agent-fuzz: an input took over 10 s: a hang\n";
  if (write(2, msg, sizeof msg - 1) < 0) {}
  abort();
}

static uint64_t rng;

static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717ull;
}

static size_t below(size_t n) { return n ? (size_t) (next() % n) : 0; }

static const uint32_t interesting[] = {
  0, 1, 2, 3, 4, 7, 8, 31, 32, 33, 255, 256, 257, 4095, 4096, 4097, 65535, 65536, 65537, 0x7fff, 0x8000,
  MAX_PAYLOAD - 1, MAX_PAYLOAD, MAX_PAYLOAD + 1, 0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu
};

/* byte-level edits of b (n bytes, cap room); returns the new length */
static size_t mutate_bytes(unsigned char *b, size_t n, size_t cap) {
  int edits = 1 + (int) below(4);
  for (int e = 0; e < edits; e++) {
    switch (below(9)) {
      case 0: if (n) b[below(n)] ^= (unsigned char) (1u << below(8)); break;
      case 1: if (n) b[below(n)] = (unsigned char) next(); break;
      case 2: if (n) b[below(n)] = (unsigned char[]){0, 0x7f, 0x80, 0xff, '/', ':', '=', '.'}[below(8)]; break;
      case 3: if (n >= 4) put32(b + below(n - 3), interesting[below(sizeof interesting / sizeof *interesting)]); break;
      case 4: { /* insert random bytes */
        size_t k = 1 + below(16), at = below(n + 1);
        if (n + k > cap) break;
        memmove(b + at + k, b + at, n - at);
        for (size_t i = 0; i < k; i++) b[at + i] = (unsigned char) next();
        n += k;
        break;
      }
      case 5: { /* delete a range */
        if (!n) break;
        size_t at = below(n), k = 1 + below(n - at < 32 ? n - at : 32);
        memmove(b + at, b + at + k, n - at - k);
        n -= k;
        break;
      }
      case 6: { /* duplicate a range */
        if (!n) break;
        size_t at = below(n), k = 1 + below(n - at < 64 ? n - at : 64);
        if (n + k > cap) break;
        size_t to = below(n + 1);
        unsigned char tmp[64];
        memcpy(tmp, b + at, k);
        memmove(b + to + k, b + to, n - to);
        memcpy(b + to, tmp, k);
        n += k;
        break;
      }
      case 7: n = below(n + 1); break; /* truncate */
      default: { /* splice in bytes of another corpus input */
        const input *o = &corpus[below(ncorpus)];
        if (!o->n) break;
        size_t from = below(o->n), k = 1 + below(o->n - from < 256 ? o->n - from : 256), at = below(n + 1);
        if (at + k > cap) break;
        memcpy(b + at, o->p + from, k);
        if (at + k > n) n = at + k;
        break;
      }
    }
  }
  return n;
}

static const int types[] = {
  T_PING, T_EXEC, T_STDIN, T_STDIN_END, T_SIGNAL, T_PUT_BEGIN, T_PUT_ENTRY, T_PUT_DATA, T_PUT_END, T_GET,
  T_SHUTDOWN, T_RESUME, 0x00, 0x09, 0x0E, 0x80, 0xff
};

/*
 * A mutant of one corpus input: mostly its frames with one payload edited and every length header
 * kept true (so the edit reaches the decoders), sometimes the raw stream edited.
 */
static size_t mutant(const input *in, unsigned char *out, size_t cap) {
  if (below(4) == 0 || in->n < HEADER) {
    size_t n = in->n < cap ? in->n : cap;
    memcpy(out, in->p, n);
    return mutate_bytes(out, n, cap);
  }
  size_t nframes = 0, off = 0;
  frame f;
  while (frame_at(in->p + off, in->n - off, &f) == FRAME_READY) { nframes++; off += HEADER + f.len; }
  size_t victim = below(nframes), o = 0, i = 0, n = 0;
  static unsigned char *scratch;
  static size_t scratch_cap;
  if (scratch_cap < cap) {
    free(scratch);
    scratch = malloc(cap);
    scratch_cap = cap;
    CHECK(scratch, "out of memory");
  }
  while (frame_at(in->p + o, in->n - o, &f) == FRAME_READY) {
    size_t len = f.len;
    int type = f.type;
    memcpy(scratch, f.payload, len);
    if (i == victim) {
      len = mutate_bytes(scratch, len, cap / 2);
      if (below(8) == 0) type = types[below(sizeof types / sizeof *types)];
    }
    if (n + HEADER + len > cap) break;
    encode_header(out + n, type, f.id, len);
    memcpy(out + n + HEADER, scratch, len);
    n += HEADER + len;
    o += HEADER + f.len;
    if (i == victim && below(6) == 0 && n + HEADER + len <= cap) { /* the edited frame twice */
      memmove(out + n, out + n - HEADER - len, HEADER + len);
      n += HEADER + len;
    }
    i++;
  }
  if (below(10) == 0 && n) n = below(n + 1); /* cut short */
  return n;
}

static input load(const char *name) {
  FILE *f = fopen(name, "rb");
  if (!f) { fprintf(stderr, "hearth-agent-fuzz: cannot read corpus file %s: %s\n", name, strerror(errno)); exit(2); }
  input in = {NULL, 0, name};
  size_t cap = 0;
  for (;;) {
    if (in.n == cap) {
      cap = cap * 2 + 65536;
      in.p = realloc(in.p, cap);
      CHECK(in.p, "out of memory");
    }
    size_t got = fread(in.p + in.n, 1, cap - in.n, f);
    if (!got) break;
    in.n += got;
  }
  fclose(f);
  return in;
}

static void run_one(const unsigned char *p, size_t n) {
  current = p;
  current_n = n;
  alarm(10);
  LLVMFuzzerTestOneInput(p, n);
  alarm(0);
  current = NULL;
}

int main(int argc, char **argv) {
  unsigned long long seeds[16];
  int nseeds = 0, valid = 0;
  long mutations = 1000;
  corpus = calloc((size_t) argc, sizeof *corpus);
  CHECK(corpus, "out of memory");
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--valid")) valid = 1;
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc && nseeds < 16) seeds[nseeds++] = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--mutations") && i + 1 < argc) mutations = strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--crash-file") && i + 1 < argc) crash_file = argv[++i];
    else if (argv[i][0] == '-') { fprintf(stderr, "hearth-agent-fuzz: unknown option %s\n", argv[i]); return 2; }
    else corpus[ncorpus++] = load(argv[i]);
  }
  if (!ncorpus) { fprintf(stderr, "hearth-agent-fuzz: no corpus files given\n"); return 2; }
  signal(SIGABRT, on_abort);
  signal(SIGALRM, on_alarm);

  long frames = 0;
  for (size_t c = 0; c < ncorpus; c++) {
    now_doing = corpus[c].name;
    current = corpus[c].p;
    current_n = corpus[c].n;
    session s = {0};
    int end = run_stream(corpus[c].p, corpus[c].n, &s);
    free(s.root);
    current = NULL;
    frames += s.frames;
    if (valid && (end != 0 || s.rejected)) {
      fprintf(stderr, "hearth-agent-fuzz: %s: %ld of its %ld frames were rejected%s\n", corpus[c].name, s.rejected, s.frames,
              end ? " and it ends in an oversize header" : "");
      return 1;
    }
  }
  size_t cap = 0;
  for (size_t c = 0; c < ncorpus; c++) if (corpus[c].n > cap) cap = corpus[c].n;
  cap = cap * 2 + 4096;
  unsigned char *b = malloc(cap);
  CHECK(b, "out of memory");
  now_doing = "mutating the corpus";
  for (int k = 0; k < nseeds; k++) {
    now_seed = seeds[k];
    rng = seeds[k] * 0x9E3779B97F4A7C15ull + 1;
    for (now_iteration = 0; now_iteration < mutations; now_iteration++) {
      size_t n = mutant(&corpus[below(ncorpus)], b, cap);
      run_one(b, n); /* which copies it into a buffer of exactly n bytes */
    }
  }
  now_iteration = -1;
  printf("hearth-agent-fuzz: %zu corpus files (%ld frames), %d seeds x %ld mutations (%ld frames, %ld of them rejected): "
         "no failure\n", ncorpus, frames, nseeds, mutations, total_frames, total_rejected);
  free(b);
  for (size_t c = 0; c < ncorpus; c++) free(corpus[c].p);
  free(corpus);
  return 0;
}
#endif
