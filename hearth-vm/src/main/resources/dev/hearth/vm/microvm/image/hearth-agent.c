/*
 * hearth-agent: the guest side of Hearth's microVM command channel.
 *
 * Runs as PID 1 of the guest (started by the initramfs init after switch_root), opens the
 * virtio-serial port named "hearth.agent" and speaks the framed protocol described in
 * docs/guest-agent-protocol.md: run commands (argv, env, cwd, timeout, stdin), stream their stdout
 * and stderr, report exit codes, copy trees in and out, answer pings, power off.
 *
 * Single-threaded: one poll loop over the port, every command's pipes and a signalfd for SIGCHLD.
 * As PID 1 it also reaps orphans. Compiled statically with Debian's gcc when an image is built.
 *
 * With --stdio (the sandbox provider) the channel is the agent's stdin (frames in) and stdout
 * (frames out) instead of the virtio port, and the end of stdin ends the agent: the host released
 * the sandbox or died.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/random.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VERSION "hearth-agent 2"
#define MAX_PAYLOAD (1u << 20)
#define HEADER 9
#define MAX_JOBS 64
#define CHUNK (256 * 1024)
#define KILL_GRACE_MS 2000
#define IDLE_AFTER_EXIT_MS 250
#define MAX_AFTER_EXIT_MS 2000

enum {
  T_PING = 0x01, T_EXEC = 0x02, T_STDIN = 0x03, T_STDIN_END = 0x04, T_SIGNAL = 0x05,
  T_PUT_BEGIN = 0x06, T_PUT_ENTRY = 0x07, T_PUT_DATA = 0x08, T_PUT_END = 0x0A,
  T_GET = 0x0B, T_SHUTDOWN = 0x0C, T_RESUME = 0x0D,
  T_HELLO = 0x80, T_PONG = 0x81, T_STDOUT = 0x82, T_STDERR = 0x83, T_EXIT = 0x84,
  T_OK = 0x85, T_ERROR = 0x86, T_ENTRY = 0x87, T_DATA = 0x88, T_END = 0x89
};

static int port = -1;     /* frames in */
static int port_out = -1; /* frames out: the same fd as port on virtio-serial, stdout with --stdio */

/* ---------- time and output ---------- */

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void write_all(const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(port_out, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd f = {port_out, POLLOUT, 0};
        poll(&f, 1, 1000);
        continue;
      }
      _exit(3); /* the channel is gone: nothing else to do, the kernel panics and QEMU exits */
    }
    p += w;
    n -= (size_t) w;
  }
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static uint32_t get32(const unsigned char *p) {
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void send_frame(int type, uint32_t id, const void *payload, size_t n) {
  unsigned char h[HEADER];
  put32(h, (uint32_t) n);
  h[4] = (unsigned char) type;
  put32(h + 5, id);
  write_all(h, HEADER);
  if (n) write_all(payload, n);
}

/* A growable payload being built. */
typedef struct { unsigned char *p; size_t n, cap; } buf;

static void buf_add(buf *b, const void *d, size_t n) {
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 64;
    b->p = realloc(b->p, b->cap);
    if (!b->p) _exit(4);
  }
  memcpy(b->p + b->n, d, n);
  b->n += n;
}

static void buf_u32(buf *b, uint32_t v) { unsigned char t[4]; put32(t, v); buf_add(b, t, 4); }
static void buf_str(buf *b, const char *s) { size_t n = strlen(s); buf_u32(b, (uint32_t) n); buf_add(b, s, n); }

static void send_error(uint32_t id, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  buf b = {0};
  buf_str(&b, msg);
  send_frame(T_ERROR, id, b.p, b.n);
  free(b.p);
}

/* ---------- payload reading ---------- */

typedef struct { const unsigned char *p; size_t n; int bad; } rd;

static uint32_t rd_u32(rd *r) {
  if (r->n < 4) { r->bad = 1; return 0; }
  uint32_t v = get32(r->p);
  r->p += 4; r->n -= 4;
  return v;
}

static uint64_t rd_u64(rd *r) {
  uint64_t hi = rd_u32(r);
  return hi << 32 | rd_u32(r);
}

static int rd_u8(rd *r) {
  if (r->n < 1) { r->bad = 1; return 0; }
  int v = r->p[0];
  r->p++; r->n--;
  return v;
}

