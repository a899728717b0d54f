/** Chart.yaml. */
import { stringify } from 'yaml';
import { YAML_1_1 } from '../yaml11';

export interface ChartMetadata {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  readonly description: string;
  /** e.g. `>=1.25.0-0` */
  readonly kubeVersion?: string;
  readonly keywords?: readonly string[];
  readonly home?: string;
  readonly sources?: readonly string[];
  /** Who maintains the chart (chart-testing and Artifact Hub want at least one). */
  readonly maintainers?: readonly { readonly name: string; readonly email?: string; readonly url?: string }[];
  /** Chart.yaml annotations, e.g. `artifacthub.io/license`. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export function chartYaml(chart: ChartMetadata, generatedBy: string): string {
  const document = {
    apiVersion: 'v2',
    name: chart.name,
    description: chart.description,
    type: 'application',
    version: chart.version,
    appVersion: chart.appVersion,
    ...(chart.kubeVersion ? { kubeVersion: chart.kubeVersion } : {}),
    ...(chart.keywords ? { keywords: [...chart.keywords] } : {}),
    ...(chart.home ? { home: chart.home } : {}),
    ...(chart.sources ? { sources: [...chart.sources] } : {}),
    ...(chart.maintainers ? { maintainers: chart.maintainers.map((m) => ({ ...m })) } : {}),
    ...(chart.annotations ? { annotations: { ...chart.annotations } } : {}),
  };
  return `# ${generatedBy}\n${stringify(document, { lineWidth: 0, ...YAML_1_1 })}`;
}
