/** Unit tests of DataVolumeClaim and HttpCheckPod: props in, Kubernetes objects out, as a cdk8s user would use them. */
import { DataVolumeClaim, HttpCheckPod } from '../../../constructs';
import { newChart, labels, objectsOf } from '../support/constructs';

describe('DataVolumeClaim and HttpCheckPod', () => {
  test('a ReadWriteOnce claim of the given size and class', () => {
    const chart = newChart();
    new DataVolumeClaim(chart, 'Data', {
      name: 'api-data',
      labels: labels('api'),
      size: '2Gi',
      storageClass: 'fast',
    });
    expect(objectsOf(chart)[0]).toMatchObject({
      kind: 'PersistentVolumeClaim',
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'fast',
        resources: { requests: { storage: '2Gi' } },
      },
    });
  });

  test('a check pod that runs node against one URL and never restarts', () => {
    const chart = newChart();
    new HttpCheckPod(chart, 'Check', {
      name: 'check',
      labels: labels('test'),
      image: 'node:24',
      url: 'http://api:8000/ready',
    });
    const pod = objectsOf(chart)[0];
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.containers[0].command).toEqual([
      'node',
      '-e',
      expect.stringContaining('fetch(url'),
      'http://api:8000/ready',
    ]);
    expect(pod.spec.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
  });
});
