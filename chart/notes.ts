/** templates/NOTES.txt: what to do right after `helm install`. */
import { CHART } from './metadata';

export interface NotesInput {
  /** Secret keys with what each holds. */
  readonly secretKeys: Record<string, { optional?: boolean; description: string }>;
}

const frontend = `{{ include "${CHART.name}.frontend.fullname" . }}`;

export function notesTxt(input: NotesInput): string {
  const literals = Object.entries(input.secretKeys)
    .map(
      ([key, spec]) =>
        `     --from-literal=${key}='<${spec.description.split(';')[0].toLowerCase()}${spec.optional ? ', may be empty' : ''}>'`,
    )
    .join(' \\\n');
  return `Todo AI Chatbot {{ .Chart.AppVersion }} is installed: release {{ .Release.Name }}, namespace {{ .Release.Namespace }}.

1. Credentials. The backend reads them from the Secret "{{ .Values.secrets.name }}"; its pods
   wait (CreateContainerConfigError) until it exists. Values never go into the chart:

   kubectl create secret generic {{ .Values.secrets.name }} -n {{ .Release.Namespace }} \\
${literals}

   (JWT_SECRET: e.g. "$(openssl rand -hex 32)". An empty DATABASE_URL uses the embedded
   database, which lives in the pod and is lost when it restarts.)

2. Open the app.
{{- if .Values.ingress.enabled }}
   Ingress:      http{{ if .Values.ingress.tls }}s{{ end }}://{{ .Values.ingress.host }}/
                 (minikube: \`minikube addons enable ingress\`, then add
                  "$(minikube ip) {{ .Values.ingress.host }}" to /etc/hosts)
{{- end }}
{{- if eq .Values.frontend.service.type "NodePort" }}
   NodePort:     minikube service ${frontend} -n {{ .Release.Namespace }} --url
{{- end }}
   Port-forward: kubectl port-forward -n {{ .Release.Namespace }} svc/${frontend} 3000:{{ .Values.frontend.service.port }}
                 then open http://localhost:3000

3. Check it.
   kubectl get pods -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }}
   From a clone of the repository, \`npm run doctor\` explains what is wrong and how to fix it.
`;
}
