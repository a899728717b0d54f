/** The fields of Kubernetes objects the cluster tests read, as kubectl prints them. */
export interface Metadata {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface List<T> {
  items: T[];
}

export interface Probe {
  initialDelaySeconds?: number;
  periodSeconds: number;
  failureThreshold: number;
}

export interface Pod {
  metadata: Metadata;
  spec: {
    containers: { readinessProbe: Probe }[];
    volumes: { persistentVolumeClaim?: { claimName: string } }[];
  };
  status: {
    phase: string;
    startTime: string;
    conditions: { type: string; status: string; lastTransitionTime: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      state: { running?: { startedAt: string } };
      lastState: { terminated?: { reason: string; exitCode: number } };
    }[];
  };
}

export interface Service {
  metadata: Metadata;
  spec: { clusterIP: string; ports: { port: number }[] };
}

export interface Deployment {
  metadata: Metadata;
  status: { availableReplicas?: number; updatedReplicas?: number; replicas?: number; readyReplicas?: number };
}

export interface Named {
  metadata: Metadata;
}

export interface Claim {
  metadata: Metadata;
  status: { phase: string };
}

export interface Ingress {
  spec: { rules: { host: string }[] };
}

export interface ConfigMap {
  data: Record<string, string>;
}
