/** Steps that check everything a release needs before it builds anything. */
import { CHANGELOG, releaseChangesOf } from '../../chart/changelog';
import { findTool } from '../lib/tools';
import { containerCliHasLogin } from './container-cli';
import { registryContext, relative, Step } from './context';
import { StepFailure } from '../lib/steps';
import { helmHasLogin } from './credentials';
import { loginFix, probeFailure } from './registry-errors';
import { probeRegistry, probeUrl } from './registry-probe';

export const toolsStep: Step = {
  name: 'Preflight: version, tools',
  plan: (ctx) => [
    `version ${ctx.options.version} (from ${ctx.options.versionSource}): chart version, appVersion, image tags`,
    `CHANGELOG.md has a section for it (a prerelease: for the version it leads to): artifacthub.io/changes`,
    `helm, and ${ctx.cli ?? 'docker or podman (neither was found)'} to build and push the images`,
  ],
  run(ctx) {
    const { version } = ctx.options;
    const changes = releaseChangesOf(version);
    if (!changes?.changes.length)
      throw new StepFailure(
        `${relative(CHANGELOG)} lists no changes for ${version}: the chart's artifacthub.io/changes would be empty`,
        `add a "## [${version.replace(/-.*$/, '')}]" section with ### Added/Changed/Fixed items to CHANGELOG.md`,
      );
    const helm = findTool('helm');
    if (helm.path === undefined) throw new StepFailure('helm is not installed', helm.reason);
    if (!ctx.cli)
      throw new StepFailure(
        'neither a running docker engine nor podman was found',
        'start docker, or install podman (Debian: apt-get install podman)',
      );
    return (
      `${version} (from ${ctx.options.versionSource}, changes of ${changes.section}), ` +
      `helm and ${ctx.cli}`
    );
  },
};

export const registryStep: Step = {
  name: 'Registry: reachable, logged in',
  plan: (ctx) => [
    `GET ${probeUrl(ctx.options.registry.host, ctx.options.plainHttp)}`,
    `if it asks for a login: ${loginFix(registryContext(ctx))} must have been run`,
  ],
  async run(ctx) {
    const rctx = registryContext(ctx);
    const probe = await probeRegistry(rctx.registry.host, rctx.plainHttp);
    const failure = probeFailure(probe, rctx);
    if (failure) throw failure;
    if (probe.kind === 'ok') return `${rctx.registry.host} answers, no login needed`;
    const containerReady = containerCliHasLogin(rctx.cli, rctx.registry.host);
    const helmReady = helmHasLogin(rctx.registry.host);
    if (containerReady && helmReady) return `${rctx.registry.host} answers, logged in`;
    const missing = [containerReady ? [] : [rctx.cli], helmReady ? [] : ['helm']].flat();
    throw new StepFailure(
      `${rctx.registry.host} requires a login, and ${missing.join(' and ')} ` +
        `${missing.length > 1 ? 'have' : 'has'} no credentials for it`,
      loginFix(rctx, containerReady ? 'helm' : helmReady ? 'container' : 'both'),
    );
  },
};
