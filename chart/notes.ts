/** templates/NOTES.txt: what to do right after `helm install`. */
import { BACKEND_SECRETS } from '../constructs/todo-backend';
import { CHART_NAME } from './metadata';

const frontend = `{{ include "${CHART_NAME}.frontend.fullname" . }}`;

const secretLiterals = Object.entries(BACKEND_SECRETS)
  .map(([key, spec]) => {
    const what = spec.description.split(';')[0].toLowerCase();
    return `     --from-literal=${key}='<${what}${spec.optional ? ', may be empty' : ''}>'`;
  })
  .join(' \\\n');

const where = 'release {{ .Release.Name }}, namespace {{ .Release.Namespace }}';
const portForward =
  `kubectl port-forward -n {{ .Release.Namespace }} svc/${frontend} ` +
  '3000:{{ .Values.frontend.service.port }}';

export const NOTES = `Todo AI Chatbot {{ .Chart.AppVersion }} is installed: ${where}.

1. Credentials. The backend reads them from the Secret "{{ .Values.secrets.name }}"; its pods
   wait (CreateContainerConfigError) until it exists. Values never go into the chart:

   kubectl create secret generic {{ .Values.secrets.name }} -n {{ .Release.Namespace }} \\
${secretLiterals}

   (JWT_SECRET: e.g. "$(openssl rand -hex 32)".)
{{- if .Values.database.external }}
   DATABASE_URL is required: database.external is true.
{{- else if .Values.persistence.enabled }}
   Data: an embedded database on the PersistentVolumeClaim {{ include "${CHART_NAME}.backend.fullname" . }},
   kept across restarts and upgrades (and after uninstall: delete the claim yourself).
{{- else }}
   Data: an embedded database on an emptyDir. It is LOST whenever the backend pod is
   replaced. Set persistence.enabled=true, or database.external=true with DATABASE_URL.
{{- end }}

2. Open the app.
{{- if .Values.ingress.enabled }}
   Ingress:      http{{ if .Values.ingress.tls }}s{{ end }}://{{ .Values.ingress.host }}/
                 (minikube: \`minikube addons enable ingress\`, then add
                  "<minikube ip> {{ .Values.ingress.host }}" to /etc/hosts)
{{- end }}
{{- if eq .Values.frontend.service.type "NodePort" }}
   NodePort:     minikube service ${frontend} -n {{ .Release.Namespace }} --url
{{- end }}
   Port-forward: ${portForward}
                 then open http://localhost:3000

3. Check it.
   helm test {{ .Release.Name }} -n {{ .Release.Namespace }}
   kubectl get pods -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }}
   From a clone of the repository, \`npm run doctor\` explains what is wrong and how to fix it.
`;
