#!/usr/bin/env node
// bench/generate.mjs: a deterministic, realistic log generator for a multi-agent LLM system.
//
//   node bench/generate.mjs --lines N [--format pino|logfmt|python-text] [--seed S]
//                           [--start ISO] [--malformed 0.005] [-o FILE]
//
// One simulated system (API pods serving HTTP, worker pods running agent sessions and workflows that
// call LLM providers and touch files) is logged in one of three formats. Same arguments give the
// same bytes: all randomness comes from seeded mulberry32 streams, never Math.random or the clock.
// A one-line JSON summary (counts, malformed lines, the exact p95 of LLM-call latency_ms) goes to
// stderr when done, so a benchmark can check logmeter's answers. See bench/README.md.
//
// Plain ESM, Node built-ins only.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage: node bench/generate.mjs --lines N [options]

  --lines N            physical lines to write, malformed ones included (required)
  --format F           pino (default) | logfmt | python-text
  --seed S             PRNG seed, any string or number (default 1)
  --start ISO          time of the first event (default 2026-03-01T00:00:00Z)
  --malformed P        fraction of lines that are broken, 0..1 (default 0.005)
  -o, --output FILE    write to FILE instead of stdout
  -h, --help           show this help

A one-line JSON summary of what was written goes to stderr.`;

function fail(msg) {
  process.stderr.write(`generate: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { lines: undefined, format: 'pino', seed: '1', start: '2026-03-01T00:00:00Z', malformed: 0.005, output: undefined };
  const names = { '--lines': 'lines', '-n': 'lines', '--format': 'format', '--seed': 'seed', '--start': 'start',
    '--malformed': 'malformed', '-o': 'output', '--output': 'output' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const key = names[arg];
    if (!key) fail(`unknown argument ${JSON.stringify(arg)}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      value = argv[++i];
    }
    opts[key] = value;
  }
  if (opts.lines === undefined) fail('--lines is required');
  const lines = Number(String(opts.lines).replace(/_/g, ''));
  if (!Number.isSafeInteger(lines) || lines < 0) fail(`--lines must be a non-negative integer, got ${opts.lines}`);
  opts.lines = lines;
  if (!['pino', 'logfmt', 'python-text'].includes(opts.format)) fail(`unknown --format ${opts.format}`);
  const start = Date.parse(opts.start);
  if (!Number.isFinite(start)) fail(`--start is not a date: ${opts.start}`);
  opts.startMs = start;
  const m = Number(opts.malformed);
  if (!(m >= 0 && m <= 1)) fail(`--malformed must be within 0..1, got ${opts.malformed}`);
  opts.malformed = m;
  opts.seed = String(opts.seed);
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

function hashSeed(str) {
  // FNV-1a, then murmur3's finaliser so that nearby seeds give unrelated streams.
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const POD = 'bcdfghjklmnpqrstvwxz2456789'; // the alphabet Kubernetes uses for generated name suffixes

class Rng {
  constructor(seed) {
    this.a = seed >>> 0;
    this.spare = NaN;
  }
  /** mulberry32: uniform in [0, 1). */
  next() {
    let a = (this.a = (this.a + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  u32() {
    return Math.floor(this.next() * 4294967296);
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(xs) {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Pick from a table built by weighted(): entries carry `w`. */
  weighted(table) {
    const r = this.next() * table.total;
    const items = table.items;
    for (let i = 0; i < items.length - 1; i++) if (r < items[i].cum) return items[i];
    return items[items.length - 1];
  }
  /** Standard normal (Box-Muller, the second value cached). */
  normal() {
    if (this.spare === this.spare) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }
  logNormal(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }
  exp(mean) {
    return -mean * Math.log(1 - this.next());
  }
  hex(n) {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  chars(alphabet, n) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  uuid() {
    const h = this.hex(32);
    const v = '89ab'[this.u32() & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

function weighted(items) {
  let total = 0;
  for (const it of items) it.cum = total += it.w;
  for (const it of items) {
    if (!it.team) continue;
    it.writers = it.team.filter((a) => a === 'coder' || a === 'tester' || a === 'debugger');
    if (it.writers.length === 0) it.writers = [it.lead];
  }
  return { items, total };
}

/** Binary min-heap on `.due` (sessions and workflows waiting to end). */
class DueHeap {
  constructor() {
    this.a = [];
  }
  get size() {
    return this.a.length;
  }
  peek() {
    return this.a[0];
  }
  push(x) {
    const a = this.a;
    let i = a.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].due <= x.due) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && a[l + 1].due < a[l].due ? l + 1 : l;
        if (a[c].due >= last.due) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** An array with O(1) random pick and O(1) removal of a known member (tracked by `.idx`). */
class Pool {
  constructor() {
    this.a = [];
  }
  get size() {
    return this.a.length;
  }
  add(x) {
    x.idx = this.a.push(x) - 1;
  }
  remove(x) {
    const last = this.a.pop();
    if (last !== x) {
      this.a[x.idx] = last;
      last.idx = x.idx;
    }
  }
  pick(rng) {
    return this.a[Math.floor(rng.next() * this.a.length)];
  }
}

// ---------------------------------------------------------------------------------------------
// The world: models, agents, workflows, repositories, routes

// USD per 1M tokens (input, output), as listed by the providers for these model versions.
// ttft: median ms to first token; tps: output tokens per second; cost: whether our code logs a cost.
const MODELS = weighted([
  { w: 24, model: 'gpt-4o', provider: 'openai', pin: 2.5, pout: 10, ttft: 450, tps: 85, maxOut: 16384, cost: true },
  { w: 18, model: 'gpt-4o-mini', provider: 'openai', pin: 0.15, pout: 0.6, ttft: 330, tps: 110, maxOut: 16384, cost: true },
  { w: 26, model: 'claude-3-5-sonnet-20241022', provider: 'anthropic', pin: 3, pout: 15, ttft: 750, tps: 65, maxOut: 8192, cost: true },
  { w: 10, model: 'claude-3-5-haiku-20241022', provider: 'anthropic', pin: 0.8, pout: 4, ttft: 520, tps: 95, maxOut: 8192, cost: true },
  { w: 6, model: 'gemini-1.5-pro', provider: 'google', pin: 1.25, pout: 5, ttft: 850, tps: 60, maxOut: 8192, cost: false },
  { w: 6, model: 'gemini-1.5-flash', provider: 'google', pin: 0.075, pout: 0.3, ttft: 360, tps: 170, maxOut: 8192, cost: false },
  { w: 7, model: 'llama-3.1-70b', provider: 'vllm', pin: 0, pout: 0, ttft: 280, tps: 42, maxOut: 4096, cost: false },
  { w: 3, model: 'o1-mini', provider: 'openai', pin: 3, pout: 12, ttft: 3800, tps: 150, maxOut: 65536, cost: true, reasoning: true },
]);
const CHEAP_MODELS = weighted([
  { w: 6, m: MODELS.items[1] },
  { w: 4, m: MODELS.items[3] },
  { w: 1, m: MODELS.items[5] },
]);

// Median prompt / completion tokens per agent role.
const AGENTS = {
  planner: { pin: 2600, pout: 380 },
  coder: { pin: 8000, pout: 520 },
  reviewer: { pin: 6500, pout: 400 },
  tester: { pin: 4800, pout: 420 },
  debugger: { pin: 6000, pout: 360 },
  researcher: { pin: 3600, pout: 300 },
  summarizer: { pin: 4000, pout: 190 },
  router: { pin: 650, pout: 24 },
};

const WORKFLOWS = weighted([
  { w: 30, type: 'code_review', lead: 'reviewer', team: ['reviewer', 'reviewer', 'summarizer', 'researcher'],
    durS: 45, ok: 0.97, lines: 0, triggers: ['github_pr'] },
  { w: 30, type: 'bugfix', lead: 'debugger', team: ['debugger', 'coder', 'coder', 'tester', 'researcher'],
    durS: 80, ok: 0.88, lines: 24, triggers: ['github_issue', 'slack', 'cli'] },
  { w: 25, type: 'feature_build', lead: 'planner', team: ['planner', 'coder', 'coder', 'coder', 'tester', 'reviewer'],
    durS: 150, ok: 0.86, lines: 190, triggers: ['cli', 'api', 'slack'] },
  { w: 15, type: 'refactor', lead: 'coder', team: ['coder', 'coder', 'reviewer', 'tester'],
    durS: 110, ok: 0.91, lines: 320, triggers: ['cli', 'api'] },
]);
const WORKFLOW_ERRORS = [
  { type: 'MaxIterationsError', message: 'agent loop exceeded max_iterations=25 without a passing plan' },
  { type: 'TestFailureError', message: 'tests still failing after 3 repair attempts (4 failed, 212 passed)' },
  { type: 'ContextLengthError', message: 'prompt of 131072 tokens exceeds the context window after truncation' },
  { type: 'ToolTimeoutError', message: 'tool run_tests timed out after 30000ms' },
  { type: 'MergeConflictError', message: 'patch does not apply cleanly: 2 conflicting hunks' },
];

const TREES = {
  ts: {
    dirs: ['src/components', 'src/pages', 'src/hooks', 'src/lib', 'src/api', 'src/server/routes', 'src/server/services',
      'src/utils', 'src/store', 'tests/unit', 'tests/e2e'],
    names: ['Button', 'Modal', 'UserProfile', 'useAuth', 'client', 'index', 'orders', 'invoices', 'session', 'config',
      'logger', 'rateLimiter', 'cart', 'checkout', 'search', 'settings', 'Dashboard', 'formatDate', 'queryClient'],
    exts: ['.ts', '.ts', '.tsx', '.test.ts'],
    root: ['package.json', 'tsconfig.json', 'README.md', '.github/workflows/ci.yml', 'vite.config.ts', '.eslintrc.cjs'],
  },
  py: {
    dirs: ['app/api', 'app/models', 'app/services', 'app/workers', 'app/core', 'app/schemas', 'tests', 'tests/integration',
      'migrations/versions'],
    names: ['orders', 'users', 'billing', 'auth', 'config', 'tasks', 'schemas', 'db', 'pricing', 'notifications',
      'invoices', 'webhooks', 'deps', 'retry'],
    exts: ['.py', '.py', '.py'],
    root: ['pyproject.toml', 'README.md', 'Dockerfile', 'alembic.ini', '.github/workflows/test.yml', 'requirements.txt'],
  },
  go: {
    dirs: ['cmd/server', 'internal/handler', 'internal/store', 'internal/queue', 'internal/auth', 'internal/config',
      'pkg/client', 'pkg/retry'],
    names: ['main', 'handler', 'store', 'queue', 'client', 'middleware', 'config', 'retry', 'session', 'metrics'],
    exts: ['.go', '.go', '_test.go'],
    root: ['go.mod', 'go.sum', 'Makefile', 'README.md', '.golangci.yml', 'Dockerfile'],
  },
};
const REPOS = weighted([
  { w: 9, name: 'web-app', lang: 'ts' },
  { w: 7, name: 'billing-service', lang: 'py' },
  { w: 6, name: 'agent-platform', lang: 'ts' },
  { w: 5, name: 'ingest-gateway', lang: 'go' },
  { w: 4, name: 'ml-pipeline', lang: 'py' },
  { w: 4, name: 'mobile-bff', lang: 'ts' },
  { w: 3, name: 'auth-service', lang: 'go' },
  { w: 2, name: 'infra-tools', lang: 'go' },
]);

const FS_ERRORS = weighted([
  { w: 40, code: 'ENOSPC', errno: -28, msg: () => 'ENOSPC: no space left on device, write', py: 'No space left on device' },
  { w: 35, code: 'EACCES', errno: -13, msg: (p) => `EACCES: permission denied, open '${p}'`, py: 'Permission denied' },
  { w: 10, code: 'EROFS', errno: -30, msg: (p) => `EROFS: read-only file system, open '${p}'`, py: 'Read-only file system' },
  { w: 15, code: 'EMFILE', errno: -24, msg: (p) => `EMFILE: too many open files, open '${p}'`, py: 'Too many open files' },
]);

// Provider failures: status, and per provider the SDK's error type and message.
const LLM_FAILURES = weighted([
  { w: 55, status: 429, latMed: 180, latSigma: 0.6 },
  { w: 20, status: 500, latMed: 2400, latSigma: 0.7 },
  { w: 25, status: 503, latMed: 900, latSigma: 1.1 },
]);
function llmError(provider, model, status, rng) {
  if (provider === 'openai') {
    if (status === 429) {
      const used = rng.int(780000, 799999);
      return { type: 'RateLimitError', message: `Rate limit reached for ${model} in organization org-Qz7YlPpM4s2vXbNw on tokens per min (TPM): Limit 800000, Used ${used}, Requested ${rng.int(900, 24000)}. Please try again in ${rng.int(90, 2400)}ms.` };
    }
    if (status === 500) return { type: 'InternalServerError', message: 'The server had an error while processing your request. Sorry about that!' };
    return { type: 'APIError', message: 'The engine is currently overloaded, please try again later' };
  }
  if (provider === 'anthropic') {
    if (status === 429) return { type: 'RateLimitError', message: 'rate_limit_error: Number of request tokens has exceeded your per-minute rate limit' };
    if (status === 500) return { type: 'InternalServerError', message: 'api_error: Internal server error' };
    return { type: 'APIStatusError', message: 'overloaded_error: Overloaded' };
  }
  if (provider === 'google') {
    if (status === 429) return { type: 'ResourceExhausted', message: '429 Resource has been exhausted (e.g. check quota).' };
    if (status === 500) return { type: 'InternalServerError', message: '500 An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' };
    return { type: 'ServiceUnavailable', message: '503 The model is overloaded. Please try again later.' };
  }
  if (status === 429) return { type: 'APIStatusError', message: 'Error code: 429 - server is at max_num_seqs, request queue full' };
  if (status === 500) return { type: 'InternalServerError', message: 'Error code: 500 - CUDA error: an illegal memory access was encountered' };
  return { type: 'APIConnectionError', message: 'Error code: 503 - upstream connect error or disconnect/reset before headers' };
}

// HTTP routes served by the API pods: weight, method, path builder, success status, median response ms.
// `ids` routes can 404; `body` routes can 400.
const ROUTES = weighted([
  { w: 18, method: 'GET', path: () => '/healthz', ok: 200, rt: 0.8, probe: true },
  { w: 4, method: 'GET', path: () => '/metrics', ok: 200, rt: 6, probe: true },
  { w: 4, method: 'POST', path: () => '/v1/sessions', ok: 201, rt: 38, body: true },
  { w: 10, method: 'GET', path: (g) => `/v1/sessions/${g.sessionId()}`, ok: 200, rt: 11, ids: true },
  { w: 16, method: 'POST', path: (g) => `/v1/sessions/${g.sessionId()}/messages`, ok: 202, rt: 55, ids: true, body: true },
  { w: 10, method: 'GET', path: (g) => `/v1/sessions/${g.sessionId()}/messages?limit=50`, ok: 200, rt: 24, ids: true },
  { w: 5, method: 'GET', path: (g) => `/v1/sessions/${g.sessionId()}/events?after=${g.rng.int(1, 900)}`, ok: 200, rt: 7, ids: true },
  { w: 1, method: 'DELETE', path: (g) => `/v1/sessions/${g.sessionId()}`, ok: 204, rt: 21, ids: true },
  { w: 4, method: 'POST', path: () => '/v1/workflows', ok: 202, rt: 44, body: true },
  { w: 8, method: 'GET', path: (g) => `/v1/workflows/${g.workflowId()}`, ok: 200, rt: 9, ids: true },
  { w: 3, method: 'GET', path: (g) => `/v1/workflows/${g.workflowId()}/artifacts/${g.rng.uuid()}`, ok: 200, rt: 42, ids: true },
  { w: 3, method: 'GET', path: (g) => `/v1/files/${g.rng.uuid()}`, ok: 200, rt: 19, ids: true },
  { w: 2, method: 'PUT', path: (g) => `/v1/files/${g.rng.uuid()}`, ok: 200, rt: 85, ids: true, body: true },
  { w: 2, method: 'GET', path: (g) => `/v1/users/${g.rng.int(1000, 48000)}/usage?from=2026-02-01&granularity=day`, ok: 200, rt: 130, ids: true },
  { w: 2, method: 'GET', path: () => '/v1/models', ok: 200, rt: 4 },
  { w: 4, method: 'POST', path: () => '/webhooks/github', ok: 202, rt: 28, body: true, github: true },
  { w: 3, method: 'GET', path: (g) => `/v1/projects/${g.rng.int(1, 400)}/pulls/${g.rng.int(1, 9000)}/review`, ok: 200, rt: 170, ids: true },
]);

const HTTP_ERROR_TEXT = { 500: 'failed with status code 500', 502: 'failed with status code 502', 503: 'failed with status code 503', 504: 'failed with status code 504' };

// ---------------------------------------------------------------------------------------------
// Simulation

const K_LLM = 0;
const K_FILE = 1;
const K_WF = 2;
const K_SESS = 3;
const K_HTTP = 4;
const K_GAUGE = 5;
const KIND_NAMES = ['llm_call', 'file_op', 'workflow', 'session', 'request', 'metric'];
const KIND_MIX = weighted([
  { w: 35, k: K_LLM },
  { w: 25, k: K_FILE },
  { w: 10, k: K_WF },
  { w: 5, k: K_SESS },
  { w: 20, k: K_HTTP },
  { w: 5, k: K_GAUGE },
]);

const HOUR = 3600000;
const DAY = 24 * HOUR;
const BASE_RATE = 38; // events/s at the daily mean on weekdays; weekends run at 65%

const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;
const r6 = (x) => Math.round(x * 1e6) / 1e6;

class World {
  constructor(rng, startMs) {
    this.rng = rng;
    this.tf = startMs; // float clock, ms
    this.t = startMs;
    this.burst = 0;
    const podHash = (n) => rng.chars(POD, n);
    const workerRs = podHash(10);
    const apiRs = podHash(9);
    this.workers = [];
    for (let i = 0; i < 6; i++) {
      this.workers.push({ name: `agent-worker-${workerRs}-${podHash(5)}`, pid: rng.int(1, 40), service: 'agent-runtime',
        active: 0, cpu: 10, mem: 38 + rng.next() * 10 });
    }
    this.apis = [];
    for (let i = 0; i < 3; i++) {
      this.apis.push({ name: `agent-api-${apiRs}-${podHash(5)}`, pid: rng.int(1, 40), service: 'agent-api', reqNo: 0,
        subnet: 2 + i });
    }
    this.users = [];
    for (let i = 0; i < 400; i++) this.users.push(`usr_${rng.chars('0123456789abcdefghijklmnopqrstuvwxyz', 8)}`);
    this.sessions = new Pool();
    this.sessionDue = new DueHeap();
    this.workflows = new Pool();
    this.workflowDue = new DueHeap();
    this.gaugeNext = 0;
  }

  /** Advance the clock by one Poisson arrival under a diurnal, weekly and bursty rate. */
  tick() {
    const rng = this.rng;
    const tf = this.tf;
    const hour = (tf % DAY) / HOUR;
    const dow = (Math.floor(tf / DAY) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const diurnal = 1 + 0.45 * Math.sin((2 * Math.PI * (hour - 8)) / 24); // peak 14:00 UTC, trough 02:00
    const weekly = dow === 0 || dow === 6 ? 0.65 : 1;
    this.burst = 0.9995 * this.burst + 0.005 * rng.normal(); // slow mean-reverting log-rate wander
    const rate = BASE_RATE * diurnal * weekly * Math.exp(this.burst);
    this.tf = tf + rng.exp(1000 / rate);
    this.t = Math.floor(this.tf);
  }

  sessionId() {
    return this.sessions.size > 0 && this.rng.chance(0.85) ? this.sessions.pick(this.rng).id : `sess_${this.rng.hex(12)}`;
  }
  workflowId() {
    return this.workflows.size > 0 && this.rng.chance(0.85) ? this.workflows.pick(this.rng).id : `wf_${this.rng.hex(8)}`;
  }

  next() {
    this.tick();
    const kind = this.rng.weighted(KIND_MIX).k;
    switch (kind) {
      case K_LLM:
        return this.llmCall();
      case K_FILE:
        return this.workflows.size > 0 ? this.fileOp() : this.workflowEvent();
      case K_WF:
        return this.workflowEvent();
      case K_SESS:
        return this.sessionEvent();
      case K_HTTP:
        return this.httpRequest();
      default:
        return this.gauge();
    }
  }

  // --- sessions -------------------------------------------------------------------------------

  sessionEvent() {
    const top = this.sessionDue.peek();
    if (top && top.due <= this.t) {
      this.sessionDue.pop();
      if (top.openWf === 0) return this.endSession(top);
      top.due = this.t + 5000 + this.rng.exp(30000); // still running a workflow: keep it open a while
      this.sessionDue.push(top);
    }
    return this.createSession();
  }

  createSession() {
    const rng = this.rng;
    const host = rng.pick(this.workers);
    const u = rng.next();
    const s = {
      id: `sess_${rng.hex(12)}`, user: this.users[Math.floor(u * u * this.users.length)],
      client: rng.pick(['vscode', 'vscode', 'vscode', 'cli', 'cli', 'web', 'slack', 'jetbrains']),
      host, start: this.t, due: this.t + Math.max(20000, rng.logNormal(200000, 0.8)),
      repo: rng.weighted(REPOS), openWf: 0, workflows: 0, llmCalls: 0, tokIn: 0, tokOut: 0, idx: 0,
    };
    host.active++;
    this.sessions.add(s);
    this.sessionDue.push(s);
    return { k: K_SESS, t: this.t, lvl: 30, host, msg: 'session created', s, end: false };
  }

  endSession(s) {
    this.sessions.remove(s);
    s.host.active--;
    const reason = this.rng.pick(['idle_timeout', 'idle_timeout', 'client_disconnect', 'user_exit', 'user_exit']);
    return { k: K_SESS, t: this.t, lvl: 30, host: s.host, msg: 'session ended', s, end: true, dur: this.t - s.start, reason };
  }

  /** A session to attach new work to: prefer one not about to end. */
  sessionForWork() {
    let s;
    for (let i = 0; i < 6; i++) {
      s = this.sessions.pick(this.rng);
      if (s.due > this.t + 30000) break;
    }
    return s;
  }

  // --- workflows ------------------------------------------------------------------------------

  workflowEvent() {
    const top = this.workflowDue.peek();
    if (top && top.due <= this.t) return this.completeWorkflow(this.workflowDue.pop());
    if (this.sessions.size === 0) return this.createSession();
    return this.startWorkflow();
  }

  startWorkflow() {
    const rng = this.rng;
    const s = this.sessionForWork();
    const type = rng.weighted(WORKFLOWS);
    const repo = rng.chance(0.8) ? s.repo : rng.weighted(REPOS);
    const tree = TREES[repo.lang];
    const files = [];
    const nFiles = rng.int(2, type.type === 'feature_build' ? 12 : 7);
    for (let i = 0; i < nFiles; i++) {
      const rel = rng.chance(0.12)
        ? rng.pick(tree.root)
        : `${rng.pick(tree.dirs)}/${rng.pick(tree.names)}${rng.pick(tree.exts)}`;
      files.push({ path: `/workspace/${repo.name}/${rel}`, size: Math.round(rng.logNormal(3800, 0.9)) + 40 });
    }
    const w = {
      id: `wf_${rng.hex(8)}`, type, s, repo, start: this.t, due: this.t + Math.max(4000, rng.logNormal(type.durS * 1000, 0.6)),
      trigger: rng.pick(type.triggers), files, llmCalls: 0, touched: 0, written: 0, idx: 0,
    };
    s.openWf++;
    s.workflows++;
    this.workflows.add(w);
    this.workflowDue.push(w);
    return { k: K_WF, t: this.t, lvl: 30, host: s.host, msg: 'workflow started', w, end: false };
  }

  completeWorkflow(w) {
    const rng = this.rng;
    this.workflows.remove(w);
    w.s.openWf--;
    const ok = rng.chance(w.type.ok);
    let lines = 0;
    if (w.type.lines > 0 && w.written > 0) lines = Math.max(1, Math.round(rng.logNormal(w.type.lines, 0.9) * (ok ? 1 : 0.4)));
    return {
      k: K_WF, t: this.t, lvl: ok ? 30 : 50, host: w.s.host, msg: 'workflow completed', w, end: true,
      dur: this.t - w.start, ok, lines, err: ok ? null : rng.pick(WORKFLOW_ERRORS),
    };
  }

  // --- LLM calls ------------------------------------------------------------------------------

  llmCall() {
    const rng = this.rng;
    let w = null;
    let s;
    let agent;
    if (this.workflows.size > 0 && rng.chance(0.85)) {
      w = this.workflows.pick(rng);
      s = w.s;
      agent = rng.pick(w.type.team);
    } else if (this.sessions.size > 0) {
      s = this.sessions.pick(rng);
      agent = rng.chance(0.7) ? 'router' : 'summarizer';
    } else {
      return this.createSession();
    }
    const role = AGENTS[agent];
    const m = agent === 'router' ? rng.weighted(CHEAP_MODELS).m : rng.weighted(MODELS);
    const e = {
      k: K_LLM, t: this.t, lvl: 30, host: s.host, msg: 'llm call completed', s, w, agent, m,
      reqId: null, stream: false, ttft: 0, pin: 0, pout: 0, lat: 0, cost: -1, status: 0, err: null, attempt: 1,
    };
    if (m.provider === 'openai') e.reqId = `chatcmpl-${rng.chars(B62, 29)}`;
    else if (m.provider === 'anthropic') e.reqId = `msg_01${rng.chars(B62, 22)}`;
    e.stream = agent !== 'router' && rng.chance(0.3);
    if (e.stream) e.msg = 'provider request';
    if (rng.chance(0.03)) {
      const f = rng.weighted(LLM_FAILURES);
      e.lvl = 50;
      e.msg = 'provider request';
      e.status = f.status;
      e.err = llmError(m.provider, m.model, f.status, rng);
      e.lat = Math.max(12, Math.round(rng.logNormal(f.latMed, f.latSigma)));
      if (f.status === 503 && rng.chance(0.08)) e.lat = 30000 + rng.int(0, 40); // client timeout
      e.attempt = rng.int(1, 3);
      return e;
    }
    if (rng.chance(0.06)) e.attempt = 2; // succeeded on a retry
    const ctx = w ? 1 + Math.min(w.llmCalls, 12) * 0.08 : 1; // conversations grow as a workflow goes on
    e.pin = Math.min(190000, Math.max(40, Math.round(rng.logNormal(role.pin * ctx, 0.7))));
    let out = rng.logNormal(role.pout, 0.8);
    if (m.reasoning) out *= 4; // hidden reasoning tokens are billed as output
    e.pout = Math.min(m.maxOut, Math.max(1, Math.round(out)));
    const ttft = rng.logNormal(m.ttft, 0.45) + e.pin * 0.015; // prefill
    let lat = ttft + (e.pout / m.tps) * 1000 * rng.logNormal(1, 0.25);
    if (rng.chance(0.02)) lat *= 2 + rng.exp(1.5); // provider-side queueing: the long tail
    e.lat = Math.round(lat);
    e.ttft = Math.round(Math.min(ttft, lat));
    if (m.cost && rng.chance(0.9)) e.cost = r6((e.pin * m.pin + e.pout * m.pout) / 1e6);
    s.llmCalls++;
    s.tokIn += e.pin;
    s.tokOut += e.pout;
    if (w) w.llmCalls++;
    return e;
  }

  // --- files ----------------------------------------------------------------------------------

  fileOp() {
    const rng = this.rng;
    const w = this.workflows.pick(rng);
    const e = { k: K_FILE, t: this.t, lvl: 30, host: w.s.host, msg: '', w, agent: '', path: '', bytes: -1, dur: 0, err: null };
    const r = rng.next();
    e.agent = rng.pick(r < 0.6 ? w.type.team : w.type.writers); // anyone reads; the hands-on agents write
    w.touched++;
    if (r < 0.6 || w.files.length === 0 || (w.type.type === 'code_review' && r < 0.97)) {
      let f;
      if (w.files.length > 0 && rng.chance(0.8)) f = rng.pick(w.files);
      else {
        const tree = TREES[w.repo.lang];
        f = { path: `/workspace/${w.repo.name}/${rng.pick(tree.dirs)}/${rng.pick(tree.names)}${rng.pick(tree.exts)}`,
          size: Math.round(rng.logNormal(3800, 0.9)) + 40 };
      }
      e.msg = 'file_read';
      e.path = f.path;
      e.bytes = f.size;
      e.dur = r2(Math.max(0.02, (0.06 + f.size / 350000) * rng.logNormal(1, 0.6) * (rng.chance(0.01) ? 40 : 1)));
    } else if (r < 0.99) {
      const f = rng.pick(w.files);
      e.path = f.path;
      if (r < 0.95 || w.files.length < 2) {
        if (rng.chance(0.04)) {
          const fe = rng.weighted(FS_ERRORS);
          e.msg = 'file_write_error';
          e.lvl = 50;
          e.err = { code: fe.code, errno: fe.errno, message: fe.msg(f.path), py: fe.py };
          e.dur = r2(0.05 + rng.exp(0.3));
        } else {
          f.size = Math.max(0, f.size + Math.round(rng.normal() * 300 + 120));
          e.msg = 'file_write';
          e.bytes = f.size;
          e.dur = r2(Math.max(0.05, (0.25 + f.size / 120000) * rng.logNormal(1, 0.7)));
          w.written++;
        }
      } else {
        e.msg = 'file_delete';
        e.dur = r2(0.04 + rng.exp(0.15));
        w.files.splice(w.files.indexOf(f), 1);
      }
    } else {
      // scratch files: test snapshots and build output
      e.msg = 'file_delete';
      e.path = `/workspace/${w.repo.name}/.agent/tmp/${w.id}/patch-${rng.int(1, 40)}.diff`;
      e.dur = r2(0.04 + rng.exp(0.15));
    }
    return e;
  }

  // --- HTTP -----------------------------------------------------------------------------------

  httpRequest() {
    const rng = this.rng;
    const host = rng.pick(this.apis);
    const route = rng.weighted(ROUTES);
    const url = route.path(this);
    let status = route.ok;
    let rt = rng.logNormal(route.rt, route.probe ? 0.5 : 0.7);
    if (!route.probe) {
      const r = rng.next();
      if (r < 0.008) status = 401;
      else if (r < 0.012) status = 403;
      else if (r < 0.042 && route.ids) status = 404;
      else if (r < 0.052 && route.body) status = 400;
      else if (r < 0.057) status = 429;
      else if (r < 0.0605) status = 500;
      else if (r < 0.0615) status = 502;
      else if (r < 0.0635) status = 503;
      else if (r < 0.064) status = 504;
      if (status >= 400 && status < 500) rt = rng.logNormal(3, 0.6);
      else if (status === 504) rt = 30000 + rng.exp(20);
      else if (status >= 500) rt *= rng.logNormal(2, 0.8);
    }
    if (route.method === 'GET' && status === 200 && !route.probe && rng.chance(0.04)) status = 304;
    let remote;
    if (route.probe) remote = `10.42.${host.subnet}.1`;
    else if (route.github) remote = `140.82.115.${rng.int(2, 254)}`;
    else remote = `10.42.${rng.int(0, 11)}.${rng.int(2, 254)}`;
    host.reqNo++;
    const lvl = status >= 500 ? 50 : status >= 400 ? 40 : 30;
    return { k: K_HTTP, t: this.t, lvl, host, msg: status >= 500 ? 'request errored' : 'request completed',
      method: route.method, url, status, rt: Math.max(0, Math.round(rt)), reqNo: host.reqNo, remote,
      port: rng.int(32768, 60999) };
  }

  // --- gauges ---------------------------------------------------------------------------------

  gauge() {
    const rng = this.rng;
    const host = this.workers[this.gaugeNext];
    this.gaugeNext = (this.gaugeNext + 1) % this.workers.length;
    const target = 6 + 1.3 * host.active + rng.normal() * 3;
    host.cpu = Math.min(99.5, Math.max(0.5, 0.6 * host.cpu + 0.4 * target + rng.normal() * 2.5));
    host.mem += 0.04 + 0.01 * host.active * rng.next();
    if (host.mem > 86 || rng.chance(0.002)) host.mem = 40 + rng.next() * 9; // major GC / heap compaction
    const goroutines = Math.max(12, Math.round(48 + host.active * 9 + rng.normal() * 14));
    return { k: K_GAUGE, t: this.t, lvl: 30, host, msg: 'system sample', cpu: r1(host.cpu), mem: r1(host.mem),
      gor: goroutines, act: host.active };
  }
}

// ---------------------------------------------------------------------------------------------
// Formats

const PINO_LEVEL = { 30: 'info', 40: 'warn', 50: 'error' };
const PY_LEVEL = { 30: 'INFO', 40: 'WARNING', 50: 'ERROR' };

/** Second-granularity cache for ISO timestamps. */
let cachedSec = NaN;
let cachedIso = '';
function isoSecond(ms) {
  const sec = Math.floor(ms / 1000);
  if (sec !== cachedSec) {
    cachedSec = sec;
    cachedIso = new Date(sec * 1000).toISOString().slice(0, 19); // 2026-03-01T00:00:00
  }
  return cachedIso;
}
const pad3 = (n) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const isoMs = (ms) => `${isoSecond(ms)}.${pad3(ms % 1000)}Z`;
const pyTime = (ms) => {
  const s = isoSecond(ms);
  return `${s.slice(0, 10)} ${s.slice(11)},${pad3(ms % 1000)}`;
};

/** logfmt value: bare when safe, else double-quoted with escapes. */
function lf(v) {
  return /^[A-Za-z0-9_.:/@+\-?&,%]+$/.test(v) ? v : JSON.stringify(v);
}

// The pino lines follow pino's real layout: level, time, pid, hostname, bindings, fields, msg last.
const pinoBindings = new WeakMap();
function pinoHead(e) {
  let b = pinoBindings.get(e.host);
  if (b === undefined) {
    b = `,"pid":${e.host.pid},"hostname":"${e.host.name}","name":"${e.host.service}"`;
    pinoBindings.set(e.host, b);
  }
  return `{"level":${e.lvl},"time":${e.t}${b}`;
}

function pino(e) {
  const h = pinoHead(e);
  switch (e.k) {
    case K_LLM: {
      let s = `${h},"session_id":"${e.s.id}"`;
      if (e.w) s += `,"workflow_id":"${e.w.id}"`;
      s += `,"agent":"${e.agent}","provider":"${e.m.provider}","model":"${e.m.model}"`;
      if (e.reqId) s += `,"request_id":"${e.reqId}"`;
      if (e.stream) s += ',"stream":true';
      if (e.err) {
        s += `,"status":${e.status},"attempt":${e.attempt},"latency_ms":${e.lat},"err":${JSON.stringify(e.err)}`;
      } else {
        if (e.stream) s += `,"ttft_ms":${e.ttft}`;
        s += `,"usage":{"prompt_tokens":${e.pin},"completion_tokens":${e.pout},"total_tokens":${e.pin + e.pout}},"latency_ms":${e.lat}`;
        if (e.attempt > 1) s += `,"attempt":${e.attempt}`;
        if (e.cost >= 0) s += `,"cost":${e.cost}`;
      }
      return `${s},"msg":"${e.msg}"}`;
    }
    case K_FILE: {
      let s = `${h},"session_id":"${e.w.s.id}","workflow_id":"${e.w.id}","agent":"${e.agent}","path":"${e.path}"`;
      if (e.bytes >= 0) s += `,"bytes":${e.bytes}`;
      s += `,"duration_ms":${e.dur}`;
      if (e.err) s += `,"err":{"type":"Error","message":${JSON.stringify(e.err.message)},"code":"${e.err.code}","errno":${e.err.errno},"syscall":"${e.err.code === 'ENOSPC' ? 'write' : 'open'}"}`;
      return `${s},"msg":"${e.msg}"}`;
    }
    case K_WF: {
      const w = e.w;
      let s = `${h},"session_id":"${w.s.id}","workflow_id":"${w.id}","workflow_type":"${w.type.type}","agent":"${w.type.lead}"`;
      if (!e.end) s += `,"repo":"acme/${w.repo.name}","trigger":"${w.trigger}"`;
      else {
        s += `,"duration_ms":${e.dur},"success":${e.ok},"lines_changed":${e.lines},"llm_calls":${w.llmCalls},"files_touched":${w.touched}`;
        if (e.err) s += `,"err":{"type":"${e.err.type}","message":${JSON.stringify(e.err.message)}}`;
      }
      return `${s},"msg":"${e.msg}"}`;
    }
    case K_SESS: {
      const ss = e.s;
      let s = `${h},"session_id":"${ss.id}"`;
      if (!e.end) s += `,"user_id":"${ss.user}","client":"${ss.client}"`;
      else s += `,"user_id":"${ss.user}","duration_ms":${e.dur},"reason":"${e.reason}","workflows":${ss.workflows},"llm_calls":${ss.llmCalls},"usage":{"prompt_tokens":${ss.tokIn},"completion_tokens":${ss.tokOut}}`;
      return `${s},"msg":"${e.msg}"}`;
    }
    case K_HTTP: {
      let s = `${h},"req":{"id":${e.reqNo},"method":"${e.method}","url":"${e.url}","remoteAddress":"${e.remote}","remotePort":${e.port}},"res":{"statusCode":${e.status}}`;
      if (e.status >= 500) s += `,"err":{"type":"Error","message":"${HTTP_ERROR_TEXT[e.status]}","stack":"Error: ${HTTP_ERROR_TEXT[e.status]}\\n    at onResFinished (/app/node_modules/pino-http/logger.js:115:39)\\n    at ServerResponse.onResponseComplete (/app/node_modules/pino-http/logger.js:178:14)"}`;
      return `${s},"responseTime":${e.rt},"msg":"${e.msg}"}`;
    }
    default:
      return `${h},"cpu_usage":${e.cpu},"memory_usage":${e.mem},"goroutine_count":${e.gor},"active_sessions":${e.act},"msg":"${e.msg}"}`;
  }
}

// logfmt as a Go service would write it (logrus-style lowercase levels, durations with a unit).
function logfmt(e) {
  const h = `time=${isoMs(e.t)} level=${PINO_LEVEL[e.lvl]} msg=${lf(e.msg)}`;
  const tail = ` host=${e.host.name} service=${e.host.service}`;
  switch (e.k) {
    case K_LLM: {
      let s = `${h} session_id=${e.s.id}`;
      if (e.w) s += ` workflow_id=${e.w.id}`;
      s += ` agent=${e.agent} provider=${e.m.provider} model=${e.m.model}`;
      if (e.err) {
        s += ` status=${e.status} attempt=${e.attempt} latency=${e.lat}ms error_type=${e.err.type} error=${lf(e.err.message)}`;
      } else {
        s += ` prompt_tokens=${e.pin} completion_tokens=${e.pout} latency=${e.lat}ms`;
        if (e.stream) s += ` stream=true ttft=${e.ttft}ms`;
        if (e.cost >= 0) s += ` cost=${e.cost}`;
      }
      if (e.reqId) s += ` request_id=${e.reqId}`;
      return s + tail;
    }
    case K_FILE: {
      let s = `${h} session_id=${e.w.s.id} workflow_id=${e.w.id} agent=${e.agent} path=${lf(e.path)}`;
      if (e.bytes >= 0) s += ` bytes=${e.bytes}`;
      s += ` duration=${e.dur}ms`;
      if (e.err) s += ` error_code=${e.err.code} error=${lf(e.err.message)}`;
      return s + tail;
    }
    case K_WF: {
      const w = e.w;
      let s = `${h} session_id=${w.s.id} workflow_id=${w.id} workflow_type=${w.type.type} agent=${w.type.lead}`;
      if (!e.end) s += ` repo=acme/${w.repo.name} trigger=${w.trigger}`;
      else {
        s += ` duration=${e.dur}ms success=${e.ok} lines_changed=${e.lines} llm_calls=${w.llmCalls} files_touched=${w.touched}`;
        if (e.err) s += ` error_type=${e.err.type} error=${lf(e.err.message)}`;
      }
      return s + tail;
    }
    case K_SESS: {
      const ss = e.s;
      let s = `${h} session_id=${ss.id} user_id=${ss.user}`;
      if (!e.end) s += ` client=${ss.client}`;
      else s += ` duration=${e.dur}ms reason=${e.reason} workflows=${ss.workflows} llm_calls=${ss.llmCalls} prompt_tokens=${ss.tokIn} completion_tokens=${ss.tokOut}`;
      return s + tail;
    }
    case K_HTTP: {
      let s = `${h} method=${e.method} path=${lf(e.url)} status=${e.status} duration=${e.rt}ms remote_addr=${e.remote}:${e.port} request_id=${e.reqNo}`;
      if (e.status >= 500) s += ` error=${lf(HTTP_ERROR_TEXT[e.status])}`;
      return s + tail;
    }
    default:
      return `${h} cpu_usage=${e.cpu} memory_usage=${e.mem} goroutine_count=${e.gor} active_sessions=${e.act}${tail}`;
  }
}

// Python logging's '%(asctime)s - %(name)s - %(levelname)s - %(message)s', times in UTC.
const PY_LOGGER = ['agent.provider', 'agent.tools.fs', 'agent.workflow', 'agent.session', 'agent.api', 'agent.metrics'];
function pythonText(e) {
  const h = `${pyTime(e.t)} - ${PY_LOGGER[e.k]} - ${PY_LEVEL[e.lvl]} - ${e.msg}`;
  switch (e.k) {
    case K_LLM: {
      let s = `${h} session_id=${e.s.id}`;
      if (e.w) s += ` workflow_id=${e.w.id}`;
      s += ` agent=${e.agent} provider=${e.m.provider} model=${e.m.model}`;
      if (e.err) return `${s} status=${e.status} attempt=${e.attempt} latency_ms=${e.lat} error=${lf(`${e.err.type}: ${e.err.message}`)}`;
      s += ` tokens_in=${e.pin} tokens_out=${e.pout} latency_ms=${e.lat}`;
      if (e.stream) s += ` stream=True ttft_ms=${e.ttft}`;
      if (e.cost >= 0) s += ` cost_usd=${e.cost}`;
      return s;
    }
    case K_FILE: {
      let s = `${h} path=${e.path}`;
      if (e.bytes >= 0) s += ` bytes=${e.bytes}`;
      s += ` duration_ms=${e.dur} session_id=${e.w.s.id} workflow_id=${e.w.id} agent=${e.agent}`;
      if (e.err) s += ` error=${lf(`[Errno ${-e.err.errno}] ${e.err.py}: '${e.path}'`)}`;
      return s;
    }
    case K_WF: {
      const w = e.w;
      let s = `${h} workflow_id=${w.id} workflow=${w.type.type} session_id=${w.s.id} agent=${w.type.lead}`;
      if (!e.end) return `${s} repo=acme/${w.repo.name} trigger=${w.trigger}`;
      s += ` duration_ms=${e.dur} success=${e.ok ? 'True' : 'False'} lines_changed=${e.lines} llm_calls=${w.llmCalls}`;
      if (e.err) s += ` error=${lf(`${e.err.type}: ${e.err.message}`)}`;
      return s;
    }
    case K_SESS: {
      const ss = e.s;
      if (!e.end) return `${h} session_id=${ss.id} user_id=${ss.user} client=${ss.client}`;
      return `${h} session_id=${ss.id} user_id=${ss.user} duration_ms=${e.dur} reason=${e.reason} llm_calls=${ss.llmCalls} tokens_in=${ss.tokIn} tokens_out=${ss.tokOut}`;
    }
    case K_HTTP:
      return `${h} method=${e.method} path=${e.url} status=${e.status} duration_ms=${e.rt} client=${e.remote}:${e.port}`;
    default:
      return `${h} cpu_usage=${e.cpu} memory_usage=${e.mem} goroutine_count=${e.gor} active_sessions=${e.act}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Malformed lines: what really ends up in log files next to the records.
