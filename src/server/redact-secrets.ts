/** Names of environment variables whose values are secrets (API keys, tokens, passwords). */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD)$/i;
/** Shorter values are too likely to occur by chance (and are no real key). */
const SHORTEST_SECRET = 8;

/** The secret values in an environment, longest first. */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= SHORTEST_SECRET,
    )
    .map(([, value]) => value!)
    .sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced: a last guard so no response carries an API key. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.replaceAll(secret, '[redacted]');
  return result;
}
