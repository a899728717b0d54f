/**
 * A cdk8s chart plus a typed values model, rendered two ways from one build
 * function: plain manifests for given values, and a Helm chart whose templates
 * make the same decisions at install time.
 */
import type { Static, TObject } from '@sinclair/typebox';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Check, ConcreteHelm, Helm, TemplateHelm } from './context';
import { TemplateEmitter } from './emitter';
import { Builtin, Expr, goText, Json } from './expr';
import { ChartMetadata, chartYaml } from './files/chart-yaml';
import { chartReadme, ReadmePart } from './files/readme';
import { valuesYaml } from './files/values-yaml';
import { ResolvedValues } from './graft';
import {
  HelperBody,
  helperEvaluator,
  helpersTpl,
  NamedHelpers,
  namedHelpers,
  Ref,
  valueRefs,
} from './helpers';
import { writeChartDirectory } from './write';
import { TokenRegistry } from './tokens';
import { mergeValues, ValueSources, ValuesValidator } from './values-input';
import { defaultsOf, forEachLeaf, valuesJsonSchema } from './values-schema';

export interface HelmChartDefinition<S extends TObject> {
  readonly chart: ChartMetadata;
  /**
   * Chart.yaml annotations that depend on the default values, e.g. `artifacthub.io/images`;
   * `include` evaluates a helper with those values.
   */
  readonly chartAnnotations?: (
    values: Static<S>,
    include: (helper: string) => string,
  ) => Record<string, string>;
  /** The values model (TypeBox): type, defaults, values.yaml, values.schema.json, README table. */
  readonly values: S;
  /** Builds the objects. Runs once per rendering; decisions go through `helm`. */
  readonly build: (scope: Chart, helm: Helm<Static<S>>) => void;
  /**
   * Named helpers for _helpers.tpl (and the plain manifests): a body, or a body with a one-line
   * description. `standardHelpers(...)` can be returned as it is, or spread into the result.
   */
  readonly helpers?: (values: Ref<Static<S>>) => NamedHelpers;
  /** templates/NOTES.txt, a Go template. */
  readonly notes?: string;
  /** Header comment of values.yaml. */
  readonly valuesHeader?: string;
  readonly readme?: { readonly intro: string; readonly parts: readonly ReadmePart[] };
  /** Files that are copied into the chart as they are (e.g. `.helmignore`). */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /**
   * The helper that names the namespace of every object, e.g. one that reads `namespaceOverride`.
   * @default - the release namespace
   */
  readonly namespaceHelper?: string;
  /**
   * What `.Release.Service` (the managed-by label) says in the plain manifests. The default is what
   * Helm says, so the manifests equal `helm template`. @default 'Helm'
   */
  readonly manifestsManagedBy?: string;
}

export interface ReleaseTarget {
  readonly name: string;
  readonly namespace: string;
}

export interface ManifestOptions {
  /** Add the Namespace object (Helm makes it with --create-namespace). @default false */
  readonly createNamespace?: boolean;
  /** Include Helm hooks such as `helm test` pods, as `helm template` does. @default false */
  readonly hooks?: boolean;
  /**
   * API versions the target cluster serves beyond Kubernetes' own, as `helm template --api-versions`
   * takes them (e.g. `monitoring.coreos.com/v1`, `security.openshift.io/v1`). @default - none
   */
  readonly apiVersions?: readonly string[];
}

/** Path inside the chart directory → file content. */
export type ChartFiles = Record<string, string>;

export class HelmChart<S extends TObject> {
  private validator?: ValuesValidator<Static<S>>;
  private namedHelpers?: Record<string, { body: HelperBody; description?: string }>;

  constructor(public readonly definition: HelmChartDefinition<S>) {}

  public get name(): string {
    return this.definition.chart.name;
  }

  /** The same chart with another version and appVersion (a release sets both). */
  public withVersion(version: string): HelmChart<S> {
    return new HelmChart({
      ...this.definition,
      chart: { ...this.definition.chart, version, appVersion: version },
    });
  }

  /** The defaults, freshly copied. */
  public defaults(): Static<S> {
    return defaultsOf<Static<S>>(this.definition.values);
  }

  /** values.schema.json as an object; `defaults` become each key's `default`. */
  public jsonSchema(defaults: Static<S> = this.defaults()) {
    return valuesJsonSchema(this.definition.values, defaults, `${this.name} chart values`);
  }

  /** The path of every value of the model (`['web', 'image', 'tag']`), in declaration order. */
  public valuePaths(): string[][] {
    const paths: string[][] = [];
    forEachLeaf(this.definition.values, (path) => paths.push(path));
    return paths;
  }

