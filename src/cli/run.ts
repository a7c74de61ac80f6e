// Running logmeter as a process (bin/logmeter imports this file, and nothing else does): main()
// over the process's argv and streams, its exit status, and what has to happen however the
// process ends: a closed stdout (`| head`) ends quietly with exit 0, and no scratch directory
// ($TMPDIR/logmeter-*, with DuckDB's spill files) outlives the process, not even on Ctrl-C.

import { writeSync } from 'node:fs';
import { hideBin } from 'yargs/helpers';
import { ExitCode } from '../errors.js';
import { messages } from '../messages.js';
import { errnoReason } from '../output/write-errors.js';
import { removeAllScratchDirs, removeAllScratchDirsNowAndAfterExit } from '../scratch.js';
import { processIO } from './io.js';
import { main } from './main.js';

/** The stdout failure seen by the stream itself, for writes nobody awaited. */
let stdoutFailure: NodeJS.ErrnoException | undefined;

// 'exit' runs on every way out but a signal's default action: process.exit() from the EPIPE
// handler below, an uncaught exception, or the end of the event loop.
process.on('exit', removeAllScratchDirs);

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // `summary --follow` and `check --follow` stop gracefully on the first one, and close their
    // databases themselves; a second signal, or one to any other command, ends the process here.
    if (process.listenerCount(signal) > 1) return;
    removeAllScratchDirsNowAndAfterExit();
    process.removeAllListeners(signal);
    // Ended by the signal itself, as without this handler: the shell says 130 (or 143) as before.
    process.kill(process.pid, signal);
  });
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // Writing to a closed pipe (`| head`) ends quietly with exit 0.
  if (error.code === 'EPIPE') process.exit(ExitCode.ok);
  // Any other failure also rejects the write() that met it, and main() reports it once.
  stdoutFailure = error;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  // Nowhere is left to say anything: the exit status has to tell.
  process.exit(error.code === 'EPIPE' ? ExitCode.ok : ExitCode.outputFailed);
});

main(hideBin(process.argv), processIO()).then(
  (code) => {
    if (stdoutFailure && code === ExitCode.ok) {
      say(messages.cannotWriteStream('stdout', errnoReason(stdoutFailure)));
      code = ExitCode.outputFailed;
    }
    process.exitCode = code;
  },
  (error: unknown) => {
    say(messages.internalError(String(error)));
    process.exitCode = ExitCode.internal;
  },
);

function say(message: string): void {
  try {
    writeSync(2, `logmeter: ${message}\n`);
  } catch {
    // stderr is gone too
  }
}