// Each incident is one or more lines; `lines(t, rng)` builds them. The JSON format also gets
// truncated records (a write cut short by a crash or a full pipe); the text formats do not, since
// a cut text record can still parse as a shorter, valid one and would blur the expected numbers.

const TRUNCATED = Symbol('truncated');
const INCIDENTS = {
  pino: weighted([
    { w: 40, lines: () => [TRUNCATED] },
    { w: 18, lines: () => [''] },
    { w: 8, lines: (t, r) => [r.pick([
      'npm WARN config production Use `--omit=dev` instead.',
      'npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it.',
      'npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported',
    ])] },
    { w: 8, lines: (t, r) => [
      `(node:${r.int(1, 40)}) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added to [TLSSocket]. Use emitter.setMaxListeners() to increase limit`,
      '(Use `node --trace-warnings ...` to show where the warning was created)',
    ] },
    { w: 14, lines: (t, r) => r.pick([
      ['Error: write EPIPE', '    at afterWriteDispatched (node:internal/stream_base_commons:160:15)',
        '    at writeGeneric (node:internal/stream_base_commons:151:3)',
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'],
      ["TypeError: Cannot read properties of undefined (reading 'content')",
        '    at AnthropicProvider.parseResponse (/app/dist/providers/anthropic.js:188:41)',
        '    at async Agent.step (/app/dist/agents/base.js:88:22)'],
      ['    at async Promise.all (index 3)'],
    ]) },
    { w: 5, lines: () => ['', '> agent-runtime@2.14.3 start', '> node --enable-source-maps dist/server.js', ''] },
    { w: 4, lines: (t, r) => [r.pick(['[object Object]', 'undefined', 'DEBUG tool result: [object Object]'])] },
  ]),
  logfmt: weighted([
    { w: 25, lines: () => [''] },
    { w: 35, lines: (t, r) => {
      const s = isoSecond(t);
      const stamp = `${s.slice(0, 10).replace(/-/g, '/')} ${s.slice(11)}`;
      return [r.pick([
        `${stamp} http: TLS handshake error from 10.42.${r.int(0, 11)}.${r.int(2, 254)}:${r.int(32768, 60999)}: EOF`,
        `${stamp} http: superfluous response.WriteHeader call from main.(*server).streamEvents (events.go:87)`,
        `${stamp} grpc: addrConn.createTransport failed to connect to {sandbox:7443}. Err: connection refused. Reconnecting...`,
      ])];
    } },
    { w: 20, lines: (t, r) => [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      `[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x${r.hex(6)}]`,
      '',
      `goroutine ${r.int(100, 99999)} [running]:`,
      'github.com/acme/agentd/internal/provider.(*Client).Complete(0x0, {0x1c2e8a0, 0xc000a1e0f0})',
      '\t/src/internal/provider/client.go:214 +0x4d',
    ] },
    { w: 10, lines: (t, r) => [r.pick(['exit status 2', 'signal: killed', 'Starting agentd v2.14.3 (commit 9f2c1ab)'])] },
  ]),
  'python-text': weighted([
    { w: 25, lines: () => [''] },
    { w: 40, lines: (t, r) => r.pick([
      ['Traceback (most recent call last):',
        '  File "/app/agent/providers/openai_provider.py", line 212, in complete',
        '    response = await self._client.chat.completions.create(**params)',
        '  File "/usr/local/lib/python3.11/site-packages/openai/_base_client.py", line 1634, in _request',
        '    raise self._make_status_error_from_response(err.response) from None',
        "openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}"],
      ['Traceback (most recent call last):',
        '  File "/app/agent/tools/fs.py", line 88, in write_file',
        '    with open(path, "w", encoding="utf-8") as fh:',
        "OSError: [Errno 28] No space left on device: '/workspace/web-app/src/lib/client.ts'"],
    ]) },
    { w: 20, lines: (t, r) => [
      `INFO:     10.42.${r.int(0, 11)}.${r.int(2, 254)}:${r.int(32768, 60999)} - "GET /healthz HTTP/1.1" 200 OK`] },
    { w: 15, lines: () => [
      '/usr/local/lib/python3.11/site-packages/pydantic/_internal/_config.py:345: UserWarning: Valid config keys have changed in V2:',
      "* 'orm_mode' has been renamed to 'from_attributes'",
      '  warnings.warn(message, UserWarning)',
    ] },
  ]),
};

function meanIncidentLines(table) {
  // Estimate with a private stream: how many lines an incident writes on average.
  const r = new Rng(12345);
  let n = 0;
  for (let i = 0; i < 4000; i++) n += r.weighted(table).lines(0, r).length;
  return n / 4000;
}

// ---------------------------------------------------------------------------------------------
// Percentile exactly as numpy.percentile(x, q) with its default method='linear'.

function percentileLinear(sorted, q) {
  const n = sorted.length;
  if (n === 0) return null;
  const quantile = q / 100;
  const vi = (n - 1) * quantile;
  const lo = Math.floor(vi);
  const hi = Math.min(lo + 1, n - 1);
  const g = vi - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const d = b - a;
  // numpy's _lerp: a + d*g, or b - d*(1-g) when g >= 0.5 (keeps the result monotone and exact at b)
  return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

class Float64Vec {
  constructor() {
    this.a = new Float64Array(1 << 16);
    this.n = 0;
  }
  push(x) {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  sorted() {
    return this.a.subarray(0, this.n).sort();
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const seed = hashSeed(opts.seed);
  const rng = new Rng(seed);
  const mal = new Rng(hashSeed(`malformed:${opts.seed}`));
  const world = new World(rng, opts.startMs);
  const format = opts.format === 'pino' ? pino : opts.format === 'logfmt' ? logfmt : pythonText;
  const incidents = INCIDENTS[opts.format];
  // An incident starts at a record boundary with probability p and writes L lines on average, so the
  // expected malformed share is pL / (pL + 1 - p); solve that for p.
  const L = meanIncidentLines(incidents);
  const f = opts.malformed;
  const pIncident = f >= 1 ? 1 : f / (f + L * (1 - f));

  const out = opts.output ? createWriteStream(opts.output, { highWaterMark: 1 << 20 }) : process.stdout;
  if (!opts.output) {
    out.on('error', (err) => {
      if (err.code === 'EPIPE') process.exit(0); // e.g. piped into `head`
      throw err;
    });
  }

  const kinds = [0, 0, 0, 0, 0, 0];
  const failuresByKind = [0, 0, 0, 0, 0, 0];
  const malformed = { truncated: 0, stray: 0, empty: 0 };
  let records = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  let costMicros = 0;
  let costRecords = 0;
  let bytesWritten = 0;
  let wfRuns = 0;
  let wfOk = 0;
  let firstTs = -1;
  let lastTs = -1;
  const latency = new Float64Vec();
  const latencyByModel = new Map(MODELS.items.map((m) => [m.model, new Float64Vec()]));

  let pending = []; // lines of a multi-line incident still to write
  // Lines are copied into 1 MiB byte chunks (all output is ASCII, so latin1 is a plain copy); a chunk
  // goes to the stream when full, and we wait for 'drain' whenever the stream asks us to.
  const CHUNK = 1 << 20;
  let chunk = Buffer.allocUnsafe(CHUNK);
  let off = 0;
  const flush = async () => {
    const ok = out.write(off === CHUNK ? chunk : chunk.subarray(0, off));
    chunk = Buffer.allocUnsafe(CHUNK);
    off = 0;
    if (!ok) await once(out, 'drain');
  };
  for (let i = 0; i < opts.lines; i++) {
    let line;
    if (pending.length === 0 && opts.malformed > 0 && mal.next() < pIncident) {
      pending = incidents.items.length ? mal.weighted(incidents).lines(world.t, mal) : [];
      pending.reverse();
    }
    if (pending.length > 0) {
      const l = pending.pop();
      if (l === TRUNCATED) {
        const full = format(world.next()); // the event happened; its line was cut short
        line = full.slice(0, 8 + Math.floor(mal.next() * (full.length - 10)));
        malformed.truncated++;
      } else {
        line = l;
        if (l === '') malformed.empty++;
        else malformed.stray++;
      }
    } else {
      const e = world.next();
      line = format(e);
      records++;
      kinds[e.k]++;
      if (firstTs < 0) firstTs = e.t;
      lastTs = e.t;
      let ok = true;
      switch (e.k) {
        case K_LLM:
          ok = e.err === null;
          latency.push(e.lat);
          latencyByModel.get(e.m.model).push(e.lat);
          tokensIn += e.pin;
          tokensOut += e.pout;
          if (e.cost >= 0) {
            costMicros += Math.round(e.cost * 1e6);
            costRecords++;
          }
          break;
        case K_FILE:
          ok = e.err === null;
          if (ok && e.msg === 'file_write') bytesWritten += e.bytes;
          break;
        case K_WF:
          if (e.end) {
            ok = e.ok;
            wfRuns++;
            if (e.ok) wfOk++;
          }
          break;
        case K_HTTP:
          ok = e.status < 500;
          break;
        default:
          break;
      }
      if (!ok) failuresByKind[e.k]++;
    }
    if (off + line.length + 1 > CHUNK) {
      await flush();
      if (line.length + 1 > CHUNK) chunk = Buffer.allocUnsafe(line.length + 1);
    }
    off += chunk.latin1Write(line, off);
    chunk[off++] = 10;
  }
  if (off > 0) await flush();
  if (opts.output) {
    out.end();
    await once(out, 'finish');
  }

  const kindCounts = { llm_call: kinds[K_LLM], request: kinds[K_HTTP], file_op: kinds[K_FILE], workflow: kinds[K_WF],
    session: kinds[K_SESS], metric: kinds[K_GAUGE], other: 0 };
  const failures = failuresByKind.reduce((a, b) => a + b, 0);
  const fbk = { llm_call: failuresByKind[K_LLM], request: failuresByKind[K_HTTP], file_op: failuresByKind[K_FILE],
    workflow: failuresByKind[K_WF], session: 0, metric: 0, other: 0 };
  const sorted = latency.sorted();
  const byModel = {};
  for (const [model, v] of latencyByModel) if (v.n > 0) byModel[model] = percentileLinear(v.sorted(), 95);
  const summary = {
    generator: 'bench/generate.mjs',
    format: opts.format,
    seed: opts.seed,
    lines: opts.lines,
    records,
    malformed: malformed.truncated + malformed.stray + malformed.empty,
    malformed_by_type: malformed,
    kinds: kindCounts,
    failures,
    failures_by_kind: fbk,
    llm_calls: sorted.length,
    llm_latency_ms_p50: percentileLinear(sorted, 50),
    llm_latency_ms_p95: percentileLinear(sorted, 95),
    llm_latency_ms_p99: percentileLinear(sorted, 99),
    llm_latency_ms_p95_by_model: byModel,
    tokens_in: tokensIn,
    tokens_out: tokensOut,
    cost_usd: costMicros / 1e6,
    cost_records: costRecords,
    file_bytes_written: bytesWritten,
    workflow_runs: wfRuns,
    workflow_successes: wfOk,
    first_ts: firstTs < 0 ? null : new Date(firstTs).toISOString(),
    last_ts: lastTs < 0 ? null : new Date(lastTs).toISOString(),
  };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`generate: ${err.stack ?? err}\n`);
  process.exit(1);
});
