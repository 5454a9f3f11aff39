/** The edges a command touches, injected so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout and stderr are terminals (colour, live progress); absent means neither is. */
  terminal?: { stdout: boolean; stderr: boolean };
}

/** A mistake in how the command was called: reported on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
