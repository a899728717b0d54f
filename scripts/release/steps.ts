/** The release, in order. */
import { packageStep, pushChartStep, refreshLastReleaseStep, synthesizeAndGuardStep } from './chart-steps';
import { Step } from './context';
import { buildStep, pushImagesStep } from './image-steps';
import { registryStep, toolsStep } from './preflight-steps';

export const STEPS: Step[] = [
  toolsStep,
  registryStep,
  synthesizeAndGuardStep,
  buildStep,
  pushImagesStep,
  packageStep,
  pushChartStep,
  refreshLastReleaseStep,
];
