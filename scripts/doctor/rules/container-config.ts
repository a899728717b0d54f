/** CreateContainerConfigError: usually the Secret, or one of its keys, is missing. */
import { BACKEND_SECRET_KEYS, createSecretCommand, setSecretKeyCommand } from '../../lib/backend-secret';
import { containerStatuses, Finding, nameOf, Rule } from '../model';
import { restartCommand } from '../names';

export const containerConfig: Rule = (state) =>
  containerStatuses(state)
    .filter(({ status }) => status.state?.waiting?.reason === 'CreateContainerConfigError')
    .map(({ pod, container, status }): Finding => {
      const ns = state.namespace;
      const message = status.state?.waiting?.message ?? '';
      const missingSecret = message.match(/secret "([^"]+)" not found/);
      const missingKey = message.match(/couldn't find key (\S+) in Secret [^/]+\/(\S+)/);
      const fix: string[] = [];
      if (missingSecret) fix.push(createSecretCommand(missingSecret[1], ns));
      else if (missingKey) {
        const [, key, secret] = missingKey;
        fix.push(
          `${setSecretKeyCommand(secret, ns, key)}   # then the pods start by themselves`,
          `# or recreate it with every key (${BACKEND_SECRET_KEYS.join(', ')}): ` +
            `kubectl delete secret ${secret} -n ${ns} && ${createSecretCommand(secret, ns)} && ` +
            restartCommand(state, pod),
        );
      } else fix.push(`kubectl describe pod ${nameOf(pod)} -n ${ns}`);
      return {
        id: 'container-config',
        severity: 'critical',
        title: missingSecret
          ? `the Secret ${missingSecret[1]} does not exist`
          : missingKey
            ? `the Secret ${missingKey[2]} has no key ${missingKey[1]}`
            : `${container} cannot be configured`,
        resource: `pod/${nameOf(pod)}`,
        evidence: [`CreateContainerConfigError: ${message}`],
        fix,
      };
    });
