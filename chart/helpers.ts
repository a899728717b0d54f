/** The chart's named helpers (_helpers.tpl): helm create's, plus names and images of the two workloads. */
import { Expr, HelperBody, Ref, standardHelpers, tpl } from 'cdk8s-helm';

const { concat, ifElse, include, lit } = tpl;
import type { TodoAppValues } from './values';

/** The API only OpenShift serves (Bitnami's common.compatibility.isOpenshift asks for it). */
export const OPENSHIFT_SECURITY_API = 'security.openshift.io/v1';

type Helper = { body: HelperBody; description: string };

export function todoAppHelpers(values: Ref<TodoAppValues>): Record<string, Helper> {
  const standard = standardHelpers({
    nameOverride: values.nameOverride,
    fullnameOverride: values.fullnameOverride,
    commonLabels: values.commonLabels,
  });
  const component = (name: string) => tpl.dnsLabel(tpl.printf(`%s-${name}`, include('fullname')));
  return {
    name: { body: standard.name, description: 'The chart name, or nameOverride.' },
    fullname: {
      body: standard.fullname,
      description:
        'Prefix of every object name: fullnameOverride, else the release name when it contains ' +
        'the chart name, else <release>-<chart>; at most 63 characters.',
    },
    chart: { body: standard.chart, description: 'Chart name and version, for the helm.sh/chart label.' },
    namespace: {
      body: tpl.default(tpl.release.namespace, values.namespaceOverride),
      description: 'Namespace of every object: namespaceOverride, else the release namespace.',
    },
    openshiftAdapted: {
      body: ifElse(
        tpl.or(
          tpl.eq(values.global.compatibility.openshift.adaptSecurityContext, lit('force')),
          tpl.and(
            tpl.eq(values.global.compatibility.openshift.adaptSecurityContext, lit('auto')),
            tpl.hasApiVersion(OPENSHIFT_SECURITY_API),
          ),
        ),
        lit('true'),
        lit(''),
      ),
      description:
        '"true" when security contexts leave the uid and gid to OpenShift: adaptSecurityContext force, ' +
        `or auto on a cluster that serves ${OPENSHIFT_SECURITY_API}.`,
    },
    selectorLabels: {
      body: standard.selectorLabels,
      description: 'Labels that select the pods of this release.',
    },
    labels: {
      body: standard.labels,
      description: 'Labels of every object: the selector labels, chart, version, commonLabels.',
    },
    'backend.fullname': { body: component('backend'), description: 'Name of the backend objects.' },
    'frontend.fullname': { body: component('frontend'), description: 'Name of the frontend objects.' },
    'backend.serviceAccountName': {
      body: ifElse(
        values.serviceAccount.create,
        tpl.default(include('backend.fullname'), values.serviceAccount.name),
        tpl.default(lit('default'), values.serviceAccount.name),
      ),
      description:
        "The backend's ServiceAccount: serviceAccount.name, else its own when created, else default.",
    },
    'frontend.serviceAccountName': {
      body: ifElse(values.serviceAccount.create, include('frontend.fullname'), lit('default')),
      description: "The frontend's ServiceAccount: its own when created, else default.",
    },
    'backend.image': {
      body: image(values.global.imageRegistry, values.backend.image),
      description:
        'The backend image: [registry/]repository, then @digest, or :tag (the appVersion when empty).',
    },
    'frontend.image': {
      body: image(values.global.imageRegistry, values.frontend.image),
      description: 'The frontend image, as the backend image.',
    },
  };
}

function image(registry: Expr, values: Ref<TodoAppValues['backend']['image']>): Expr {
  return concat(
    ifElse(registry, concat(registry, lit('/')), lit('')),
    values.repository,
    ifElse(
      values.digest,
      concat(lit('@'), values.digest),
      concat(lit(':'), tpl.default(tpl.chart.appVersion, values.tag)),
    ),
  );
}
