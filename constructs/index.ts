/** The app's constructs, one entry point (as cdk8s-plus): import from here, not from the files. */
export * from './data-volume-claim';
export * from './http-check-pod';
export * from './probed-deployment';
export * from './secure-secret-ref';
export * from './todo-backend';
export * from './todo-frontend';
export * from './validation';
export * from './workload-identity';
export * from './workload-labels';
export * from './workload-network-policy';
export * from './workload-metrics';
