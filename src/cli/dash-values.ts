// Option values that start with a dash and a digit (`--since -1h`, `-o -1.html`). yargs reads such a
// token as short flags (`-1 -h`), so a mistyped negative duration printed the help and exited 0,
// and a script went on with the help text as its output. No logmeter option is named by a digit:
// after an option that takes a value the token is that value, joined to it with `=` as
// `--since=-1h` is written, so the option refuses it (or takes it) as it would any other value;
// anywhere else it is a usage error rather than a request for help.

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

/** A dash, then a digit (or a dot and a digit): never an option's name. */
const DASH_DIGIT = /^-\.?\d/;
/** `--name` or `-x`, without a value joined by `=`. */
const OPTION = /^(?:--([^=]+)|-([^-=\d]))$/;

/** True when some dash-digit token is in `args` (before `--`): only then is the command's option list needed. */
export function hasDashDigitToken(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => DASH_DIGIT.test(a));
}

/**
 * `args` with each dash-digit token joined to the option before it; `isFlag(name)` says which
 * options take no value (booleans such as --quiet, -q). Operands after `--` are left as they are.
 */
export function joinDashDigitValues(args: readonly string[], isFlag: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return [...out, ...args.slice(i)];
    if (!DASH_DIGIT.test(arg)) {
      out.push(arg);
      continue;
    }
    const option = OPTION.exec(args[i - 1] ?? '');
    const name = option?.[1] ?? option?.[2];
    if (name === undefined || isFlag(name)) throw new UsageError(messages.dashDigitToken(arg));
    out[out.length - 1] = `${args[i - 1]}=${arg}`;
  }
  return out;
}
