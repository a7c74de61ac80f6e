// check --follow --webhook: the JSON each state change is POSTed as, the URL the flag takes, and what
// a receiver that fails or is not there costs (a reason to warn with, never an exception).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { changeLine, type StateChange } from '../../src/follow/check-follow.js';
import { postEvent, webhookEvent, webhookUrl } from '../../src/follow/webhook.js';
import { runInProcess } from '../helpers/cli.js';

const change: StateChange = {
  label: 'FIRING',
  entry: {
    state: 'firing',
    rule: 'HighErrorRate',
    expr: 'error_rate < 0.05',
    labels: { model: 'gpt-4o', status: 503n },
    group: '{model=gpt-4o,status=503}',
    observed: 0.125,
    op: '<',
    threshold: 0.05,
    severity: 'error',
  },
};
const AT = '2026-03-02T10:00:00Z';

describe('a state change as a webhook event', () => {
  it('carries the rule, its group, the numbers and the printed line as text', () => {
    const event = webhookEvent(change, AT, 900_000);
    expect(event).toEqual({
      source: 'logmeter',
      at: AT,
      state: 'firing',
      rule: 'HighErrorRate',
      expr: 'error_rate < 0.05',
      group: { model: 'gpt-4o', status: 503 },
      observed: 0.125,
      op: '<',
      threshold: 0.05,
      severity: 'error',
      window_ms: 900_000,
      text: '2026-03-02T10:00:00Z FIRING   HighErrorRate{model=gpt-4o,status=503} 0.125 < 0.05 (error)',
    });
    expect(event.text).toBe(changeLine(change, AT));
    expect(webhookEvent({ ...change, label: 'RESOLVED' }, AT, 1).state).toBe('resolved');
    expect(webhookEvent({ ...change, label: 'NO DATA' }, AT, 1).state).toBe('no_data');
  });
});

describe('--webhook', () => {
  it('takes http and https URLs only', () => {
    expect(webhookUrl('http://127.0.0.1:9000/hook').href).toBe('http://127.0.0.1:9000/hook');
    expect(webhookUrl('https://hooks.example.com/x').protocol).toBe('https:');
    expect(() => webhookUrl('ftp://example.com/')).toThrow('--webhook wants an http:// or https:// URL, not "ftp://example.com/"');
    expect(() => webhookUrl('not a url')).toThrow('--webhook wants an http:// or https:// URL');
  });

  it('needs --follow, and a bad URL is a usage error (exit 2)', async () => {
    const without = await runInProcess(['check', '--assert', 'error_rate < 0.1', '--webhook', 'http://127.0.0.1:9/'], { stdin: '{"msg":"a"}\n' });
    expect(without.code).toBe(2);
    expect(without.stderr).toBe('logmeter: --webhook posts the state changes of check --follow; add --follow\n');
  });
});

describe('posting an event', () => {
  let server: Server;
  let url: URL;
  const received: { method?: string; type?: string; body: string }[] = [];
  let status = 204;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ method: req.method, type: req.headers['content-type'], body });
        res.statusCode = status;
        res.end(status === 500 ? 'broken' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('POSTs the event as JSON and reports success as undefined', async () => {
    status = 204;
    const event = webhookEvent(change, AT, 60_000);
    expect(await postEvent(url, event)).toBeUndefined();
    const last = received[received.length - 1];
    expect(last?.method).toBe('POST');
    expect(last?.type).toBe('application/json');
    expect(JSON.parse(last?.body ?? '')).toEqual(event);
  });

  it('reports a receiver that answers an error, or that is not there, as a reason', async () => {
    status = 500;
    expect(await postEvent(url, webhookEvent(change, AT, 1))).toBe('HTTP 500 Internal Server Error');
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const port = (gone.address() as AddressInfo).port;
    await new Promise<void>((r) => gone.close(() => r()));
    expect(await postEvent(new URL(`http://127.0.0.1:${port}/`), webhookEvent(change, AT, 1))).toBe('ECONNREFUSED');
  });
});
