/**
 * The baseline for `npm run bench:synth`: the stock one-Deployment cdk8s app
 * from the cdk8s getting-started guide, using the same Kubernetes bindings.
 */
import { App, Chart } from 'cdk8s';
import { IntOrString, KubeDeployment, KubeService } from '../../imports/k8s';

const app = new App();
const chart = new Chart(app, 'hello');
const labels = { app: 'hello-k8s' };
new KubeService(chart, 'service', {
  spec: {
    type: 'LoadBalancer',
    ports: [{ port: 80, targetPort: IntOrString.fromNumber(8080) }],
    selector: labels,
  },
});
new KubeDeployment(chart, 'deployment', {
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: 'hello-kubernetes',
            image: 'paulbouwer/hello-kubernetes:1.7',
            ports: [{ containerPort: 8080 }],
          },
        ],
      },
    },
  },
});
app.synth();
