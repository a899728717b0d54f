// Inspects built images without running them: user, HEALTHCHECK, entrypoint file,
// no secrets in environment, history or files, no dev dependencies, source maps or
// tests in the runtime stage; the Node.js major of the Dockerfiles' default base;
// prints image and app-layer sizes against the budgets.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [base, backend, frontend] = process.argv.slice(2);
// stderr is dropped: podman warns about systemd healthcheck timers it cannot use here.
const podman = (...args) =>
  execFileSync('podman', args, {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
const inspect = (image) => JSON.parse(podman('image', 'inspect', image))[0];

const SECRET_NAME = /(SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY|DATABASE_URL|CREDENTIAL)/i;
const SECRET_FILE = /(^|\/)(\.env(\..*)?|id_rsa|id_ed25519|.*\.pem|.*\.key|\.npmrc|\.git-credentials)$/;

const CHECKS = {
  [backend]: {
    name: 'backend',
    dockerfile: 'docker/backend/Dockerfile',
    entry: 'app/dist/server.js',
    budgetMB: 60,
    devOnly: [
      'app/node_modules/typescript/',
      'app/node_modules/@types/pg/',
      'app/node_modules/autocannon/',
      'app/node_modules/tsx/',
      'app/node_modules/expect/',
    ],
    forbidden: [/^app\/src\//, /^app\/test\//, /^app\/dist\/.*\.map$/],
  },
  [frontend]: {
    name: 'frontend',
    dockerfile: 'docker/frontend/Dockerfile',
    entry: 'app/server.js',
    budgetMB: 80,
    devOnly: [
      'app/node_modules/typescript/',
      'app/node_modules/playwright-core/',
      'app/node_modules/@types/',
      'app/node_modules/tsx/',
      'app/node_modules/expect/',
    ],
    forbidden: [/^app\/test\//, /^app\/\.next\/.*\.map$/, /^app\/components\//],
  },
};

const baseInfo = inspect(base);
const baseSize = baseInfo.Size;
const TOTAL_BUDGET_MB = 600;
const failures = [];
const rows = [];
for (const [image, check] of Object.entries(CHECKS)) {
  const info = inspect(image);
  const fail = (msg) => failures.push(`${check.name}: ${msg}`);
  const config = info.Config ?? {};
  if (config.User !== '1000:1000' && config.User !== '1000')
    fail(`runs as ${JSON.stringify(config.User)}, expected uid 1000`);
  if (!(info.Healthcheck ?? config.Healthcheck)?.Test?.length) fail('no HEALTHCHECK');
  if (!(config.Cmd ?? []).includes('node')) fail(`CMD is ${JSON.stringify(config.Cmd)}, expected node`);
  const wantedMajor = readFileSync(check.dockerfile, 'utf8').match(/^ARG NODE_IMAGE=node:(\d+)/m)?.[1];
  const envOf = (name) => (config.Env ?? []).find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
  const nodeMajor = envOf('NODE_VERSION')?.split('.')[0];
  if (!wantedMajor) fail(`${check.dockerfile} has no ARG NODE_IMAGE=node:<major>... default`);
  else if (nodeMajor !== wantedMajor)
    fail(`runs Node.js ${envOf('NODE_VERSION')}, but ${check.dockerfile} defaults to node:${wantedMajor}`);
  for (const env of config.Env ?? []) {
    const [name, value] = env.split(/=(.*)/s);
    if (SECRET_NAME.test(name) && value) fail(`environment variable ${name} has a value in the image`);
  }
  const history = podman('history', '--no-trunc', '--format', '{{.CreatedBy}}', image);
  if (/(SECRET|PASSWORD|TOKEN|API_KEY)=\S/i.test(history))
    fail('a build step sets a secret-looking variable');

  const container = podman('create', image).trim();
  let files;
  try {
    files = execFileSync('sh', ['-c', `podman export ${container} | tar -t`], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    })
      .split('\n')
      .map((f) => f.replace(/^\.\//, ''));
  } finally {
    podman('rm', container);
  }
  if (!files.includes(check.entry)) fail(`entrypoint ${check.entry} is missing`);
  const secretFiles = files.filter((f) => SECRET_FILE.test(f) && !f.startsWith('etc/ssl/'));
  if (secretFiles.length) fail(`secret-looking files: ${secretFiles.slice(0, 5).join(', ')}`);
  for (const dev of check.devOnly)
    if (files.some((f) => f.startsWith(dev))) fail(`dev dependency ${dev} is in the runtime image`);
  for (const pattern of check.forbidden) {
    const hit = files.find((f) => pattern.test(f));
    if (hit) fail(`${hit} should not be in the runtime image`);
  }
  const appMB = (info.Size - baseSize) / 1e6;
  if (appMB > check.budgetMB) fail(`app layers ${appMB.toFixed(1)} MB exceed ${check.budgetMB} MB`);
  rows.push({
    image: image.replace('localhost/', ''),
    'image MB': +(info.Size / 1e6).toFixed(1),
    'app layers MB': +appMB.toFixed(1),
    'budget MB': check.budgetMB,
    node: envOf('NODE_VERSION'),
    user: config.User,
    files: files.length,
  });
}

const nodeVersion = (baseInfo.Config?.Env ?? []).find((e) => e.startsWith('NODE_VERSION='))?.slice(13);
console.log(
  `base ${base}: ${(baseSize / 1e6).toFixed(1)} MB (Node.js ${nodeVersion ?? 'version unknown'}, glibc)`,
);
console.table(rows);
const total = rows.reduce((sum, r) => sum + r['app layers MB'], 0);
const bothMB = total + (2 * baseSize) / 1e6;
console.log(
  `app layers together: ${total.toFixed(1)} MB; ` +
    `both images with this base come to ${bothMB.toFixed(0)} MB (budget ${TOTAL_BUDGET_MB} MB)`,
);
if (bothMB > TOTAL_BUDGET_MB)
  failures.push(`both images come to ${bothMB.toFixed(0)} MB, over the ${TOTAL_BUDGET_MB} MB budget`);
if (failures.length) {
  console.error(`image check failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('images: 2 passed, 0 failed');
