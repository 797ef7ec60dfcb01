import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config';

// deploy/kubernetes/ against the Kubernetes v1.30 schemas (strict: unknown fields fail), and
// against what the gateway itself expects of its settings and its stop.
const root = join(__dirname, '..', '..');
const manifests = join(root, 'deploy', 'kubernetes');
const schemas = join(root, 'test', 'fixtures', 'kubernetes-schemas');
const SCHEMA_FILES: Readonly<Record<string, string>> = {
  'apps/v1 Deployment': 'deployment-apps-v1.json',
  'v1 Service': 'service-v1.json',
  'v1 ConfigMap': 'configmap-v1.json',
  'policy/v1 PodDisruptionBudget': 'poddisruptionbudget-policy-v1.json',
  'autoscaling/v2 HorizontalPodAutoscaler': 'horizontalpodautoscaler-autoscaling-v2.json',
};

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

interface Container {
  image: string;
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }[];
  resources: { limits: { memory: string } };
  lifecycle: { preStop: { sleep: { seconds: number } } };
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  securityContext: Record<string, unknown>;
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    terminationGracePeriodSeconds: number;
    securityContext: Record<string, unknown>;
    containers: Container[];
  };
}

// Keywords such as x-kubernetes-list-type and formats such as int-or-string are not JSON
// Schema's: ignored, as kubeconform does.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

function validatorFor(object: KubernetesObject): ValidateFunction {
  const key = `${object.apiVersion} ${object.kind}`;
  const file = SCHEMA_FILES[key];
  if (!file) throw new Error(`no schema for ${key}`);
  let validate = validators.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(schemas, file), 'utf8')) as object);
    validators.set(file, validate);
  }
  return validate;
}

function problems(object: KubernetesObject): string[] {
  const validate = validatorFor(object);
  if (validate(object)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

function load(file: string): KubernetesObject {
  return parse(readFileSync(join(manifests, file), 'utf8')) as KubernetesObject;
}

const kustomization = parse(readFileSync(join(manifests, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
  images: { name: string }[];
};
const objects = kustomization.resources.map(load);

function find(kind: string): KubernetesObject {
  const object = objects.find((candidate) => candidate.kind === kind);
  if (!object) throw new Error(`no ${kind} in kustomization.yaml`);
  return object;
}

const deployment = find('Deployment');
const template = (deployment.spec as { template: PodTemplate }).template;
const container = template.spec.containers[0] as Container;
const configMap = find('ConfigMap');

describe('Kubernetes manifests', () => {
  it('lists every manifest of deploy/kubernetes in kustomization.yaml', () => {
    const files = readdirSync(manifests).filter(
      (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    // The image is named once, in kustomization.yaml.
    expect(kustomization.images.map((image) => image.name)).toEqual([container.image]);
  });

  it.each(kustomization.resources)('%s validates against the Kubernetes 1.30 schema', (file) => {
    expect(problems(load(file))).toEqual([]);
  });

  it('fails a misspelt field (the schemas are strict)', () => {
    const typo = structuredClone(deployment) as unknown as {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    const broken = typo.spec.template.spec.containers[0] ?? {};
    broken['readynessProbe'] = broken['readinessProbe'];
    delete broken['readinessProbe'];
    expect(problems(typo as unknown as KubernetesObject).join('\n')).toContain(
      '"additionalProperty":"readynessProbe"',
    );

    const wrongType = structuredClone(deployment) as unknown as { spec: Record<string, unknown> };
    wrongType.spec['replicas'] = 'two';
    expect(problems(wrongType as unknown as KubernetesObject).join('\n')).toContain(
      '/spec/replicas must be integer',
    );
  });

  it('gives the gateway a production configuration it accepts', () => {
    const secrets = Object.fromEntries(
      container.env
        .filter((variable) => variable.valueFrom?.secretKeyRef)
        .map((variable) => [variable.name, 'eu2zvPjhY6odxV34Z/EsRiERvTodkev4Fq0SlK90Izg=']),
    );
    expect(Object.keys(secrets).sort()).toEqual([
      'ROUTER_SECRET',
      'UPSTREAM_API_KEY',
      'WEBHOOK_PUBLIC_KEY',
    ]);
    const config = loadConfig({ ...configMap.data, ...secrets });
    expect(config).toMatchObject({
      production: true,
      metricsPort: 9464,
      redis: { kind: 'single', url: expect.any(URL) },
    });
    expect(config.auth).not.toBeNull();
    expect(config.subscriptionsMaxConnections).toBeLessThan(config.httpMaxConnections);
  });

  it('stops gracefully: the grace period covers the preStop pause and the drain', () => {
    const drainSeconds = Number(configMap.data?.['SHUTDOWN_GRACE_MS']) / 1000;
    const pauseSeconds = container.lifecycle.preStop.sleep.seconds;
    expect(pauseSeconds).toBeGreaterThanOrEqual(3);
    expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      pauseSeconds + drainSeconds,
    );
  });

  it('probes the health routes and runs non-root, read-only, without privilege', () => {
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('caps the heap below the memory limit', () => {
    const heap = /--max-old-space-size=(\d+)/.exec(
      container.env.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '',
    );
    const limit = /^(\d+)Mi$/.exec(container.resources.limits.memory);
    expect(heap && limit).toBeTruthy();
    // Room beside the old generation: young generation, code, buffers (bench: ~70 MiB idle).
    expect(Number(limit?.[1]) - Number(heap?.[1])).toBeGreaterThanOrEqual(96);
  });

  it('selects the Deployment’s pods from the Service, the budget and the autoscaler', () => {
    const podLabels = template.metadata.labels;
    const selectors = [
      (find('Service').spec as { selector: Record<string, string> }).selector,
      (find('PodDisruptionBudget').spec as { selector: { matchLabels: Record<string, string> } })
        .selector.matchLabels,
      (deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector
        .matchLabels,
    ];
    for (const selector of selectors) expect(podLabels).toMatchObject(selector);
    expect(find('HorizontalPodAutoscaler').spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: deployment.metadata.name },
    });
  });
});
