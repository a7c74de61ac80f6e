// What a CLI command is: a yargs definition plus a run function over parsed argv and IO.
// Each command lives in src/cli/commands/<name>.ts and imports its implementation lazily, so
// start-up stays fast (vega and the report code load only for `report`).

import type { Argv } from 'yargs';
import type { IO } from './io.js';

export interface CommandDef {
  readonly command: string;
  readonly describe: string;
  // yargs' builder types are too precise to share across commands; argv is validated in run.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly builder: (y: Argv) => Argv<any>;
  readonly run: (argv: Record<string, unknown>, io: IO) => Promise<void>;
}
