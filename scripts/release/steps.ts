/** The release, in order. */
import { packageStep, pushChartStep, refreshLastReleaseStep, synthesizeAndGuardStep } from './chart-steps';
import { Step } from './context';
import { buildStep, pushImagesStep } from './image-steps';
import { registryStep, toolsStep } from './preflight-steps';
import { sbomStep } from './sbom';
import {
  attestSbomsStep,
  signChartStep,
  signImagesStep,
  signingPreflightStep,
  verifyStep,
} from './signing-steps';

export const STEPS: Step[] = [
  toolsStep,
  signingPreflightStep,
  registryStep,
  synthesizeAndGuardStep,
  buildStep,
  pushImagesStep,
  sbomStep,
  signImagesStep,
  attestSbomsStep,
  packageStep,
  pushChartStep,
  signChartStep,
  verifyStep,
  refreshLastReleaseStep,
];
