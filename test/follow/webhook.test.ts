// check --follow --webhook: the JSON each state change is POSTed as, the URL the flag takes, and what
// a receiver that fails or is not there costs (a reason to warn with, never an exception).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { evaluateRules, loadRules } from '../../src/check/index.js';
import type { IO } from '../../src/cli/io.js';
import { changeLine, followCheck, type StateChange } from '../../src/follow/check-follow.js';
import { postEvent, shownWebhookUrl, webhookEvent, webhookUrl } from '../../src/follow/webhook.js';
import { WebhookSender, type WebhookProblem } from '../../src/follow/webhook-sender.js';
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
  const received: { method?: string; type?: string; auth?: string; body: string }[] = [];
  let status = 204;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ method: req.method, type: req.headers['content-type'], auth: req.headers.authorization, body });
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

  it('sends user:pass@ in the URL as HTTP basic auth, and warnings show neither it nor the path', async () => {
    status = 204;
    const withCredentials = new URL(url);
    withCredentials.username = 'alice';
    withCredentials.password = 's3cret';
    expect(await postEvent(withCredentials, webhookEvent(change, AT, 1))).toBeUndefined();
    expect(received[received.length - 1]?.auth).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    expect(shownWebhookUrl(withCredentials)).toBe(`http://127.0.0.1:${url.port}/…`);
    expect(shownWebhookUrl(new URL('https://hooks.slack.com/services/T000/B000/XXXXSECRET'))).toBe('https://hooks.slack.com/…');
    expect(shownWebhookUrl(new URL('http://127.0.0.1:9000'))).toBe('http://127.0.0.1:9000/');
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

describe('a receiver that never answers', () => {
  it('holds up neither polling nor Ctrl-C: polls go on every --every, and stopping is at once, saying what was not sent', async () => {
    // Takes the POST and never answers (a black hole behind a firewall).
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hook = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-webhook-'));
    try {
      const now = new Date();
      const log = join(dir, 'svc.log');
      // Three services, all errors: three FIRING lines at the first poll, three POSTs.
      writeFileSync(log, ['a', 'b', 'c'].map((service) => JSON.stringify({ time: now.toISOString(), level: 'error', service, msg: 'bad' })).join('\n') + '\n');
      const specs = loadRules({ asserts: ['error_rate < 0.3 by service'], cwd: dir });
      const controller = new AbortController();
      let polls = 0;
      let stderr = '';
      const io: IO = {
        stdin: new PassThrough(),
        stdout: new Writable({ write: (_c, _e, done) => done() }),
        stderr: new Writable({
          write(chunk: Buffer, _e, done) {
            stderr += chunk.toString('utf8');
            done();
          },
        }),
        env: {},
        cwd: dir,
      };
      const started = Date.now();
      let stoppedAt = 0;
      await followCheck(specs, { inputs: [log], everyMs: 100, windowMs: 60_000, webhook: hook, signal: controller.signal }, io, async (db, sinceMs) => {
        const result = await evaluateRules(db, specs, { sinceMs });
        if (++polls === 5) {
          controller.abort();
          stoppedAt = Date.now();
        }
        return result;
      });
      // Five polls 100 ms apart, not one poll and 15 s of three POSTs timing out one after another.
      expect(stoppedAt - started).toBeLessThan(3000);
      expect(Date.now() - stoppedAt).toBeLessThan(1000);
      expect(stderr).toBe(
        `checking 1 rule every 100ms over the last 1m; Ctrl-C stops\nlogmeter: webhook ${hook.origin}/…: 3 state changes were not sent (logmeter stopped first, or the receiver fell behind); they are printed above\n`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a receiver that stays down while rules keep changing', () => {
  it('keeps at most the queue limit waiting: past it a change is not sent, warned of once per filling, and counted at the end', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hook = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    try {
      const problems: WebhookProblem[] = [];
      const sender = new WebhookSender(hook, async (p) => void problems.push(p), 3);
      // 3 wait (the first is in flight), 7 more are not queued; one warning for the queue filling up.
      for (let i = 0; i < 10; i++) sender.send(webhookEvent(change, AT, 1));
      expect(problems).toEqual([{ full: 3 }]);
      await sender.close(true);
      expect(problems).toEqual([{ full: 3 }, { unsent: 10 }]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
