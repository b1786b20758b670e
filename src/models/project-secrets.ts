import type { Project } from '../library/project.ts';
import { SecretSet } from '../util/secret-set.ts';
import { providerNames, resolveProvider } from './resolve-provider.ts';

/** Names of environment variables whose values are secrets whoever reads them (a check's key, a token). */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD)$/i;

/**
 * Every value plume may send as a credential in `project`: each provider's key, whatever variable
 * it comes from, and each header value; then the values of variables named as secrets, which
 * plume does not send itself (HF_TOKEN for downloads, a custom check's key) but must not print.
 */
export function projectSecrets(project: Project, env: NodeJS.ProcessEnv): SecretSet {
  const secrets = new SecretSet();
  for (const name of providerNames(project)) {
    let credentials: { value: string; source: string }[];
    try {
      credentials = resolveProvider(project, env, name).credentials;
    } catch {
      // An incomplete provider entry: its error is reported when a model of it is asked for.
      continue;
    }
    for (const credential of credentials) secrets.add(credential.value, credential.source);
  }
  secrets.addAll(environmentSecrets(env));
  return secrets;
}

/** The values of variables named as secrets (…KEY, …TOKEN, …SECRET, …PASSWORD). */
export function environmentSecrets(env: NodeJS.ProcessEnv): SecretSet {
  const secrets = new SecretSet();
  for (const [name, value] of Object.entries(env)) if (SECRET_NAME.test(name)) secrets.add(value, name);
  return secrets;
}
