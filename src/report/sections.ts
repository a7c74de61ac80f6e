// The nine sections of the report, after the seed dashboards (77-MONITORING-DASHBOARD above all):
// each one's headline tiles and tables, read from rollups, around the charts that reports/charts/
// places in it. A section with nothing to show says so in one line.

import type { CheckResult, GroupResult } from '../check/index.js';
import { messages } from '../messages.js';
import type { BuiltChart, Row, SectionId } from './charts.js';
import type { ReportData } from './data.js';
import { html } from './escape.js';
import { duration, exact, percent, usd, utcTime } from './format.js';
import { card, chartCard, chartView, isolated, isolatedShort, metric, noData, table, tile, tiles, type Column } from './markup.js';
import type { PageSection } from './page.js';

export interface DrawnChart {
  readonly chart: BuiltChart;
  /** vega's static SVG for the <noscript> fallback, when the chart has data. */
  readonly svg?: string;
}

export interface SectionInput {
  readonly data: ReportData;
  readonly charts: readonly DrawnChart[];
  readonly rules?: CheckResult;
  readonly budget: boolean;
}

const TITLES: Record<SectionId, string> = {
  overview: 'Overview',
  requests: 'Requests',
  llm: 'LLM providers',
  sessions: 'Sessions',
  workflows: 'Workflows',
  files: 'File operations',
  errors: 'Errors',
  quality: 'Data quality',
  thresholds: 'Thresholds',
};

export async function buildSections(input: SectionInput): Promise<PageSection[]> {
  const builders: [SectionId, (input: SectionInput) => Promise<string>][] = [
    ['overview', overview],
    ['requests', requests],
    ['llm', llm],
    ['sessions', sessions],
    ['workflows', workflows],
    ['files', files],
    ['errors', errors],
    ['quality', quality],
  ];
  if (input.rules) builders.push(['thresholds', thresholds]);
  const out: PageSection[] = [];
  for (const [id, build] of builders) out.push({ id, title: TITLES[id], body: `<h2>${html(TITLES[id])}</h2>\n${await build(input)}` });
  return out;
}

/** The section's chart cards (in order), without those drawn inside tiles. */
function chartGrid(input: SectionInput, section: SectionId): string {
  const cards = input.charts
    .filter((c) => c.chart.meta.section === section && c.chart.meta.tile === undefined)
    .sort((a, b) => a.chart.meta.order - b.chart.meta.order)
    .map((c) => chartCard(c.chart, c.svg));
  return cards.length ? `<div class="charts">${cards.join('\n')}</div>` : '';
}

function tileChart(input: SectionInput, tileId: string): string | undefined {
  const drawn = input.charts.find((c) => c.chart.meta.tile === tileId);
  if (!drawn || drawn.chart.kind !== 'chart') return undefined;
  return chartView(drawn.chart, drawn.svg);
}

/** " ms" after a number; nothing after the dash of a missing one ("– ms" read as a value). */
const msUnit = (value: unknown, unit = ' ms'): string => (value === null || value === undefined ? '' : unit);
const num = (row: Row | undefined, key: string): number => Number(row?.[key] ?? 0) || 0;
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** The Cost tile's note: the unpriced calls, else that every call had a price, or that there was no call to price. */
function pricedNote(o: Row | undefined, unpriced: string): string {
  if (num(o, 'unpriced_calls') > 0) return unpriced;
  return num(o, 'llm_calls') > 0 ? 'every call priced' : messages.reportNoCallToPrice();
}

/** Why a row of the cost rollup's unpriced section has no cost, when its model does have a price. */
const unpricedReason = (row: Row): 'no_usage' | 'bad_counts' | null =>
  num(row, 'no_usage') > 0 ? 'no_usage' : num(row, 'bad_counts') > 0 ? 'bad_counts' : null;

interface RejectCounts {
  /** Lines that are bad input: every reject but empty lines (README: those are not bad input). */
  readonly bad: number;
  readonly empty: number;
  readonly byReason: ReadonlyMap<string, number>;
}

