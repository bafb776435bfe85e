/**
 * `mode: publish` cannot publish: the run is not a pull request scan, no open pull request has its head commit, or
 * the artifact's findings.json is not a valid report. The step fails with this message; nothing was published.
 * Messages quote untrusted text only through schema.ts `quote` (one plain line).
 */
export class PublishRefused extends Error {
  override name = 'PublishRefused';
}
