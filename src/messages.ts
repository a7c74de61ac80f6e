// Every sentence a user can read lives here, as a function, so tests assert on the same text
// the user reads and wording stays consistent. Group by command; keep each function small.

export const messages = {
  // ---- general ----
  internalError: (detail: string) => `internal error: ${detail} (run with --debug for the stack trace)`,
  unknownCommand: (name: string) => `unknown command "${name}"; run logmeter --help`,
};