/** The rejects by reason, split as `summary` splits them: bad input, and empty lines apart. */
async function rejectCounts(input: SectionInput): Promise<RejectCounts> {
  const byReason = new Map<string, number>();
  for (const r of (await input.data.rollup('rejects', {}, ['rejects'])).rows) byReason.set(String(r.reason), (byReason.get(String(r.reason)) ?? 0) + num(r, 'count'));
  const empty = byReason.get('empty') ?? 0;
  return { bad: [...byReason.values()].reduce((a, b) => a + b, 0) - empty, empty, byReason };
}

/** "1 line rejected · 3 empty", the numbers as data-metric spans. */
function rejectedLines(c: RejectCounts): string {
  const bad = `${metric('rejects.bad', c.bad)} ${c.bad === 1 ? 'line' : 'lines'} rejected`;
  return c.empty > 0 ? `${bad} · ${metric('rejects.empty', c.empty)} empty` : bad;
}

// ---- 1. Overview ----

async function overview(input: SectionInput): Promise<string> {
  const o = input.data.overview;
  if (num(o, 'records') === 0) return noData(messages.reportNoRecords());
  const health = String(o.health ?? 'none');
  const basis = o.rate_basis === 'request' ? 'request records' : 'LLM calls (no request records)';
  const range = o.first_ts && o.last_ts ? Date.parse(String(o.last_ts)) - Date.parse(String(o.first_ts)) : null;
  const items = [
    tile({
      id: 'health',
      title: 'Health',
      value: `<span class="badge ${html(health)}" data-metric="overview.health" data-value="${html(JSON.stringify(health))}">${html(health)}</span>`,
      sub: `error rate ${metric('overview.error_rate', o.error_rate, percent(o.error_rate))} · p95 latency ${metric('overview.latency_p95_ms', o.latency_p95_ms, `${exact(o.latency_p95_ms)}${msUnit(o.latency_p95_ms)}`, { abbreviate: false })}`,
    }),
    tile({
      id: 'errors',
      title: 'Errors',
      value: metric('overview.errors', o.errors),
      sub: `${html(percent(o.error_rate))} of ${metric('overview.records', o.records, exact(o.records), { abbreviate: false })} ${plural(num(o, 'records'), 'record', 'records')}`,
    }),
    tile({
      id: 'active-sessions',
      title: 'Active sessions',
      value: metric('overview.active_sessions', o.active_sessions),
      // counted at the overview's `now` (--until when given), which is not the last record's time
      sub: html(`at ${utcTime(input.data.now)}`),
    }),
    tile({
      id: 'range',
      title: 'Time range',
      value: html(range === null ? '–' : duration(range)),
      sub: `${metric('overview.first_ts', o.first_ts, utcTime(o.first_ts))}<br>to ${metric('overview.last_ts', o.last_ts, utcTime(o.last_ts))}`,
    }),
    tile({
      id: 'requests',
      title: 'Requests per minute',
      span: 2,
      rows: [
        ['Current', metric('overview.requests_per_min_current', o.requests_per_min_current)],
        ['Peak', metric('overview.requests_per_min_peak', o.requests_per_min_peak)],
        ['Average', metric('overview.requests_per_min_avg', o.requests_per_min_avg)],
      ],
      sub: html(`over ${basis}`),
      extra: tileChart(input, 'requests'),
    }),
    tile({ id: 'records', title: 'Records', value: metric('overview.records', o.records), sub: rejectedLines(await rejectCounts(input)) }),
    tile({ id: 'llm-calls', title: 'LLM calls', value: metric('overview.llm_calls', o.llm_calls) }),
    tile({
      id: 'tokens',
      title: 'Tokens',
      rows: [
        ['In', metric('overview.tokens_in', o.tokens_in)],
        ['Out', metric('overview.tokens_out', o.tokens_out)],
      ],
    }),
    tile({
      id: 'cost',
      title: 'Cost',
      value: metric('overview.cost_usd', o.cost_usd, usd(o.cost_usd)),
      sub: pricedNote(o, `+ ${metric('overview.unpriced_calls', o.unpriced_calls)} unpriced ${plural(num(o, 'unpriced_calls'), 'call', 'calls')}`),
    }),
  ];
  return tiles(items) + chartGrid(input, 'overview');
}

// ---- 2. Requests ----

