// Kubernetes 1.28 API bindings (the output of `cdk8s import k8s@1.28`), as generated
// and shipped by the pinned cdk8s-plus-28 package. Re-exported here so the
// constructs depend on one stable import path and the schema version is pinned
// by package-lock.json instead of a network download at build time.
export * from 'cdk8s-plus-28/lib/imports/k8s';
