/** Small type guards for parsed JSON and YAML (one definition, in the chart bridge). */
export { isPlainObject } from '../../cdk8s-helm';