/** Routes the per-route table lists; `query latency --kind request --by route` lists them all. */
const MAX_ROUTE_ROWS = 20;
const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/**
 * The requests a service logged (kind `request`: an access line, a request record with its status
 * or duration), as the seed dashboards show an API: how many, how many failed, the latency
 * percentiles, the status classes, the latency over time and per route.
 */
async function requests(input: SectionInput): Promise<string> {
  const byStatus = (await input.data.rollup('errors', { by: 'status', kind: 'request' }, ['errors'])).rows;
  const total = byStatus.reduce((n, r) => n + num(r, 'count'), 0);
  if (total === 0) return noData(messages.reportNoRequests());
  const failed = byStatus.reduce((n, r) => n + num(r, 'errors'), 0);
  const latency = (await input.data.rollup('latency', { by: 'none', kind: 'request' })).rows[0];
  const classes = new Map<string, number>();
  for (const r of byStatus) {
    const status = String(r.status ?? '');
    const statusClass = /^[1-5]\d\d$/.test(status) ? `${status[0]}xx` : 'none';
    classes.set(statusClass, (classes.get(statusClass) ?? 0) + num(r, 'count'));
  }
  const statusRows: [string, string][] = STATUS_CLASSES.map((c) => [c, metric(`requests.status_${c}`, classes.get(c) ?? 0)]);
  // Informational answers (101 Switching Protocols) and requests without a status only where there are some.
  if (classes.has('1xx')) statusRows.unshift(['1xx', metric('requests.status_1xx', classes.get('1xx'))]);
  if (classes.has('none')) statusRows.push(['no status', metric('requests.status_none', classes.get('none'))]);
  const items = [
    tile({
      id: 'requests',
      title: 'Requests',
      value: metric('requests.count', total),
      sub: `${metric('requests.failed', failed)} failed (${metric('requests.error_rate', failed / total, percent(failed / total))})`,
    }),
    tile({
      id: 'request-latency',
      title: 'Latency',
      rows: ['p50', 'p95', 'p99'].map((p): [string, string] => [p, `${metric(`requests.${p}`, latency?.[p] ?? null, exact(latency?.[p] ?? null), { abbreviate: false })}${msUnit(latency?.[p])}`]),
      sub: `over ${metric('requests.with_duration', latency?.count ?? 0)} ${plural(num(latency, 'count'), 'request', 'requests')} with a duration`,
    }),
    tile({ id: 'request-status', title: 'Status', rows: statusRows }),
  ];
  const { markup, shown, total: routes } = await routeTable(input);
  const caption = shown < routes ? messages.reportRoutesShown(shown, routes) : 'every route requested in the range';
  return tiles(items) + chartGrid(input, 'requests') + `<div class="tables">${card('Per route', caption, markup, { wide: true })}</div>`;
}

/** Requests, failures and latency percentiles per route, the most requested first. */
async function routeTable(input: SectionInput): Promise<{ markup: string; shown: number; total: number }> {
  const counts = (await input.data.rollup('errors', { by: 'route', kind: 'request' }, ['errors'])).rows;
  const latency = (await input.data.rollup('latency', { by: 'route', kind: 'request' })).rows;
  const key = (r: Row) => JSON.stringify(r.route ?? null);
  const byRoute = new Map<string, Record<string, unknown>>();
  for (const r of counts) byRoute.set(key(r), { route: r.route, requests: r.count, failed: r.errors, error_rate: r.error_rate });
  for (const r of latency) byRoute.set(key(r), { ...byRoute.get(key(r)), p50: r.p50, p95: r.p95, p99: r.p99 });
  const all = [...byRoute.values()].sort((a, b) => num(b, 'requests') - num(a, 'requests') || String(a.route ?? '').localeCompare(String(b.route ?? '')));
  const rows = all.slice(0, MAX_ROUTE_ROWS);
  const n = (k: string) => (r: Row) => html(exact(r[k] ?? null));
  const columns: Column[] = [
    { title: 'route', kind: 'text', cell: (r) => (r.route === null || r.route === undefined ? '<i>(none)</i>' : isolated(String(r.route))) },
    { title: 'requests', kind: 'num', cell: n('requests') },
    { title: 'failed', kind: 'num', cell: n('failed') },
    { title: 'error rate', kind: 'num', cell: (r) => html(percent(r.error_rate ?? null)) },
    { title: 'p50 ms', kind: 'num', cell: n('p50') },
    { title: 'p95 ms', kind: 'num', cell: n('p95') },
    { title: 'p99 ms', kind: 'num', cell: n('p99') },
  ];
  return { markup: table(columns, rows, ' data-table="routes"'), shown: rows.length, total: all.length };
}

