/** Steps that build the images with the project's build script and push them by version. */
import { join } from 'node:path';
import { run } from '../lib/run';
import { pushArgs, pushImage, tagArgs } from './container-cli';
import { cliName, outputOf, registryContext, relative, Step } from './context';
import { must, StepFailure } from '../lib/steps';
import { REPO_ROOT } from '../lib/paths';
import { pushFailure } from './registry-errors';
import { IMAGE_NAMES, localImage, remoteImage } from './registry-ref';

const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'images', 'build-images.sh');

/** The build script tags todo-NAME:$IMAGE_TAG with the CLI it is given; NODE_IMAGE (a base image) passes through. */
const buildEnv = (version: string, cli: string) => [
  `IMAGE_TAG=${version}`,
  `CONTAINER_CLI=${cli}`,
  ...(process.env.NODE_IMAGE ? [`NODE_IMAGE=${process.env.NODE_IMAGE}`] : []),
];

export const buildStep: Step = {
  name: 'Images: build',
  plan: (ctx) => [`${buildEnv(ctx.options.version, cliName(ctx)).join(' ')} bash ${relative(BUILD_SCRIPT)}`],
  run(ctx) {
    must(
      run('env', [...buildEnv(ctx.options.version, cliName(ctx)), 'bash', BUILD_SCRIPT], {
        timeoutMs: 30 * 60000,
      }),
      'the image build failed',
      `IMAGE_TAG=${ctx.options.version} npm run images   # shows the whole build output`,
    );
    return IMAGE_NAMES.map((image) => localImage(image, ctx.options.version)).join(', ');
  },
};

export const pushImagesStep: Step = {
  name: 'Images: tag and push, record the digests',
  plan: (ctx) =>
    IMAGE_NAMES.flatMap((image) => {
      const remote = remoteImage(ctx.options.registry, image, ctx.options.version);
      const cli = cliName(ctx);
      return [
        `${cli} ${tagArgs(localImage(image, ctx.options.version), remote).join(' ')}`,
        `${cli} ${pushArgs(cli, remote, ctx.options.plainHttp).join(' ')}   # records the pushed digest`,
      ];
    }),
  run(ctx) {
    const rctx = registryContext(ctx);
    const { cli } = rctx;
    for (const image of IMAGE_NAMES) {
      const local = localImage(image, ctx.options.version);
      const remote = remoteImage(ctx.options.registry, image, ctx.options.version);
      must(
        run(cli, tagArgs(local, remote)),
        `cannot tag ${remote}`,
        `${cli} images   # the build makes ${local}`,
      );
      const pushed = pushImage(cli, remote, ctx.options.plainHttp);
      if (pushed.result.status !== 0)
        throw pushFailure(
          `${cli} push ${remote}`,
          outputOf(pushed.result),
          rctx,
          'container',
          `${cli} push ${remote}`,
        );
      if (!pushed.digest)
        throw new StepFailure(
          `${cli} pushed ${remote} but reported no digest`,
          `${cli} image inspect ${remote}   # its RepoDigests should list the pushed digest`,
        );
      ctx.digests[image] = pushed.digest;
    }
    return IMAGE_NAMES.map((image) => `${image}@${ctx.digests[image]?.slice(0, 19)}…`).join(', ');
  },
};