  /** Defaults, then files, then --set, validated. Throws InvalidValuesError. */
  public resolveValues(sources: ValueSources = {}): Static<S> {
    return this.validate(mergeValues(this.defaults(), sources));
  }

  public validate(values: unknown): Static<S> {
    this.validator ??= new ValuesValidator<Static<S>>(this.definition.values, this.jsonSchema());
    return this.validator.validate(values);
  }

  /** The plain objects for one release, as `helm template` renders them for these values. */
  public manifestObjects(
    values: Static<S>,
    release: ReleaseTarget,
    options: ManifestOptions = {},
  ): Record<string, Json>[] {
    const context = this.evalContext(values, release, options.apiVersions ?? []);
    const helm = new ConcreteHelm(values, context);
    const namespaceName = this.namespaceOf(helm) ?? release.namespace;
    const { chart, resolved } = this.synthesize(namespaceName, helm);
    helm.assertConsistent();
    runValidations(chart);
    const objects = [...apiObjects(chart).map((object) => resolved.toJson(object)), ...helm.extras].filter(
      (o) => options.hooks || !isHook(o),
    );
    if (!options.createNamespace) return objects;
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceName } };
    return [namespace, ...objects];
  }

  /** The plain manifests as one multi-document YAML file. */
  public manifests(values: Static<S>, release: ReleaseTarget, options: ManifestOptions = {}): string {
    const emitter = new TemplateEmitter(this.name);
    return this.manifestObjects(values, release, options)
      .map((object) => emitter.object(object))
      .join('---\n');
  }

  /** Every file of the chart; `defaults` are the values.yaml defaults (the model's unless given). */
  public files(defaults: Static<S> = this.defaults()): ChartFiles {
    const tokens = new TokenRegistry();
    const helm = new TemplateHelm<Static<S>>(this.definition.values, tokens);
    const { chart, resolved } = this.synthesize(
      this.namespaceOf(helm) ?? helm.release.namespace,
      helm,
      tokens,
    );
    const emitter = new TemplateEmitter(this.name, tokens);
    const templates: ChartFiles = {};
    for (const object of apiObjects(chart)) {
      const json = resolved.toJson(object);
      let file = `templates/${templateFileName(object, json)}`;
      // Objects of one kind without a component label: named after their construct.
      if (file in templates) file = file.replace(/([^/]+)\.yaml$/, `${kebab(constructId(object))}-$1.yaml`);
      if (file in templates) throw new Error(`two objects would share ${file}: ${object.node.path}`);
      templates[file] = emitter.object(json);
    }
    const unused = helm.whens.filter((w) => !emitter.objectGuardsWritten.has(w.guard.id));
    if (unused.length > 0) {
      const where = unused.map((w) => w.callSite).join(', ');
      throw new Error(`when(): no object was built from the value given at ${where}`);
    }
    if (helm.checks.length > 0) templates['templates/validate.yaml'] = this.checksTemplate(helm.checks);
    if (helm.extraList) templates['templates/extra-list.yaml'] = this.extraListTemplate(helm.extraList);

    const helpers = this.helpers();
    const readme = this.definition.readme;
    return {
      'Chart.yaml': chartYaml(
        this.chartMetadata(defaults),
        'Generated by cdk8s-helm from the cdk8s app: edit the app, not this file.',
      ),
      'values.yaml': valuesYaml(
        this.definition.values,
        defaults as Record<string, unknown>,
        this.definition.valuesHeader ?? '',
      ),
      'values.schema.json': `${JSON.stringify(this.jsonSchema(defaults), null, 2)}\n`,
      ...(readme
        ? {
            'README.md': chartReadme(
              this.name,
              readme.intro,
              readme.parts,
              this.definition.values,
              defaults as Record<string, unknown>,
            ),
          }
        : {}),
      ...this.definition.extraFiles,
      'templates/_helpers.tpl': helpersTpl(
        this.name,
        Object.fromEntries(Object.entries(helpers).map(([k, h]) => [k, h.body])),
        Object.fromEntries(Object.entries(helpers).map(([k, h]) => [k, h.description ?? ''])),
      ),
      ...(this.definition.notes ? { 'templates/NOTES.txt': this.definition.notes } : {}),
      ...templates,
    };
  }

  /**
   * Writes the chart into `dir` (created if missing), replacing what a previous run wrote there;
   * `defaults` as for `files()`. Refuses a non-empty directory that holds no Chart.yaml.
   */
  public writeChart(dir: string, defaults: Static<S> = this.defaults()): ChartFiles {
    const files = this.files(defaults);
    writeChartDirectory(dir, files);
    return files;
  }

  /** The namespace of every object: the `namespaceHelper`'s, when the chart has one. */
  private namespaceOf(helm: Helm<Static<S>>): string | undefined {
    const helper = this.definition.namespaceHelper;
    return helper === undefined ? undefined : helm.include(helper);
  }

  /** What expressions are evaluated against for the plain manifests. */
  private evalContext(values: Static<S>, release: ReleaseTarget, apiVersions: readonly string[] = []) {
    const builtins: Record<Builtin, string> = {
      'Release.Name': release.name,
      'Release.Namespace': release.namespace,
      'Release.Service': this.definition.manifestsManagedBy ?? 'Helm',
      'Chart.Name': this.name,
      'Chart.Version': this.definition.chart.version,
      'Chart.AppVersion': this.definition.chart.appVersion,
    };
    const bodies = Object.fromEntries(Object.entries(this.helpers()).map(([name, h]) => [name, h.body]));
    return helperEvaluator(bodies, { values: values as Json, builtins, apiVersions });
  }

  /** The named helpers: expressions over the model, the same for every rendering, so made once. */
  private helpers(): Record<string, { body: HelperBody; description?: string }> {
    this.namedHelpers ??= namedHelpers(this.definition.helpers?.(valueRefs<Static<S>>()) ?? {});
    return this.namedHelpers;
  }

  private synthesize(
    namespace: string,
    helm: Helm<Static<S>>,
    tokens?: TokenRegistry,
  ): { chart: Chart; resolved: ResolvedValues } {
    const resolved = new ResolvedValues();
    resolved.tokens = tokens;
    const app = new App({ resolvers: [resolved] });
    const chart = new Chart(app, this.name, { namespace, disableResourceNameHashes: true });
    this.definition.build(chart, helm);
    return { chart, resolved };
  }

  private chartMetadata(defaults: Static<S>): ChartMetadata {
    const chart = this.definition.chart;
    if (!this.definition.chartAnnotations) return chart;
    const context = this.evalContext(defaults, { name: chart.name, namespace: 'default' });
    const annotations = this.definition.chartAnnotations(defaults, (helper) =>
      String(context.include(helper)),
    );
    return { ...chart, annotations: { ...chart.annotations, ...annotations } };
  }

  private extraListTemplate(list: Expr): string {
    return [
      '{{- /* Objects given whole in the values, each evaluated as a template so it can use the release names. */ -}}',
      `{{- range ${goText(list, this.name)} }}`,
      '---',
      '{{ tpl (toYaml .) $ }}',
      '{{- end }}',
      '',
    ].join('\n');
  }

  private checksTemplate(checks: Check[]): string {
    const lines = checks.flatMap((check) => [
      `{{- if ${goText(check.condition, this.name)} }}`,
      `{{- fail ${JSON.stringify(check.message)} }}`,
      '{{- end }}',
    ]);
    const comment = '{{- /* Values that contradict each other stop the install here, with the reason. */ -}}';
    return `${comment}\n${lines.join('\n')}\n`;
  }
}

