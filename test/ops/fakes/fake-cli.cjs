// A fake kubectl, helm, minikube, podman or docker: records its argv and stdin to
// $FAKE_LOG and answers from a scenario (FAKE_* environment variables), so the
// tests see exactly which commands deploy and doctor run, in which order, with
// what input. `helm template` is handed to the real helm ($FAKE_REAL_HELM).
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

module.exports = function fake(tool) {
  const argv = process.argv.slice(2);
  let stdin = '';
  // Not process.stdin: touching it makes a pipe non-blocking, and a read before the writer is done gets nothing.
  if (!require('node:tty').isatty(0)) stdin = fs.readFileSync(0, 'utf8');
  fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool, argv, stdin }) + '\n');
  const has = (...words) => words.every((w) => argv.includes(w));
  const on = (name) => process.env[`FAKE_${name}`] === '1';
  const out = (text) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    process.exit(0);
  };
  const fail = (message, code = 1) => {
    process.stderr.write(`${message}\n`);
    process.exit(code);
  };
  const arg = (flag) => argv[argv.indexOf(flag) + 1];
  const server = 'https://192.168.49.2:8443';
  const refused = () =>
    fail(
      [
        ...Array.from(
          { length: 5 },
          (_, i) =>
            `E1120 10:04:3${i}.51234${i}   48213 memcache.go:265] couldn't get current server API group list: ` +
            `Get "${server}/api?timeout=32s": dial tcp 192.168.49.2:8443: connect: connection refused`,
        ),
        'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?',
      ].join('\n'),
    );

  if (tool === 'kubectl') {
    if (has('config', 'current-context')) {
      if (on('NO_CONTEXT')) fail('error: current-context is not set');
      out('minikube');
    }
    const context = argv.includes('--context') ? arg('--context') : 'minikube';
    if (context === 'no-such-context') fail(`error: context "${context}" does not exist`);
    if (on('CLUSTER_DOWN')) refused();
    if (has('version')) out('{}');
    if (has('get', 'ingressclass')) {
      if (on('NO_INGRESS'))
        fail('Error from server (NotFound): ingressclasses.networking.k8s.io "nginx" not found');
      out('ingressclass.networking.k8s.io/nginx');
    }
    if (has('get', 'namespace')) {
      const name = arg('namespace');
      if (on('NO_NAMESPACE')) fail(`Error from server (NotFound): namespaces "${name}" not found`);
      out(`namespace/${name}`);
    }
    if (has('create', 'namespace')) out(`namespace/${arg('namespace')} created`);
    if (has('get', 'secret')) {
      const name = arg('secret');
      if (on('NO_SECRET')) fail(`Error from server (NotFound): secrets "${name}" not found`);
      const jwt = on('SHORT_JWT_SECRET') ? 'changeme' : 'f'.repeat(64);
      out(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace: arg('-n') },
          type: 'Opaque',
          data: { JWT_SECRET: Buffer.from(jwt).toString('base64'), DATABASE_URL: '', COHERE_API_KEY: '' },
        }),
      );
    }
    if (has('apply')) out('secret/app-secrets created');
    if (has('get', 'pods,events,deploy,svc,ingress,endpoints')) {
      const state = process.env.FAKE_STATE
        ? JSON.parse(fs.readFileSync(process.env.FAKE_STATE, 'utf8'))
        : { apiVersion: 'v1', kind: 'List', items: [] };
      delete state.logs;
      out(JSON.stringify(state));
    }
    if (has('logs')) {
      const logs = process.env.FAKE_STATE
        ? JSON.parse(fs.readFileSync(process.env.FAKE_STATE, 'utf8')).logs
        : {};
      const key = `${argv[argv.indexOf('logs') + 1]}/${arg('-c')}`;
      if (logs?.[key]) out(logs[key]);
      fail(
        `Error from server (BadRequest): container "${arg('-c')}" in pod "${key.split('/')[0]}" has no logs`,
      );
    }
    fail(`fake kubectl: unexpected command: ${argv.join(' ')}`);
  }
  if (tool === 'helm') {
    if (argv[0] === 'template') {
      const real = spawnSync(process.env.FAKE_REAL_HELM, argv, { stdio: 'inherit' });
      process.exit(real.status ?? 1);
    }
    if (on('HELM_FAILS')) fail('Error: UPGRADE FAILED: context deadline exceeded');
    out(`Release "${argv[2]}" has been upgraded. Happy Helming!`);
  }
  if (tool === 'minikube') {
    if (has('ip')) out('192.168.49.2');
    if (has('image', 'load', '-') && !stdin) fail('minikube: no image archive on stdin');
    out('');
  }
  if (tool === 'podman' || tool === 'docker') {
    if (has('info')) out('{}');
    if (has('build') && on('BUILD_FAILS')) fail('Error: building at STEP "RUN npm ci": exit status 1');
    // A stand-in for the image archive, naming the image so the test can follow the pipe.
    if (argv[0] === 'save') out(`fake image archive of ${argv[argv.length - 1]}`);
    out('');
  }
  fail(`fake ${tool}: unexpected command: ${argv.join(' ')}`);
};