// ---- 3. LLM providers ----

async function llm(input: SectionInput): Promise<string> {
  const o = input.data.overview;
  if (num(o, 'llm_calls') === 0 && num(o, 'tokens_in') + num(o, 'tokens_out') === 0) return noData(messages.reportNoLlmCalls());
  const latency = (await input.data.rollup('latency', { by: 'none' })).rows[0];
  const cost = await input.data.rollup('cost', { by: 'model' });
  const periods = new Map((cost.sections.find((s) => s.name === 'periods')?.rows ?? []).map((r) => [String(r.period), r]));
  const unpriced = cost.sections.find((s) => s.name === 'unpriced')?.rows ?? [];
  const failedCalls = (await input.data.rollup('errors', { by: 'none', kind: 'llm_call' }, ['errors'])).rows[0];
  const items = [
    tile({
      id: 'llm-calls',
      title: 'LLM calls',
      value: metric('overview.llm_calls', o.llm_calls),
      sub: `${metric('errors.llm_call.errors', failedCalls?.errors ?? 0)} failed (${html(percent(failedCalls?.error_rate ?? 0))})`,
    }),
    tile({
      id: 'latency',
      title: 'Latency',
      rows: [
        ['p50', `${metric('latency.p50', latency?.p50 ?? null, exact(latency?.p50 ?? null), { abbreviate: false })}${msUnit(latency?.p50)}`],
        ['p95', `${metric('latency.p95', latency?.p95 ?? null, exact(latency?.p95 ?? null), { abbreviate: false })}${msUnit(latency?.p95)}`],
        ['p99', `${metric('latency.p99', latency?.p99 ?? null, exact(latency?.p99 ?? null), { abbreviate: false })}${msUnit(latency?.p99)}`],
      ],
      sub: `over ${metric('latency.count', latency?.count ?? 0)} ${plural(Number(latency?.count ?? 0), 'call', 'calls')} with a latency`,
    }),
    tile({
      id: 'tokens',
      title: 'Tokens',
      rows: [
        ['Prompt', metric('overview.tokens_in', o.tokens_in)],
        ['Completion', metric('overview.tokens_out', o.tokens_out)],
        ['Total', metric('tokens.total', num(o, 'tokens_in') + num(o, 'tokens_out'))],
      ],
      // Prompt-cache reads and writes are parts of the prompt tokens, priced apart.
      ...(num(o, 'cache_read_tokens') + num(o, 'cache_write_tokens') > 0
        ? { sub: `prompt: ${metric('overview.cache_read_tokens', o.cache_read_tokens)} read from cache, ${metric('overview.cache_write_tokens', o.cache_write_tokens)} written` }
        : {}),
    }),
    tile({
      id: 'cost',
      title: 'Cost',
      rows: (['today', 'week', 'month'] as const).map((p) => {
        // A period without calls cost $0; one whose calls have no price has an unknown cost (the
        // rollup's empty cost_usd), shown as – like the overview's tile, never as $0. Without a
        // timestamp there is no today to count: the rollup has no periods, and that is – too.
        const row = periods.get(p);
        const cost = row ? (row.cost_usd ?? null) : periods.size > 0 ? 0 : null;
        return [{ today: 'Today', week: 'This week', month: 'This month' }[p], metric(`cost.${p}`, cost, usd(cost))] as const;
      }),
      sub: pricedNote(
        o,
        `${metric('overview.unpriced_calls', o.unpriced_calls)} unpriced ${plural(num(o, 'unpriced_calls'), 'call', 'calls')} (${unpricedNames(unpriced)})`,
      ),
    }),
  ];
  if (input.budget) items.push(await budgetTile(input));
  const { markup: models, shown, total } = await modelTable(input);
  const modelsCaption = shown < total ? messages.reportModelsShown(shown, total) : 'every model that logged a call in the range';
  const priceNote = cost.meta.priceData ? `<p class="caption">${html(messages.reportPriceData(cost.meta.priceData))}</p>` : '';
  return tiles(items) + chartGrid(input, 'llm') + `<div class="tables">${card('Per model', modelsCaption, models + priceNote, { wide: true })}</div>`;
}

