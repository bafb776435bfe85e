import { SECRET_REMEDIATION, type RawFinding } from '../../findings/model.js';
import { ScannerError } from '../../errors.js';
import { takeText, type ParsedOutput, type ScannerText } from '../types.js';
import { checkOutput, describeProblems, describeValue, parseJsonOutput } from '../validate.js';
import { gitleaksReportSchema, type GitleaksFinding } from './schema.js';
import { gitleaksSeverity } from './severity.js';

const DOCUMENT = 'Gitleaks findings';

/** The findings list, checked: a wrong shape throws a ScannerError naming the place (`[2].StartLine is -1, …`). */
function readReport(text: string): GitleaksFinding[] {
  const doc = parseJsonOutput(text.trim() === '' ? '[]' : text, { scanner: 'gitleaks', expected: '`--report-format json` output' });
  if (!Array.isArray(doc)) {
    throw new ScannerError('gitleaks', `${DOCUMENT}: the document is ${describeValue(doc)}, expected an array (output is not a JSON array of findings, \`--report-format json\`).`);
  }
  const checked = checkOutput(gitleaksReportSchema, doc);
  if (checked.ok) return checked.value;
  const first = checked.problems[0]!;
  const entry = typeof first.path[0] === 'number' ? first.path[0] : undefined;
  const noId = entry !== undefined && (first.path.length === 1 || (first.path.length === 2 && (first.path[1] === 'RuleID' || first.path[1] === 'File')));
  const hint = noId ? `; finding #${entry + 1} has no RuleID or File: is this Gitleaks JSON output?` : '';
  throw new ScannerError('gitleaks', `${DOCUMENT}: ${describeProblems(checked.problems)}${hint}`);
}

/** Gitleaks skips a line carrying this comment, unless run with --ignore-gitleaks-allow. */
export const GITLEAKS_ALLOW = 'gitleaks:allow';

/** Parses Gitleaks' JSON report. Pure. Secret and Match are never read: the value stays in the (redacted) output. */
export function parseGitleaks(input: ScannerText): ParsedOutput {
  const findings = readReport(takeText(input)).map((g): RawFinding => {
    const severity = gitleaksSeverity(g.RuleID);
    const properties: Record<string, string | number | string[]> = {};
    if (g.Commit) properties.commit = g.Commit;
    if (g.Date) properties.date = g.Date;
    if (g.Tags?.length) properties.tags = [...g.Tags];
    if (typeof g.Entropy === 'number' && g.Entropy > 0) properties.entropy = Math.round(g.Entropy * 100) / 100;
    const f: RawFinding = {
      kind: 'secret',
      ruleId: g.RuleID,
      title: g.Description?.trim() || `Secret matching rule ${g.RuleID}`,
      severity,
      location: { path: g.File.replace(/\\/g, '/').replace(/^\.\//, '') },
      remediation: SECRET_REMEDIATION,
      secret: { redacted: '********' },
      properties,
      source: { scanner: 'gitleaks', ruleId: g.RuleID, severity: `assigned:${severity}` },
    };
    if (g.StartLine) f.location.startLine = g.StartLine;
    if (g.EndLine) f.location.endLine = g.EndLine;
    if (g.StartColumn) f.location.startColumn = g.StartColumn;
    if (g.EndColumn) f.location.endColumn = g.EndColumn;
    return f;
  });
  return { findings };
}
