// Writes a pino-style request log in real time, for the follow tests.
// usage: node writer.mjs OUT|- PLAN_JSON
// PLAN: {phases: [{count, everyMs, status}], rotateAfter?: n, partial?: true}
//   Each phase writes `count` lines `everyMs` apart with res.statusCode `status`. After
//   `rotateAfter` lines, OUT is renamed to OUT.1 (as logrotate does) and a new OUT is started.
//   With `partial`, every line is written in two pieces, so a reader sees unfinished lines.
import { appendFileSync, renameSync } from 'node:fs';

const [out, planText] = process.argv.slice(2);
const plan = JSON.parse(planText);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const emit = (text) => (out === '-' ? process.stdout.write(text) : appendFileSync(out, text));
let n = 0;
for (const phase of plan.phases) {
  for (let i = 0; i < phase.count; i++) {
    const line = JSON.stringify({
      level: phase.status >= 500 ? 50 : 30,
      time: Date.now(),
      msg: 'request completed',
      req: { method: 'GET', url: `/api/items/${n}` },
      res: { statusCode: phase.status },
      responseTime: 5 + (n % 7),
    });
    if (plan.partial) {
      emit(line.slice(0, 20));
      await sleep(Math.min(10, phase.everyMs / 2));
      emit(line.slice(20) + '\n');
    } else emit(line + '\n');
    n++;
    if (plan.rotateAfter === n && out !== '-') renameSync(out, out + '.1');
    await sleep(phase.everyMs);
  }
}
process.stderr.write(`wrote ${n}\n`);
