// Hearth's web view: reads the REST API (/api/runs…) and the live log stream (server-sent events).
"use strict";

function text(id, value) {
  document.getElementById(id).textContent = value == null ? "" : String(value);
}

function status(run) {
  return run.state === "finished" ? run.conclusion || "finished" : run.state;
}

function badge(el, s) {
  el.textContent = s;
  el.className = "badge " + s;
}

function duration(ms) {
  if (ms == null) return "";
  return ms < 1000 ? ms + " ms" : (ms / 1000).toFixed(1) + " s";
}

async function json(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.json();
}

async function showRuns() {
  const body = document.querySelector("#runs tbody");
  const page = await json("/api/runs?limit=100");
  body.replaceChildren();
  for (const run of page.runs) {
    const tr = document.createElement("tr");
    tr.dataset.run = run.id;
    const link = document.createElement("a");
    link.href = "/runs/" + run.id;
    link.textContent = "#" + run.id;
    const cells = [link, run.repository, run.workflowName || run.workflow, run.event, null, run.startedAt, duration(run.durationMs)];
    for (const c of cells) {
      const td = document.createElement("td");
      if (c instanceof Node) td.append(c); else if (c !== null) td.textContent = c || "";
      else { const b = document.createElement("span"); badge(b, status(run)); b.classList.add("status"); td.append(b); }
      tr.append(td);
    }
    body.append(tr);
  }
  document.getElementById("empty").hidden = page.runs.length > 0;
}

async function showRun(id) {
  const run = await json("/api/runs/" + id);
  text("title", run.workflowName || run.workflow);
  badge(document.getElementById("status"), status(run));
  text("repository", run.repository);
  text("sha", run.sha);
  text("event", run.event);
  text("vm", run.vms.map(v => v.id + " (" + v.provider + ", " + v.state + ")").join(", ") || "none yet");
  text("duration", duration(run.durationMs));
  const [jobs, steps] = await Promise.all([json("/api/runs/" + id + "/jobs"), json("/api/runs/" + id + "/steps")]);
  const list = document.getElementById("jobs");
  list.replaceChildren();
  for (const job of jobs.jobs) {
    const li = document.createElement("li");
    const b = document.createElement("span");
    badge(b, job.state === "finished" ? job.conclusion : job.state);
    li.append(b, " " + (job.name || job.id) + (job.vm ? "  · vm " + job.vm : ""));
    const ol = document.createElement("ol");
    for (const s of steps.steps.filter(s => s.job === job.id)) {
      const item = document.createElement("li");
      item.textContent = (s.name || s.id) + " — " + (s.state === "finished" ? s.conclusion : s.state);
      ol.append(item);
    }
    li.append(ol);
    list.append(li);
  }
  return run;
}

function followLog(id, onEnd) {
  const log = document.getElementById("log");
  const stream = new EventSource("/api/runs/" + id + "/logs/stream");
  text("log-state", "live");
  stream.addEventListener("line", e => {
    const line = JSON.parse(e.data);
    const span = document.createElement("span");
    if (line.stream === "stderr") span.className = "stderr";
    span.textContent = line.text + "\n";
    log.append(span);
    log.scrollTop = log.scrollHeight;
  });
  stream.addEventListener("end", e => {
    stream.close();
    text("log-state", "ended: " + JSON.parse(e.data).conclusion);
    onEnd();
  });
}

async function runPage() {
  const id = location.pathname.split("/").pop();
  text("run-id", "#" + id);
  let run = await showRun(id);
  let ended = false;
  followLog(id, async () => { ended = true; await showRun(id); });
  // Status, jobs and steps are refreshed while the run goes on; no reload needed.
  const timer = setInterval(async () => {
    run = await showRun(id);
    if (run.state === "finished" && ended) clearInterval(timer);
  }, 1000);
}

if (document.body.dataset.page === "runs") {
  showRuns();
  setInterval(showRuns, 2000);
} else {
  runPage();
}
