// Trivy, Gitleaks and Checkov reports of a chosen size for the scale benchmark, shaped like the real tools print them
// (field names and nesting as in test/fixtures/: a Trivy 0.5x `--format json` report of an image-like tree, Gitleaks'
// `--report-format json` array, Checkov's `-o json` list of check types). Deterministic: the same n gives the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const SEV = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
const WORDS = 'buffer overflow in the parser allows remote attackers to cause a denial of service or possibly execute arbitrary code via a crafted request header when the server handles chunked encoding with an unexpected length field'.split(' ');

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  return out.join(' ');
}

/** One Trivy vulnerability (≈1.6 kB of JSON, as a real one with its references and CVSS vectors is). */
function vulnerability(i: number, target: number) {
  const cve = `CVE-20${20 + (i % 5)}-${10000 + ((i * 31 + target) % 89999)}`;
  const pkg = `pkg-${(i * 17) % 4000}`;
  const sev = SEV[i % 5]!;
  return {
    VulnerabilityID: cve,
    PkgID: `${pkg}@1.${i % 10}.${i % 7}`,
    PkgName: pkg,
    PkgIdentifier: { PURL: `pkg:npm/${pkg}@1.${i % 10}.${i % 7}`, UID: (i * 2654435761 >>> 0).toString(16).padStart(16, '0') },
    InstalledVersion: `1.${i % 10}.${i % 7}`,
    ...(i % 3 ? { FixedVersion: `1.${i % 10}.${(i % 7) + 1}` } : {}),
    Status: i % 3 ? 'fixed' : 'affected',
    Layer: { DiffID: `sha256:${((i * 40503) >>> 0).toString(16).padStart(64, '0')}` },
    SeveritySource: 'ghsa',
    PrimaryURL: `https://avd.aquasec.com/nvd/${cve.toLowerCase()}`,
    DataSource: { ID: 'ghsa', Name: 'GitHub Security Advisory npm', URL: 'https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm' },
    Title: `${pkg}: ${sentence(i, 9)}`,
    Description: `${sentence(i, 60)}.`,
    Severity: sev,
    CweIDs: [`CWE-${(i % 900) + 20}`],
    VendorSeverity: { ghsa: (i % 4) + 1, nvd: (i % 4) + 1 },
    CVSS: {
      ghsa: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', V3Score: (i % 100) / 10 },
      nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', V3Score: (i % 100) / 10 },
    },
    References: [
      `https://github.com/advisories/GHSA-${(i % 9000) + 1000}-abcd-efgh`,
      `https://nvd.nist.gov/vuln/detail/${cve}`,
      `https://github.com/example/${pkg}/commit/${((i * 7919) >>> 0).toString(16).padStart(40, '0')}`,
      `https://github.com/example/${pkg}/security/advisories/GHSA-${(i % 9000) + 1000}-abcd-efgh`,
    ],
    PublishedDate: '2024-03-01T15:15:08.02Z',
    LastModifiedDate: '2024-06-10T17:16:21.937Z',
  };
}

/**
 * Writes a Trivy report with `n` vulnerabilities (in targets of 500) to `file`, streamed (a 160 MB string is never
 * built here). Returns the number of bytes written.
 */
export async function writeTrivyReport(file: string, n: number): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const put = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await put('{"SchemaVersion":2,"CreatedAt":"2026-01-01T00:00:00Z","ArtifactName":".","ArtifactType":"filesystem","Metadata":{"ImageConfig":{"architecture":"","created":"0001-01-01T00:00:00Z","os":"","rootfs":{"type":"","diff_ids":null},"config":{}}},"Results":[');
  const perTarget = 500;
  for (let t = 0, done = 0; done < n; t++) {
    const count = Math.min(perTarget, n - done);
    const vulns = Array.from({ length: count }, (_, k) => JSON.stringify(vulnerability(done + k, t)));
    await put(`${t ? ',' : ''}{"Target":"services/svc-${t}/package-lock.json","Class":"lang-pkgs","Type":"npm","Vulnerabilities":[${vulns.join(',')}]}`);
    done += count;
  }
  await put(']}\n');
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Gitleaks' JSON report with `n` findings (Secret and Match are placeholders; never a secret-shaped string). */
export function gitleaksReport(n: number): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      RuleID: i % 2 ? 'generic-api-key' : 'private-key', Description: 'Detected a Generic API Key, potentially exposing access to various services.',
      StartLine: (i % 200) + 1, EndLine: (i % 200) + 1, StartColumn: 7, EndColumn: 40, Match: 'REDACTED', Secret: 'REDACTED',
      File: `src/file-${i % 100}.ts`, SymlinkFile: '', Commit: '', Entropy: 4.2, Author: '', Email: '', Date: '', Message: '', Tags: [], Fingerprint: `src/file-${i % 100}.ts:generic-api-key:${(i % 200) + 1}`,
    })),
    null,
    1,
  );
}

/** Checkov's `-o json` output (a list of check types) with `n` failed Terraform checks. */
export function checkovReport(n: number): string {
  const failed = Array.from({ length: n }, (_, i) => ({
    check_id: `CKV_AWS_${(i % 300) + 1}`, bc_check_id: `BC_AWS_GENERAL_${(i % 300) + 1}`, check_name: 'Ensure all data stored in the S3 bucket is securely encrypted at rest',
    check_result: { result: 'FAILED', evaluated_keys: ['server_side_encryption_configuration'] }, code_block: [], file_path: `/infra/module-${i % 50}.tf`, file_abs_path: `/tmp/ws/infra/module-${i % 50}.tf`,
    repo_file_path: `/infra/module-${i % 50}.tf`, file_line_range: [(i % 400) + 1, (i % 400) + 9], resource: `aws_s3_bucket.b${i}`, evaluations: null, check_class: 'checkov.terraform.checks.resource.aws.S3Encryption',
    fixed_definition: null, entity_tags: null, caller_file_path: null, caller_file_line_range: null, resource_address: null, severity: null, bc_category: null, benchmarks: null, description: null, short_description: null, vulnerability_details: null, connected_node: null,
    guideline: 'https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-14-data-encrypted-at-rest', details: [], check_len: null, definition_context_file_path: `/tmp/ws/infra/module-${i % 50}.tf`,
  }));
  return JSON.stringify([{ check_type: 'terraform', results: { passed_checks: [], failed_checks: failed, skipped_checks: [], parsing_errors: [] }, summary: { passed: 0, failed: n, skipped: 0, parsing_errors: 0, resource_count: n, checkov_version: '3.2.0' } }], null, 4);
}
