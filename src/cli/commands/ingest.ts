import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';

export const ingest: CommandDef = {
  command: 'ingest [inputs..]',
  describe: 'read logs into the canonical events table (and bad lines into rejects)',
  // --from-parquet is declared (hidden) so that ingest can refuse it with its own message rather than read stdin.
  builder: (y) => withInputOptions(y).hide('from-parquet').option('json', { describe: 'print the summary as JSON on stdout', type: 'boolean', default: false }),
  run: async (argv, io) => {
    const { ingestCommand } = await import('../../commands/ingest.js');
    await ingestCommand({ ...inputOptionsFrom(argv), json: Boolean(argv.json) }, io);
  },
};
