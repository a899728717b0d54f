/**
 * Services in the rehearsal's network namespace. All pods share one network
 * namespace, isolated from the machine's (so the pod spec's own ports are used
 * without colliding with anything else running here); there is no cluster DNS,
 * so every Service name (short and qualified) is written into the pods' /etc/hosts
 * as 127.0.0.1. Where a Service port differs from the port it targets, a TCP
 * forwarder plays kube-proxy's part.
 */
import type { IService } from 'kubernetes-models/v1/Service';
import { createConnection, createServer, Server } from 'node:net';
import type { ContainerPlan } from './pod-plan';
import { RehearsalError } from './pod-plan';

export interface ServicePort {
  service: string;
  name?: string;
  port: number;
  targetPort: number;
}

export const SERVICE_IP = '127.0.0.1';

/** The lines of /etc/hosts for these Services in this namespace. */
export function hostsFile(services: IService[], namespace: string): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const service of services) {
    const name = service.metadata!.name!;
    const names = [
      name,
      `${name}.${namespace}`,
      `${name}.${namespace}.svc`,
      `${name}.${namespace}.svc.cluster.local`,
    ];
    lines.push(`${SERVICE_IP}\t${names.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const selects = (service: IService, plan: ContainerPlan) =>
  Object.entries(service.spec?.selector ?? {}).every(([key, value]) => plan.labels[key] === value);

/** Each Service port with the container port it reaches (a named targetPort resolved in the selected pod). */
export function servicePorts(services: IService[], plans: ContainerPlan[]): ServicePort[] {
  return services.flatMap((service) => {
    const name = service.metadata!.name!;
    const plan = plans.find((p) => selects(service, p));
    return (service.spec?.ports ?? []).map((port) => {
      const target = port.targetPort ?? port.port;
      if (typeof target === 'number')
        return { service: name, name: port.name, port: port.port, targetPort: target };
      const named = plan?.ports.find((p) => p.name === target);
      if (!named)
        throw new RehearsalError(
          `Service ${name}: targetPort ${target} is not a named port of ${plan ? plan.deployment : 'any selected pod'}`,
        );
      return { service: name, name: port.name, port: port.port, targetPort: named.containerPort };
    });
  });
}

/** Starts a forwarder for every Service port that differs from its target port. */
export async function startForwarders(ports: ServicePort[], plans: ContainerPlan[]): Promise<Server[]> {
  const containerPorts = new Set(plans.flatMap((plan) => plan.ports.map((p) => p.containerPort)));
  const servers: Server[] = [];
  for (const entry of ports.filter((p) => p.port !== p.targetPort)) {
    if (containerPorts.has(entry.port))
      throw new RehearsalError(
        `Service ${entry.service} port ${entry.port} is also a container port: ` +
          'one network namespace cannot hold both (not modelled by the rehearsal)',
      );
    const server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: entry.targetPort });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new RehearsalError(
            `Service ${entry.service} port ${entry.port}: cannot listen ` +
              `to forward it to ${entry.targetPort} (${error.code})`,
          ),
        ),
      );
      server.listen(entry.port, SERVICE_IP, () => resolve());
    });
    servers.push(server);
  }
  return servers;
}