/** The unpriced models the Cost tile names: the first few, then how many more. */
function unpricedNames(unpriced: readonly Row[]): string {
  const named = unpriced.slice(0, MAX_UNPRICED_NAMED).map((u) => {
    const model = isolatedShort(String(u.model ?? messages.noModel()), MAX_TILE_NAME_CHARS);
    return messages.reportUnpricedModel(model, unpricedReason(u));
  });
  const more = unpriced.length - named.length;
  return named.join(', ') + (more > 0 ? html(messages.reportMoreModels(more)) : '');
}

async function budgetTile(input: SectionInput): Promise<string> {
  const b = (await input.data.rollup('budget', {}, ['budget'])).rows[0];
  if (!b) return tile({ id: 'budget', title: 'Budget', value: html('–') });
  const unit = String(b.unit ?? '');
  const amount = (key: string) => `${metric(`budget.${key}`, b[key])} ${html(unit)}`;
  return tile({
    id: 'budget',
    title: `Budget (${exact(b.budget)} ${unit})`,
    rows: [
      ['Spent', amount('spent')],
      ['Remaining', amount('remaining')],
      ['Burn rate', `${metric('budget.burn_rate_per_hour', b.burn_rate_per_hour)} /h`],
      ['Resets in', metric('budget.time_to_reset_s', b.time_to_reset_s, b.time_to_reset_s === null || b.time_to_reset_s === undefined ? '–' : duration(Number(b.time_to_reset_s) * 1000))],
    ],
    sub: b.projected_exhaustion ? html(`runs out ${utcTime(b.projected_exhaustion)}${b.exhausts_before_reset ? ', before the reset' : ''}`) : 'not on course to run out',
  });
}

/**
 * Rows of the per-model table: a log that names a model per request id (100,000 of them) made a
 * 46 MB page that took a browser a minute to draw; the rest are one `query` away.
 */
const MAX_MODEL_ROWS = 50;
/** Models named in the Cost tile's unpriced note. */
const MAX_UNPRICED_NAMED = 5;
/** Characters of a model name the Cost tile shows; the whole name is in its tooltip. */
const MAX_TILE_NAME_CHARS = 60;

async function modelTable(input: SectionInput): Promise<{ markup: string; shown: number; total: number }> {
  const latency = (await input.data.rollup('latency', { by: 'model' })).rows;
  const cost = (await input.data.rollup('cost', { by: 'model' }, ['cost'])).rows;
  const failures = (await input.data.rollup('errors', { by: 'model', kind: 'llm_call' }, ['errors'])).rows;
  const byModel = new Map<string, Record<string, unknown>>();
  const key = (r: Row) => JSON.stringify(r.model ?? null);
  for (const r of failures) byModel.set(key(r), { model: r.model, calls: r.count, failed: r.errors });
  for (const r of latency) byModel.set(key(r), { ...byModel.get(key(r)), model: r.model, p50: r.p50, p95: r.p95, p99: r.p99 });
  for (const r of cost) {
    byModel.set(key(r), { ...byModel.get(key(r)), model: r.model, tokens_in: r.tokens_in, cache_read: r.cache_read_tokens, cache_write: r.cache_write_tokens, tokens_out: r.tokens_out, cost_usd: r.cost_usd, priced: r.priced_calls, unpriced: r.unpriced_calls });
  }
  const all = [...byModel.values()].sort((a, b) => num(b, 'calls') - num(a, 'calls'));
  const rows = all.slice(0, MAX_MODEL_ROWS);
  const n = (k: string) => (r: Row) => html(exact(r[k] ?? null));
  const columns: Column[] = [
    { title: 'model', kind: 'text', cell: (r) => (r.model === null || r.model === undefined ? '<i>(none)</i>' : html(r.model)) },
    { title: 'calls', kind: 'num', cell: n('calls') },
    { title: 'failed', kind: 'num', cell: n('failed') },
    { title: 'p50 ms', kind: 'num', cell: n('p50') },
    { title: 'p95 ms', kind: 'num', cell: n('p95') },
    { title: 'p99 ms', kind: 'num', cell: n('p99') },
    { title: 'tokens in', kind: 'num', cell: n('tokens_in') },
    // the parts of tokens in read from and written to a prompt cache
    { title: 'cache read', kind: 'num', cell: n('cache_read') },
    { title: 'cache write', kind: 'num', cell: n('cache_write') },
    { title: 'tokens out', kind: 'num', cell: n('tokens_out') },
    {
      title: 'cost',
      kind: 'num',
      cell: (r) =>
        num(r, 'priced') === 0 && num(r, 'unpriced') > 0
          ? `<span title="${html(messages.reportUnpricedTitle())}">unpriced</span>`
          : html(usd(r.cost_usd ?? null)) + (num(r, 'unpriced') > 0 ? html(` + ${exact(r.unpriced)} unpriced`) : ''),
    },
  ];
  return { markup: table(columns, rows, ' data-table="models"'), shown: rows.length, total: all.length };
}

