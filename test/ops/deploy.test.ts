import t from 'tap'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { Service } from 'kubernetes-models/v1/Service'

// kubernetes-models' objects check themselves against the Kubernetes OpenAPI schemas.
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'v1 Service': Service,
}

const read = (file: string) => readFileSync(new URL(`../../deploy/${file}`, import.meta.url), 'utf8')
/** The manifest with its commented-out lines (`#~ `) in: what an operator gets by uncommenting them. */
const uncommented = (text: string) => text.replace(/^(\s*)#~ /gm, '$1')

function validate(text: string) {
  const manifest = parse(text)
  const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`]
  if (!Model) throw new Error(`no model for ${manifest.apiVersion} ${manifest.kind}`)
  new Model(manifest).validate()
  return manifest
}

t.test('every manifest of deploy/ holds to its Kubernetes schema, commented lines in or out', async (t) => {
  const { resources } = parse(read('kustomization.yaml')) as { resources: string[] }
  t.same(resources, ['deployment.yaml', 'service.yaml', 'hpa.yaml', 'pdb.yaml', 'networkpolicy.yaml'])
  for (const file of resources) {
    t.doesNotThrow(() => validate(read(file)), file)
    t.doesNotThrow(() => validate(uncommented(read(file))), `${file}, uncommented`)
  }
  t.throws(() => validate('apiVersion: v1\nkind: Service\nspec:\n  ports: 80\n'), 'a wrong manifest is refused')
  t.throws(() => validate('apiVersion: v1\nkind: Secret\n'), /no model for v1 Secret/)
})

t.test('the API keys: a read-only Secret named by API_KEYS_FILE, once uncommented', async (t) => {
  const plain = validate(read('deployment.yaml'))
  t.notMatch(JSON.stringify(plain), 'API_KEYS_FILE', 'off by default: the service is open')
  const keyed = validate(uncommented(read('deployment.yaml')))
  const [container] = keyed.spec.template.spec.containers
  t.match(container.env, [{}, {}, {}, {}, { name: 'API_KEYS_FILE', value: '/etc/performance-scoring/api-keys' }])
  t.same(container.volumeMounts, [{ name: 'api-keys', mountPath: '/etc/performance-scoring', readOnly: true }])
  t.match(keyed.spec.template.spec.volumes, [{ name: 'api-keys', secret: { secretName: 'performance-scoring-api-keys' } }])
})

t.test('the NetworkPolicy admits only the gateway and Prometheus, to the service port', async (t) => {
  const policy = validate(read('networkpolicy.yaml'))
  t.same(policy.spec.policyTypes, ['Ingress'])
  t.same(policy.spec.podSelector.matchLabels, validate(read('service.yaml')).spec.selector, "the Service's pods")
  t.same(policy.spec.ingress.length, 1)
  t.same(policy.spec.ingress[0].ports, [{ protocol: 'TCP', port: 'http' }])
  t.same(policy.spec.ingress[0].from.map((peer: any) => peer.namespaceSelector.matchLabels), [
    { 'kubernetes.io/metadata.name': 'gateway' },
    { 'kubernetes.io/metadata.name': 'monitoring' },
  ])
  const port = validate(read('deployment.yaml')).spec.template.spec.containers[0].ports[0]
  t.same(port, { name: 'http', containerPort: 3000 }, 'the port named http is the service port')
})
