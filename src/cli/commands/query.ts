import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions, withOutputFormat } from '../options.js';
import type { OutputFormat } from '../../output/render.js';
import { UsageError } from '../../errors.js';
import { messages } from '../../messages.js';

export const query: CommandDef = {
  command: 'query [inputs..]',
  describe: 'run a named rollup from queries/, or your own SQL with --sql',
  builder: (y) => withOutputFormat(withInputOptions(y)).option('sql', { describe: 'SQL to run over events and rejects', type: 'string' }),
  run: async (argv, io) => {
    if (typeof argv.sql !== 'string') throw new UsageError(messages.queryNeedsSql());
    const { sqlQueryCommand } = await import('../../commands/query.js');
    await sqlQueryCommand({ ...inputOptionsFrom(argv), sql: argv.sql, output: argv['output-format'] as OutputFormat }, io);
  },
};