// ---- 4. Sessions ----

async function sessions(input: SectionInput): Promise<string> {
  const s = (await input.data.rollup('sessions', { by: input.data.periodBy }, ['sessions'])).rows[0];
  if (num(s, 'sessions') === 0) return noData(messages.reportNoSessions());
  const items = [
    tile({ id: 'sessions', title: 'Sessions', value: metric('sessions.sessions', s?.sessions), sub: `${metric('sessions.ended', s?.ended)} ended in the range` }),
    tile({ id: 'sessions-active', title: 'Active now', value: metric('sessions.active', s?.active), sub: 'begun, not ended, not idle' }),
    tile({
      id: 'sessions-avg',
      title: 'Average session',
      rows: [
        ['Duration', metric('sessions.avg_duration_ms', s?.avg_duration_ms ?? null, duration(s?.avg_duration_ms ?? null), { abbreviate: false })],
        ['Messages', metric('sessions.avg_events', s?.avg_events ?? null)],
        ['Tokens', metric('sessions.avg_tokens', s?.avg_tokens ?? null)],
        ['LLM calls', metric('sessions.avg_llm_calls', s?.avg_llm_calls ?? null)],
      ],
    }),
  ];
  return tiles(items) + chartGrid(input, 'sessions');
}

// ---- 5. Workflows ----

async function workflows(input: SectionInput): Promise<string> {
  const w = (await input.data.rollup('workflows', { by: 'none' }, ['workflows'])).rows[0];
  if (num(w, 'runs') === 0) return noData(messages.reportNoWorkflows());
  const items = [
    tile({ id: 'runs', title: 'Runs', value: metric('workflows.runs', w?.runs), sub: `${metric('workflows.success', w?.success)} succeeded · ${metric('workflows.failed', w?.failed)} failed` }),
    tile({ id: 'success-rate', title: 'Success rate', value: metric('workflows.success_rate', w?.success_rate, percent(w?.success_rate)) }),
    tile({
      id: 'run-duration',
      title: 'Run duration',
      rows: [
        ['p50', metric('workflows.p50', w?.p50 ?? null, duration(w?.p50 ?? null), { abbreviate: false })],
        ['p95', metric('workflows.p95', w?.p95 ?? null, duration(w?.p95 ?? null), { abbreviate: false })],
      ],
    }),
  ];
  return tiles(items) + chartGrid(input, 'workflows');
}

// ---- 6. File operations ----

