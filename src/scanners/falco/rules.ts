import { stringify } from 'yaml';
import { categorize, type FalcoCategory, type FalcoMaturity } from './categories.js';

/**
 * The CI-specific Falco rules security-scan writes to `<output-dir>/falco/security-scan-rules.yaml`, for the
 * categories in `falco-rules-enabled` and the maturities `falco-sensitivity` admits. They complement the upstream
 * ruleset (falcosecurity/rules), which the Falco image loads anyway; our macros and lists carry an `ss_` prefix so
 * they never redefine an upstream one, and the file loads on its own.
 *
 * Each rule's `tags` decide its category through the same table the event parser uses (falco-categories.ts);
 * `category` below states it for readers, and a test checks that the two agree.
 */
export type FalcoRulePriority = 'EMERGENCY' | 'ALERT' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFORMATIONAL' | 'DEBUG';

export interface FalcoList {
  list: string;
  items: string[];
}
export interface FalcoMacro {
  macro: string;
  condition: string;
}
export interface FalcoRule {
  rule: string;
  desc: string;
  condition: string;
  output: string;
  priority: FalcoRulePriority;
  tags: string[];
}
export interface CiRule extends FalcoRule {
  category: FalcoCategory;
  maturity: Exclude<FalcoMaturity, 'deprecated'>;
}

