import { join } from 'node:path';
import { Document } from 'yaml';
import { ensureDirectory, writeFileAtomic } from '../../fs/safe-write.js';
import type { FalcoCategory } from './categories.js';
import { falcoConfigPriority, type FalcoPriority } from './priority.js';
import { renderFalcoRules, type SensitivityLevel } from './rules.js';

/**
 * Deployment files for running Falco next to CI workloads, written to `<output-dir>/falco/` when
 * `falco-deploy-files` is true. Pure renderers (settings in, text out) plus one writer; the same settings always
 * give byte-identical files (no timestamps, fixed key order).
 *
 *   security-scan-rules.yaml  the CI rules (falco-rules.ts) for the enabled categories and sensitivity
 *   falco-daemonset.yaml      Namespace + ConfigMap (the rules) + DaemonSet, for `kubectl apply -f`
 *   falco-values.yaml         values for the falcosecurity/falco Helm chart
 *   falco-monitoring.json     the falcoMonitoring settings these files were made from
 *
 * The DaemonSet follows the Falco container docs and the chart's pod template: a privileged container running the
 * modern eBPF probe (bundled in the binary: no driver loader), host paths mounted read-only under /host (HOST_ROOT),
 * and the Docker and containerd sockets mounted where the container plugin looks for them (HOST_ROOT + the default
 * socket path) so events carry container and pod metadata.
 */
export const FALCO_IMAGE_REPOSITORY = 'falcosecurity/falco';
export const FALCO_VERSION = '0.44.1';
export const FALCO_IMAGE = `${FALCO_IMAGE_REPOSITORY}:${FALCO_VERSION}`;
/** The falcosecurity/falco chart release that ships Falco 0.44.1. */
export const FALCO_CHART_VERSION = '9.1.0';
export const FALCO_NAMESPACE = 'falco';
export const RULES_FILE = 'security-scan-rules.yaml';

export interface FalcoMonitoring {
  rulesEnabled: readonly FalcoCategory[];
  sensitivityLevel: SensitivityLevel;
  alertThreshold: FalcoPriority;
}

const LABELS = { 'app.kubernetes.io/name': 'falco', 'app.kubernetes.io/part-of': 'security-scan' };

/** `-o key=value` overrides that make Falco write what the `falco-events` input reads. */
export function falcoOutputOptions(m: FalcoMonitoring): string[] {
  return [
    'engine.kind=modern_ebpf',
    'json_output=true',
    'json_include_output_property=true',
    'json_include_tags_property=true',
    'time_format_iso_8601=true',
    `priority=${falcoConfigPriority(m.alertThreshold)}`,
  ];
}

interface HostMount {
  name: string;
  hostPath: string;
  mountPath: string;
  readOnly: boolean;
}

export const HOST_MOUNTS: readonly HostMount[] = [
  { name: 'docker-socket', hostPath: '/var/run/docker.sock', mountPath: '/host/var/run/docker.sock', readOnly: false },
  { name: 'containerd-socket', hostPath: '/run/containerd/containerd.sock', mountPath: '/host/run/containerd/containerd.sock', readOnly: false },
  { name: 'proc-fs', hostPath: '/proc', mountPath: '/host/proc', readOnly: true },
  { name: 'boot-fs', hostPath: '/boot', mountPath: '/host/boot', readOnly: true },
  { name: 'lib-modules', hostPath: '/lib/modules', mountPath: '/host/lib/modules', readOnly: true },
  { name: 'usr-fs', hostPath: '/usr', mountPath: '/host/usr', readOnly: true },
  { name: 'dev-fs', hostPath: '/dev', mountPath: '/host/dev', readOnly: true },
  { name: 'etc-fs', hostPath: '/etc', mountPath: '/host/etc', readOnly: true },
];

function header(m: FalcoMonitoring, what: string): string {
  return [
    ` ${what} — written by security-scan; the action rewrites this file.`,
    ` falcoMonitoring: rulesEnabled=${m.rulesEnabled.join(',')} sensitivityLevel=${m.sensitivityLevel} alertThreshold=${m.alertThreshold}`,
  ].join('\n');
}

function yamlDoc(value: unknown, comment?: string): string {
  const doc = new Document(value);
  if (comment) doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
}

