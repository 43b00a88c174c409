/*
 * hearth-agent-wire: what the guest agent reads from and writes to the host, as pure functions.
 *
 * Everything here interprets or builds bytes of the protocol (docs/guest-agent-protocol.md): it
 * splits frames, decodes each request's payload into a struct, joins the paths a copy names, finds
 * where a command's PATH says to look, builds the frames the agent sends. Nothing here runs a
 * command, touches a file, or reads the clock: memory in, memory out. hearth-agent.c does the
 * effects; the fuzz harness (hearth-vm's tests) links this file alone under AddressSanitizer and
 * UndefinedBehaviorSanitizer and feeds it any bytes.
 *
 * Allocation failure ends the process (exit status 4): the agent has no way to go on without memory.
 */
#ifndef HEARTH_AGENT_WIRE_H
#define HEARTH_AGENT_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VERSION "hearth-agent 2"
#define MAX_PAYLOAD (1u << 20)
#define HEADER 9
/* the EXIT payload: u32 code, u8 timed out, u8 OOM, u8 disk full (agent 2) */
#define EXIT_PAYLOAD 7
/* at most this many argv or env strings in one EXEC */
#define MAX_STRINGS 65536
/* RESUME carries at least this many random bytes; the agent mixes in at most RESUME_SEED_MAX */
#define RESUME_SEED_MIN 32
#define RESUME_SEED_MAX 256

enum {
  T_PING = 0x01, T_EXEC = 0x02, T_STDIN = 0x03, T_STDIN_END = 0x04, T_SIGNAL = 0x05,
  T_PUT_BEGIN = 0x06, T_PUT_ENTRY = 0x07, T_PUT_DATA = 0x08, T_PUT_END = 0x0A,
  T_GET = 0x0B, T_SHUTDOWN = 0x0C, T_RESUME = 0x0D,
  T_HELLO = 0x80, T_PONG = 0x81, T_STDOUT = 0x82, T_STDERR = 0x83, T_EXIT = 0x84,
  T_OK = 0x85, T_ERROR = 0x86, T_ENTRY = 0x87, T_DATA = 0x88, T_END = 0x89
};

/* ---------- memory ---------- */

void *wire_alloc(size_t n);                /* malloc that never returns NULL */
void *wire_realloc(void *p, size_t n);     /* realloc that never returns NULL */
char *wire_strdup(const char *s);

/* ---------- frames ---------- */

/* One frame at the front of a buffer; payload points into that buffer. */
typedef struct {
  int type;
  uint32_t id;
  uint32_t len;
  const unsigned char *payload;
} frame;

typedef enum {
  FRAME_PARTIAL,   /* fewer bytes than the header, or than the payload it announces */
  FRAME_READY,     /* *f is the first frame; it takes HEADER + f->len bytes */
  FRAME_TOO_LARGE  /* the header announces f->len > MAX_PAYLOAD: a protocol error */
} frame_status;

frame_status frame_at(const unsigned char *in, size_t have, frame *f);

void put32(unsigned char *p, uint32_t v);
uint32_t get32(const unsigned char *p);

/* ---------- payloads the agent builds ---------- */

typedef struct { unsigned char *p; size_t n, cap; } buf;

void buf_add(buf *b, const void *d, size_t n);
void buf_u32(buf *b, uint32_t v);
void buf_str(buf *b, const char *s);
void buf_free(buf *b);

void encode_header(unsigned char h[HEADER], int type, uint32_t id, size_t len);
void encode_exit(unsigned char p[EXIT_PAYLOAD], int code, int timed_out, int oom, int disk_full);
void encode_entry(buf *b, int kind, mode_t mode, const char *rel, const char *target);

/* ---------- payloads the agent reads ---------- */

/* A cursor over a payload; bad is set once a read ran past its end (reads then return 0 or NULL). */
typedef struct { const unsigned char *p; size_t n; int bad; } rd;

uint32_t rd_u32(rd *r);
uint64_t rd_u64(rd *r);
int rd_u8(rd *r);
/* A NUL-terminated copy (caller frees); NULL when the payload is short or the string holds a NUL. */
char *rd_str(rd *r);

/* EXEC: argv and envp are NULL-terminated arrays of argc and envc strings. */
typedef struct {
  uint32_t argc, envc;
  char **argv, **envp;
  char *cwd;
  uint64_t timeout_ms; /* 0: none */
  int has_stdin;
  char *strings; /* one block holding every string above */
} exec_request;

/* PUT_ENTRY and ENTRY: kind 'd', 'f' or 'l'; mode has only permission bits (07777). */
typedef struct {
  int kind;
  mode_t mode;
  char *rel, *target;
} entry_request;

/* RESUME: seed points into the payload. */
typedef struct {
  uint64_t wall_ns;
  const unsigned char *seed;
  size_t seed_len; /* RESUME_SEED_MIN .. RESUME_SEED_MAX */
} resume_request;

/*
 * Each decode_* returns 0 with *out filled, or -1 with the message for the host's ERROR in err
 * (cap bytes) and nothing to free.
 */
int decode_exec(const unsigned char *p, size_t n, exec_request *out, char *err, size_t cap);
void exec_request_free(exec_request *x);
int decode_entry(const unsigned char *p, size_t n, entry_request *out, char *err, size_t cap);
void entry_request_free(entry_request *e);
int decode_resume(const unsigned char *p, size_t n, resume_request *out, char *err, size_t cap);
/* PUT_BEGIN and GET: one string; NULL when malformed. */
char *decode_path(const unsigned char *p, size_t n);
/* SIGNAL: the signal number (SIGKILL when the payload is empty). */
int decode_signal(const unsigned char *p, size_t n);

/* ---------- what the requests mean ---------- */

/* When a command started at now_ms with timeout_ms times out; 0 for none (also for a timeout so long
 * that its deadline is past the clock's range). */
long long exec_deadline(long long now_ms, uint64_t timeout_ms);

/* out = a sep b; -1 (out empty) when that does not fit in cap bytes with its NUL. */
int path_join(char *out, size_t cap, const char *a, const char *sep, const char *b);

/*
 * Appends "/" and name to the path of len bytes in buf (cap bytes): returns the new length, or 0 with
 * buf unchanged when the result and its NUL do not fit.
 */
size_t path_append(char *buf, size_t len, size_t cap, const char *name);

/*
 * Calls visit for every parent directory of path, outermost first ("/a/b/c" visits "/a" and "/a/b";
 * "a/b/" visits "a" and "a/b"), as mkdir -p would create them. Returns 0, the first non-zero
 * result of visit, or -1 when path is longer than PATH_MAX.
 */
int for_each_parent(const char *path, int (*visit)(const char *dir, void *ctx), void *ctx);

/* The PATH of a command's environment (envp NULL-terminated), or the agent's default. */
const char *env_path(char *const *envp);

/*
 * The next file execvp would try for file along the PATH list at *cursor: writes it to full (an empty
 * element means file itself) and returns 1, or returns 0 when the list is done. Elements whose file
 * name does not fit cap are skipped. Start with *cursor = the PATH value.
 */
int path_next(const char **cursor, const char *file, char *full, size_t cap);

/* argv to run file (which lacks a #! line) under /bin/sh, as execvp does: sh has argc + 2 slots. */
void script_argv(const char *file, char *const *argv, char **sh);

/* The kernel's count of OOM kills in the text of /proc/vmstat (0 when absent). */
unsigned long vmstat_oom_kills(const char *text);

#endif