export function defineHelmChart<S extends TObject>(definition: HelmChartDefinition<S>): HelmChart<S> {
  return new HelmChart(definition);
}

/** Constructs check their props with `node.addValidation`; the plain manifests run those checks. */
export class ConstructValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConstructValidationError';
  }
}

function apiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function runValidations(scope: Construct): void {
  const problems = scope.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length > 0) throw new ConstructValidationError(problems);
}

function isHook(object: Record<string, Json>): boolean {
  const annotations = (object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  return annotations?.['helm.sh/hook'] !== undefined;
}

const KIND_FILE_NAMES: Record<string, string> = {
  HorizontalPodAutoscaler: 'hpa',
  PodDisruptionBudget: 'pdb',
  PersistentVolumeClaim: 'pvc',
};

/** `templates/<component>-<kind>.yaml`; helm test hooks go under `tests/`. */
function templateFileName(object: ApiObject, json: Record<string, Json>): string {
  const metadata = (json.metadata ?? {}) as Record<string, Record<string, Json>>;
  const component = metadata.labels?.['app.kubernetes.io/component'];
  const kind = KIND_FILE_NAMES[object.kind] ?? object.kind.toLowerCase();
  const base = typeof component === 'string' && !component.includes('\u00ab') ? `${component}-${kind}` : kind;
  const hook = String(metadata.annotations?.['helm.sh/hook'] ?? '');
  return hook.split(',').includes('test')
    ? `tests/${kebab(object.node.scope?.node.id ?? object.node.id)}.yaml`
    : `${base}.yaml`;
}

/** The id of the construct an object belongs to (cdk8s-plus puts its objects under `Resource`). */
function constructId(object: ApiObject): string {
  return object.node.id === 'Resource' ? (object.node.scope?.node.id ?? object.node.id) : object.node.id;
}

function kebab(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
