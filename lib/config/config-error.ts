/** A misconfiguration: reported as one line on stderr with exit status 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
