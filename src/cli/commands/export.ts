import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';

export const exportCmd: CommandDef = {
  command: 'export [inputs..]',
  describe: 'write the events as Parquet, hive-partitioned by day and kind, appending safely',
  builder: (y) =>
    withInputOptions(y)
      .option('parquet', { describe: 'directory to write (created if missing); rows already there are not written again', type: 'string', demandOption: true })
      .option('json', { describe: 'print what was written as JSON on stdout', type: 'boolean', default: false }),
  run: async (argv, io) => {
    const { exportCommand } = await import('../../commands/export.js');
    await exportCommand({ ...inputOptionsFrom(argv), parquet: String(argv.parquet), json: Boolean(argv.json) }, io);
  },
};
