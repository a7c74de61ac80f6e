// NestJS's built-in logger (ConsoleLogger), as real output of @nestjs/common 11
// (test/fixtures/loggers/nestjs-default.log from test/fixtures/gen/nestjs.sh, colour codes
// included), and as other locales write its time. Every value is read by hand from the lines.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { accountedLogReader } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-nestjs-');
const LAYOUT = '[Nest] PID  - DATE, TIME LEVEL [CONTEXT] MESSAGE +Nms   (NestJS)';

describe("NestJS's ConsoleLogger", () => {
  it('reads its 13 lines: 11 records and the 2 frames of the error stack, the context as the service', async () => {
    const r = await read('nestjs-default.log', "line, ts, level, service, kind, duration_ms, model, tokens_in, error, event, attrs->>'timestamp_diff_ms' AS diff, attrs->>'pid' AS pid");
    expect(r).toMatchObject({ format: 'text', layout: LAYOUT, lines: 13, records: 11, continuation: 2, rejects: 0 });
    const at = (second: number) => `2026-03-02T10:00:0${second}.000Z`;
    const log = (line: number, second: number, service: string, event: string, diff: string | null) => ({
      line, ts: at(second), level: 'info', service, kind: 'other', duration_ms: null, model: null, tokens_in: null, error: null, event, diff, pid: '4242',
    });
    expect(r.rows).toEqual([
      log(1, 0, 'NestFactory', 'Starting Nest application...', null),
      // `+500ms` is the time since the line before (Nest's timestampDiff), not a duration.
      log(2, 1, 'InstanceLoader', 'AppModule dependencies initialized', '500'),
      log(3, 2, 'RoutesResolver', 'AppController {/api}:', '500'),
      log(4, 2, 'RouterExplorer', 'Mapped {/api/orders, GET} route', '500'),
      log(5, 3, 'RouterExplorer', 'Mapped {/api/orders/:id, GET} route', '500'),
      log(6, 4, 'RouterExplorer', 'Mapped {/api/chat, POST} route', '500'),
      log(7, 5, 'NestApplication', 'Nest application successfully started', '500'),
      // A service's own lines: their pairs are fields as in any message.
      { ...log(8, 5, 'LlmService', 'llm call completed', null), kind: 'llm_call', duration_ms: 812, model: 'gpt-4o', tokens_in: 120 },
      { ...log(9, 6, 'LlmService', 'slow llm call', null), level: 'warn', kind: 'llm_call', duration_ms: 2345, model: 'gpt-4o' },
      // The ExceptionsHandler's error for the request that threw, its stack on lines 11 and 12.
      { ...log(10, 6, 'ExceptionsHandler', 'Error: upstream model timeout', null), level: 'error', error: 'Error: upstream model timeout' },
      { ...log(13, 7, 'Bootstrap', 'shutting down', null), level: 'debug' },
    ]);
    const stack = await read('nestjs-default.log', "line, attrs->>'exc_info' AS exc_info");
    expect(stack.rows.find((row) => row.line === 10)?.exc_info).toBe(
      'Error: upstream model timeout\n    at LlmService.chat (file:///tmp/logmeter-nestjs-fixture/app.mjs:22:11)\n    at AppController.chat (file:///tmp/logmeter-nestjs-fixture/app.mjs:38:21)',
    );
  });

  it("reads other locales' times: en-US's 12-hour clock (a PM hour, an hour of one digit), German dots, a custom prefix", async () => {
    const r = await read(
      [
        '[Nest] 7  - 11/25/2026, 3:04:05 PM     LOG [App] afternoon',
        '[Nest] 7  - 11/25/2026, 12:00:00 AM   ERROR [App] midnight',
        '[Nest] 7  - 25.11.2026, 15:04:05 VERBOSE [App] in German',
        '[Api] 7  - 11/25/2026, 9:00:00 AM   FATAL gone',
      ],
      "line, ts, level, service, event, attrs->>'app' AS app",
    );
    expect(r).toMatchObject({ layout: LAYOUT, records: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-11-25T15:04:05.000Z', level: 'info', service: 'App', event: 'afternoon', app: null },
      { line: 2, ts: '2026-11-25T00:00:00.000Z', level: 'error', service: 'App', event: 'midnight', app: null },
      { line: 3, ts: '2026-11-25T15:04:05.000Z', level: 'trace', service: 'App', event: 'in German', app: null },
      // No context, so no logger: the prefix set instead of Nest names the app, so the service.
      { line: 4, ts: '2026-11-25T09:00:00.000Z', level: 'fatal', service: 'Api', event: 'gone', app: 'Api' },
    ]);
  });
});
