/**
 * Steps that make the released chart: synthesized into a temporary directory (dist/
 * is never touched), checked by the upgrade guard, pinned to the pushed digests,
 * packaged, pushed, and kept as the next release's upgrade baseline.
 */
import { join } from 'node:path';
import { run } from '../lib/run';
import { outputOf, registryContext, ReleaseContext, relative, Step } from './context';
import { must, StepFailure } from '../lib/steps';
import { findLastRelease, refreshLastRelease } from './last-release';
import { pushFailure } from './registry-errors';
import { chartReference, chartRepository, IMAGE_NAMES } from './registry-ref';
import {
  chartDir,
  chartValues,
  Digests,
  packageArgs,
  packagedChart,
  pinnedImageForms,
  pushChartArgs,
  synthArgs,
  synthesizeChart,
} from './release-chart';
import { reportedDigest } from '../lib/helm-oci';
import { RenderError } from '../lib/helm-template';
import { checkUpgrade, describeFindings, renderChart, renderedImages } from './upgrade-guard';

/** --sign-key and --sign-key-url for the synthesis: Chart.yaml's artifacthub.io/signKey. */
function signKeyArgs(ctx: ReleaseContext, publicKey = ctx.publicKey?.file): string[] {
  const url = ctx.options.signing?.keyUrl;
  return url && publicKey ? ['--sign-key', publicKey, '--sign-key-url', url] : [];
}

function synthesize(ctx: ReleaseContext, name: string, digests: Digests, extra: string[] = []): string {
  const out = join(ctx.workDir, name);
  must(
    synthesizeChart(out, ctx.options.version, chartValues(ctx.options.registry, digests), extra),
    'the chart synthesis failed',
    'npm run synth   # shows the same error; fix the values model or the constructs it names',
  );
  return chartDir(out);
}

/** The upgrade guard; a chart that does not render is a failure of this step too. */
function guard(last: string, chart: string) {
  try {
    return checkUpgrade(last, chart);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    throw new StepFailure(error.message, `helm lint ${relative(last)} && helm lint ${chart}`);
  }
}

export const synthesizeAndGuardStep: Step = {
  name: 'Chart: synthesize for the registry, check the upgrade from the last release',
  plan: (ctx) => {
    const last = findLastRelease(ctx.lastReleaseDir);
    const values = chartValues(ctx.options.registry);
    return [
      `tsx ${synthArgs('TMP', ctx.options.version, values).map(relative).join(' ')}`,
      last
        ? `upgrade guard: TMP/helm/todo-app against ${relative(last)} (no immutable field may change)`
        : `upgrade guard: skipped, no last release in ${relative(ctx.lastReleaseDir)}`,
    ];
  },
  run(ctx) {
    const chart = synthesize(ctx, 'check', {});
    const last = findLastRelease(ctx.lastReleaseDir);
    if (!last) {
      ctx.warnings.push(
        `no last release in ${relative(ctx.lastReleaseDir)}: nothing to check upgrades against`,
      );
      return 'synthesized';
    }
    const findings = describeFindings(guard(last, chart));
    if (findings.length)
      throw new StepFailure(
        `this chart cannot upgrade an install of ${relative(last)}; helm upgrade would fail on:\n  ` +
          findings.join('\n  '),
        'keep those fields as they were in constructs/ (then npm run synth): Kubernetes cannot change them in place',
      );
    return `synthesized; upgrades ${relative(last)} cleanly`;
  },
};

export const packageStep: Step = {
  name: 'Chart: record the digests, package',
  plan: (ctx) => [
    'the same synthesis plus backend.image.digest=sha256:… and frontend.image.digest=sha256:…' +
      (signKeyArgs(ctx, 'TMP/cosign.pub').length ? ` ${signKeyArgs(ctx, 'TMP/cosign.pub').join(' ')}` : ''),
    `helm ${packageArgs('TMP/helm/todo-app', ctx.options.version, 'TMP').join(' ')}`,
    'check: helm template of the package runs both images by registry and digest',
  ],
  run(ctx) {
    const chart = synthesize(ctx, 'release', ctx.digests, signKeyArgs(ctx));
    must(
      run('helm', packageArgs(chart, ctx.options.version, ctx.workDir)),
      'helm package failed',
      `helm lint ${chart}`,
    );
    ctx.packaged = packagedChart(ctx.workDir, ctx.options.version);
    const images = renderChart(ctx.packaged).flatMap(renderedImages);
    const { registry, version } = ctx.options;
    const unpinned = IMAGE_NAMES.filter((image) =>
      pinnedImageForms(registry, image, version, ctx.digests[image]!).every((form) => !images.includes(form)),
    );
    if (unpinned.length)
      throw new StepFailure(
        `the packaged chart does not pin ${unpinned.join(' and ')} by digest (it renders ${images.join(', ')})`,
        'the chart must honour global.imageRegistry and <component>.image.digest (see chart/values.ts)',
      );
    return `todo-app-${ctx.options.version}.tgz`;
  },
};

export const pushChartStep: Step = {
  name: 'Chart: push',
  plan: (ctx) => {
    const args = pushChartArgs(
      `TMP/todo-app-${ctx.options.version}.tgz`,
      chartRepository(ctx.options.registry),
      ctx.options.plainHttp,
    );
    return [`helm ${args.join(' ')}`];
  },
  run(ctx) {
    const args = pushChartArgs(ctx.packaged!, chartRepository(ctx.options.registry), ctx.options.plainHttp);
    const result = run('helm', args, { timeoutMs: 10 * 60000 });
    if (result.status !== 0)
      throw pushFailure(
        'helm push',
        outputOf(result),
        registryContext(ctx),
        'helm',
        `helm ${args.join(' ')} --debug`,
      );
    ctx.chartDigest = reportedDigest(outputOf(result));
    const pushed = `${chartReference(ctx.options.registry)}:${ctx.options.version}`;
    // The signature is made on the digest: without one there is nothing to sign.
    if (!ctx.chartDigest && ctx.options.signing)
      throw new StepFailure(`helm pushed ${pushed} but reported no digest`, `helm ${args.join(' ')} --debug`);
    return ctx.chartDigest ? `${pushed} @ ${ctx.chartDigest.slice(0, 19)}…` : pushed;
  },
};

export const refreshLastReleaseStep: Step = {
  name: 'Last release: refresh the upgrade guard baseline',
  plan: (ctx) => [
    `copy todo-app-${ctx.options.version}.tgz into ${relative(ctx.lastReleaseDir)}/, replacing the previous one`,
  ],
  run(ctx) {
    return `${relative(refreshLastRelease(ctx.packaged!, ctx.lastReleaseDir))} (commit it)`;
  },
};