/* A NUL-terminated copy (caller frees); NULL when the payload is short or holds a NUL. */
static char *rd_str(rd *r) {
  uint32_t len = rd_u32(r);
  if (r->bad || len > r->n || memchr(r->p, 0, len)) { r->bad = 1; return NULL; }
  char *s = malloc(len + 1);
  memcpy(s, r->p, len);
  s[len] = 0;
  r->p += len; r->n -= len;
  return s;
}

/* ---------- the workspace disk ---------- */

static int mkdirs(const char *path);

#define WORK_DIR "/home/runner/work"
#define WORK_SERIAL "hearth-work"

/* Set once RESUME mounted the workspace disk: the path whose filesystem the quota covers. */
static int work_disk_mounted;

/*
 * The run's disk quota: when the host attached a virtio-blk disk with serial "hearth-work" (an ext4
 * file system of the run's diskMb, made on the host), it becomes the work directory. Returns 0, or
 * -1 with msg set.
 */
static int mount_work_disk(char *msg, size_t cap) {
  DIR *d = opendir("/sys/block");
  struct dirent *e;
  char path[PATH_MAX], serial[64], dev[PATH_MAX] = "";
  while (d && (e = readdir(d))) {
    if (strncmp(e->d_name, "vd", 2)) continue;
    snprintf(path, sizeof path, "/sys/block/%s/serial", e->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t n = read(fd, serial, sizeof serial - 1);
    close(fd);
    if (n <= 0) continue;
    serial[n] = 0;
    if (!strncmp(serial, WORK_SERIAL, strlen(WORK_SERIAL))) snprintf(dev, sizeof dev, "/dev/%s", e->d_name);
  }
  if (d) closedir(d);
  if (!*dev) return 0; /* no quota: the work directory lives on the root file system */
  if (mkdirs(WORK_DIR "/") != 0 && errno != EEXIST) {
    snprintf(msg, cap, "cannot create %s: %s", WORK_DIR, strerror(errno));
    return -1;
  }
  /* noinit_itable: no background zeroing of inode tables, which would fill the host's sparse file */
  if (mount(dev, WORK_DIR, "ext4", MS_NOSUID | MS_NODEV, "noinit_itable") != 0) {
    snprintf(msg, cap, "cannot mount the workspace disk %s on %s: %s", dev, WORK_DIR, strerror(errno));
    return -1;
  }
  work_disk_mounted = 1;
  return 0;
}

/* Whether the workspace disk is (nearly) full: less than 64 KiB left. */
static int work_disk_full(void) {
  struct statfs st;
  if (!work_disk_mounted || statfs(WORK_DIR, &st) != 0) return 0;
  return (unsigned long long) st.f_bavail * st.f_bsize < 64 * 1024;
}

/* ---------- commands ---------- */

typedef struct {
  int used;
  uint32_t id;
  pid_t pid;
  int out, err, in;
  buf stdin_q;
  size_t stdin_off;
  int stdin_end;
  long long deadline;    /* 0: none */
  long long term_at;     /* when SIGTERM went to the group; 0: not yet */
  int timed_out, killed;
  int exited, status;
  long long exited_at, last_output;
  unsigned long oom_before;
} job;

static job jobs[MAX_JOBS];

static job *find_job(uint32_t id) {
  for (int i = 0; i < MAX_JOBS; i++) if (jobs[i].used && jobs[i].id == id) return &jobs[i];
  return NULL;
}

/* The guest kernel's count of OOM kills, from /proc/vmstat (one read, no stdio: under TCG every
 * guest instruction counts, and this runs twice per command). */
static unsigned long oom_kills(void) {
  static char text[8192];
  int fd = open("/proc/vmstat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  size_t have = 0;
  ssize_t n;
  while (have < sizeof text - 1 && (n = read(fd, text + have, sizeof text - 1 - have)) > 0) have += (size_t) n;
  close(fd);
  text[have] = 0;
  char *at = strstr(text, "\noom_kill ");
  return at ? strtoul(at + 10, NULL, 10) : 0;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* execve of argv[0], searched in the PATH of envp (not the agent's) when it has no slash, as
 * execvp does; returns only on failure, with errno of the most telling attempt. */
static void exec_file(const char *file, char **argv, char **envp) {
  execve(file, argv, envp);
  if (errno != ENOEXEC) return;
  /* no #! line: a shell script, as execvp runs it */
  size_t argc = 0;
  while (argv[argc]) argc++;
  char *sh[argc + 2];
  sh[0] = "/bin/sh";
  sh[1] = (char *) file;
  for (size_t i = 1; i <= argc; i++) sh[i + 1] = argv[i];
  execve(sh[0], sh, envp);
  errno = ENOEXEC;
}

static void exec_in_path(char **argv, char **envp) {
  if (strchr(argv[0], '/')) { exec_file(argv[0], argv, envp); return; }
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (char **e = envp; *e; e++) if (!strncmp(*e, "PATH=", 5)) { path = *e + 5; break; }
  int seen_eacces = 0;
  char full[PATH_MAX];
  for (const char *p = path;; p++) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t) (end - p) : strlen(p);
    int n = len == 0 ? snprintf(full, sizeof full, "%s", argv[0]) : snprintf(full, sizeof full, "%.*s/%s", (int) len, p, argv[0]);
    if (n > 0 && (size_t) n < sizeof full) {
      exec_file(full, argv, envp);
      if (errno == EACCES) seen_eacces = 1;
      else if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG) return;
    }
    if (!end) break;
    p = end;
  }
  errno = seen_eacces ? EACCES : ENOENT;
}

/*
 * The command's side of a vfork: it shares the agent's memory until execve, so it only makes system
 * calls and writes nothing but its own stack (no malloc, no environ, no stdio buffers).
 */
static void child(char **argv, char **envp, const char *cwd, int in[2], int out[2], int err[2], int has_stdin) {
  setsid();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  struct sigaction dfl = {0};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &dfl, NULL);
  /* Workflows run as root in the guest but may not change its network (the route that keeps the
   * host's loopback out of reach) nor craft raw packets. */
  prctl(PR_CAPBSET_DROP, 12 /* CAP_NET_ADMIN */, 0, 0, 0);
  prctl(PR_CAPBSET_DROP, 13 /* CAP_NET_RAW */, 0, 0, 0);
  /* The agent is exempt from the OOM killer; its commands must not inherit that, or a command that
   * exhausts memory leaves the kernel nothing to kill and it panics. */
  int adj = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (adj >= 0) { if (write(adj, "0", 1) < 0) {} close(adj); }
  if (has_stdin) {
    dup2(in[0], 0);
  } else {
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
  }
  dup2(out[1], 1);
  dup2(err[1], 2);
  /* one system call instead of a thousand (each is slow under TCG); the loop where the kernel lacks it */
  if (syscall(SYS_close_range, 3, ~0U, 0) != 0) for (int fd = 3; fd < 1024; fd++) close(fd);
  if (chdir(cwd) != 0) {
    dprintf(2, "hearth-agent: cannot enter working directory %s: %s\n", cwd, strerror(errno));
    _exit(126);
  }
  exec_in_path(argv, envp);
  int code = errno == ENOENT ? 127 : 126;
  dprintf(2, "hearth-agent: cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(code);
}

static void start_exec(uint32_t id, rd *r) {
  if (find_job(id)) { send_error(id, "request id %u is already running", id); return; }
  job *j = NULL;
  for (int i = 0; i < MAX_JOBS; i++) if (!jobs[i].used) { j = &jobs[i]; break; }
  uint32_t argc = rd_u32(r);
  if (r->bad || argc == 0 || argc > 65536) { send_error(id, "malformed EXEC: argv count %u", argc); return; }
  char **argv = calloc(argc + 1, sizeof *argv);
  for (uint32_t i = 0; i < argc && !r->bad; i++) argv[i] = rd_str(r);
  uint32_t envc = rd_u32(r);
  char **envp = NULL;
  if (!r->bad && envc <= 65536) {
    envp = calloc(envc + 1, sizeof *envp);
    for (uint32_t i = 0; i < envc && !r->bad; i++) envp[i] = rd_str(r);
  } else {
    r->bad = 1;
  }
  char *cwd = r->bad ? NULL : rd_str(r);
  uint64_t timeout = rd_u64(r);
  int has_stdin = rd_u8(r);
  struct stat st;
  if (r->bad) {
    send_error(id, "malformed EXEC payload");
  } else if (!j) {
    send_error(id, "too many commands at once (at most %d)", MAX_JOBS);
  } else if (stat(cwd, &st) != 0 || !S_ISDIR(st.st_mode)) {
    send_error(id, "working directory %s does not exist in the guest", cwd);
  } else {
    int in[2] = {-1, -1}, out[2], err[2];
    if ((has_stdin && pipe2(in, O_CLOEXEC)) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
      send_error(id, "cannot make pipes: %s", strerror(errno));
    } else {
      unsigned long oom = oom_kills();
      /* vfork: no copy of the agent's page tables and no copy-on-write faults after it, which under
       * TCG cost milliseconds per command; the agent waits only until the command's execve. */
      pid_t pid = vfork();
      if (pid == 0) child(argv, envp, cwd, in, out, err, has_stdin);
      memset(j, 0, sizeof *j);
      j->used = 1;
      j->id = id;
      j->pid = pid;
      j->oom_before = oom;
      j->out = out[0];
      j->err = err[0];
      j->in = has_stdin ? in[1] : -1;
      close(out[1]);
      close(err[1]);
      if (has_stdin) close(in[0]);
      fcntl(j->out, F_SETFL, O_NONBLOCK);
      fcntl(j->err, F_SETFL, O_NONBLOCK);
      if (j->in >= 0) fcntl(j->in, F_SETFL, O_NONBLOCK);
      j->deadline = timeout ? now_ms() + (long long) timeout : 0;
      if (pid < 0) {
        close_fd(&j->out); close_fd(&j->err); close_fd(&j->in);
        j->used = 0;
        send_error(id, "cannot fork: %s", strerror(errno));
      }
    }
  }
  if (argv) { for (uint32_t i = 0; i < argc; i++) free(argv[i]); free(argv); }
  if (envp) { for (uint32_t i = 0; i < envc; i++) free(envp[i]); free(envp); }
  free(cwd);
}

static void finish_job(job *j) {
  close_fd(&j->out);
  close_fd(&j->err);
  close_fd(&j->in);
  int code = WIFEXITED(j->status) ? WEXITSTATUS(j->status) : 128 + WTERMSIG(j->status);
  /* The guest's OOM killer stopped some process while this command ran and the command failed: a
   * shell that reports "Killed" for its child is covered as well as a command killed itself. */
  int oom = code != 0 && !j->killed && !j->timed_out && oom_kills() > j->oom_before;
  /* the same kind of heuristic for the workspace disk's quota */
  int full = code != 0 && !j->killed && work_disk_full();
  unsigned char p[7];
  put32(p, (uint32_t) code);
  p[4] = (unsigned char) j->timed_out;
  p[5] = (unsigned char) oom;
  p[6] = (unsigned char) full;
  send_frame(T_EXIT, j->id, p, sizeof p);
  free(j->stdin_q.p);
  memset(j, 0, sizeof *j);
  j->out = j->err = j->in = -1;
}

static void pump(job *j, int *fd, int type) {
  static unsigned char b[CHUNK];
  for (;;) {
    ssize_t n = read(*fd, b, sizeof b);
    if (n > 0) {
      send_frame(type, j->id, b, (size_t) n);
      j->last_output = now_ms();
      if ((size_t) n < sizeof b) return;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    close_fd(fd);
    return;
  }
}

static void feed_stdin(job *j) {
  while (j->in >= 0 && j->stdin_off < j->stdin_q.n) {
    ssize_t n = write(j->in, j->stdin_q.p + j->stdin_off, j->stdin_q.n - j->stdin_off);
    if (n > 0) { j->stdin_off += (size_t) n; continue; }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    close_fd(&j->in); /* the command closed its input: the rest is dropped */
  }
  if (j->stdin_off == j->stdin_q.n) {
    j->stdin_q.n = j->stdin_off = 0;
    if (j->stdin_end) close_fd(&j->in);
  }
}

/* ---------- process trees ---------- */

/* A command's processes when it is signalled: its group, and every process descended from it,
 * also those that left the group (setsid, setpgid) while their parent lives, as GitHub's runner
 * kills a step's process tree. Remembered per job from the first signal on, so the SIGKILL after
 * the grace still reaches a child whose shell died of the SIGTERM (the agent, init or subreaper,
 * inherited it). A process orphaned before the first signal (a double fork) is not found; release
 * ends it. Background processes of earlier commands are never in the tree. */
#define TREE_MAX 256
static pid_t trees[MAX_JOBS][TREE_MAX];
static int tree_n[MAX_JOBS];

static pid_t parent_of(pid_t pid) {
  char path[32], text[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = 0;
  char *name_end = strrchr(text, ')'); /* "pid (name) state ppid …"; the name may hold ')' */
  return name_end && name_end[1] ? (pid_t) strtol(name_end + 3, NULL, 10) : 0;
}

static int in_tree(int t, pid_t pid) {
  for (int i = 0; i < tree_n[t]; i++) if (trees[t][i] == pid) return 1;
  return 0;
}

static void kill_tree(job *j, int sig) {
  int t = (int) (j - jobs);
  if (tree_n[t] == 0 || trees[t][0] != j->pid) { trees[t][0] = j->pid; tree_n[t] = 1; }
  for (int grew = 1; grew && tree_n[t] < TREE_MAX;) {
    grew = 0;
    DIR *proc = opendir("/proc");
    if (!proc) break;
    struct dirent *e;
    while ((e = readdir(proc)) && tree_n[t] < TREE_MAX) {
      pid_t pid = (pid_t) atoi(e->d_name);
      if (pid <= 1 || in_tree(t, pid) || !in_tree(t, parent_of(pid))) continue;
      trees[t][tree_n[t]++] = pid;
      grew = 1;
    }
    closedir(proc);
  }
  kill(-j->pid, sig);
  for (int i = 1; i < tree_n[t]; i++) kill(trees[t][i], sig);
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (int i = 0; i < MAX_JOBS; i++) {
      job *j = &jobs[i];
      if (j->used && j->pid == pid && !j->exited) {
        j->exited = 1;
        j->status = status;
        j->exited_at = now_ms();
        if (j->timed_out || j->killed) kill_tree(j, SIGKILL);
      }
    }
  }
}

/* Deadlines: timeouts (SIGTERM, then SIGKILL), and ending a command whose background children keep its pipes. */
static int tick(void) {
  long long now = now_ms(), next = -1;
  for (int i = 0; i < MAX_JOBS; i++) {
    job *j = &jobs[i];
    if (!j->used) continue;
    if (!j->exited && j->deadline && now >= j->deadline && !j->term_at) {
      j->timed_out = 1;
      j->term_at = now;
      kill_tree(j, SIGTERM);
    }
    if (!j->exited && j->term_at && now >= j->term_at + KILL_GRACE_MS) kill_tree(j, SIGKILL);
    if (j->exited) {
      long long quiet = (j->last_output > j->exited_at ? j->last_output : j->exited_at) + IDLE_AFTER_EXIT_MS;
      long long end = quiet < j->exited_at + MAX_AFTER_EXIT_MS ? quiet : j->exited_at + MAX_AFTER_EXIT_MS;
      if ((j->out < 0 && j->err < 0) || now >= end) { finish_job(j); continue; }
      if (next < 0 || end < next) next = end;
    }
    long long at = !j->exited && j->deadline && !j->term_at ? j->deadline
        : !j->exited && j->term_at ? j->term_at + KILL_GRACE_MS : -1;
    if (at >= 0 && (next < 0 || at < next)) next = at;
  }
  if (next < 0) return -1;
  long long wait = next - now;
  return wait < 0 ? 0 : wait > 60000 ? 60000 : (int) wait;
}

/* ---------- files ---------- */

typedef struct { char *path; mode_t mode; } dir_mode;

typedef struct {
  int used;
  uint32_t id;
  char *root;
  int fd;
  mode_t fd_mode;
  char *error;
  dir_mode *dirs;
  size_t ndirs;
} put;

static put puts_[8];

static int mkdirs(const char *path) {
  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return 0;
}

static put *find_put(uint32_t id) {
  for (int i = 0; i < 8; i++) if (puts_[i].used && puts_[i].id == id) return &puts_[i];
  return NULL;
}

static void put_fail(put *p, const char *what, const char *path) {
  if (p->error) return;
  char msg[PATH_MAX + 256];
  snprintf(msg, sizeof msg, "%s %s: %s", what, path, strerror(errno));
  p->error = strdup(msg);
}

static void put_close_file(put *p) {
  if (p->fd < 0) return;
  fchmod(p->fd, p->fd_mode);
  close(p->fd);
  p->fd = -1;
}

static void put_begin(uint32_t id, rd *r) {
  char *root = rd_str(r);
  put *p = NULL;
  for (int i = 0; i < 8; i++) if (!puts_[i].used) { p = &puts_[i]; break; }
  if (!root || !p || find_put(id)) { send_error(id, root ? "too many copies at once" : "malformed PUT_BEGIN"); free(root); return; }
  memset(p, 0, sizeof *p);
  p->used = 1;
  p->id = id;
  p->root = root;
  p->fd = -1;
  if (mkdirs(root) != 0) put_fail(p, "cannot create parent directories of", root);
}

static void put_entry(put *p, rd *r) {
  int kind = rd_u8(r);
  mode_t mode = rd_u32(r) & 07777;
  char *rel = rd_str(r);
  char *target = rd_str(r);
  put_close_file(p);
  if (r->bad) { if (!p->error) p->error = strdup("malformed PUT_ENTRY"); free(rel); free(target); return; }
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s%s%s", p->root, *rel ? "/" : "", rel);
  if (!p->error) {
    if (kind == 'd') {
      struct stat st;
      if (mkdir(path, 0700) != 0 && !(errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        put_fail(p, "cannot create directory", path);
      } else {
        p->dirs = realloc(p->dirs, (p->ndirs + 1) * sizeof *p->dirs);
        p->dirs[p->ndirs].path = strdup(path);
        p->dirs[p->ndirs++].mode = mode;
      }
    } else if (kind == 'l') {
      unlink(path);
      if (symlink(target, path) != 0) put_fail(p, "cannot create symbolic link", path);
    } else if (kind == 'f') {
      unlink(path);
      p->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      p->fd_mode = mode;
      if (p->fd < 0) put_fail(p, "cannot create file", path);
    } else if (!p->error) {
      p->error = strdup("malformed PUT_ENTRY: unknown kind");
    }
  }
  free(rel);
  free(target);
}

static void put_data(put *p, const unsigned char *d, size_t n) {
  if (p->error || p->fd < 0) return;
  while (n > 0) {
    ssize_t w = write(p->fd, d, n);
    if (w < 0) { if (errno == EINTR) continue; put_fail(p, "cannot write file under", p->root); return; }
    d += w;
    n -= (size_t) w;
  }
}

static void put_end(put *p) {
  put_close_file(p);
  for (size_t i = p->ndirs; i-- > 0;) {
    if (!p->error && chmod(p->dirs[i].path, p->dirs[i].mode) != 0) put_fail(p, "cannot set mode of", p->dirs[i].path);
    free(p->dirs[i].path);
  }
  if (p->error) send_error(p->id, "%s", p->error);
  else send_frame(T_OK, p->id, NULL, 0);
  free(p->dirs);
  free(p->root);
  free(p->error);
  memset(p, 0, sizeof *p);
}

static void send_entry(uint32_t id, int kind, mode_t mode, const char *rel, const char *target) {
  buf b = {0};
  unsigned char k = (unsigned char) kind;
  buf_add(&b, &k, 1);
  buf_u32(&b, mode & 07777);
  buf_str(&b, rel);
  buf_str(&b, target);
  send_frame(T_ENTRY, id, b.p, b.n);
  free(b.p);
}

/* Sends the tree at path (relative name rel) depth first; returns 0, or -1 after sending ERROR. */
static int get_tree(uint32_t id, const char *path, const char *rel) {
  struct stat st;
  if (lstat(path, &st) != 0) { send_error(id, "cannot read %s: %s", path, strerror(errno)); return -1; }
  if (S_ISLNK(st.st_mode)) {
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) { send_error(id, "cannot read link %s: %s", path, strerror(errno)); return -1; }
    target[n] = 0;
    send_entry(id, 'l', 0777, rel, target);
  } else if (S_ISREG(st.st_mode)) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { send_error(id, "cannot open %s: %s", path, strerror(errno)); return -1; }
    send_entry(id, 'f', st.st_mode, rel, "");
    static unsigned char b[CHUNK];
    ssize_t n;
    while ((n = read(fd, b, sizeof b)) > 0) send_frame(T_DATA, id, b, (size_t) n);
    close(fd);
  } else if (S_ISDIR(st.st_mode)) {
    send_entry(id, 'd', st.st_mode, rel, "");
    DIR *d = opendir(path);
    if (!d) { send_error(id, "cannot list %s: %s", path, strerror(errno)); return -1; }
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char child_path[PATH_MAX], child_rel[PATH_MAX];
      snprintf(child_path, sizeof child_path, "%s/%s", path, e->d_name);
      snprintf(child_rel, sizeof child_rel, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
      if (get_tree(id, child_path, child_rel) != 0) { closedir(d); return -1; }
    }
    closedir(d);
  }
  /* sockets, fifos and devices are not copied */
  return 0;
}

/* ---------- resume ---------- */

static void randomize_pids(void);

/*
 * RESUME: makes a freshly booted or snapshot-restored guest this VM's own: the host's wall clock,
 * fresh randomness (a restored snapshot would otherwise repeat another VM's random state), a new
 * random PID base, and the root file system made writable (it stays read-only until now, so a
 * snapshot never holds writes the disk lacks).
 */
static void resume(uint32_t id, rd *r) {
  uint64_t ns = rd_u64(r);
  if (r->bad || r->n < 32) { send_error(id, "malformed RESUME"); return; }
  struct timespec t = {(time_t) (ns / 1000000000ull), (long) (ns % 1000000000ull)};
  clock_settime(CLOCK_REALTIME, &t);
  int fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct { int entropy_count; int buf_size; unsigned char buf[256]; } pool;
    size_t n = r->n > sizeof pool.buf ? sizeof pool.buf : r->n;
    pool.entropy_count = (int) n * 8;
    pool.buf_size = (int) n;
    memcpy(pool.buf, r->p, n);
    ioctl(fd, RNDADDENTROPY, &pool);
    ioctl(fd, RNDRESEEDCRNG, 0);
    close(fd);
  }
  randomize_pids();
  if (mount(NULL, "/", NULL, MS_REMOUNT, NULL) != 0) {
    send_error(id, "cannot make the root file system writable: %s", strerror(errno));
    return;
  }
  char msg[PATH_MAX + 128];
  if (!work_disk_mounted && mount_work_disk(msg, sizeof msg) != 0) {
    send_error(id, "%s", msg);
    return;
  }
  send_frame(T_OK, id, NULL, 0);
}

