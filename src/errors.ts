// Typed errors, each carrying the exit code that src/cli/main.ts maps it to.
// Commands throw these; only the entry point turns them into an exit status.

export const ExitCode = {
  ok: 0,
  thresholdsFailed: 1,
  usage: 2,
  unusableInput: 3,
  outputFailed: 74,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class LogmeterError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad flag, a bad expression, a bad configuration file: exit 2. */
export class UsageError extends LogmeterError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** No record could be read, or the reject ratio was exceeded: exit 3. */
export class InputError extends LogmeterError {
  constructor(message: string) {
    super(message, ExitCode.unusableInput);
  }
}

/** Thresholds breached (check): exit 1. Carries no stack-worthy information. */
export class ThresholdError extends LogmeterError {
  constructor(message: string) {
    super(message, ExitCode.thresholdsFailed);
  }
}

/** The output could not be written: a full disk, a quota, an I/O error on stdout or a file: exit 74. */
export class OutputError extends LogmeterError {
  constructor(message: string) {
    super(message, ExitCode.outputFailed);
  }
}