async function files(input: SectionInput): Promise<string> {
  const f = (await input.data.rollup('file_ops', { by: 'none' }));
  const total = f.rows[0];
  if (num(total, 'count') === 0) return noData(messages.reportNoFileOps());
  const paths = f.sections.find((s) => s.name === 'paths')?.rows ?? [];
  const items = [
    tile({ id: 'file-ops', title: 'Operations', value: metric('file_ops.count', total?.count) }),
    tile({ id: 'file-errors', title: 'Failed', value: metric('file_ops.errors', total?.errors), sub: `${html(percent(total?.error_rate))} of operations` }),
    tile({ id: 'file-bytes', title: 'Bytes', value: metric('file_ops.bytes', total?.bytes), sub: 'read and written' }),
    tile({
      id: 'file-p95',
      title: 'p95 duration',
      value: `${metric('file_ops.p95_ms', total?.p95_ms ?? null, exact(total?.p95_ms ?? null), { abbreviate: false })}${msUnit(total?.p95_ms, '<span class="unit">ms</span>')}`,
    }),
  ];
  const failing = paths.length
    ? table(
        [
          { title: 'path', kind: 'code', cell: (r) => html(r.path) },
          { title: 'failed', kind: 'num', cell: (r) => html(exact(r.errors)) },
          { title: 'operations', kind: 'num', cell: (r) => html(exact(r.count)) },
          { title: 'last error', kind: 'text', cell: (r) => html(r.last_error ?? '') },
          { title: 'last seen', kind: 'num', cell: (r) => html(utcTime(r.last_seen)) },
        ],
        paths,
        ' data-table="failing-paths"',
      )
    : noData(messages.reportNoFailingPaths());
  return tiles(items) + chartGrid(input, 'files') + `<div class="tables">${card('Top failing paths', undefined, failing, { wide: true })}</div>`;
}

// ---- 7. Errors ----

async function errors(input: SectionInput): Promise<string> {
  const o = input.data.overview;
  if (num(o, 'records') === 0) return noData(messages.reportNoRecords());
  if (num(o, 'errors') === 0) return noData(messages.reportNoErrors(num(o, 'records')));
  const result = await input.data.rollup('errors', { by: 'kind' });
  const top = result.sections.find((s) => s.name === 'messages')?.rows ?? [];
  const items = [
    tile({ id: 'error-count', title: 'Errors', value: metric('overview.errors', o.errors) }),
    tile({ id: 'error-rate', title: 'Error rate', value: metric('overview.error_rate', o.error_rate, percent(o.error_rate)), sub: `of ${metric('overview.records', o.records)} ${plural(num(o, 'records'), 'record', 'records')}` }),
  ];
  const messagesTable = top.length
    ? table(
        [
          { title: 'message', kind: 'code', cell: (r) => (r.message === null || r.message === undefined ? '<i>(no message)</i>' : html(r.message)) },
          { title: 'kind', kind: 'text', cell: (r) => html(r.kind ?? '') },
          { title: 'count', kind: 'num', cell: (r) => html(exact(r.count)) },
          { title: 'first seen', kind: 'num', cell: (r) => html(utcTime(r.first_seen)) },
          { title: 'last seen', kind: 'num', cell: (r) => html(utcTime(r.last_seen)) },
        ],
        top,
        ' data-table="error-messages"',
      )
    : noData(messages.reportNoErrorMessages());
  return tiles(items) + chartGrid(input, 'errors') + `<div class="tables">${card('Top error messages', undefined, messagesTable, { wide: true })}</div>`;
}

// ---- 8. Data quality ----