/* ---------- dispatch ---------- */

static void handle(int type, uint32_t id, const unsigned char *payload, size_t n) {
  rd r = {payload, n, 0};
  job *j;
  put *p;
  switch (type) {
    case T_PING: send_frame(T_PONG, id, payload, n); break;
    case T_EXEC: start_exec(id, &r); break;
    case T_STDIN:
      if ((j = find_job(id)) && j->in >= 0) { buf_add(&j->stdin_q, payload, n); feed_stdin(j); }
      break;
    case T_STDIN_END:
      if ((j = find_job(id))) { j->stdin_end = 1; feed_stdin(j); }
      break;
    case T_SIGNAL:
      if ((j = find_job(id)) && !j->exited) { j->killed = 1; kill_tree(j, n ? payload[0] : SIGKILL); }
      break;
    case T_PUT_BEGIN: put_begin(id, &r); break;
    case T_PUT_ENTRY: if ((p = find_put(id))) put_entry(p, &r); break;
    case T_PUT_DATA: if ((p = find_put(id))) put_data(p, payload, n); break;
    case T_PUT_END: if ((p = find_put(id))) put_end(p); else send_error(id, "PUT_END without PUT_BEGIN"); break;
    case T_GET: {
      char *path = rd_str(&r);
      if (!path) { send_error(id, "malformed GET"); break; }
      if (get_tree(id, path, "") == 0) send_frame(T_END, id, NULL, 0);
      free(path);
      break;
    }
    case T_RESUME: resume(id, &r); break;
    case T_SHUTDOWN:
      send_frame(T_OK, id, NULL, 0);
      sync();
      reboot(RB_AUTOBOOT); /* QEMU runs with -no-reboot: a reboot ends it */
      break;
    default: send_error(id, "unknown frame type 0x%02x", type);
  }
}

