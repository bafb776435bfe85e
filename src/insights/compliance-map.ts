/**
 * The compliance mapping table: which findings fail which controls. A row matches a finding by its kind, its CWE
 * ids or, for a family of rules, words of its title; each row names, per framework, the controls and the section of
 * the framework document (or the CWE entry) it rests on. It is evidence for a reviewer, not an audit: a framework
 * passes here when no finding maps to its controls, which says nothing of the controls no scanner can see.
 *
 * Sources: PCI DSS v4.0 (March 2022) requirements; HIPAA Security Rule, 45 CFR Part 164 Subpart C; AICPA Trust
 * Services Criteria (2017, revised points of focus 2022); ISO/IEC 27001:2022 Annex A; GDPR (Regulation (EU)
 * 2016/679); MITRE CWE entries for the weaknesses named.
 */
import type { Finding, Kind } from '../findings/model.js';
import type { ComplianceFramework } from './types.js';

export interface ControlRef {
  control: string;
  title: string;
}

export interface MappingRow {
  id: string;
  /** What the row is about, in the failure's reason: `hard-coded credentials`. */
  about: string;
  kinds?: readonly Kind[];
  cwe?: readonly string[];
  /** A rule family, by words of the finding's title (only with `kinds`). */
  title?: RegExp;
  controls: Readonly<Partial<Record<ComplianceFramework, readonly ControlRef[]>>>;
  /** Where the mapping comes from. */
  source: string;
}

export const FRAMEWORK_NAMES: Record<ComplianceFramework, string> = {
  'pci-dss': 'PCI-DSS 4.0',
  hipaa: 'HIPAA Security Rule',
  soc2: 'SOC 2',
  iso27001: 'ISO/IEC 27001:2022',
  gdpr: 'GDPR',
};

const GDPR_32 = { control: 'Art. 32(1)(b)', title: 'Ongoing confidentiality, integrity, availability and resilience of processing systems' };
const HIPAA_RISK = { control: '164.308(a)(1)(ii)(B)', title: 'Risk management: reduce risks and vulnerabilities to a reasonable level' };

