/** Output for commands: stdout for results, stderr for notices. Everything passes redaction. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stderr is a terminal (notices meant for a person are printed only then, or with --verbose). */
  readonly interactive?: boolean;
}
