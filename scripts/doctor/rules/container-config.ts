/** CreateContainerConfigError: usually the Secret, or one of its keys, is missing. */
import { containerStatuses, Finding, Rule } from '../model';

const SECRET_KEYS = ['COHERE_API_KEY', 'DATABASE_URL', 'JWT_SECRET'];

export function createSecretCommand(namespace: string, name = 'app-secrets'): string {
  return `kubectl create secret generic ${name} -n ${namespace} --from-literal=JWT_SECRET="$(openssl rand -hex 32)" --from-literal=DATABASE_URL='' --from-literal=COHERE_API_KEY=''`;
}

export const containerConfig: Rule = (state) =>
  containerStatuses(state)
    .filter(({ status }) => status.state?.waiting?.reason === 'CreateContainerConfigError')
    .map(({ pod, container, status }): Finding => {
      const message: string = status.state.waiting.message ?? '';
      const missingSecret = message.match(/secret "([^"]+)" not found/);
      const missingKey = message.match(/couldn't find key (\S+) in Secret [^/]+\/(\S+)/);
      const fix: string[] = [];
      if (missingSecret) fix.push(createSecretCommand(state.namespace, missingSecret[1]));
      else if (missingKey) {
        const value =
          missingKey[1] === 'JWT_SECRET' ? '"$(openssl rand -hex 32)"' : `'<${missingKey[1].toLowerCase()}>'`;
        fix.push(
          `kubectl patch secret ${missingKey[2]} -n ${state.namespace} --type merge -p "{\\"stringData\\":{\\"${missingKey[1]}\\":${value.replace(/"/g, '\\"')}}}"`,
          `# or recreate it with every key (${SECRET_KEYS.join(', ')}): kubectl delete secret ${missingKey[2]} -n ${state.namespace} && ${createSecretCommand(state.namespace, missingKey[2])}`,
        );
      } else fix.push(`kubectl describe pod ${pod.metadata.name} -n ${state.namespace}`);
      return {
        id: 'container-config',
        severity: 'critical',
        title: missingSecret
          ? `the Secret ${missingSecret[1]} does not exist`
          : missingKey
            ? `the Secret ${missingKey[2]} has no key ${missingKey[1]}`
            : `${container} cannot be configured`,
        resource: `pod/${pod.metadata.name}`,
        evidence: [`CreateContainerConfigError: ${message}`],
        fix,
      };
    });