export const COMPLIANCE_MAP: readonly MappingRow[] = [
  {
    id: 'secrets',
    about: 'credentials committed to the code (CWE-798 hard-coded credentials)',
    kinds: ['secret'],
    cwe: ['CWE-798', 'CWE-259', 'CWE-321', 'CWE-522'],
    controls: {
      'pci-dss': [{ control: '8.6.2', title: 'Passwords/passphrases for application and system accounts are not hard coded in scripts, files or source code' }],
      hipaa: [{ control: '164.312(d)', title: 'Person or entity authentication' }, { control: '164.312(a)(1)', title: 'Access control' }],
      soc2: [{ control: 'CC6.1', title: 'Logical access security over protected information assets' }],
      iso27001: [{ control: 'A.5.17', title: 'Authentication information' }],
      gdpr: [GDPR_32],
    },
    source: 'PCI DSS v4.0 Req. 8.6.2; 45 CFR 164.312(a)(1), (d); TSC 2017 CC6.1; ISO/IEC 27001:2022 Annex A 5.17; GDPR Art. 32(1)(b); MITRE CWE-798',
  },
  {
    id: 'vulnerable-components',
    about: 'components with known vulnerabilities (CWE-1395 dependency on vulnerable third-party component)',
    kinds: ['vulnerability'],
    cwe: ['CWE-1395', 'CWE-1104', 'CWE-937'],
    controls: {
      'pci-dss': [
        { control: '6.3.3', title: 'System components are protected from known vulnerabilities by installing applicable patches/updates' },
        { control: '11.3.1', title: 'Internal vulnerability scans: high-risk and critical vulnerabilities are resolved' },
      ],
      hipaa: [HIPAA_RISK],
      soc2: [{ control: 'CC7.1', title: 'Detection and monitoring of configuration changes and newly discovered vulnerabilities' }],
      iso27001: [{ control: 'A.8.8', title: 'Management of technical vulnerabilities' }],
      gdpr: [GDPR_32],
    },
    source: 'PCI DSS v4.0 Req. 6.3.3, 11.3.1; 45 CFR 164.308(a)(1)(ii)(B); TSC 2017 CC7.1; ISO/IEC 27001:2022 Annex A 8.8; GDPR Art. 32(1)(b); MITRE CWE-1395',
  },
  {
    id: 'insecure-configuration',
    about: 'insecure configuration of infrastructure, containers or services',
    kinds: ['misconfiguration'],
    controls: {
      'pci-dss': [{ control: '2.2.1', title: 'Configuration standards are developed, implemented and maintained for all system components' }],
      hipaa: [HIPAA_RISK],
      soc2: [{ control: 'CC7.1', title: 'Detection and monitoring of configuration changes and newly discovered vulnerabilities' }],
      iso27001: [{ control: 'A.8.9', title: 'Configuration management' }],
      gdpr: [GDPR_32],
    },
    source: 'PCI DSS v4.0 Req. 2.2.1; 45 CFR 164.308(a)(1)(ii)(B); TSC 2017 CC7.1; ISO/IEC 27001:2022 Annex A 8.9; GDPR Art. 32(1)(b)',
  },
  {
    id: 'encryption',
    about: 'data not encrypted at rest or in transit, or weak cryptography (CWE-311, CWE-319, CWE-326, CWE-327)',
    kinds: ['misconfiguration'],
    cwe: ['CWE-311', 'CWE-312', 'CWE-319', 'CWE-326', 'CWE-327', 'CWE-295'],
    title: /\b(encrypt\w*|kms|tls|ssl|https|cipher|cmk)\b/i,
    controls: {
      'pci-dss': [
        { control: '3.5.1', title: 'PAN is rendered unreadable anywhere it is stored' },
        { control: '4.2.1', title: 'Strong cryptography protects data during transmission over open, public networks' },
      ],
      hipaa: [{ control: '164.312(a)(2)(iv)', title: 'Encryption and decryption' }, { control: '164.312(e)(1)', title: 'Transmission security' }],
      soc2: [{ control: 'CC6.7', title: 'Restricts the transmission, movement and removal of information' }],
      iso27001: [{ control: 'A.8.24', title: 'Use of cryptography' }],
      gdpr: [{ control: 'Art. 32(1)(a)', title: 'Pseudonymisation and encryption of personal data' }],
    },
    source: 'PCI DSS v4.0 Req. 3.5.1, 4.2.1; 45 CFR 164.312(a)(2)(iv), (e)(1); TSC 2017 CC6.7; ISO/IEC 27001:2022 Annex A 8.24; GDPR Art. 32(1)(a); MITRE CWE-311, CWE-319, CWE-327',
  },
  {
    id: 'logging',
    about: 'audit logging or monitoring turned off (CWE-778 insufficient logging)',
    kinds: ['misconfiguration'],
    cwe: ['CWE-778', 'CWE-223'],
    title: /\b(log|logs|logging|audit\w*|trail|monitoring|flow ?logs?)\b/i,
    controls: {
      'pci-dss': [{ control: '10.2.1', title: 'Audit logs are enabled and active for all system components' }],
      hipaa: [{ control: '164.312(b)', title: 'Audit controls' }],
      soc2: [{ control: 'CC7.2', title: 'Monitors system components for anomalies indicative of malicious acts' }],
      iso27001: [{ control: 'A.8.15', title: 'Logging' }],
      gdpr: [{ control: 'Art. 30', title: 'Records of processing activities' }],
    },
    source: 'PCI DSS v4.0 Req. 10.2.1; 45 CFR 164.312(b); TSC 2017 CC7.2; ISO/IEC 27001:2022 Annex A 8.15; GDPR Art. 30; MITRE CWE-778',
  },
  {
    id: 'access-control',
    about: 'excessive privileges or public access (CWE-250, CWE-269, CWE-284, CWE-732)',
    kinds: ['misconfiguration'],
    cwe: ['CWE-250', 'CWE-269', 'CWE-284', 'CWE-732', 'CWE-276'],
    title: /\b(public\w*|privilege\w*|root|admin\w*|wildcard|0\.0\.0\.0\/0|anonymous|iam|rbac|permissions?)\b/i,
    controls: {
      'pci-dss': [{ control: '7.2.1', title: 'An access control model covers appropriate access by least privilege' }],
      hipaa: [{ control: '164.312(a)(1)', title: 'Access control' }],
      soc2: [{ control: 'CC6.3', title: 'Authorizes, modifies or removes access based on roles and least privilege' }],
      iso27001: [{ control: 'A.8.2', title: 'Privileged access rights' }, { control: 'A.5.15', title: 'Access control' }],
      gdpr: [{ control: 'Art. 25(2)', title: 'Data protection by default: personal data not made accessible to an indefinite number of persons' }],
    },
    source: 'PCI DSS v4.0 Req. 7.2.1; 45 CFR 164.312(a)(1); TSC 2017 CC6.3; ISO/IEC 27001:2022 Annex A 5.15, 8.2; GDPR Art. 25(2); MITRE CWE-250, CWE-284',
  },
  {
    id: 'insecure-code',
    about: 'injection and other coding weaknesses in the application (CWE-79, CWE-89, CWE-78, CWE-94, CWE-22)',
    kinds: ['code'],
    cwe: ['CWE-79', 'CWE-89', 'CWE-78', 'CWE-94', 'CWE-22', 'CWE-502', 'CWE-918', 'CWE-611'],
    controls: {
      'pci-dss': [{ control: '6.2.4', title: 'Software engineering techniques prevent or mitigate common software attacks' }],
      hipaa: [HIPAA_RISK],
      soc2: [{ control: 'CC8.1', title: 'Authorizes, designs, develops, tests and implements changes' }],
      iso27001: [{ control: 'A.8.28', title: 'Secure coding' }],
      gdpr: [{ control: 'Art. 25(1)', title: 'Data protection by design' }],
    },
    source: 'PCI DSS v4.0 Req. 6.2.4; 45 CFR 164.308(a)(1)(ii)(B); TSC 2017 CC8.1; ISO/IEC 27001:2022 Annex A 8.28; GDPR Art. 25(1); OWASP Top 10 2021 A03 ↔ MITRE CWE-79, CWE-89',
  },
  {
    id: 'runtime-events',
    about: 'suspicious runtime activity detected during the job',
    kinds: ['runtime'],
    controls: {
      'pci-dss': [{ control: '11.5.1', title: 'Intrusion-detection techniques detect and alert on suspected compromises' }],
      hipaa: [{ control: '164.308(a)(6)(ii)', title: 'Security incident response and reporting' }],
      soc2: [{ control: 'CC7.3', title: 'Evaluates security events to determine whether they are incidents' }],
      iso27001: [{ control: 'A.8.16', title: 'Monitoring activities' }],
      gdpr: [{ control: 'Art. 33', title: 'Notification of a personal data breach (assess whether the event is one)' }],
    },
    source: 'PCI DSS v4.0 Req. 11.5.1; 45 CFR 164.308(a)(6)(ii); TSC 2017 CC7.3; ISO/IEC 27001:2022 Annex A 8.16; GDPR Art. 33',
  },
  {
    id: 'licenses',
    about: 'dependencies under licences the policy does not allow',
    kinds: ['license'],
    controls: { iso27001: [{ control: 'A.5.32', title: 'Intellectual property rights' }] },
    source: 'ISO/IEC 27001:2022 Annex A 5.32',
  },
];

/** Whether a row applies to a finding: a CWE of the row, or the row's kind (and its title words, when it has some). */
export function rowMatches(row: MappingRow, f: Finding): boolean {
  if (row.cwe && f.cwe?.some((c) => row.cwe!.includes(c.toUpperCase()))) return true;
  if (!row.kinds?.includes(f.kind)) return false;
  return row.title ? row.title.test(f.title) : true;
}