export const CI_LISTS: readonly FalcoList[] = [
  { list: 'ss_runner_binaries', items: ['Runner.Listener', 'Runner.Worker', 'Runner.PluginHost', 'Runner.PluginHo', 'gitlab-runner', 'buildkite-agent'] },
  { list: 'ss_runner_credential_names', items: ['".credentials"', '".credentials_rsaparams"', '".runner"'] },
  { list: 'ss_shell_binaries', items: ['ash', 'bash', 'csh', 'ksh', 'sh', 'tcsh', 'zsh', 'dash', 'fish'] },
  {
    list: 'ss_container_entrypoints',
    items: ['runc', 'crun', 'containerd-shim', 'containerd-shim-runc-v2', 'docker-init', 'tini', 'dumb-init', 's6-svscan', 'catatonit'],
  },
  {
    list: 'ss_build_tools',
    items: ['npm', 'npx', 'yarn', 'pnpm', 'make', 'cmake', 'ninja', 'gradle', 'mvn', 'cargo', 'go', 'pip', 'pip3', 'poetry', 'bundle', 'rake', 'dotnet', 'msbuild'],
  },
  {
    list: 'ss_package_managers',
    items: ['dpkg', 'dpkg-preconfigu', 'dpkg-reconfigur', 'apt', 'apt-get', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper', 'snapd', 'update-alternat', 'ca-certificates', 'update-ca-certi'],
  },
  {
    list: 'ss_shadow_readers',
    items: ['unix_chkpwd', 'sshd', 'login', 'su', 'sudo', 'passwd', 'chage', 'chpasswd', 'useradd', 'usermod', 'userdel', 'groupadd', 'groupmod', 'groupdel', 'pwck', 'grpck', 'newusers', 'vipw', 'vigr', 'systemd', 'cron', 'crond'],
  },
  { list: 'ss_proc_inspectors', items: ['ps', 'top', 'htop', 'pgrep', 'pkill', 'pidof', 'lsof', 'systemd', 'systemd-journal', 'falco', 'node_exporter'] },
  { list: 'ss_network_tools', items: ['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'scp', 'sftp', 'rsync', 'ftp', 'tftp', 'telnet'] },
  { list: 'ss_shell_relays', items: ['nc', 'ncat', 'netcat', 'socat'] },
  { list: 'ss_miner_binaries', items: ['xmrig', 'xmr-stak', 'minerd', 'cpuminer', 'ccminer', 'cgminer', 'bfgminer', 'ethminer', 'nbminer', 't-rex', 'lolminer', 'kdevtmpfsi', 'kinsing'] },
  { list: 'ss_miner_ports', items: ['3333', '4444', '5555', '7777', '14433', '14444', '45560', '45700'] },
  { list: 'ss_private_networks', items: ['"10.0.0.0/8"', '"172.16.0.0/12"', '"192.168.0.0/16"', '"169.254.0.0/16"'] },
  {
    list: 'ss_allowed_outbound_domains',
    items: [
      'github.com', 'api.github.com', 'codeload.github.com', 'uploads.github.com', 'objects.githubusercontent.com',
      'raw.githubusercontent.com', 'pipelines.actions.githubusercontent.com', 'results-receiver.actions.githubusercontent.com',
      'pkg-containers.githubusercontent.com', 'ghcr.io', 'registry.npmjs.org', 'pypi.org', 'files.pythonhosted.org',
      'proxy.golang.org', 'sum.golang.org', 'repo.maven.apache.org', 'registry-1.docker.io', 'auth.docker.io',
      'production.cloudflare.docker.com', 'deb.debian.org', 'security.debian.org', 'archive.ubuntu.com',
      'security.ubuntu.com', 'azure.archive.ubuntu.com', 'packages.microsoft.com', 'dl-cdn.alpinelinux.org',
    ],
  },
];

const CREDENTIAL_FILE_SUFFIXES = [
  '/.aws/credentials', '/.docker/config.json', '/.git-credentials', '/.npmrc', '/.pypirc', '/.netrc', '/.kube/config',
  '/.config/gh/hosts.yml', '/.ssh/id_rsa', '/.ssh/id_ed25519', '/.ssh/id_ecdsa',
];

export const CI_MACROS: readonly FalcoMacro[] = [
  { macro: 'ss_spawned_process', condition: '(evt.type in (execve, execveat) and evt.dir=<)' },
  { macro: 'ss_open_read', condition: '(evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.typechar=\'f\' and fd.num>=0)' },
  { macro: 'ss_open_write', condition: '(evt.type in (open, openat, openat2) and evt.is_open_write=true and fd.typechar=\'f\' and fd.num>=0)' },
  { macro: 'ss_container', condition: '(container.id != host and container.id != "")' },
  {
    macro: 'ss_outbound',
    condition:
      '(evt.type=connect and evt.dir=< and (fd.typechar=4 or fd.typechar=6) and fd.ip != "0.0.0.0" and fd.net != "127.0.0.0/8" and (evt.rawres >= 0 or evt.res = EINPROGRESS))',
  },
  { macro: 'ss_credential_files', condition: `(${CREDENTIAL_FILE_SUFFIXES.map((f) => `fd.name endswith "${f}"`).join(' or ')})` },
  { macro: 'ss_runner_credential_files', condition: '(fd.filename in (ss_runner_credential_names))' },
  { macro: 'ss_runtime_socket', condition: '(fd.name contains "docker.sock" or fd.name contains "containerd.sock" or fd.name contains "crio.sock")' },
  {
    macro: 'ss_mining_cmdline',
    condition: '(proc.cmdline contains "stratum+tcp" or proc.cmdline contains "stratum+ssl" or proc.cmdline contains "stratum2+tcp" or proc.cmdline contains "--donate-level")',
  },
];

const WHO = 'user=%user.name process=%proc.name parent=%proc.pname cmdline=%proc.cmdline container_id=%container.id image=%container.image.repository';

export const CI_RULES: readonly CiRule[] = [
  {
    rule: 'CI runner credentials read by a non-runner process',
    desc: "A process other than the CI runner read the runner's credential files (.credentials, .credentials_rsaparams, .runner), which let an attacker impersonate the runner.",
    condition: 'ss_open_read and ss_runner_credential_files and not proc.name in (ss_runner_binaries)',
    output: `CI runner credential file read by a non-runner process (file=%fd.name ${WHO})`,
    priority: 'CRITICAL',
    tags: ['maturity_stable', 'ci', 'host', 'container', 'mitre_credential_access', 'T1552.001'],
    category: 'data_exfiltration',
    maturity: 'stable',
  },
  {
    rule: 'Memory of another process read',
    desc: 'A process opened /proc/<pid>/mem of another process: the technique used to dump the runner worker and recover masked secrets and the job token.',
    condition: 'ss_open_read and fd.name glob "/proc/*/mem" and not fd.name startswith "/proc/self/" and not proc.name in (ss_runner_binaries, ss_proc_inspectors)',
    output: `Process memory read (file=%fd.name ${WHO})`,
    priority: 'CRITICAL',
    tags: ['maturity_stable', 'ci', 'host', 'container', 'mitre_credential_access', 'T1003.007'],
    category: 'data_exfiltration',
    maturity: 'stable',
  },
  {
    rule: 'Environment of another process read',
    desc: 'A process read /proc/<pid>/environ of another process; the runner keeps ACTIONS_RUNTIME_TOKEN and step secrets in process environments.',
    condition: 'ss_open_read and fd.name glob "/proc/*/environ" and not fd.name startswith "/proc/self/" and not proc.name in (ss_runner_binaries, ss_proc_inspectors)',
    output: `Process environment read (file=%fd.name ${WHO})`,
    priority: 'WARNING',
    tags: ['maturity_incubating', 'ci', 'host', 'container', 'mitre_credential_access', 'T1552'],
    category: 'data_exfiltration',
    maturity: 'incubating',
  },
  {
    rule: 'Credential file read by a network tool',
    desc: 'A network tool (curl, wget, nc, scp…) opened a credential file such as ~/.aws/credentials, ~/.docker/config.json or ~/.npmrc — a typical exfiltration step.',
    condition: 'ss_open_read and proc.name in (ss_network_tools) and ss_credential_files',
    output: `Credential file read by a network tool (file=%fd.name ${WHO})`,
    priority: 'ERROR',
    tags: ['maturity_stable', 'ci', 'host', 'container', 'mitre_exfiltration', 'mitre_credential_access', 'T1048'],
    category: 'data_exfiltration',
    maturity: 'stable',
  },
  {
    rule: 'File uploaded with curl or wget',
    desc: 'curl or wget was started with an upload option (-T, --upload-file, --data-binary @file, -d @file, -F). Noisy where builds publish artifacts this way.',
    condition:
      'ss_spawned_process and proc.name in (curl, wget) and (proc.cmdline contains " -T " or proc.cmdline contains "--upload-file" or proc.cmdline contains "--data-binary @" or proc.cmdline contains " -d @" or proc.cmdline contains "--post-file")',
    output: `File upload with a network tool (${WHO})`,
    priority: 'NOTICE',
    tags: ['maturity_sandbox', 'ci', 'host', 'container', 'mitre_exfiltration', 'T1048'],
    category: 'data_exfiltration',
    maturity: 'sandbox',
  },
  {
    rule: 'Outbound connection to a host outside the CI allow-list',
    desc: 'A build step connected to a public address whose name is not in ss_allowed_outbound_domains. Extend the list for your registries before raising sensitivity.',
    condition: 'ss_outbound and not fd.snet in (ss_private_networks) and not fd.sip.name in (ss_allowed_outbound_domains)',
    output: `Outbound connection outside the allow-list (connection=%fd.name server=%fd.sip.name port=%fd.sport ${WHO})`,
    priority: 'NOTICE',
    tags: ['maturity_sandbox', 'ci', 'host', 'container', 'network', 'mitre_command_and_control', 'T1071'],
    category: 'network_anomaly',
    maturity: 'sandbox',
  },
  {
    rule: 'Connection to a crypto-mining pool port',
    desc: 'An outbound connection to a port mining pools commonly use (3333, 4444, 5555, 7777, 14433, 14444, 45560, 45700).',
    condition: 'ss_outbound and fd.sport in (ss_miner_ports)',
    output: `Connection to a mining-pool port (connection=%fd.name port=%fd.sport ${WHO})`,
    priority: 'WARNING',
    tags: ['maturity_incubating', 'ci', 'host', 'container', 'network', 'mitre_impact', 'T1496'],
    category: 'network_anomaly',
    maturity: 'incubating',
  },
  {
    rule: 'Reverse shell through a socket relay',
    desc: 'nc, ncat, netcat or socat was started with an option that attaches a program or shell to the connection.',
    condition:
      'ss_spawned_process and proc.name in (ss_shell_relays) and (proc.cmdline contains " -e " or proc.cmdline contains " -c " or proc.cmdline contains "exec:" or proc.cmdline contains "system:")',
    output: `Reverse shell through a socket relay (${WHO})`,
    priority: 'CRITICAL',
    tags: ['maturity_stable', 'ci', 'host', 'container', 'network', 'mitre_command_and_control', 'mitre_execution', 'T1059'],
    category: 'network_anomaly',
    maturity: 'stable',
  },
  {
    rule: 'Shadow password file read',
    desc: 'A process that does not manage accounts read /etc/shadow or /etc/gshadow.',
    condition: 'ss_open_read and fd.name in (/etc/shadow, /etc/gshadow) and not proc.name in (ss_shadow_readers)',
    output: `Shadow file read (file=%fd.name ${WHO})`,
    priority: 'ERROR',
    tags: ['maturity_stable', 'ci', 'host', 'container', 'mitre_privilege_escalation', 'mitre_credential_access', 'T1003.008'],
    category: 'privilege_escalation',
    maturity: 'stable',
  },
  {
    rule: 'Kernel module loaded during a build',
    desc: 'init_module or finit_module succeeded: a build step loaded code into the kernel.',
    condition: 'evt.type in (init_module, finit_module) and evt.dir=< and evt.rawres >= 0',
    output: `Kernel module loaded (${WHO})`,
    priority: 'CRITICAL',
    tags: ['maturity_stable', 'ci', 'host', 'mitre_privilege_escalation', 'mitre_persistence', 'T1547.006'],
    category: 'privilege_escalation',
    maturity: 'stable',
  },
  {
    rule: 'Container runtime socket used from a container',
    desc: 'A process in a container connected to the Docker, containerd or CRI-O socket, which gives control of the host.',
    condition: 'evt.type=connect and evt.dir=< and fd.typechar=\'u\' and ss_container and ss_runtime_socket',
    output: `Container runtime socket used from a container (socket=%fd.name ${WHO})`,
    priority: 'WARNING',
    tags: ['maturity_incubating', 'ci', 'container', 'mitre_privilege_escalation', 'T1611'],
    category: 'privilege_escalation',
    maturity: 'incubating',
  },
  {
    rule: 'Setuid or setgid bit set',
    desc: 'chmod set the setuid or setgid bit on a file.',
    condition: 'evt.type in (chmod, fchmod, fchmodat) and evt.dir=< and (evt.arg.mode contains "S_ISUID" or evt.arg.mode contains "S_ISGID") and not proc.name in (ss_package_managers)',
    output: `Setuid or setgid bit set (file=%evt.arg.filename mode=%evt.arg.mode ${WHO})`,
    priority: 'NOTICE',
    tags: ['maturity_incubating', 'ci', 'host', 'container', 'mitre_privilege_escalation', 'T1548.001'],
    category: 'privilege_escalation',
    maturity: 'incubating',
  },
  {
    rule: 'Crypto miner started',
    desc: 'A known miner binary ran, or a command line names a stratum pool URL or a miner option.',
    condition: 'ss_spawned_process and (proc.name in (ss_miner_binaries) or ss_mining_cmdline)',
    output: `Crypto miner started (${WHO})`,
    priority: 'CRITICAL',
    tags: ['maturity_stable', 'ci', 'host', 'container', 'process', 'mitre_impact', 'cryptomining', 'T1496'],
    category: 'malicious_behavior',
    maturity: 'stable',
  },
  {
    rule: 'Write below /etc during a build',
    desc: 'A process other than a package manager opened a file below /etc for writing.',
    condition: 'ss_open_write and fd.name startswith "/etc/" and not proc.name in (ss_package_managers) and not proc.pname in (ss_package_managers)',
    output: `File below /etc opened for writing (file=%fd.name ${WHO})`,
    priority: 'ERROR',
    tags: ['maturity_incubating', 'ci', 'host', 'container', 'filesystem', 'mitre_persistence', 'T1543'],
    category: 'malicious_behavior',
    maturity: 'incubating',
  },
  {
    rule: 'Shell spawned in a container',
    desc: 'A shell started in a container by a process that is neither a shell, the container runtime nor a build tool.',
    condition:
      'ss_spawned_process and ss_container and proc.name in (ss_shell_binaries) and not proc.pname in (ss_shell_binaries, ss_container_entrypoints, ss_build_tools, ss_runner_binaries)',
    output: `Shell spawned in a container (shell=%proc.name ${WHO})`,
    priority: 'NOTICE',
    tags: ['maturity_incubating', 'ci', 'container', 'shell', 'mitre_execution', 'T1059.004'],
    category: 'malicious_behavior',
    maturity: 'incubating',
  },
];

export const SENSITIVITY_LEVELS = ['low', 'medium', 'high'] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

/**
 * `falco-sensitivity` selects by rule maturity (the falcosecurity/rules maturity framework), not by priority —
 * priority is `falco-alert-threshold`'s job:
 *   low    → stable rules only (few false positives)
 *   medium → stable + incubating (default)
 *   high   → stable + incubating + sandbox + deprecated (everything)
 * Events from rules without a maturity tag count as stable.
 */
export const SENSITIVITY_MATURITIES: Record<SensitivityLevel, readonly FalcoMaturity[]> = {
  low: ['stable'],
  medium: ['stable', 'incubating'],
  high: ['stable', 'incubating', 'sandbox', 'deprecated'],
};

/** The CI rules a configuration selects, in table order. */
export function selectCiRules(categories: readonly FalcoCategory[], sensitivity: SensitivityLevel): CiRule[] {
  const maturities = SENSITIVITY_MATURITIES[sensitivity];
  return CI_RULES.filter((r) => categories.includes(r.category) && maturities.includes(r.maturity));
}

function references(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_.])${name}($|[^A-Za-z0-9_])`).test(text);
}

/** Macros and lists the given rules use, directly or through a macro, in table order. */
function dependencies(rules: readonly FalcoRule[]): { macros: FalcoMacro[]; lists: FalcoList[] } {
  const texts = rules.map((r) => r.condition);
  const macros = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of CI_MACROS) {
      if (!macros.has(m.macro) && texts.some((t) => references(t, m.macro))) {
        macros.add(m.macro);
        texts.push(m.condition);
        grew = true;
      }
    }
  }
  return {
    macros: CI_MACROS.filter((m) => macros.has(m.macro)),
    lists: CI_LISTS.filter((l) => texts.some((t) => references(t, l.list))),
  };
}

/** Renders the rules file: lists, then macros, then rules (Falco needs a name defined before it is used). */
export function renderFalcoRules(categories: readonly FalcoCategory[], sensitivity: SensitivityLevel): string {
  const rules = selectCiRules(categories, sensitivity);
  const { macros, lists } = dependencies(rules);
  const items = [
    ...lists.map((l) => ({ list: l.list, items: l.items })),
    ...macros.map((m) => ({ macro: m.macro, condition: m.condition })),
    ...rules.map((r) => ({ rule: r.rule, desc: r.desc, condition: r.condition, output: r.output, priority: r.priority, tags: r.tags })),
  ];
  const header = [
    '# Falco rules written by security-scan for CI jobs. Do not edit: the action rewrites this file.',
    `# Categories: ${categories.join(', ')}. Sensitivity: ${sensitivity} (rule maturities: ${SENSITIVITY_MATURITIES[sensitivity].join(', ')}).`,
    `# ${rules.length} rule(s). Load after the upstream ruleset, e.g. in /etc/falco/rules.d/.`,
    '',
  ].join('\n');
  return header + (items.length > 0 ? stringify(items, { lineWidth: 0 }) : '[]\n');
}

/** The category a rule's tags give it (what the event parser will say). */
export function ruleCategory(rule: FalcoRule): FalcoCategory {
  return categorize(rule.tags).category;
}
