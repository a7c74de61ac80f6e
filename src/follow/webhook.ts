// `check --follow --webhook URL`: each state change is also POSTed as one JSON object, in the order
// the lines are printed. `text` is the printed line, in the field Slack-style incoming webhooks
// (Slack, Mattermost, Rocket.Chat) show; the other fields are for a receiver that routes on them. A receiver that fails or does not answer in time costs a warning on stderr, never the loop.

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import type { StateChange } from './check-follow.js';
import { changeLine } from './check-follow.js';

/** How long one POST may take before it counts as failed. */
const POST_TIMEOUT_MS = 5000;

export interface WebhookEvent {
  readonly source: 'logmeter';
  readonly at: string;
  readonly state: 'firing' | 'resolved' | 'no_data';
  readonly rule: string;
  readonly expr: string;
  readonly group: Readonly<Record<string, unknown>>;
  readonly observed: number | null;
  readonly op: string;
  readonly threshold: number | null;
  readonly severity: string;
  /** The sliding window the rule saw, in milliseconds. */
  readonly window_ms: number;
  readonly text: string;
}

const STATES = { FIRING: 'firing', RESOLVED: 'resolved', 'NO DATA': 'no_data' } as const;

export function webhookEvent(change: StateChange, at: string, windowMs: number): WebhookEvent {
  const { entry } = change;
  return {
    source: 'logmeter',
    at,
    state: STATES[change.label],
    rule: entry.rule,
    expr: entry.expr,
    group: Object.fromEntries(Object.entries(entry.labels).map(([k, v]) => [k, jsonValue(v)])),
    observed: entry.observed,
    op: entry.op,
    threshold: entry.threshold,
    severity: entry.severity,
    window_ms: windowMs,
    text: changeLine(change, at),
  };
}

/** A group's values come from DuckDB: BIGINTs as bigint, times as Date. */
function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** The --webhook flag as a URL: http or https only. */
export function webhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(messages.badWebhookUrl(text));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(messages.badWebhookUrl(text));
  return url;
}

/**
 * The URL as warnings show it: scheme, host and port only. Credentials (`user:pass@`) and the path
 * (where Slack and Mattermost keep their secret) stay out of stderr and the logs that keep it.
 */
export function shownWebhookUrl(url: URL): string {
  return url.origin + (url.pathname !== '/' || url.search !== '' ? '/…' : '/');
}

/** POSTs one event; the reason it failed, or undefined when the receiver answered 2xx. `stop` aborts it. */
export async function postEvent(url: URL, event: WebhookEvent, stop?: AbortSignal): Promise<string | undefined> {
  try {
    const timeout = AbortSignal.timeout(POST_TIMEOUT_MS);
    // fetch refuses a URL with credentials in it: `user:pass@` is sent as HTTP basic auth instead.
    const target = new URL(url);
    target.username = '';
    target.password = '';
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'logmeter' };
    if (url.username || url.password) headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    const response = await fetch(target, {
      method: 'POST',
      headers,
      body: JSON.stringify(event),
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
    });
    await response.body?.cancel();
    return response.ok ? undefined : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') return `no answer in ${POST_TIMEOUT_MS / 1000}s`;
    return cause?.code ?? cause?.message ?? (error as Error).message;
  }
}