async function quality(input: SectionInput): Promise<string> {
  const o = input.data.overview;
  const rejects = await input.data.rollup('rejects');
  const sources = rejects.sections.find((s) => s.name === 'sources')?.rows ?? [];
  const counts = await rejectCounts(input);
  // Bad input first, empty lines last, as summary lists them.
  const reasons = [...counts.byReason].sort((a, b) => Number(a[0] === 'empty') - Number(b[0] === 'empty') || b[1] - a[1]);
  const formats = [...new Set(sources.map((s) => String(s.format ?? '?')))];
  const items = [
    tile({ id: 'records', title: 'Records', value: metric('overview.records', o.records) }),
    tile({
      id: 'rejects',
      title: 'Rejected lines',
      value: metric('rejects.bad', counts.bad),
      sub: reasons.length ? html(reasons.map(([reason, n]) => `${reason} ${exact(n)}`).join(' · ')) : 'none',
    }),
    noTimestampTile(await input.data.recordsWithoutTs(), input.data.range),
    tile({ id: 'formats', title: 'Formats detected', value: html(formats.join(', ') || '–'), sub: `${metric('rejects.sources', sources.length)} ${sources.length === 1 ? 'source' : 'sources'}` }),
  ];
  const sourceTable = sources.length
    ? table(
        [
          { title: 'source', kind: 'code', cell: (r) => html(r.source) },
          { title: 'format', kind: 'text', cell: (r) => html(r.format ?? '') },
          { title: 'lines', kind: 'num', cell: (r) => html(exact(r.lines)) },
          { title: 'records', kind: 'num', cell: (r) => html(exact(r.records)) },
          { title: 'continuation', kind: 'num', cell: (r) => html(exact(r.continuation)) },
          { title: 'rejects', kind: 'num', cell: (r) => html(exact(r.rejects)) },
        ],
        sources,
        ' data-table="sources"',
      )
    : noData(messages.reportNoSources());
  return tiles(items) + chartGrid(input, 'quality') + `<div class="tables">${card('Sources', messages.reportSourcesCaption(), sourceTable, { wide: true })}</div>`;
}

/** The input's records without a time: in no bucket, or, once a range is given, left out by it (not "0"). */
function noTimestampTile(count: number, range: { since: string | null; until: string | null }): string {
  const ranged = range.since !== null || range.until !== null;
  return tile({
    id: 'no-ts',
    title: 'Without a timestamp',
    value: metric('input.records_without_ts', count),
    sub: ranged && count > 0 ? messages.reportNoTsLeftOut() : messages.reportNoTsInNoBucket(count),
  });
}

// ---- 9. Thresholds ----

async function thresholds(input: SectionInput): Promise<string> {
  const result = input.rules as CheckResult;
  const c = result.counts;
  const badge = { pass: ['healthy', 'passed'], warn: ['degraded', 'warnings'], fail: ['unhealthy', 'failed'] }[result.status];
  const items = [
    tile({
      id: 'check-status',
      title: 'Result',
      value: `<span class="badge ${badge[0]}" data-metric="check.status" data-value="${html(JSON.stringify(result.status))}">${html(badge[1])}</span>`,
      sub: html(messages.checkSummaryLine(c)),
    }),
    tile({ id: 'check-passed', title: 'Passed', value: metric('check.passed', c.passed) }),
    tile({ id: 'check-warnings', title: 'Warnings', value: metric('check.warnings', c.warnings) }),
    tile({ id: 'check-failed', title: 'Failed', value: metric('check.failed', c.failed) }),
  ];
  const rows: Row[] = result.rules.flatMap((rule) =>
    rule.results.map((g: GroupResult) => ({
      status: g.status,
      name: rule.name,
      expr: rule.expr,
      group: Object.entries(g.group).map(([k, v]) => `${k}=${v ?? messages.checkNullGroup()}`),
      observed: g.observed,
      threshold: `${g.op} ${g.threshold === null ? '–' : exact(g.threshold)}`,
      samples: g.samples,
      severity: rule.severity,
    })),
  );
  const mark: Record<string, string> = { pass: '✓ pass', warn: '! warn', fail: '✗ fail' };
  const columns: Column[] = [
    { title: 'status', cell: (r) => `<span class="status ${html(r.status)}">${html(mark[String(r.status)])}</span>` },
    { title: 'rule', kind: 'text', cell: (r) => `<b>${html(r.name)}</b><br><code>${html(r.expr)}</code>` },
    { title: 'group', kind: 'text', cell: (r) => ((r.group as string[]).length ? (r.group as string[]).map(isolated).join(', ') : '–') },
    { title: 'observed', kind: 'num', cell: (r) => html(r.observed === null ? messages.checkNoValue() : exact(r.observed)) },
    { title: 'threshold', kind: 'num', cell: (r) => html(r.threshold) },
    { title: 'samples', kind: 'num', cell: (r) => html(exact(r.samples)) },
    { title: 'severity', kind: 'text', cell: (r) => html(r.severity) },
  ];
  return tiles(items) + `<div class="tables">${card('Rules', undefined, table(columns, rows, ' data-table="rules"'), { wide: true })}</div>`;
}
