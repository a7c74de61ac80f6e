// Every command of the CLI, in --help order. Adding a command means adding a file and a line here.

import type { CommandDef } from '../command.js';
import { ingest } from './ingest.js';
import { query } from './query.js';
import { formats } from './formats.js';
import { check } from './check.js';
import { metrics } from './metrics.js';
import { exportCmd } from './export.js';
import { summary } from './summary.js';
import { report } from './report.js';

export const COMMANDS: readonly CommandDef[] = [ingest, query, formats, check, metrics, exportCmd, summary, report];
