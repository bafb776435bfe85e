/**
 * GET /repos/{o}/{r}/contents/{path}?ref=<sha> (repos/get-content) for files, as GitHub answers it: a `content-file`
 * object with the file base64-encoded (60-character lines, as the API sends them), 404 for a path that does not
 * exist at that commit. Files come from `options.contents` by commit and path; `ref` is required here (the action
 * always reads a commit), and one the test did not configure gets 404 plus a violation.
 */
import { createHash } from 'node:crypto';
import type { Call, Reply, ServerState } from './handlers.js';
import { MESSAGES, githubError } from './responses.js';

export function getContent(state: ServerState, call: Call): Reply {
  const ref = typeof call.query['ref'] === 'string' ? call.query['ref'] : undefined;
  const raw = String(call.path['path'] ?? '');
  const path = raw.includes('%') ? decodeURIComponent(raw) : raw;
  const notFound = (violation?: string): Reply => ({ status: 404, body: githubError(404, MESSAGES.notFound, call.operation.documentationUrl), ...(violation ? { violation } : {}) });
  if (!ref) return notFound(`${call.operation.method} ${call.url.pathname}: no ref (the action reads files at a commit)`);
  const tree = state.contents[ref];
  if (!tree) return notFound(`${call.operation.method} ${call.url.pathname}: no commit ${ref} (configure options.contents)`);
  const text = tree[path];
  if (text === undefined) return notFound();
  const bytes = Buffer.from(text, 'utf8');
  const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  const { owner, repo, serverUrl, apiBase } = state.urls;
  const self = `${apiBase}/repos/${owner}/${repo}/contents/${path}?ref=${ref}`;
  const git = `${apiBase}/repos/${owner}/${repo}/git/blobs/${sha}`;
  const html = `${serverUrl}/${owner}/${repo}/blob/${ref}/${path}`;
  const b64 = bytes.toString('base64').replace(/.{60}/g, '$&\n');
  return {
    status: 200,
    body: {
      type: 'file',
      encoding: 'base64',
      size: bytes.length,
      name: path.split('/').pop(),
      path,
      content: b64,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${path}`,
      _links: { self, git, html },
    },
  };
}
