import { ConfigurationError } from '../../errors.js';

/** Dependency manifests and lock files `snyk test --file=` understands (compared lower-cased). */
const DEPENDENCY_FILES = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml',
  'requirements.txt', 'pipfile', 'pipfile.lock', 'pyproject.toml', 'poetry.lock', 'setup.py',
  'pom.xml', 'build.gradle', 'build.gradle.kts', 'build.sbt',
  'go.mod', 'gopkg.lock', 'vendor.json',
  'gemfile', 'gemfile.lock', 'composer.json', 'composer.lock',
  'packages.config', 'project.json', 'project.assets.json', 'packages.lock.json', 'paket.dependencies',
  'podfile', 'podfile.lock', 'package.swift', 'package.resolved', 'cargo.toml', 'cargo.lock',
  'mix.exs', 'mix.lock', 'conanfile.txt', 'conanfile.py', 'pubspec.yaml', 'pubspec.lock',
]);
const DEPENDENCY_EXT = /\.(csproj|fsproj|vbproj|sln)$/i;
/** requirements-dev.txt etc.: Snyk needs `--package-manager=pip` for names other than requirements.txt. */
export const REQUIREMENTS = /^requirements.*\.txt$/i;
const DOCKERFILE = /^(dockerfile|containerfile)([.-].*)?$|\.(dockerfile|containerfile)$/i;
/** Terraform, Kubernetes, CloudFormation, ARM: what `snyk iac test` reads. */
const IAC_EXT = /\.(tf|tfvars|json|ya?ml)$/i;

export type ManifestKind = 'dependencies' | 'iac' | 'dockerfile';

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Which scan a manifest belongs to, by its file name; undefined when Snyk cannot test it. */
export function classifyManifest(path: string): ManifestKind | undefined {
  const name = baseName(path);
  if (DOCKERFILE.test(name)) return 'dockerfile';
  if (DEPENDENCY_FILES.has(name.toLowerCase()) || DEPENDENCY_EXT.test(name) || REQUIREMENTS.test(name)) return 'dependencies';
  if (IAC_EXT.test(name)) return 'iac';
  return undefined;
}

export function normalizeManifest(raw: string): string {
  const p = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const bad = p === '' || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('-') || p.split('/').includes('..');
  if (bad) {
    throw new ConfigurationError(
      `Input 'snyk-manifests' has '${raw}'; list files relative to the scan root (the 'path' input), without '..', separated by commas.`,
    );
  }
  return p;
}