static int open_port(void) {
  DIR *d = opendir("/sys/class/virtio-ports");
  struct dirent *e;
  char path[PATH_MAX], name[128];
  while (d && (e = readdir(d))) {
    snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    int ok = fgets(name, sizeof name, f) && !strncmp(name, "hearth.agent", 12);
    fclose(f);
    if (ok) {
      snprintf(path, sizeof path, "/dev/%s", e->d_name);
      closedir(d);
      return open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
    }
  }
  if (d) closedir(d);
  return -1;
}

/*
 * Every VM boots the same way, so without this its processes would get the same PIDs as another
 * VM's: start this VM's PIDs at a random point of a large range, so a PID seen in one VM names
 * nothing in another.
 */
static void randomize_pids(void) {
  unsigned int r = 0;
  if (getrandom(&r, sizeof r, 0) != sizeof r) return;
  int fd = open("/proc/sys/kernel/pid_max", O_WRONLY);
  if (fd >= 0) { write(fd, "4194304", 7); close(fd); }
  char base[16];
  int n = snprintf(base, sizeof base, "%u", 1000 + r % 4000000);
  fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
  if (fd >= 0) { write(fd, base, (size_t) n); close(fd); }
}

int main(int argc, char **argv) {
  int stdio = argc > 1 && !strcmp(argv[1], "--stdio");
  if (stdio) {
    port = 0;
  } else {
    for (int i = 0; i < 50 && (port = open_port()) < 0; i++) usleep(20000);
  }
  if (port < 0) { fprintf(stderr, "hearth-agent: no virtio port named hearth.agent\n"); return 2; }
  port_out = stdio ? 1 : port;
  /* In a sandbox the commands share the agent's uid: not dumpable, its /proc/<pid>/fd (the host's
   * channel) stays closed to them. */
  if (stdio) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  int adj = open("/proc/self/oom_score_adj", O_WRONLY);
  if (adj >= 0) { write(adj, "-1000", 5); close(adj); }
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  for (int i = 0; i < MAX_JOBS; i++) jobs[i].out = jobs[i].err = jobs[i].in = -1;

  buf hello = {0};
  buf_str(&hello, VERSION);
  send_frame(T_HELLO, 0, hello.p, hello.n);
  free(hello.p);

  static unsigned char in[HEADER + MAX_PAYLOAD];
  size_t have = 0;
  struct pollfd fds[1 + 1 + 3 * MAX_JOBS];
  job *owner[1 + 1 + 3 * MAX_JOBS];
  for (;;) {
    int timeout = tick();
    int n = 0;
    fds[n++] = (struct pollfd){port, POLLIN, 0};
    fds[n++] = (struct pollfd){sfd, POLLIN, 0};
    for (int i = 0; i < MAX_JOBS; i++) {
      job *j = &jobs[i];
      if (!j->used) continue;
      if (j->out >= 0) { owner[n] = j; fds[n++] = (struct pollfd){j->out, POLLIN, 0}; }
      if (j->err >= 0) { owner[n] = j; fds[n++] = (struct pollfd){j->err, POLLIN, 0}; }
      if (j->in >= 0 && j->stdin_off < j->stdin_q.n) { owner[n] = j; fds[n++] = (struct pollfd){j->in, POLLOUT, 0}; }
    }
    if (poll(fds, (nfds_t) n, timeout) < 0 && errno != EINTR) return 5;
    if (fds[1].revents) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {}
      reap();
    }
    for (int i = 2; i < n; i++) {
      if (!fds[i].revents) continue;
      job *j = owner[i];
      if (fds[i].fd == j->out) pump(j, &j->out, T_STDOUT);
      else if (fds[i].fd == j->err) pump(j, &j->err, T_STDERR);
      else if (fds[i].fd == j->in) feed_stdin(j);
    }
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      ssize_t got = read(port, in + have, sizeof in - have);
      if (got > 0) have += (size_t) got;
      else if (stdio && (got == 0 || (errno != EAGAIN && errno != EINTR))) return 0; /* host gone: the sandbox ends */
      else if (got == 0 || (errno != EAGAIN && errno != EINTR)) usleep(10000); /* host not connected */
      while (have >= HEADER) {
        uint32_t len = get32(in);
        if (len > MAX_PAYLOAD) {
          send_error(0, "malformed frame: payload of %u bytes exceeds the limit of %u; the agent stops", len, MAX_PAYLOAD);
          sync();
          reboot(RB_AUTOBOOT);
        }
        if (have < HEADER + len) break;
        handle(in[4], get32(in + 5), in + HEADER, len);
        memmove(in, in + HEADER + len, have - HEADER - len);
        have -= HEADER + len;
      }
    }
  }
}
