#!/usr/bin/env node
// `npm test`: runs every test suite of the repository in turn, keeps going past a
// failing suite so one run shows everything that is wrong, then prints a summary
// and exits non-zero if any suite failed.
import { spawnSync } from 'node:child_process';

const SUITES = [
  {
    name: 'lint',
    script: 'lint',
    what: 'ESLint (typescript-eslint recommended) and Prettier over the whole tree',
  },
  {
    name: 'typecheck',
    script: 'typecheck',
    what: 'TypeScript of the constructs, chart generator and scripts',
  },
  {
    name: 'bridge',
    script: 'test:bridge',
    what: 'the cdk8s-helm package: helm equivalence, npm pack install',
  },
  { name: 'synth', script: 'test:synth', what: 'constructs, chart, helm, schema and policy' },
  { name: 'examples', script: 'test:examples', what: 'the example chart through the same bridge' },
  {
    name: 'chart-lint',
    script: 'test:chart-lint',
    what: 'ct lint, kube-score and checkov on the rendered chart, under Helm 4 and Helm 3',
  },
  { name: 'ops', script: 'test:ops', what: 'deploy and doctor' },
  {
    name: 'release',
    script: 'test:release',
    what: 'release to a loopback registry, upgrade guard against the last release',
  },
  { name: 'backend', script: 'test:backend', what: 'API, MCP, agent, PGlite and PostgreSQL' },
  { name: 'frontend', script: 'test:frontend', what: 'frontend proxy and unit tests' },
  { name: 'e2e', script: 'test:e2e', what: 'browser end-to-end in Chromium' },
  { name: 'images', script: 'test:images', what: 'container image builds and inspection' },
  {
    name: 'rehearsal',
    script: 'test:rehearsal',
    what: 'the chart run with the built images: probes, chat, pod replacement, SIGTERM',
  },
  {
    name: 'cluster',
    script: 'test:cluster',
    what: 'a real one-node Kubernetes cluster: install, helm test, chat, heal, upgrade, rollback, uninstall',
  },
];

const only = process.argv.slice(2);
const selected = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
const results = [];
for (const suite of selected) {
  console.log(`\n=== ${suite.name}: ${suite.what} (npm run ${suite.script})\n`);
  const started = Date.now();
  const run = spawnSync('npm', ['run', '--silent', suite.script], { stdio: 'inherit' });
  results.push({ ...suite, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary');
for (const r of results)
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(10)} ${r.seconds.toFixed(1).padStart(7)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