export function renderDaemonSet(m: FalcoMonitoring, rulesText: string): string {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: FALCO_NAMESPACE, labels: LABELS } };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'falco-security-scan-rules', namespace: FALCO_NAMESPACE, labels: LABELS },
    data: { [RULES_FILE]: rulesText },
  };
  const daemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'falco', namespace: FALCO_NAMESPACE, labels: LABELS },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'falco' } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: LABELS },
        spec: {
          tolerations: [
            { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' },
            { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
          ],
          containers: [
            {
              name: 'falco',
              image: FALCO_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args: ['/usr/bin/falco', ...falcoOutputOptions(m).flatMap((o) => ['-o', o])],
              env: [
                { name: 'HOST_ROOT', value: '/host' },
                { name: 'FALCO_HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              ],
              securityContext: { privileged: true },
              resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } },
              volumeMounts: [
                ...HOST_MOUNTS.map((h) => ({ name: h.name, mountPath: h.mountPath, ...(h.readOnly ? { readOnly: true } : {}) })),
                { name: 'security-scan-rules', mountPath: '/etc/falco/rules.d', readOnly: true },
              ],
            },
          ],
          volumes: [
            ...HOST_MOUNTS.map((h) => ({ name: h.name, hostPath: { path: h.hostPath } })),
            { name: 'security-scan-rules', configMap: { name: 'falco-security-scan-rules' } },
          ],
        },
      },
    },
  };
  const intro = header(
    m,
    `Falco ${FALCO_VERSION} DaemonSet. Apply with: kubectl apply -f falco-daemonset.yaml; read events with: kubectl logs -n ${FALCO_NAMESPACE} -l app.kubernetes.io/name=falco`,
  );
  return [yamlDoc(namespace, intro), yamlDoc(configMap), yamlDoc(daemonSet)].join('---\n');
}

export function renderHelmValues(m: FalcoMonitoring, rulesText: string): string {
  const values = {
    image: { registry: 'docker.io', repository: FALCO_IMAGE_REPOSITORY, tag: FALCO_VERSION },
    driver: { enabled: true, kind: 'modern_ebpf' },
    collectors: { containerEngine: { enabled: true } },
    tty: true,
    falcosidekick: { enabled: false },
    customRules: { [RULES_FILE]: rulesText },
    falco: {
      rules_files: ['/etc/falco/falco_rules.yaml', '/etc/falco/falco_rules.local.yaml', '/etc/falco/rules.d'],
      json_output: true,
      json_include_output_property: true,
      json_include_tags_property: true,
      time_format_iso_8601: true,
      priority: falcoConfigPriority(m.alertThreshold),
      stdout_output: { enabled: true },
    },
  };
  return yamlDoc(
    values,
    header(
      m,
      `Values for the falcosecurity/falco chart ${FALCO_CHART_VERSION}. Install with: helm install falco falcosecurity/falco --version ${FALCO_CHART_VERSION} -n ${FALCO_NAMESPACE} --create-namespace -f falco-values.yaml`,
    ),
  );
}

export interface DeployFile {
  name: string;
  content: string;
}

/** Every deployment file, in a fixed order. Pure. */
export function falcoDeployFiles(m: FalcoMonitoring): DeployFile[] {
  const rules = renderFalcoRules(m.rulesEnabled, m.sensitivityLevel);
  const monitoring = {
    // The seed's monitoring config: files are written only when Falco is selected, so it is on.
    enabled: true,
    rulesEnabled: [...m.rulesEnabled],
    sensitivityLevel: m.sensitivityLevel,
    alertThreshold: m.alertThreshold,
    image: FALCO_IMAGE,
    helmChartVersion: FALCO_CHART_VERSION,
  };
  return [
    { name: RULES_FILE, content: rules },
    { name: 'falco-daemonset.yaml', content: renderDaemonSet(m, rules) },
    { name: 'falco-values.yaml', content: renderHelmValues(m, rules) },
    { name: 'falco-monitoring.json', content: `${JSON.stringify(monitoring, null, 2)}\n` },
  ];
}

/**
 * Writes the deployment files into `dir` (created if needed; a symlink or a file in its place is refused), each to
 * a temp name renamed into place, so a planted `falco/` link or `falco/falco-values.yaml` link is never followed.
 * Returns the paths written, in order.
 */
export async function writeFalcoDeployFiles(dir: string, m: FalcoMonitoring): Promise<string[]> {
  await ensureDirectory(dir);
  const written: string[] = [];
  for (const f of falcoDeployFiles(m)) {
    const path = join(dir, f.name);
    await writeFileAtomic(path, f.content);
    written.push(path);
  }
  return written;
}
