// The one error type config loading throws. Front ends print `message` as is,
// so it must say where the problem is (file, line:column or key path) and
// what would have been accepted.

export interface ConfigErrorDetails {
  /** config.toml path, or the `-c` flag text the bad value came from. */
  source?: string;
  /** Dotted key path as written by the user, e.g. `model_providers.mock.wire_api`. */
  keyPath?: string;
  line?: number;
  column?: number;
  cause?: unknown;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly source?: string;
  readonly keyPath?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, details: ConfigErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.source = details.source;
    this.keyPath = details.keyPath;
    this.line = details.line;
    this.column = details.column;
  }
}
