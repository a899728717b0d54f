/**
 * cdk8s-helm: any cdk8s chart plus a typed values model → a Helm chart whose
 * templates equal the chart's own synthesis for every value set. See README.md.
 */
export { defineHelmChart, HelmChart, ConstructValidationError } from './chart';
export type { ChartFiles, HelmChartDefinition, ManifestOptions, ReleaseTarget } from './chart';
export type { Helm, ReleaseInfo, ChartInfo } from './context';
export { ValuesConflictError } from './context';
export type { Expr } from './expr';
export { mapHelper, standardHelpers, tpl } from './helpers';
export type { HelperBody, MapEntry, MapHelper, NamedHelper, NamedHelpers, Ref } from './helpers';
export type { ChartMetadata } from './files/chart-yaml';
export type { ReadmePart, ReadmeSection } from './files/readme';
export { ArithmeticOnPlaceholderError } from './tokens';
export { InvalidValuesError } from './values-input';
export type { ValueSources } from './values-input';
export { formatReport, verifyChart } from './verify';
export type { CaseOutcome, CaseResult, ValueSet, VerifyOptions, VerifyReport } from './verify';
export { findHelm, HelmNotFoundError } from './helm-binary';
