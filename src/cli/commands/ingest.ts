import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';

export const ingest: CommandDef = {
  command: 'ingest [inputs..]',
  describe: 'read logs into the canonical events table (and bad lines into rejects)',
  builder: (y) => withInputOptions(y).option('json', { describe: 'print the summary as JSON on stdout', type: 'boolean', default: false }),
  run: async (argv, io) => {
    const { ingestCommand } = await import('../../commands/ingest.js');
    await ingestCommand({ ...inputOptionsFrom(argv), json: Boolean(argv.json) }, io);
  },
};
